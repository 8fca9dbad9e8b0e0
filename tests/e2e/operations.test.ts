// The operator side through the real gateway: the delivery log and its filters, the message with
// personal data masked and its audited reveal, bulk replay, the audit log, metrics, readiness, and
// the evidence log — verified, tampered with, purged.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describeReport, verifyEvidenceLog } from '../../src/evidence/verify-log.ts';
import type { SqliteDatabase } from '../../src/store/db/sqlite.ts';
import { startTestGateway, TEST_API_KEY, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const OPERATOR = 'rtgop_test_token_for_the_demo_admin_0';
const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;
const person = example.person as Record<string, unknown>;
/** A different person per index: a valid УНЗР for 1990-01-27 with serial i. */
function personNo(i: number) {
  const digits = `19900127${String(1000 + i).padStart(4, '0')}`;
  const check = [...digits].reduce((sum, d, k) => sum + Number(d) * [7, 3, 1][k % 3]!, 0) % 10;
  return { ...person, unzr: `${digits.slice(0, 8)}-${digits.slice(8)}${check}`, rnokpp: undefined, birthDate: '1990-01-27', sex: 'female' };
}

async function call(gw: TestGateway, method: string, pathname: string, body?: unknown, token = OPERATOR) {
  const res = await fetch(`${gw.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text()) as never };
}

/** A gateway with a history: two events failed after their one retry, then three delivered. */
async function gatewayWithHistory(): Promise<{ gw: TestGateway; ids: string[] }> {
  const gw = await startTestGateway({ DEMO_OPERATOR_TOKEN: OPERATOR, RETRY_SCHEDULE: '50ms', BREAKER_MIN_REQUESTS: '1000' });
  const ids: string[] = [];
  // The first two attempts are refused for good: those events end failed after their one retry.
  await fetch(new URL('/__admin/faults', gw.dmsUrl), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sequence: [{ type: 'status', status: 503 }, { type: 'status', status: 503 }, { type: 'status', status: 503 }, { type: 'status', status: 503 }] }),
  });
  for (let i = 0; i < 2; i++) {
    const { id } = (await (await gw.post({ ...example, eventId: `OPS-F-${i}`, person: personNo(i) })).json()) as { id: string };
    ids.push(id);
    await waitForStatus(gw, id, ['failed']);
  }
  for (let i = 2; i < 5; i++) {
    const { id } = (await (await gw.post({ ...example, eventId: `OPS-D-${i}`, person: personNo(i) })).json()) as { id: string };
    ids.push(id);
    await waitForStatus(gw, id, ['delivered']);
  }
  return { gw, ids };
}

/** Its own gateway with that history for the enclosing describe block, started before its tests and stopped after. */
function useGatewayWithHistory(): { gw: TestGateway; ids: string[] } {
  const history = {} as { gw: TestGateway; ids: string[] };
  beforeAll(async () => {
    Object.assign(history, await gatewayWithHistory());
  });
  afterAll(async () => {
    await history.gw.stop();
  });
  return history;
}

// Each block has its own gateway: a replay or a purge in one never changes what another reads.
describe('operator side: the log, the masked message, metrics', () => {
  const history = useGatewayWithHistory();

  it('lists the log newest first, filters it, pages it, and finds a person by exact УНЗР', async () => {
    const { gw, ids } = history;
    const all = await call(gw, 'GET', '/v1/events?limit=2');
    expect(all.status).toBe(200);
    const page1 = all.body as { items: Array<{ id: string; status: string }>; nextCursor: string };
    expect(page1.items.map((i) => i.id)).toEqual([ids[4], ids[3]]);
    const page2 = (await call(gw, 'GET', `/v1/events?limit=2&cursor=${page1.nextCursor}`)).body as { items: Array<{ id: string }> };
    expect(page2.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);

    const failed = (await call(gw, 'GET', '/v1/events?status=failed')).body as { items: Array<{ id: string; lastError: string }> };
    expect(failed.items.map((i) => i.id)).toEqual([ids[1], ids[0]]);
    expect(failed.items[0]?.lastError).toMatch(/http_5xx|server_fault/);

    const unzr = String(personNo(3).unzr);
    const found = (await call(gw, 'POST', '/v1/events/search', { unzr })).body as { items: Array<{ id: string }> };
    expect(found.items.map((i) => i.id)).toEqual([ids[3]]);
    // typed without its dash it is the same УНЗР
    expect(((await call(gw, 'POST', '/v1/events/search', { unzr: unzr.replace('-', ''), status: 'delivered' })).body as { items: Array<{ id: string }> }).items.map((i) => i.id)).toEqual([ids[3]]);
    // the list shows no personal data, and an УНЗР never travels in a URL
    expect(JSON.stringify(found)).not.toContain(unzr);
    expect((await call(gw, 'GET', `/v1/events?unzr=${unzr}`)).body).toMatchObject({ code: 'QUERY_INVALID', pointer: '/unzr' });

    expect((await call(gw, 'GET', '/v1/events?status=lost')).status).toBe(400);
    expect((await call(gw, 'GET', '/v1/events?cursor=broken')).body).toMatchObject({ code: 'CURSOR_INVALID' });
    // a register sees its own events only (all of these are the demo register's)
    expect(((await call(gw, 'GET', '/v1/events', undefined, TEST_API_KEY)).body as { items: unknown[] }).items).toHaveLength(5);
  });

  it('shows the signed message masked, and reveals it only to an operator, with a reason, audited', async () => {
    const { gw, ids } = history;
    const masked = (await call(gw, 'GET', `/v1/events/${ids[2]}/message`)).body as { masked: boolean; request: string; exchanges: Array<{ httpStatus: number; answer: string }> };
    expect(masked.masked).toBe(true);
    expect(masked.request).toContain('<reg:lastName>•••</reg:lastName>');
    expect(masked.request).not.toContain('Коваленко');
    expect(masked.exchanges.map((x) => x.httpStatus)).toEqual([200]);
    expect(masked.exchanges[0]?.answer).toContain('RegisterResidenceResponse');

    expect((await call(gw, 'POST', `/v1/events/${ids[2]}/reveal`, {})).body).toMatchObject({ code: 'REASON_REQUIRED' });
    expect((await call(gw, 'POST', `/v1/events/${ids[2]}/reveal`, { reason: 'x' }, TEST_API_KEY)).status).toBe(403);
    const revealed = (await call(gw, 'POST', `/v1/events/${ids[2]}/reveal`, { reason: 'Звернення громадянина № 17' })).body as { masked: boolean; request: string };
    expect(revealed.masked).toBe(false);
    expect(revealed.request).toContain('<reg:lastName>Коваленко</reg:lastName>');
    const event = (await call(gw, 'GET', `/v1/events/${ids[2]}`)).body as { audit: Array<{ action: string; actor: string; reason: string }> };
    expect(event.audit).toEqual([expect.objectContaining({ action: 'reveal', actor: 'operator:demo-admin', reason: 'Звернення громадянина № 17' })]);
  });

  it('exposes Prometheus metrics and readiness', async () => {
    const { gw } = history;
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^rtg_events_ingested_total 5$/m);
    expect(text).toMatch(/^rtg_delivery_attempts_total\{outcome="retryable",error_class="server_fault",sandbox="false"\} 4$/m);
    expect(text).toMatch(/^rtg_events\{status="delivered",sandbox="false"\} \d+$/m);
    expect(text).toMatch(/^rtg_delivery_latency_seconds_count \d+$/m);
    expect(text).toMatch(/^rtg_backlog \d+$/m);
    expect(text).toMatch(/^rtg_oldest_waiting_seconds [\d.]+$/m);
    expect(text).toMatch(/^rtg_circuit_breaker_state\{destination="[^"]+"\} 0$/m);
    expect(text).not.toContain('Коваленко');
  });
});

describe('operator side: bulk replay', () => {
  const history = useGatewayWithHistory();

  it('replays failed events in bulk as a job with progress, recorded in the audit log', async () => {
    const { gw, ids } = history;
    // the request's checks are beside the route (src/http/routes/replays.test.ts)
    const started = await call(gw, 'POST', '/v1/replays', { filter: { status: 'failed' }, reason: 'ДМС відновила роботу' });
    expect(started.status).toBe(202);
    const job = started.body as { id: string; total: number; state: string };
    expect(job).toMatchObject({ total: 2, state: 'running' });
    const deadline = Date.now() + 15_000;
    let current = job as { state: string; processed?: number; retried?: number };
    while (current.state === 'running' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      current = (await call(gw, 'GET', `/v1/replays/${job.id}`)).body;
    }
    expect(current).toMatchObject({ state: 'done', processed: 2, retried: 2 });
    for (const id of ids.slice(0, 2)) expect((await waitForStatus(gw, id, ['delivered'])).status).toBe('delivered');
    const audit = (await call(gw, 'GET', '/v1/audit')).body as { items: Array<{ action: string; actor: string; eventId: string | null }> };
    expect(audit.items.filter((a) => a.action === 'retry').map((a) => a.actor)).toEqual([`replay:${job.id} (operator:demo-admin)`, `replay:${job.id} (operator:demo-admin)`]);
    expect(audit.items.some((a) => a.action === 'replay_start')).toBe(true);
  });
});

describe('operator side: the evidence log', () => {
  const history = useGatewayWithHistory();

  it('keeps a hash-chained evidence log that verifies, and names the entry after one stored byte changes', async () => {
    const { gw, ids } = history;
    const report = await verifyEvidenceLog(gw.store.evidence);
    expect(report.firstBreak, describeReport(report)).toBeNull();
    // One entry per attempt: 2 × 2 failed + 3 delivered.
    const attempts = (await Promise.all(ids.map((id) => gw.store.events.getEvent(id)))).reduce((sum, e) => sum + (e?.attempts.length ?? 0), 0);
    expect(attempts).toBe(7);
    expect(report.entries).toBe(attempts);
    // the signer is the certificate in the message's KeyInfo
    const [first] = await gw.store.evidence.evidenceChain(0, 1);
    const { X509Certificate } = await import('node:crypto');
    const signerCert = new X509Certificate(readFileSync(path.join(gw.certsDir, 'signer-rsa.pem')));
    expect(first?.signer).toBe(signerCert.fingerprint256);

    // one byte of a stored answer changes: the CLI names that entry and fails
    const db = (gw.store.db as SqliteDatabase).connection;
    // (bodies are encrypted at rest: one character of the stored ciphertext changes)
    const stored = (db.prepare(`SELECT response_body FROM evidence_log WHERE id = 6`).get() as { response_body: string }).response_body;
    const at = stored.length - 10;
    db.prepare(`UPDATE evidence_log SET response_body = ? WHERE id = 6`).run(stored.slice(0, at) + (stored[at] === 'A' ? 'B' : 'A') + stored.slice(at + 1));
    // Run asynchronously: a blocked event loop lets the gateway's idle keep-alive sockets time out
    // under the test's feet, and the next request fails with ECONNRESET.
    const run = await promisify(execFile)(process.execPath, [path.join(REPO, 'src/main.ts'), 'verify-log'], { env: { ...process.env, DATA_DIR: gw.dataDir, DEV_CERTS_DIR: gw.certsDir, LOG_LEVEL: 'silent' }, encoding: 'utf8' }).then(
      (out) => ({ status: 0, ...out }),
      (err: { code: number; stdout: string; stderr: string }) => ({ status: err.code, stdout: err.stdout, stderr: err.stderr }),
    );
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/BROKEN at entry 6 \(event [0-9a-f-]+, attempt \d\): the stored DMS answer was altered/);
    db.prepare(`UPDATE evidence_log SET response_body = ? WHERE id = 6`).run(stored);

    // the retention purge drops the bodies and keeps the digests: the chain still verifies
    // (only the delivered events' three entries, 5–7: failed ones are kept whole for a retry)
    const purged = await gw.store.retention.purgePersonalData(Date.now() + 1, Date.now());
    expect(purged.evidence).toBe(3);
    const after = await verifyEvidenceLog(gw.store.evidence);
    expect(after).toMatchObject({ entries: attempts, purgedBodies: 3, firstBreak: null });
    expect(after.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(((await call(gw, 'GET', `/v1/events/${ids[2]}/message`)).body as { purged: boolean; request: string | null })).toMatchObject({ purged: true, request: null });

    // a body removed outside the purge is a break too
    db.prepare("UPDATE evidence_log SET purged_at = NULL WHERE id = 5").run();
    expect((await verifyEvidenceLog(gw.store.evidence)).firstBreak).toMatchObject({ entryId: 5, problem: 'body_missing' });
    db.prepare('UPDATE evidence_log SET purged_at = 1 WHERE id = 5').run();

    // a recorded field changes: the entry's own hash no longer matches
    db.prepare('UPDATE evidence_log SET http_status = 200 WHERE id = 3').run();
    expect((await verifyEvidenceLog(gw.store.evidence)).firstBreak).toMatchObject({ entryId: 3, problem: 'entry_hash' });
  });
});

describe('readiness and the signing key', () => {
  it('is not ready when the signing certificate expires within READY_KEY_VALIDITY_DAYS', async () => {
    const gw = await startTestGateway({ READY_KEY_VALIDITY_DAYS: '3650' });
    try {
      const res = await fetch(`${gw.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'not_ready', checks: { signingKey: false, store: true } });
    } finally {
      await gw.stop();
    }
  });
});
