// The conformance kit against our own gateway (SQLite, then PostgreSQL) and its built-in mock DMS,
// through the same entry point vendors run: on SQLite with a test key against the sandbox (as the
// README tells vendors to), on PostgreSQL with the live key and a territory, so the notices run too.
// The mock decides final outcomes after 100 ms here. The HTML and JUnit reports stay in
// tests/artifacts/ (git-ignored), where CI keeps them as the artifacts of the run.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessCommand } from '../../src/cli/access.ts';
import { loadConfig } from '../../src/config/config.ts';
import { main, type CliIo } from '../../src/conformance/cli.ts';
import { runConformance } from '../../src/conformance/run.ts';
import { outcomeScenarios } from '../../src/conformance/scenarios/outcomes.ts';
import { createTestDatabase, describePostgres, postgresProblem } from '../support/pg.ts';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const ARTIFACTS = path.join(REPO, 'tests/artifacts');
const V1 = path.join(REPO, 'contracts/events/v1');
const files = (dir: string) => readdirSync(path.join(V1, dir)).filter((f) => f.endsWith('.json'));
const count = (dir: string) => files(dir).length;
/** The contract's example addresses: the territory of the PostgreSQL run's register. */
const exampleAddresses = () => [...new Set(['examples', 'warnings'].flatMap((d) => files(d).map((f) => (JSON.parse(readFileSync(path.join(V1, d, f), 'utf8')) as { address: { katottg: string } }).address.katottg)))];
const NOTICE_KATOTTG = 'UA32020010010081183';
const GATEWAY_ENV = { MOCK_DMS_OUTCOME_DELAY_MS: '100' };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

async function addTestKey(gw: TestGateway, env: Record<string, string> = {}): Promise<string> {
  const lines: string[] = [];
  const config = loadConfig({ DATA_DIR: gw.dataDir, DEV_CERTS_DIR: gw.certsDir, ...env }, REPO);
  expect(await accessCommand(config, 'keys', ['add', '--register', '26376375', '--sandbox'], { log: (t) => lines.push(t), error: (t) => lines.push(t) }, Date.now, 'cli:test')).toBe(0);
  return /\b(rtg_test_[\w-]{43})\b/.exec(lines.join('\n'))?.[1] as string;
}

async function kit(args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = '';
  const io: CliIo = { out: (l) => out.push(l), err: (t) => (err += t), tty: true };
  return { code: await main(args, io), out, err };
}

function expectGreenRun(run: { code: number; out: string[]; err: string }, html: string, junit: string, mode: 'sandbox' | 'live') {
  const expected = count('examples') + count('warnings') + count('invalid') + 5 + 4 + 1 + 2 + 2 + 1;
  // A test key gets no notices (they are live): those two are skipped, with the reason.
  const skipped = mode === 'sandbox' ? 2 : 0;
  expect(run.out.filter((l) => l.startsWith('FAIL'))).toEqual([]);
  expect(run.out.filter((l) => l.startsWith('SKIP'))).toHaveLength(skipped);
  expect(run.out.at(-1)).toBe(`${expected - skipped} passed, 0 failed${skipped ? `, ${skipped} skipped` : ''}`);
  expect(run.out[0]).toMatch(mode === 'sandbox' ? /^Mode: sandbox/ : /^Mode: live/);
  expect(run.code).toBe(0);
  expect(run.err).toContain(`] ${expected}/${expected}`);
  const report = readFileSync(html, 'utf8');
  for (const group of ['examples are accepted and delivered', 'invalid events are refused with their code', 'idempotency', 'delivery under faults', 'ordering per person', 'webhooks', 'final outcomes from ЄДДР', 'notices from DMS', 'sandbox']) expect(report).toContain(`<h2>${group}</h2>`);
  expect(report).toContain(`Mode: ${mode}`);
  // The webhooks scenario subscribes an endpoint: its signing secret is answered once, never kept in the report.
  expect(report).toContain('whsec_•••');
  expect(report).not.toMatch(/whsec_[A-Za-z0-9+/=_-]{8,}/);
  expect(report).toMatch(/PASS<\/b> a delivered event ends registered[^<]*<span>registered, ЄДДР record EDDR-\d{8}-\d{7}/);
  expect(report).toContain('refused RECORD_CONFLICT');
  expect(report).toContain(mode === 'sandbox' ? 'test key: answered and shown sandbox: true' : 'live key: answered and shown sandbox: false');
  if (mode === 'sandbox') expect(report).toContain('<details class="skip"><summary><b>SKIP</b>');
  else expect(report).toMatch(/PASS<\/b> a deregistration naming the notice/);
  expect(report).toContain('At the mock DMS');
  expect(report).toContain('UNZR_CHECK_DIGIT at /person/unzr');
  expect(report).toContain('PERSON_BIRTH_DATE_IN_FUTURE at /person/birthDate (as RULES.md documents)');
  expect(report).toContain('rejected with PERSON_DECEASED');
  expect(report).not.toMatch(/<(script|link|img|iframe|object)\b|\s(src|href)=/i); // self-contained: nothing to fetch
  expect(report).not.toContain(TEST_API_KEY);
  const xml = readFileSync(junit, 'utf8');
  expect(xml).toContain(`tests="${expected}" failures="0" errors="0" skipped="${skipped}"`);
}

describe('the kit against a gateway on SQLite', () => {
  let gw: TestGateway;
  let testKey: string;
  let sandboxPort: number;
  beforeAll(async () => {
    sandboxPort = await freePort();
    gw = await startTestGateway({ ...GATEWAY_ENV, SANDBOX_MOCK_DMS_PORT: String(sandboxPort) });
    testKey = await addTestKey(gw);
  });
  afterAll(async () => gw?.stop());

  it('passes every scenario with a test key against the sandbox, with the HTML and JUnit reports', async () => {
    const html = path.join(ARTIFACTS, 'conformance-sqlite.html');
    const junit = path.join(ARTIFACTS, 'conformance-sqlite.junit.xml');
    // The vendor names the sandbox's mock by its port (SANDBOX_MOCK_DMS_PORT), as the README says.
    expect(gw.sandboxDmsUrl).toBe(`http://127.0.0.1:${sandboxPort}`);
    const run = await kit(['--gateway', gw.url, '--key', testKey, '--mock', `http://127.0.0.1:${sandboxPort}`, '--timeout', '20', '--outcome-timeout', '20', '--html', html, '--junit', junit]);
    expectGreenRun(run, html, junit, 'sandbox');
    expect(readFileSync(html, 'utf8')).not.toContain(testKey);
  }, 300_000);

  it('skips the final outcomes with the reason, not a failure, when the mock does not answer', async () => {
    const run = await kit(['--gateway', gw.url, '--key', testKey, '--mock', 'http://127.0.0.1:9', '--timeout', '5', '--outcome-timeout', '1']);
    expect(run.out.filter((l) => l.startsWith('SKIP a delivered event ends registered'))).toEqual([expect.stringContaining('the mock DMS at http://127.0.0.1:9 does not answer')]);
    expect(run.out.some((l) => l.startsWith('FAIL a delivered event ends registered'))).toBe(false);
  }, 300_000);

  it('skips a final outcome with the reason when the mock makes none in time; a scripted refusal brings its own delay', async () => {
    const quiet = await startTestGateway(); // its mock decides only after an hour
    try {
      const results = await runConformance({ gateway: quiet.url, key: TEST_API_KEY, mock: quiet.dmsUrl, timeoutMs: 20_000, outcomeTimeoutMs: 1000, suite: [outcomeScenarios] });
      expect(results.map((r) => [r.passed, r.skipped ?? false])).toEqual([
        [true, true],
        [true, false],
      ]);
      expect(results[0]?.why).toMatch(/^the mock has decided \(registered\) but sends it only at its decision time, later than --outcome-timeout 1 s/);
      expect(results[1]?.why).toMatch(/^refused RECORD_CONFLICT/);
    } finally {
      await quiet.stop();
    }
  }, 120_000);

  it('fails, and says why, when the key is not the register’s', async () => {
    const html = path.join(ARTIFACTS, 'conformance-wrong-key.html');
    const run = await kit(['--gateway', gw.url, '--key', 'rtg_not_a_key_of_this_gateway', '--mock', gw.dmsUrl, '--timeout', '2', '--html', html]);
    expect(run.code).toBe(1);
    expect(run.out.at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed(, \d+ skipped)?$/);
    expect(run.out).toContain('FAIL examples/residence-registered.citizen-id-card.json: expected 202 Accepted, got 401 UNAUTHORIZED');
    expect(readFileSync(html, 'utf8')).toContain('<details class="fail" open>');
  }, 120_000);
});

const problem = await postgresProblem();
describePostgres('the kit against a gateway on PostgreSQL', problem, () => {
  let gw: TestGateway;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase('rtg_kit');
    gw = await startTestGateway({ DATABASE_URL: db.url, ...GATEWAY_ENV });
    // The register serves the examples' addresses, so it gets the notices addressed there.
    await gw.store.territory.setTerritory((await gw.store.territory.registerIdByCode('26376375')) as string, exampleAddresses());
  });
  afterAll(async () => {
    await gw?.stop();
    await db?.drop();
  });

  it('passes every scenario with the live key, notices included', async () => {
    const html = path.join(ARTIFACTS, 'conformance-postgres.html');
    const junit = path.join(ARTIFACTS, 'conformance-postgres.junit.xml');
    const run = await kit(['--gateway', gw.url, '--key', TEST_API_KEY, '--mock', gw.dmsUrl, '--katottg', NOTICE_KATOTTG, '--timeout', '20', '--outcome-timeout', '20', '--html', html, '--junit', junit]);
    expectGreenRun(run, html, junit, 'live');
  }, 300_000);
});

describe('--events DIR: exported events checked offline', () => {
  it('accepts the contract examples (the command line, as a vendor runs it)', () => {
    const cli = spawnSync(process.execPath, ['src/conformance/cli.ts', '--events', path.join(V1, 'examples')], { cwd: REPO, encoding: 'utf8' });
    expect(cli.stderr).toBe('');
    expect(cli.stdout.trim().split('\n').at(-1)).toBe(`${count('examples')} passed, 0 failed`);
    expect(cli.status).toBe(0);
  }, 60_000);

  it('refuses each invalid file with the code its name starts with and a pointer, and exits 1', async () => {
    const run = await kit(['--events', path.join(V1, 'invalid'), '--fee-mismatch', 'reject']);
    expect(run.code).toBe(1);
    expect(run.out.find((l) => l.startsWith('FAIL UNZR_CHECK_DIGIT.last-digit-mistyped.json'))).toMatch(/: refused: UNZR_CHECK_DIGIT at \/person\/unzr: \S/);
    const offlineOnly = new Set(['REGISTER_MISMATCH']); // needs the key's register: only the gateway knows it
    for (const file of readdirSync(path.join(V1, 'invalid')).filter((f) => f.endsWith('.json'))) {
      const code = file.split('.')[0] as string;
      const line = run.out.find((l) => l.startsWith(`FAIL ${file}:`));
      if (offlineOnly.has(code)) continue;
      expect(line, file).toMatch(/^FAIL [^:]+: refused: /);
      expect(line, file).toContain(`${code} at `);
    }
    expect(run.out.at(-1)).toMatch(/^\d+ passed, \d+ failed$/);
  });

  it('keeps the files’ content out of the HTML report (exports hold real people’s data)', async () => {
    const html = path.join(ARTIFACTS, 'conformance-offline.html');
    const run = await kit(['--events', path.join(V1, 'examples'), '--html', html]);
    expect(run.code).toBe(0);
    const report = readFileSync(html, 'utf8');
    expect(report).toContain('residence-registered.citizen-id-card.json');
    expect(report).toContain('not copied into the report');
    expect(report).not.toContain('Коваленко');
    expect(report).not.toContain('19880315-04171');
  });

  it('answers bad usage with the usage and exit code 2', async () => {
    const run = await kit(['--gateway', 'http://127.0.0.1:9']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('Usage:');
  });
});
