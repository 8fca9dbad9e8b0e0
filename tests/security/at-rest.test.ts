// Personal data at rest, end to end: the gateway (SQLite, then PostgreSQL) accepts every example
// event and delivers it to the mock DMS; then the database as stored — the SQLite file and its WAL
// byte for byte, every PostgreSQL table row as text — and everything the gateway logged are searched
// for the example persons' УНЗР, РНОКПП, document numbers and names. None may appear, while the
// API still shows them to whoever may see them (the store decrypts at its boundary).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/app/gateway.ts';
import { startGateway } from '../../src/app/gateway.ts';
import { serve } from '../../src/app/serve.ts';
import { loadConfig } from '../../src/config/config.ts';
import { verifyEvidenceLog } from '../../src/evidence/verify-log.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase, describePostgres, postgresProblem } from '../support/pg.ts';
import { REPO } from '../support/xsd.ts';

const EXAMPLES = path.join(REPO, 'contracts/events/v1/examples');
const API_KEY = 'rtg_at_rest_key_for_the_demo_register_0';
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort().map((f) => readFileSync(path.join(EXAMPLES, f), 'utf8'));

/** The identifying values of the example persons (and their representatives): what must not be found. */
function identifiers(): string[] {
  const found = new Set<string>();
  const walk = (node: unknown, key: string, parent: string): void => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, key, parent));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, k, key);
    else if (typeof node === 'string') {
      if (['unzr', 'rnokpp', 'lastName', 'firstName', 'patronymic'].includes(key)) found.add(node);
      if (key === 'number' && /document/i.test(parent)) found.add(node);
    }
  };
  for (const e of examples) walk(JSON.parse(e), '', '');
  return [...found].filter((v) => v.length >= 4);
}
const NEEDLES = identifiers();

const BASE64 = /[A-Za-z0-9+/]/;
/**
 * Where `needle` occurs in `haystack`. An identifier made of digits could occur by chance inside
 * base64 ciphertext; in clear it stands between delimiters (quotes, tags, spaces), so an ASCII
 * needle counts only when neither neighbour is a base64 character. Names (Cyrillic) count anywhere.
 */
function occurrences(haystack: Buffer, needle: string): number {
  const bytes = Buffer.from(needle, 'utf8');
  const ascii = /^[\x20-\x7e]+$/.test(needle);
  let count = 0;
  for (let at = haystack.indexOf(bytes); at >= 0; at = haystack.indexOf(bytes, at + 1)) {
    const before = at > 0 ? String.fromCharCode(haystack[at - 1] as number) : '';
    const after = at + bytes.length < haystack.length ? String.fromCharCode(haystack[at + bytes.length] as number) : '';
    if (!ascii || !(BASE64.test(before) || BASE64.test(after))) count++;
  }
  return count;
}
const leaked = (haystack: Buffer): string[] => NEEDLES.filter((n) => occurrences(haystack, n) > 0);

interface Run {
  gateway: RunningGateway;
  logs: string[];
  dataDir: string;
  ids: string[];
  close(): Promise<void>;
}

async function runExamples(env: Record<string, string>): Promise<Run> {
  const root = mkdtempSync(path.join(tmpdir(), 'rtg-at-rest-e2e-'));
  const dataDir = path.join(root, 'data');
  const logs: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      logs.push(chunk.toString());
      done();
    },
  });
  const config = loadConfig({
    PORT: '0',
    MOCK_DMS_PORT: '0',
    DATA_DIR: dataDir,
    DEV_CERTS_DIR: path.join(root, 'certs'),
    DEMO_API_KEY: API_KEY,
    RETRY_SCHEDULE: '200ms',
    RETRY_JITTER: '0',
    WORKER_POLL: '100ms',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const gateway = await serve(config, createLogger('debug', 'rtg-gateway', sink));
  const call = (pathname: string, init: RequestInit = {}) =>
    fetch(`${gateway.url}${pathname}`, { ...init, headers: { authorization: `Bearer ${API_KEY}`, ...(init.headers as Record<string, string>) } });
  const ids: string[] = [];
  for (const body of examples) {
    const res = await call('/v1/events', { method: 'POST', body, headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() } });
    expect(res.status).toBe(202);
    ids.push(((await res.json()) as { id: string }).id);
  }
  const deadline = Date.now() + 60_000;
  let attempts = 0;
  for (const id of ids) {
    for (;;) {
      const view = (await (await call(`/v1/events/${id}`)).json()) as { status: string; attempts: unknown[] };
      // delivered, or already past it: DMS's final outcome (the mock sends one soon after) shows instead
      if (['delivered', 'registered', 'refused'].includes(view.status)) {
        attempts += view.attempts.length;
        break;
      }
      if (Date.now() > deadline) throw new Error(`event ${id} is still ${view.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // The data is there for the code that needs it: the store decrypts at its boundary.
  const [sent] = await gateway.store.evidence.evidenceForEvent(ids[0] as string);
  expect(sent?.requestBody).toContain(JSON.parse(examples[0] as string).person.lastName);
  // At least one entry per event, and the chain holds. Not exactly one: on a loaded machine an
  // attempt may time out and go again, or its lease lapse and another claim send it again.
  const verified = await verifyEvidenceLog(gateway.store.evidence);
  expect(verified.firstBreak).toBeNull();
  expect(verified.entries).toBeGreaterThanOrEqual(Math.max(attempts, examples.length));
  return {
    gateway,
    logs,
    dataDir,
    ids,
    close: async () => {
      await gateway.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

it('searches for every example person’s identifiers and names', () => {
  expect(NEEDLES.length).toBeGreaterThan(60);
  expect(NEEDLES).toEqual(expect.arrayContaining(['19880315-04171', '3221601214', 'Коваленко', '004512378']));
  // the search finds them in clear
  expect(leaked(Buffer.from('{"unzr":"19880315-04171","rnokpp":"3221601214","lastName":"Коваленко"}'))).toEqual(['19880315-04171', '3221601214', 'Коваленко']);
  expect(leaked(Buffer.from('enc1:k:AAb3221601214Zz=='))).toEqual([]);
});

it('refuses to start under a wrong data key, saying which, before anything is written', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'rtg-wrong-key-'));
  const keys = path.join(root, 'data-keys');
  const config = loadConfig({ PORT: '0', DATA_DIR: path.join(root, 'data'), DEV_CERTS_DIR: path.join(root, 'certs'), DATA_KEYS_FILE: keys, DMS_URL: 'http://127.0.0.1:9', WORKER_ENABLED: 'false', LOG_LEVEL: 'silent' });
  try {
    writeFileSync(keys, `k1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    await (await startGateway(config, createLogger('silent'))).close();
    writeFileSync(keys, `k1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    await expect(startGateway(config, createLogger('silent'))).rejects.toThrow(
      'cannot decrypt settings.value: data key "k1" does not authenticate it: a wrong key under that id, or the value was altered or moved from another row',
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

describe('at rest: SQLite', () => {
  let run: Run;
  afterAll(async () => run?.close());

  it('keeps none of the example persons’ data in clear in the database file, its WAL or the logs', async () => {
    run = await runExamples({});
    const file = path.join(run.dataDir, 'rtg-gateway.sqlite');
    const stored = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    expect(stored.length).toBeGreaterThan(10_000);
    expect(stored.includes('enc1:')).toBe(true);
    expect(leaked(stored)).toEqual([]);
    expect(run.logs.length).toBeGreaterThan(examples.length);
    expect(leaked(Buffer.from(run.logs.join('')))).toEqual([]);
    // After a checkpoint everything is in the main file: still nothing.
    await run.gateway.store.db.run('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(leaked(readFileSync(file))).toEqual([]);
  });
});

const problem = await postgresProblem();
describePostgres('at rest: PostgreSQL', problem, () => {
  let run: Run;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  afterAll(async () => {
    await run?.close();
    await db?.drop();
  });

  it('keeps none of the example persons’ data in clear in any table, or in the logs', async () => {
    db = await createTestDatabase('rtg_at_rest');
    run = await runExamples({ DATABASE_URL: db.url });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    let rows = '';
    try {
      const tables = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`);
      expect(tables.rows.map((t) => t.table_name)).toEqual(expect.arrayContaining(['events', 'deliveries', 'attempts', 'evidence_log', 'idempotency_keys', 'settings']));
      for (const { table_name } of tables.rows) {
        for (const row of (await client.query<{ row: string }>(`SELECT t::text AS row FROM ${pg.escapeIdentifier(table_name)} t`)).rows) rows += `${row.row}\n`;
      }
    } finally {
      await client.end();
    }
    expect(rows).toContain('enc1:');
    expect(leaked(Buffer.from(rows))).toEqual([]);
    expect(leaked(Buffer.from(run.logs.join('')))).toEqual([]);
  });
});
