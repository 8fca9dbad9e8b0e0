// The spine end to end: a register's POST → stored → mapped → signed → delivered to the mock DMS →
// acknowledged. Real HTTP on both sides, real SQLite file, real signatures checked by xmlsec1.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeParts } from '../support/envelope-parts.ts';
import { startTestGateway, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { xmlsec1Verify } from '../support/xmlsec1.ts';
import { REPO, validateRegistrationBody, validateXRoadHeader } from '../support/xsd.ts';
import { RULE_CODES } from '../../src/domain/codes.ts';

const EXAMPLES = path.join(REPO, 'contracts/events/v1/examples');
const INVALID = path.join(REPO, 'contracts/events/v1/invalid');
const WARNINGS = path.join(REPO, 'contracts/events/v1/warnings');
const list = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const examples = list(EXAMPLES);
const invalid = list(INVALID);
const codeOf = (file: string) => file.split('.')[0] as string;
// Fee findings refuse only when the gateway is configured so (FEE_MISMATCH=reject); by default they warn.
const isFeeCode = (code: string) => (RULE_CODES as Record<string, string>)[code] === 'fee';
const warnings = [...list(WARNINGS).map((f) => path.join(WARNINGS, f)), ...invalid.filter((f) => isFeeCode(codeOf(f))).map((f) => path.join(INVALID, f))];

interface JournalEntry {
  messageId: string | null;
  verdict: string;
  raw: string;
  receipt?: { number?: string; receiptNumber?: string } | string;
}

async function journal(gw: TestGateway): Promise<JournalEntry[]> {
  const res = await fetch(new URL('/__admin/messages', gw.dmsUrl));
  const body = (await res.json()) as JournalEntry[] | { messages: JournalEntry[] };
  return Array.isArray(body) ? body : body.messages;
}

describe('spine: every valid example is delivered, signed and acknowledged', () => {
  let gw: TestGateway;
  let strict: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
    strict = await startTestGateway({ FEE_MISMATCH: 'reject', WORKER_ENABLED: 'false' });
  });
  afterAll(async () => {
    await gw.stop();
    await strict.stop();
  });

  it('delivers every example with a DMS receipt, one journaled message each, verifiable by xmlsec1', async () => {
    const accepted: Array<{ file: string; id: string; messageId?: string }> = [];
    for (const file of examples) {
      const res = await gw.post(readFileSync(path.join(EXAMPLES, file), 'utf8'));
      const body = (await res.json()) as { id: string; status: string };
      expect(res.status, `${file}: ${JSON.stringify(body)}`).toBe(202);
      expect(res.headers.get('location')).toBe(`/v1/events/${body.id}`);
      expect(body.status).toBe('accepted');
      accepted.push({ file, id: body.id });
    }

    for (const a of accepted) {
      const view = (await waitForStatus(gw, a.id, ['delivered', 'rejected', 'failed'])) as {
        status: string;
        receipt: { number: string } | null;
        delivery: { messageId: string };
        attempts: unknown[];
        rejection: unknown;
      };
      expect(view.status, `${a.file}: ${JSON.stringify(view.rejection ?? view.attempts)}`).toBe('delivered');
      expect(view.receipt?.number).toMatch(/\S/);
      expect(view.attempts).toHaveLength(1);
      a.messageId = view.delivery.messageId;
    }

    const entries = await journal(gw);
    expect(entries).toHaveLength(accepted.length);
    const caFile = path.join(gw.certsDir, 'ca.pem');
    for (const a of accepted) {
      const mine = entries.filter((e) => e.messageId === a.messageId);
      expect(mine, a.file).toHaveLength(1);
      const entry = mine[0] as JournalEntry;
      expect(entry.verdict).toBe('accepted');
      const check = xmlsec1Verify(entry.raw, caFile);
      expect(check.status, `${a.file}: ${check.output}`).toBe(0);
      const parts = envelopeParts(entry.raw);
      for (const header of parts.headers) expect(await validateXRoadHeader(header.xml), `${a.file} ${header.localName}`).toEqual([]);
      expect(await validateRegistrationBody(parts.request.xml), a.file).toEqual([]);
    }
    // Forty-odd signed messages through xmllint and xmlsec1 take minutes on two busy shared cores.
  }, 300_000);

  it('carries normalised values in the signed message', async () => {
    const entries = await journal(gw);
    const latin = entries.find((e) => e.raw.includes('<reg:registerEventId>BC-2026-0104305</reg:registerEventId>'));
    expect(latin, 'the Latin-typed passport example was delivered').toBeDefined();
    expect(latin?.raw).toContain('<reg:series>АВ</reg:series>');
    const newborn = entries.find((e) => e.raw.includes('<reg:registerEventId>BC-2026-0104263</reg:registerEventId>'));
    expect(newborn?.raw).toContain('<reg:series>I-БК</reg:series>');
  });

  it.each(invalid)('answers invalid/%s with its code and stores nothing', async (file) => {
    const expectedCode = codeOf(file);
    const target = isFeeCode(expectedCode) ? strict : gw;
    const before = await target.store.log.countByStatusFor(null);
    const res = await target.post(readFileSync(path.join(INVALID, file))); // bytes: some files are not UTF-8
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { code: string; errors?: Array<{ code: string }>; message: { uk: string; en: string }; pointer?: string };
    const codes = [problem.code, ...(problem.errors ?? []).map((e) => e.code)];
    expect(codes, JSON.stringify(problem)).toContain(expectedCode);
    expect(problem.message.uk).toMatch(/\S/);
    expect(problem.message.en).toMatch(/\S/);
    expect(await target.store.log.countByStatusFor(null)).toEqual(before);
  });

  it.each(warnings)('accepts %s with its warning, stored with the event', async (file) => {
    const expectedCode = codeOf(path.basename(file));
    const res = await gw.post(readFileSync(file, 'utf8'));
    const body = (await res.json()) as { id: string; warnings: Array<{ code: string; pointer: string; message: { uk: string; en: string } }> };
    expect(res.status, JSON.stringify(body)).toBe(202);
    expect(body.warnings.map((w) => w.code)).toContain(expectedCode);
    const stored = (await (await gw.get(`/v1/events/${body.id}`)).json()) as { warnings: Array<{ code: string }> };
    expect(stored.warnings.map((w) => w.code)).toContain(expectedCode);
  });
});

describe('spine: retries on a schedule kept in the store', () => {
  const example = readFileSync(path.join(EXAMPLES, 'residence-registered.citizen-id-card.json'), 'utf8');

  it('delivers after "503, 503, accept" with three recorded attempts', async () => {
    const gw = await startTestGateway();
    try {
      await putFaults(gw.dmsUrl, { sequence: [{ type: 'status', status: 503 }, { type: 'status', status: 503 }, { type: 'none' }] });
      const res = await gw.post(example);
      const { id } = (await res.json()) as { id: string };
      const view = (await waitForStatus(gw, id, ['delivered', 'failed', 'rejected'])) as { status: string; attempts: Array<{ outcome: string; httpStatus: number }> };
      expect(view.status).toBe('delivered');
      expect(view.attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([['retryable', 503], ['retryable', 503], ['delivered', 200]]);
    } finally {
      await gw.stop();
    }
  });

  it('keeps the schedule across a gateway restart between attempts', async () => {
    // The mock runs on its own here, so that it (and its scripted sequence) outlives the gateway.
    const { startMockDms } = await import('../../mocks/dms/server.ts');
    const { ensureDevCertificates } = await import('../../src/signing/dev-certs.ts');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(path.join(tmpdir(), 'rtg-restart-'));
    const dirs = { dataDir: path.join(root, 'data'), certsDir: path.join(root, 'certs') };
    const pki = ensureDevCertificates(dirs.certsDir);
    const mock = await startMockDms({ port: 0, host: '127.0.0.1', trustedCaPems: [readFileSync(pki.caCertFile, 'utf8')] });
    try {
      await putFaults(mock.url, { sequence: [{ type: 'status', status: 503 }, { type: 'status', status: 503 }, { type: 'none' }] });
      // a long first wait, so the restart certainly falls between the attempts
      const env = { DMS_URL: mock.url, RETRY_SCHEDULE: '1500ms,1500ms,1500ms' };
      let gw = await startTestGateway(env, dirs);
      const { id } = (await (await gw.post(example)).json()) as { id: string };
      const first = await waitForAttempts(gw, id, 1);
      expect(first.status).toBe('retrying');
      await gw.close();

      gw = await startTestGateway(env, dirs);
      const view = (await waitForStatus(gw, id, ['delivered', 'failed', 'rejected'])) as { status: string; attempts: Array<{ outcome: string }>; delivery: { messageId: string } };
      await gw.close();
      expect(view.status).toBe('delivered');
      expect(view.attempts.map((a) => a.outcome)).toEqual(['retryable', 'retryable', 'delivered']);
      const entries = (await (await fetch(new URL('/__admin/messages', mock.url))).json()) as JournalEntry[];
      const sent = entries.filter((e) => e.messageId === view.delivery.messageId);
      // the same X-Road id on every attempt, and the same signed bytes
      expect(sent).toHaveLength(3);
      expect(new Set(sent.map((e) => e.raw)).size).toBe(1);
    } finally {
      await mock.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

async function putFaults(dmsUrl: string, config: unknown): Promise<void> {
  const res = await fetch(new URL('/__admin/faults', dmsUrl), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

async function waitForAttempts(gw: TestGateway, id: string, n: number): Promise<{ status: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const view = (await (await gw.get(`/v1/events/${id}`)).json()) as { status: string; attempts: unknown[] };
    if (view.attempts.length >= n) return view;
    if (Date.now() > deadline) throw new Error(`no ${n} attempts yet`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
