// The console's sessions are kept by the server: the cookie carries a random id only; sign-out,
// the idle timeout, the absolute expiry and revocation each end a session on the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretHasher } from '../auth/api-keys.ts';
import { openSqliteStore, type Store } from '../store/open-store.ts';
import { consoleClient } from '../../tests/support/console/console-client.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 9);

describe('console sessions on the server', () => {
  it('puts a random 256-bit id in the cookie, never the token', async () => {
    const client = consoleClient();
    const res = await client.signIn('tok-operator');
    const cookie = res.headers.get('set-cookie') ?? '';
    const value = /^rtg_console=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect(value).toMatch(/^[\w-]{43}$/);
    expect(cookie).not.toContain('tok-operator');
    expect(cookie).toMatch(/Max-Age=43200/);

    const again = consoleClient();
    const other = /^rtg_console=([^;]+)/.exec((await again.signIn('tok-operator')).headers.get('set-cookie') ?? '')?.[1];
    expect(other).not.toBe(value);
  });

  it('refuses the old cookie after sign-out', async () => {
    const client = consoleClient();
    await client.signIn('tok-admin');
    const old = client.cookie();
    expect((await client.get('/ui')).res.status).toBe(200);
    await client.post('/ui/logout', {});
    client.useCookie(old);
    const res = await client.request('/ui');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ui/login');
  });

  it('ends a session idle longer than the idle timeout, however recent the sign-in', async () => {
    let now = T0;
    const client = consoleClient({ now: () => now, consoleSession: { ttlMs: 12 * 60 * MIN, idleMs: 30 * MIN } });
    await client.signIn('tok-viewer');
    now += 29 * MIN;
    expect((await client.request('/ui')).status).toBe(200);
    now += 29 * MIN; // 58 min after sign-in, 29 after the last request
    expect((await client.request('/ui')).status).toBe(200);
    const kept = client.cookie();
    now += 30 * MIN;
    expect((await client.request('/ui')).status).toBe(303);
    client.useCookie(kept);
    now -= 1; // the session was deleted, not only found too old
    expect((await client.request('/ui')).status).toBe(303);
  });

  it('ends a session at its absolute expiry even when it is in use', async () => {
    let now = T0;
    const client = consoleClient({ now: () => now, consoleSession: { ttlMs: 60 * MIN, idleMs: 30 * MIN } });
    await client.signIn('tok-viewer');
    for (let i = 0; i < 3; i++) {
      now += 20 * MIN - 1;
      expect((await client.request('/ui')).status).toBe(200);
    }
    now = T0 + 60 * MIN;
    expect((await client.request('/ui')).status).toBe(303);
  });

  it('derives the CSRF token from the session: a new sign-in with the same token gets another one', async () => {
    const client = consoleClient();
    await client.signIn('tok-admin');
    const first = /name="_csrf" value="([^"]+)"/.exec((await client.get('/ui')).html)?.[1];
    await client.post('/ui/logout', {});
    await client.signIn('tok-admin');
    const second = /name="_csrf" value="([^"]+)"/.exec((await client.get('/ui')).html)?.[1];
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(second).toMatch(/^[\w-]{43}$/);
    expect(second).not.toBe(first);
  });

  describe('on a real store', () => {
    let dir: string;
    let store: Store;
    const hasher = secretHasher('session-test-pepper');
    beforeEach(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'rtg-session-'));
      store = openSqliteStore(dir);
      await store.access.createOperator({ id: 'op-1', name: 'olena', role: 'admin', tokenHash: hasher.hash('rtgop_session_test_token_0000'), createdAt: T0 });
    });
    afterEach(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('ends every session of an operator the moment it is revoked', async () => {
      const a = consoleClient({ access: { ...store.access, hasher } });
      const b = consoleClient({ access: { ...store.access, hasher } });
      await a.signIn('rtgop_session_test_token_0000');
      await b.signIn('rtgop_session_test_token_0000');
      expect((await a.request('/ui')).status).toBe(200);
      expect(Number((await store.db.one('SELECT COUNT(*) AS n FROM sessions'))?.n)).toBe(2);

      await store.access.revokeOperator('olena', T0);
      expect((await a.request('/ui')).status).toBe(303);
      expect((await b.request('/ui')).status).toBe(303);
      expect(Number((await store.db.one('SELECT COUNT(*) AS n FROM sessions'))?.n)).toBe(0);
    });

    it('stores only the hash of the session id', async () => {
      const a = consoleClient({ access: { ...store.access, hasher } });
      await a.signIn('rtgop_session_test_token_0000');
      const id = (a.cookie() ?? '').split('=')[1] as string;
      const rows = await store.db.all('SELECT id_hash, principal_kind, principal_id FROM sessions');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ principal_kind: 'operator', principal_id: 'op-1' });
      expect(String(rows[0]?.id_hash)).not.toContain(id);
      expect(String(rows[0]?.id_hash)).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});
