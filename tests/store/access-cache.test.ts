// The register a key belongs to is kept for ACCESS_CACHE_MS: a revocation through the same store takes
// effect at once, one made elsewhere (the CLI, another instance: here a second store on the same file)
// within that bound.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_CACHE_MS } from '../../src/store/access.ts';
import { openSqliteStore } from '../../src/store/open-store.ts';

const T0 = Date.parse('2026-11-29T10:00:00Z');

describe('the kept answers of key lookups', () => {
  let dir: string;
  let here: ReturnType<typeof openSqliteStore>;
  let elsewhere: ReturnType<typeof openSqliteStore>;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rtg-access-cache-'));
    here = openSqliteStore(dir);
    elsewhere = openSqliteStore(dir);
    await here.access.createRegister({ id: 'reg-1', code: '26376375', name: 'Демо', createdAt: T0, apiKeyHash: 'key-1' });
  });
  afterEach(async () => {
    await here.close();
    await elsewhere.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees a revocation made elsewhere within the bound, and its own at once', async () => {
    expect((await here.access.findRegisterByKeyHash('key-1', T0))?.id).toBe('reg-1');
    await elsewhere.access.revokeRegister('26376375', T0);
    expect(await elsewhere.access.findRegisterByKeyHash('key-1', T0)).toBeNull();
    expect(await here.access.findRegisterByKeyHash('key-1', T0 + ACCESS_CACHE_MS)).toBeNull();

    await here.access.rotateRegisterKey('26376375', { newHash: 'key-2', overlapMs: 0, now: T0 });
    expect((await here.access.findRegisterByKeyHash('key-2', T0))?.id).toBe('reg-1');
    await here.access.revokeRegister('26376375', T0);
    expect(await here.access.findRegisterByKeyHash('key-2', T0)).toBeNull();
  });

  it('keeps a previous key no longer than its overlap', async () => {
    await here.access.rotateRegisterKey('26376375', { newHash: 'key-2', overlapMs: 100, now: T0 });
    expect((await here.access.findRegisterByKeyHash('key-1', T0 + 99))?.id).toBe('reg-1');
    expect(await here.access.findRegisterByKeyHash('key-1', T0 + 100)).toBeNull();
  });

  it('sees certificate bindings and a territory changed through the same store at once', async () => {
    expect(await here.clientCerts.bindingsOf('reg-1')).toEqual([]);
    await here.clientCerts.bind('26376375', { kind: 'fingerprint', value: 'AB:CD' }, T0);
    expect(await here.clientCerts.bindingsOf('reg-1')).toEqual([{ kind: 'fingerprint', value: 'AB:CD' }]);
    expect(await here.territory.territoryOf('reg-1')).toEqual([]);
    await here.territory.setTerritory('reg-1', ['UA32020010000093088']);
    expect(await here.territory.territoryOf('reg-1')).toEqual(['UA32020010000093088']);
  });
});
