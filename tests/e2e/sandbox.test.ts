// The sandbox through the real gateway: an event posted with a register's test key is stored marked
// `sandbox`, delivered to the gateway's own mock DMS and never to the live destination (here a
// second mock, as DMS_URL); test and live data are apart (reads, lists, event ids, idempotency keys).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devAnswerKey } from '../../mocks/dms/dev-answer-key.ts';
import { startMockDms, type RunningMockDms } from '../../mocks/dms/server.ts';
import { accessCommand } from '../../src/cli/access.ts';
import { loadConfig } from '../../src/config/config.ts';
import { ensureDevCertificates } from '../../src/signing/dev-certs.ts';
import { startTestGateway, TEST_API_KEY, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { createTestDatabase, describePostgres, postgresProblem } from '../support/pg.ts';
import { REPO } from '../support/xsd.ts';

const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;
const OPERATOR = 'rtgop_sandbox_test_operator_token_0001';

interface StoreUnderTest {
  env: Record<string, string>;
  drop?: () => Promise<void>;
}

function sandboxSuite(store: () => Promise<StoreUnderTest>): void {
  let root: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  let live: RunningMockDms;
  let gw: TestGateway;
  let testKey: string;
  /** The sandbox event, posted once before the tests (each test reads it). */
  let posted: Response;

  beforeAll(async () => {
    const database = await store();
    dropDatabase = database.drop;
    root = mkdtempSync(path.join(tmpdir(), 'rtg-sandbox-'));
    const dirs = { dataDir: path.join(root, 'data'), certsDir: path.join(root, 'certs') };
    const pki = ensureDevCertificates(dirs.certsDir);
    const answerKey = devAnswerKey(dirs.certsDir);
    // "Live" DMS: a mock of the test's own, which must hear nothing from sandbox events.
    live = await startMockDms({ port: 0, trustedCaPems: [readFileSync(pki.caCertFile, 'utf8')], answerSigningKey: answerKey.key });
    gw = await startTestGateway({ DMS_URL: live.url, DMS_CA_FILE: answerKey.caCertFile, DEMO_OPERATOR_TOKEN: OPERATOR, ...database.env }, dirs);
    const lines: string[] = [];
    const config = loadConfig({ DATA_DIR: dirs.dataDir, DEV_CERTS_DIR: dirs.certsDir, ...database.env }, root);
    expect(await accessCommand(config, 'keys', ['add', '--register', '26376375', '--sandbox'], { log: (t) => lines.push(t), error: (t) => lines.push(t) }, Date.now, 'cli:test')).toBe(0);
    testKey = /\b(rtg_test_[\w-]{43})\b/.exec(lines.join('\n'))?.[1] as string;
    expect(testKey).toBeDefined();
    posted = await gw.post({ ...example, eventId: 'SBX-1' }, { key: testKey, idempotencyKey: 'same-key' });
  });
  afterAll(async () => {
    await gw?.stop();
    await live?.close();
    await dropDatabase?.();
    rmSync(root, { recursive: true, force: true });
  });

  const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
  const sandboxJournal = async () => (await (await fetch(`${gw.sandboxDmsUrl}/__admin/messages`)).json()) as unknown[];
  const operatorGet = (pathname: string) => gw.get(pathname, OPERATOR);

  it('delivers an event posted with a test key to the sandbox mock only, marked sandbox everywhere', async () => {
    expect(gw.sandboxDmsUrl).not.toBe(live.url);
    expect(posted.status).toBe(202);
    const summary = await json(posted.clone());
    expect(summary.sandbox).toBe(true);
    const id = String(summary.id);

    const done = await waitForStatus({ ...gw, get: (p: string) => gw.get(p, testKey) }, id, ['delivered', 'failed', 'rejected']);
    expect(done).toMatchObject({ status: 'delivered', sandbox: true });
    expect(await sandboxJournal()).toHaveLength(1);
    expect(live.state.journal.list()).toEqual([]);

    const evidence = await gw.store.evidence.evidenceForEvent(id);
    expect(evidence.map((e) => [e.outcome, e.sandbox])).toEqual([['delivered', true]]);
    // Counted once the delivery's record is on disk; a reader may see the row a moment before.
    await expect.poll(async () => (await fetch(`${gw.url}/metrics`)).text(), { timeout: 5000 }).toMatch(/^rtg_deliveries_finished_total\{status="delivered",sandbox="true"\} 1$/m);
  });

  it('keeps test and live data apart: event ids, idempotency keys, reads and lists', async () => {
    // The same event id and Idempotency-Key as the sandbox event above: a new live event, not a replay or a conflict.
    const sandboxId = String((await json(posted.clone())).id);
    await waitForStatus({ ...gw, get: (p: string) => gw.get(p, testKey) }, sandboxId, ['delivered']);
    const livePosted = await gw.post({ ...example, eventId: 'SBX-1' }, { idempotencyKey: 'same-key' });
    expect(livePosted.status).toBe(202);
    expect(livePosted.headers.get('idempotent-replayed')).toBeNull();
    const liveEvent = await json(livePosted);
    expect(liveEvent.sandbox).toBe(false);
    const liveId = String(liveEvent.id);
    await waitForStatus(gw, liveId, ['delivered']);
    expect(live.state.journal.list()).toHaveLength(1);
    expect(await sandboxJournal()).toHaveLength(1);

    const sandboxList = (await json(await gw.get('/v1/events', testKey))).items as Array<Record<string, unknown>>;
    expect(sandboxList.map((i) => [i.id, i.eventId, i.sandbox])).toEqual([[sandboxId, 'SBX-1', true]]);
    expect((await gw.get(`/v1/events/${sandboxId}`, TEST_API_KEY)).status).toBe(404);
    expect((await gw.get(`/v1/events/${liveId}`, testKey)).status).toBe(404);
    const liveList = (await json(await gw.get('/v1/events', TEST_API_KEY))).items as Array<Record<string, unknown>>;
    expect(liveList.map((i) => i.id)).toEqual([liveId]);

    // Operators see both, filtered by side; a bad filter value is a 400.
    const side = async (q: string) => ((await json(await operatorGet(`/v1/events${q}`))).items as Array<Record<string, unknown>>).map((i) => i.id);
    expect(await side('?sandbox=true')).toEqual([sandboxId]);
    expect(await side('?sandbox=false')).toEqual([liveId]);
    expect(new Set(await side(''))).toEqual(new Set([sandboxId, liveId]));
    const bad = await operatorGet('/v1/events?sandbox=yes');
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ code: 'QUERY_INVALID' });
    const searched = await fetch(`${gw.url}/v1/events/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sandbox: true }),
    });
    expect(((await json(searched)).items as Array<Record<string, unknown>>).map((i) => i.id)).toEqual([sandboxId]);
    expect((await json(await operatorGet(`/v1/events/${sandboxId}`))).sandbox).toBe(true);
  });
}

describe('the sandbox on SQLite', () => sandboxSuite(async () => ({ env: {} })));

const problem = await postgresProblem();
describePostgres('the sandbox on PostgreSQL', problem, () =>
  sandboxSuite(async () => {
    const db = await createTestDatabase('rtg_sandbox');
    return { env: { DATABASE_URL: db.url }, drop: () => db.drop() };
  }),
);
