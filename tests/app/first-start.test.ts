// Several instances starting together on one empty database all come up, with one demo register
// and one admin operator between them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureFirstStartAccess } from '../../src/app/first-start.ts';
import { secretHasher } from '../../src/auth/api-keys.ts';
import { createLogger } from '../../src/logger.ts';
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/open-store.ts';
import { describePostgres, postgresProblem, TestSchemas } from '../support/pg.ts';

const logger = createLogger('silent');
const hasher = secretHasher('first-start-test-pepper');
const secrets = { demoApiKey: 'rtg_first_start_demo_key_000', demoOperatorToken: 'rtgop_first_start_operator_000' };

async function raceFirstStart(stores: Store[]): Promise<void> {
  await Promise.all(stores.map((s) => ensureFirstStartAccess(s.access, secrets, hasher, logger)));
  for (const s of stores) {
    expect(await s.access.countRegisters()).toBe(1);
    expect(await s.access.countOperators()).toBe(1);
    expect(await s.access.findRegisterByKeyHash(hasher.hash(secrets.demoApiKey))).toMatchObject({ code: '26376375' });
    expect(await s.access.findOperatorByTokenHash(hasher.hash(secrets.demoOperatorToken))).toMatchObject({ role: 'admin' });
  }
}

describe('first start on SQLite, two connections', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rtg-first-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('creates the demo access once', async () => {
    const stores = [openSqliteStore(dir), openSqliteStore(dir)];
    try {
      await raceFirstStart(stores);
    } finally {
      for (const s of stores) await s.close();
    }
  });
});

const problem = await postgresProblem();
const schemas = problem === null ? new TestSchemas('rtg_first') : null;
afterAll(async () => schemas?.dropAll());

describePostgres('first start on PostgreSQL, three instances', problem, () => {
  it('creates the demo access once', async () => {
    const { url } = await (schemas as TestSchemas).create();
    const stores = await Promise.all([openPostgresStore(url, 2), openPostgresStore(url, 2), openPostgresStore(url, 2)]);
    try {
      await raceFirstStart(stores);
    } finally {
      for (const s of stores) await s.close();
    }
  });
});
