// Contract versions end to end, with the real mock DMS on its own port (its ledger outlives the
// gateway restarts): a message keeps the version it was first signed in, an event not yet signed at
// the cut-over goes out in the new one, an operator's retry after the cut-over re-makes the event in
// the new version, and a version DMS retires is replaced without an operator — each event registered
// once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDms, type RunningMockDms } from '../../mocks/dms/server.ts';
import { ensureDevCertificates } from '../../src/signing/dev-certs.ts';
import { startTestGateway, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const V1 = 'dms-registration-v1';
const V2 = 'dms-registration-v2';
const OPERATOR = 'rtgop_test_token_for_the_demo_admin_0';
const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;
const person = example.person as Record<string, unknown>;

/** A different person per index: a valid УНЗР for 1990-01-27 with serial i. */
function personNo(i: number) {
  const digits = `19900127${String(2000 + i).padStart(4, '0')}`;
  const check = [...digits].reduce((sum, d, k) => sum + Number(d) * [7, 3, 1][k % 3]!, 0) % 10;
  return { ...person, unzr: `${digits.slice(0, 8)}-${digits.slice(8)}${check}`, rnokpp: undefined, birthDate: '1990-01-27', sex: 'female' };
}

interface Attempt { number: number; outcome: string; messageId: string | null; contract: string | null; detail: string | null }
interface View { id: string; status: string; delivery: { messageId: string; contract: string | null }; receipt: { status: string } | null; attempts: Attempt[] }
interface JournalEntry { messageId: string | null; gatewayEventId: string | null; raw: string; verdict: string }

const admin = (mock: RunningMockDms, pathname: string, init?: { method: string; body: unknown }) =>
  fetch(new URL(pathname, mock.url), init && { method: init.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) });
const journal = async (mock: RunningMockDms) => (await (await admin(mock, '/__admin/messages')).json()) as JournalEntry[];
const registrations = async (mock: RunningMockDms, gatewayEventId: string) =>
  (await (await admin(mock, `/__admin/registrations?gatewayEventId=${gatewayEventId}`)).json()) as unknown[];
const view = async (gw: TestGateway, id: string) => (await (await gw.get(`/v1/events/${id}`)).json()) as View;
const post = async (gw: TestGateway, body: unknown) => ((await (await gw.post(body)).json()) as { id: string }).id;

async function until(gw: TestGateway, id: string, done: (v: View) => boolean): Promise<View> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await view(gw, id);
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`event ${id} is still ${v.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function withMock(run: (mock: RunningMockDms, dirs: { dataDir: string; certsDir: string }, root: string) => Promise<void>) {
  const root = mkdtempSync(path.join(tmpdir(), 'rtg-versions-'));
  const dirs = { dataDir: path.join(root, 'data'), certsDir: path.join(root, 'certs') };
  const pki = ensureDevCertificates(dirs.certsDir);
  const mock = await startMockDms({ port: 0, host: '127.0.0.1', trustedCaPems: [readFileSync(pki.caCertFile, 'utf8')] });
  try {
    await run(mock, dirs, root);
  } finally {
    await mock.close();
    rmSync(root, { recursive: true, force: true });
  }
}

const schedule = Array.from({ length: 40 }, () => '200ms').join(',');

describe('contract versions: cut-over and operator retry', () => {
  it('keeps a message signed before the cut-over in v1, sends one not yet signed in v2, and re-makes a rejected or failed one in v2 on retry', async () => {
    await withMock(async (mock, dirs, root) => {
      const file = path.join(root, 'destinations.json');
      const configure = (from: string) =>
        writeFileSync(file, JSON.stringify({ destinations: [{ name: 'dms', url: mock.url, versions: [V1, V2], cutovers: [{ version: V2, from }] }] }, null, 2));
      const env = { DMS_DESTINATIONS_FILE: file, DEMO_OPERATOR_TOKEN: OPERATOR, RETRY_SCHEDULE: schedule, BREAKER_MIN_REQUESTS: '1000' };

      // Before the cut-over (it is far ahead): v1 is in force. First, with a short schedule, an event
      // that DMS never answers properly ends failed in v1.
      configure('2099-01-01T00:00:00+02:00');
      let gw = await startTestGateway({ ...env, RETRY_SCHEDULE: '100ms' }, dirs);
      let failed: string;
      try {
        await admin(mock, '/__admin/faults', { method: 'PUT', body: { rules: [{ type: 'status', status: 503, probability: 1 }] } });
        failed = await post(gw, { ...example, eventId: 'VER-FAILED', person: personNo(6) });
        expect((await waitForStatus(gw, failed, ['failed'])).delivery).toMatchObject({ contract: V1 });
      } finally {
        await gw.close();
      }

      gw = await startTestGateway(env, dirs);
      let rejected: string, signed: string, unsigned: string, signedMessageId: string;
      try {
        await admin(mock, '/__admin/faults', { method: 'PUT', body: { sequence: [{ type: 'reject', code: 'PERSON_NOT_FOUND', reason: 'not found' }] } });
        rejected = await post(gw, { ...example, eventId: 'VER-REJECTED', person: personNo(1) });
        expect((await waitForStatus(gw, rejected, ['rejected'])).delivery).toMatchObject({ contract: V1 });

        // DMS is down: the first event of person 2 is signed (in v1) and waits for its retry; the
        // person's second event waits behind it, not yet signed.
        await admin(mock, '/__admin/faults', { method: 'PUT', body: { rules: [{ type: 'status', status: 503, probability: 1 }] } });
        signed = await post(gw, { ...example, eventId: 'VER-SIGNED', person: personNo(2) });
        const first = await until(gw, signed, (v) => v.attempts.length >= 1);
        expect(first).toMatchObject({ status: 'retrying', delivery: { contract: V1 } });
        signedMessageId = first.delivery.messageId;
        unsigned = await post(gw, { ...example, eventId: 'VER-UNSIGNED', person: personNo(2) });
        expect(await view(gw, unsigned)).toMatchObject({ status: 'accepted', delivery: { contract: null }, attempts: [] });
      } finally {
        await gw.close();
      }
      const signedRaw = (await journal(mock)).filter((e) => e.messageId === signedMessageId).map((e) => e.raw);
      expect(signedRaw.length).toBeGreaterThan(0);
      await admin(mock, '/__admin/faults', { method: 'DELETE', body: {} });

      // After the cut-over.
      configure('2026-01-01T00:00:00+02:00');
      gw = await startTestGateway(env, dirs);
      try {
        const kept = (await waitForStatus(gw, signed, ['delivered'])) as unknown as View;
        expect(kept.delivery.contract).toBe(V1);
        expect(new Set(kept.attempts.map((a) => `${a.messageId} ${a.contract}`))).toEqual(new Set([`${kept.delivery.messageId} ${V1}`]));
        const sentOfKept = (await journal(mock)).filter((e) => e.messageId === kept.delivery.messageId).map((e) => e.raw);
        // every retry, before and after the restart and the cut-over, carried the same bytes
        expect(new Set([...sentOfKept, ...signedRaw]).size).toBe(1);
        expect(sentOfKept[0]).toContain('urn:rtg-gateway:dms:registration:v1');

        const late = (await waitForStatus(gw, unsigned, ['delivered'])) as unknown as View;
        expect(late.delivery.contract).toBe(V2);
        expect(late.attempts.map((a) => a.contract)).toEqual([V2]);
        expect((await journal(mock)).find((e) => e.messageId === late.delivery.messageId)?.raw).toContain('urn:rtg-gateway:dms:registration:v2');

        // The operator retries the event DMS rejected in v1: a new message, made in v2.
        const retry = await fetch(`${gw.url}/v1/events/${rejected}/retry`, {
          method: 'POST',
          headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
          body: JSON.stringify({ reason: 'ДМС виправила дані' }),
        });
        expect(retry.status).toBe(200);
        const remade = (await waitForStatus(gw, rejected, ['delivered'])) as unknown as View;
        expect(remade.attempts.map((a) => [a.outcome, a.contract])).toEqual([['rejected', V1], ['delivered', V2]]);
        expect(remade.attempts[1]!.messageId).not.toBe(remade.attempts[0]!.messageId);
        expect(remade.delivery).toMatchObject({ messageId: remade.attempts[1]!.messageId, contract: V2 });

        // …and the one that failed in v1: not resent as it was but re-made, as a new message, in v2.
        const retryFailed = await fetch(`${gw.url}/v1/events/${failed}/retry`, { method: 'POST', headers: { authorization: `Bearer ${OPERATOR}` } });
        expect(retryFailed.status).toBe(200);
        const refailed = (await waitForStatus(gw, failed, ['delivered'])) as unknown as View;
        expect(refailed.attempts.map((a) => a.contract)).toEqual([V1, V1, V2]);
        expect(refailed.attempts[2]!.messageId).not.toBe(refailed.attempts[0]!.messageId);
        expect(refailed.delivery).toMatchObject({ messageId: refailed.attempts[2]!.messageId, contract: V2 });

        for (const id of [rejected, signed, unsigned, failed]) expect(await registrations(mock, id)).toHaveLength(1);
      } finally {
        await gw.close();
      }
    });
  });
});

describe('contract versions: a version DMS retires', () => {
  let gw: TestGateway;
  let mockRef: RunningMockDms;
  let finish: () => void;
  let finished: Promise<void>;

  beforeAll(async () => {
    let ready!: () => void;
    const started = new Promise<void>((r) => (ready = r));
    finished = withMock(async (mock, dirs) => {
      mockRef = mock;
      // The embedded default: DMS_URL, both versions, v1 in force.
      gw = await startTestGateway({ DMS_URL: mock.url, RETRY_SCHEDULE: '1s,200ms,200ms,200ms', BREAKER_MIN_REQUESTS: '1000' }, dirs);
      ready();
      await new Promise<void>((r) => (finish = r));
      await gw.close();
    });
    await started;
  });
  afterAll(async () => {
    finish();
    await finished;
  });

  it('never registers an event twice: a v1 message DMS registered before it retired v1 is answered DUPLICATE', async () => {
    // Registered, but the acknowledgement is lost; the retry comes after v1 is retired.
    await admin(mockRef, '/__admin/faults', { method: 'PUT', body: { sequence: [{ type: 'reset', when: 'after' }] } });
    const id = await post(gw, { ...example, eventId: 'VER-REGISTERED-THEN-RETIRED', person: personNo(5) });
    await until(gw, id, (v) => v.attempts.length >= 1);
    await admin(mockRef, '/__admin/versions', { method: 'PUT', body: { retiredVersions: ['v1'] } });
    const v = (await waitForStatus(gw, id, ['delivered', 'rejected', 'failed'])) as unknown as View;
    expect(v.status).toBe('delivered');
    expect(v.receipt?.status).toBe('DUPLICATE');
    expect(await registrations(mockRef, id)).toHaveLength(1);
    const stats = (await (await admin(mockRef, '/__admin/stats')).json()) as { businessDuplicates: { count: number } };
    expect(stats.businessDuplicates.count).toBe(0);
  });

  it('re-makes the event in v2 without an operator and registers it once', async () => {
    await admin(mockRef, '/__admin/versions', { method: 'PUT', body: { retiredVersions: ['v1'] } });
    const id = await post(gw, { ...example, eventId: 'VER-RETIRED', person: personNo(3) });
    const v = (await waitForStatus(gw, id, ['delivered', 'rejected', 'failed'])) as unknown as View;
    expect(v.status).toBe('delivered');
    expect(v.attempts.map((a) => [a.outcome, a.contract])).toEqual([['rejected', V1], ['delivered', V2]]);
    expect(v.attempts[0]!.detail).toMatch(/^CONTRACT_VERSION_RETIRED/);
    expect(v.attempts[1]!.messageId).not.toBe(v.attempts[0]!.messageId);
    expect(v.delivery).toMatchObject({ contract: V2, messageId: v.attempts[1]!.messageId });
    expect(await registrations(mockRef, id)).toHaveLength(1);

    // The gateway remembers the retirement: the next event goes out in v2 at once.
    const next = await post(gw, { ...example, eventId: 'VER-AFTER-RETIRED', person: personNo(4) });
    const nv = (await waitForStatus(gw, next, ['delivered'])) as unknown as View;
    expect(nv.attempts.map((a) => a.contract)).toEqual([V2]);
  });
});
