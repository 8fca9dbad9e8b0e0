// The final outcome from ЄДДР end to end: the mock DMS acknowledges, decides later, signs and pushes
// the outcome to POST /xroad/dms; the event becomes registered or refused. A gateway that is down
// when the outcome is ready still gets it: the mock keeps it in its outbox and retries.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { devAnswerKey } from '../../mocks/dms/dev-answer-key.ts';
import { startMockDms } from '../../mocks/dms/server.ts';
import { accessCommand } from '../../src/cli/access.ts';
import { loadConfig } from '../../src/config/config.ts';
import { ensureDevCertificates } from '../../src/signing/dev-certs.ts';
import { startTestGateway, TEST_API_KEY, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;

interface OutboxView {
  counts: { pending: number; delivered: number; refused: number };
  items: Array<{ id: string; kind: string; state: string; attempts: number; gatewayEventId: string | null }>;
}

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.stop();
  gw = undefined;
});

const postedId = async (g: TestGateway, body: unknown) => ((await (await g.post(body)).json()) as { id: string }).id;
const outbox = async (mockUrl: string) => (await (await fetch(new URL('/__admin/outbox', mockUrl))).json()) as OutboxView;
/**
 * The outbox once `done` holds for it (or as it is after 10 s): the mock marks an item delivered when
 * the gateway's answer to its push arrives, which may be just after the gateway shows the result.
 */
async function outboxWhen(mockUrl: string, done: (box: OutboxView) => boolean): Promise<OutboxView> {
  const deadline = Date.now() + 10_000;
  let box = await outbox(mockUrl);
  while (!done(box) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    box = await outbox(mockUrl);
  }
  return box;
}

it('shows an acknowledged event as registered once DMS pushes its outcome, with the outcome in the view and the evidence', async () => {
  gw = await startTestGateway({ MOCK_DMS_OUTCOME_DELAY_MS: '100' });
  const id = await postedId(gw, { ...example, eventId: 'OUT-1' });
  const view = (await waitForStatus(gw, id, ['registered', 'refused', 'failed'])) as { status: string; outcome: Record<string, unknown>; receipt: { number: string } };
  expect(view.status).toBe('registered');
  expect(view.outcome).toMatchObject({ kind: 'registered', receiptNumber: view.receipt.number, recordRef: expect.stringMatching(/^EDDR-\d{8}-\d{7}$/) });
  const evidence = await gw.store.evidence.evidenceForEvent(id);
  expect(evidence.at(-1)).toMatchObject({ attempt: 0, outcome: 'registered' });
  expect(evidence.at(-1)?.requestBody).toContain('RegistrationOutcome');
  const box = await outboxWhen(gw.dmsUrl, (b) => b.items.some((i) => i.gatewayEventId === id && i.state === 'delivered'));
  expect(box.items.find((i) => i.gatewayEventId === id)).toMatchObject({ kind: 'outcome', state: 'delivered' });
  // Operators (and registers) filter on it.
  const list = (await (await gw.get('/v1/events?status=registered')).json()) as { items: Array<{ id: string }> };
  expect(list.items.map((i) => i.id)).toContain(id);
});

it('shows a scripted refusal with DMS\'s code and reason, and the person\'s next event is not held back', async () => {
  gw = await startTestGateway({ MOCK_DMS_OUTCOME_DELAY_MS: '50' });
  await fetch(new URL('/__admin/faults', gw.dmsUrl), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcomes: { sequence: [{ type: 'refuse', code: 'RECORD_CONFLICT', reason: 'Запис суперечить наявному' }] } }),
  });
  const first = await postedId(gw, { ...example, eventId: 'OUT-REFUSED' });
  const refused = (await waitForStatus(gw, first, ['registered', 'refused', 'failed'])) as { status: string; outcome: Record<string, unknown> };
  expect(refused).toMatchObject({ status: 'refused', outcome: { kind: 'refused', code: 'RECORD_CONFLICT', reason: 'Запис суперечить наявному' } });
  const second = await postedId(gw, { ...example, eventId: 'OUT-AFTER-REFUSED', occurredAt: '2026-11-23T10:00:00+02:00' });
  expect((await waitForStatus(gw, second, ['registered', 'refused', 'failed', 'blocked'])).status).toBe('registered');
});

it('carries a notice DMS emits to the register serving its address, which reads and acknowledges it; the mock counts it delivered', async () => {
  gw = await startTestGateway();
  const registerId = (await gw.store.territory.registerIdByCode('26376375')) as string;
  await gw.store.territory.setTerritory(registerId, ['UA80000000000093317']);
  const emitted = await fetch(new URL('/__admin/notices', gw.dmsUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'person_died', person: { unzr: '19900127-00021', lastName: 'Шевченко', firstName: 'Олена', birthDate: '1990-01-27' }, katottg: 'UA80000000000093317', occurredOn: '2026-11-20' }),
  });
  expect(emitted.status).toBe(202);
  const { noticeId } = (await emitted.json()) as { noticeId: string };
  const deadline = Date.now() + 15_000;
  let item: { id: string; noticeId: string; kind: string } | undefined;
  while (!item) {
    if (Date.now() > deadline) throw new Error('the notice never reached the register');
    const page = (await (await gw.get('/v1/notices?acknowledged=false')).json()) as { items: Array<{ id: string; noticeId: string; kind: string }> };
    item = page.items.find((i) => i.noticeId === noticeId);
    if (!item) await new Promise((r) => setTimeout(r, 50));
  }
  expect(item.kind).toBe('person_died');
  const ack = await fetch(`${gw.url}/v1/notices/${item.id}/ack`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}` } });
  expect(ack.status).toBeLessThan(300);
  const box = await outboxWhen(gw.dmsUrl, (b) => b.items.some((i) => i.id === noticeId && i.state === 'delivered'));
  expect(box.items.find((i) => i.id === noticeId)).toMatchObject({ kind: 'notice', state: 'delivered' });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

it('gets the outcome after a gateway that was down when it was ready comes back: the mock retries, tried URL by URL', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'rtg-outcomes-'));
  const dirs = { dataDir: path.join(root, 'data'), certsDir: path.join(root, 'certs') };
  const pki = ensureDevCertificates(dirs.certsDir);
  const dmsKey = devAnswerKey(dirs.certsDir);
  const port = await freePort();
  const deadPort = await freePort();
  const mock = await startMockDms({
    port: 0,
    trustedCaPems: [readFileSync(pki.caCertFile, 'utf8')],
    answerSigningKey: dmsKey.key,
    outcomeDelayMs: 300,
    // Two "instances": one never up, one that goes down and comes back.
    callbackUrls: [`http://127.0.0.1:${deadPort}/xroad/dms`, `http://127.0.0.1:${port}/xroad/dms`],
    callbackBackoff: { firstMs: 50, maxMs: 200 },
  });
  try {
    const env = { DMS_URL: mock.url, DMS_CA_FILE: dmsKey.caCertFile, PORT: String(port) };
    gw = await startTestGateway(env, dirs);
    const id = await postedId(gw, { ...example, eventId: 'OUT-DOWN' });
    expect((await waitForStatus(gw, id, ['delivered', 'registered'])).status).toBe('delivered');
    await gw.close();
    gw = undefined;
    // The outcome is tried while the gateway is away, and kept.
    const deadline = Date.now() + 15_000;
    let box = await outbox(mock.url);
    while (!(box.items[0] && box.items[0].attempts >= 3)) {
      if (Date.now() > deadline) throw new Error('the mock did not try the outcome');
      await new Promise((r) => setTimeout(r, 50));
      box = await outbox(mock.url);
    }
    expect(box.items[0]).toMatchObject({ state: 'pending', gatewayEventId: id });
    gw = await startTestGateway(env, dirs);
    expect((await waitForStatus(gw, id, ['registered', 'refused'])).status).toBe('registered');
    expect((await outboxWhen(mock.url, (b) => b.counts.delivered === 1)).counts).toMatchObject({ delivered: 1, pending: 0 });
  } finally {
    await gw?.close();
    gw = undefined;
    await mock.close();
    rmSync(root, { recursive: true, force: true });
  }
});

it('settles a sandbox event from the sandbox mock over its own channel, never over the live one', async () => {
  gw = await startTestGateway({ MOCK_DMS_OUTCOME_DELAY_MS: '50' });
  const lines: string[] = [];
  const config = loadConfig({ DATA_DIR: gw.dataDir, DEV_CERTS_DIR: gw.certsDir }, REPO);
  expect(await accessCommand(config, 'keys', ['add', '--register', '26376375', '--sandbox'], { log: (t) => lines.push(t), error: (t) => lines.push(t) }, Date.now, 'cli:test')).toBe(0);
  const testKey = /\b(rtg_test_[\w-]{43})\b/.exec(lines.join('\n'))?.[1] as string;
  const id = ((await (await gw.post({ ...example, eventId: 'OUT-SANDBOX' }, { key: testKey })).json()) as { id: string }).id;
  const view = (await waitForStatus({ ...gw, get: (p: string) => gw!.get(p, testKey) }, id, ['registered', 'refused', 'failed'])) as { status: string; sandbox: boolean };
  expect(view).toMatchObject({ status: 'registered', sandbox: true });
  // The sandbox mock pushed it; the development mock (the live DMS here) knows nothing of it.
  const sandboxBox = await outboxWhen(gw.sandboxDmsUrl as string, (b) => b.items.some((i) => i.gatewayEventId === id && i.state === 'delivered'));
  expect(sandboxBox.items.find((i) => i.gatewayEventId === id)).toMatchObject({ state: 'delivered' });
  expect((await outbox(gw.dmsUrl)).items.some((i) => i.gatewayEventId === id)).toBe(false);
});
