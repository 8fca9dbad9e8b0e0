// The conformance kit against our own gateway (SQLite, then PostgreSQL) and its built-in mock DMS,
// through the same entry point vendors run. The HTML and JUnit reports stay in tests/artifacts/
// (git-ignored), where CI keeps them as the artifacts of the run.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/conformance/cli.ts';
import { createTestDatabase, describePostgres, postgresProblem } from '../support/pg.ts';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const ARTIFACTS = path.join(REPO, 'tests/artifacts');
const V1 = path.join(REPO, 'contracts/events/v1');
const count = (dir: string) => readdirSync(path.join(V1, dir)).filter((f) => f.endsWith('.json')).length;

async function kit(args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = '';
  const io: CliIo = { out: (l) => out.push(l), err: (t) => (err += t), tty: true };
  return { code: await main(args, io), out, err };
}

function expectGreenRun(run: { code: number; out: string[]; err: string }, html: string, junit: string) {
  const expected = count('examples') + count('warnings') + count('invalid') + 5 + 4 + 1;
  expect(run.out.filter((l) => l.startsWith('FAIL'))).toEqual([]);
  expect(run.out.at(-1)).toBe(`${expected} passed, 0 failed`);
  expect(run.code).toBe(0);
  expect(run.err).toContain(`] ${expected}/${expected}`);
  const report = readFileSync(html, 'utf8');
  for (const group of ['examples are accepted and delivered', 'invalid events are refused with their code', 'idempotency', 'delivery under faults', 'ordering per person', 'webhooks']) expect(report).toContain(`<h2>${group}</h2>`);
  expect(report).toContain('At the mock DMS');
  expect(report).toContain('UNZR_CHECK_DIGIT at /person/unzr');
  expect(report).toContain('PERSON_BIRTH_DATE_IN_FUTURE at /person/birthDate (as RULES.md documents)');
  expect(report).toContain('rejected with PERSON_DECEASED');
  expect(report).not.toMatch(/<(script|link|img|iframe|object)\b|\s(src|href)=/i); // self-contained: nothing to fetch
  expect(report).not.toContain(TEST_API_KEY);
  const xml = readFileSync(junit, 'utf8');
  expect(xml).toContain(`tests="${expected}" failures="0"`);
}

describe('the kit against a gateway on SQLite', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => gw?.stop());

  it('passes every scenario, with the HTML and JUnit reports', async () => {
    const html = path.join(ARTIFACTS, 'conformance-sqlite.html');
    const junit = path.join(ARTIFACTS, 'conformance-sqlite.junit.xml');
    const run = await kit(['--gateway', gw.url, '--key', TEST_API_KEY, '--mock', gw.dmsUrl, '--timeout', '20', '--html', html, '--junit', junit]);
    expectGreenRun(run, html, junit);
  }, 240_000);

  it('fails, and says why, when the key is not the register’s', async () => {
    const html = path.join(ARTIFACTS, 'conformance-wrong-key.html');
    const run = await kit(['--gateway', gw.url, '--key', 'rtg_not_a_key_of_this_gateway', '--mock', gw.dmsUrl, '--timeout', '2', '--html', html]);
    expect(run.code).toBe(1);
    expect(run.out.at(-1)).toMatch(/^\d+ passed, [1-9]\d* failed$/);
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
    gw = await startTestGateway({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await gw?.stop();
    await db?.drop();
  });

  it('passes every scenario', async () => {
    const html = path.join(ARTIFACTS, 'conformance-postgres.html');
    const junit = path.join(ARTIFACTS, 'conformance-postgres.junit.xml');
    const run = await kit(['--gateway', gw.url, '--key', TEST_API_KEY, '--mock', gw.dmsUrl, '--timeout', '20', '--html', html, '--junit', junit]);
    expectGreenRun(run, html, junit);
  }, 240_000);
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
