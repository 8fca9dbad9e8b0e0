// Access on every store: key rotation with an overlap, revocation (sessions end with it), the rehash
// of an old unpeppered hash, and console sessions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open-store.ts';

export function describeAccessStore(name: string, open: () => Promise<Store>): void {
  describe(`Access: ${name}`, () => {
    let store: Store;
    const T0 = Date.parse('2026-11-23T10:00:00Z');
    const HOUR = 3_600_000;
    const register = { id: 'reg-1', code: '26376375', name: 'Демо', createdAt: T0, apiKeyHash: 'key-1' };
    const operator = { id: 'op-1', name: 'olena', role: 'operator' as const, createdAt: T0, tokenHash: 'tok-1' };
    const session = (idHash: string, principalKind: 'register' | 'operator', principalId: string) => ({
      idHash,
      principalKind,
      principalId,
      createdAt: T0,
      lastSeenAt: T0,
      expiresAt: T0 + 12 * HOUR,
    });

    beforeEach(async () => {
      store = await open();
      await store.access.createRegister(register);
      await store.access.createOperator(operator);
    });
    afterEach(async () => {
      await store.close();
    });

    it('rotates a register key: both keys work during the overlap, then only the new one', async () => {
      expect(await store.access.rotateRegisterKey('26376375', { newHash: 'key-2', overlapMs: HOUR, now: T0 })).toBe(true);
      expect((await store.access.findRegisterByKeyHash('key-1', T0 + HOUR - 1))?.id).toBe('reg-1');
      expect((await store.access.findRegisterByKeyHash('key-2', T0 + HOUR - 1))?.id).toBe('reg-1');
      expect(await store.access.findRegisterByKeyHash('key-1', T0 + HOUR)).toBeNull();
      expect((await store.access.findRegisterByKeyHash('key-2', T0 + HOUR))?.id).toBe('reg-1');
      expect(await store.access.rotateRegisterKey('99999999', { newHash: 'x', overlapMs: HOUR, now: T0 })).toBe(false);
    });

    it('rotates an operator token, and without an overlap the old one stops at once', async () => {
      await store.access.rotateOperatorToken('olena', { newHash: 'tok-2', overlapMs: 0, now: T0 });
      expect(await store.access.findOperatorByTokenHash('tok-1', T0)).toBeNull();
      expect((await store.access.findOperatorByTokenHash('tok-2', T0))?.name).toBe('olena');
      await store.access.rotateOperatorToken('olena', { newHash: 'tok-3', overlapMs: HOUR, now: T0 });
      expect((await store.access.findOperatorByTokenHash('tok-2', T0 + 1))?.name).toBe('olena');
      expect(await store.access.findOperatorByTokenHash('tok-2', T0 + HOUR)).toBeNull();
    });

    it('revokes a register and an operator at once, with their overlapping keys and sessions', async () => {
      await store.access.rotateRegisterKey('26376375', { newHash: 'key-2', overlapMs: HOUR, now: T0 });
      await store.access.createSession(session('s-reg', 'register', 'reg-1'));
      await store.access.createSession(session('s-op', 'operator', 'op-1'));
      expect(await store.access.revokeRegister('26376375', T0 + 1)).toBe(true);
      expect(await store.access.findRegisterByKeyHash('key-1', T0 + 2)).toBeNull();
      expect(await store.access.findRegisterByKeyHash('key-2', T0 + 2)).toBeNull();
      expect(await store.access.findRegisterById('reg-1')).toBeNull();
      expect(await store.access.findSession('s-reg')).toBeNull();
      expect(await store.access.findSession('s-op')).not.toBeNull();

      expect(await store.access.revokeOperator('olena', T0 + 1)).toBe(true);
      expect(await store.access.findOperatorByTokenHash('tok-1', T0 + 2)).toBeNull();
      expect(await store.access.findOperatorById('op-1')).toBeNull();
      expect(await store.access.findSession('s-op')).toBeNull();
      expect(await store.access.revokeOperator('nobody', T0)).toBe(false);

      // A rotation after a revocation issues a fresh key; the revoked one stays refused.
      await store.access.rotateRegisterKey('26376375', { newHash: 'key-3', overlapMs: HOUR, now: T0 + 3 });
      expect((await store.access.findRegisterByKeyHash('key-3', T0 + 4))?.id).toBe('reg-1');
      expect(await store.access.findRegisterByKeyHash('key-2', T0 + 4)).toBeNull();
    });

    it('replaces an old hash by the peppered one', async () => {
      expect(await store.access.rehashRegisterKey('key-1', 'peppered-1')).toBe(true);
      expect(await store.access.findRegisterByKeyHash('key-1', T0)).toBeNull();
      expect((await store.access.findRegisterByKeyHash('peppered-1', T0))?.id).toBe('reg-1');
      expect(await store.access.rehashOperatorToken('tok-1', 'peppered-t')).toBe(true);
      expect((await store.access.findOperatorByTokenHash('peppered-t', T0))?.id).toBe('op-1');
      expect(await store.access.rehashOperatorToken('nothing', 'x')).toBe(false);
    });

    it('keeps sessions: found, touched, deleted, purged when expired or idle', async () => {
      await store.access.createSession(session('s-1', 'operator', 'op-1'));
      await store.access.createSession({ ...session('s-2', 'operator', 'op-1'), lastSeenAt: T0 + 20 * 60_000 });
      await store.access.createSession({ ...session('s-3', 'register', 'reg-1'), expiresAt: T0 + 10 * 60_000 });
      expect(await store.access.findSession('s-1')).toEqual(session('s-1', 'operator', 'op-1'));
      await store.access.touchSession('s-1', T0 + 5 * 60_000);
      expect((await store.access.findSession('s-1'))?.lastSeenAt).toBe(T0 + 5 * 60_000);

      await store.access.purgeSessions(T0 + 36 * 60_000, 30 * 60_000);
      expect(await store.access.findSession('s-1')).toBeNull(); // idle 31 min
      expect(await store.access.findSession('s-2')).not.toBeNull(); // idle 16 min
      expect(await store.access.findSession('s-3')).toBeNull(); // past its expiry
      await store.access.deleteSession('s-2');
      expect(await store.access.findSession('s-2')).toBeNull();
    });

    it('binds a register to client certificates, several at once, and unbinds one or all', async () => {
      const fp = { kind: 'fingerprint' as const, value: 'AB:CD' };
      const subject = { kind: 'subject' as const, value: 'C=UA, CN=register 26376375' };
      expect(await store.clientCerts.bindingsOf('reg-1')).toEqual([]);
      expect(await store.clientCerts.bind('26376375', fp, T0)).toBe('bound');
      expect(await store.clientCerts.bind('26376375', fp, T0 + 1)).toBe('unchanged');
      expect(await store.clientCerts.bind('26376375', subject, T0)).toBe('bound');
      expect(await store.clientCerts.bind('99999999', fp, T0)).toBe('unknown_register');
      expect(await store.clientCerts.bindingsOf('reg-1')).toEqual([fp, subject]);
      expect(await store.clientCerts.boundRegisters()).toBe(1);
      expect(await store.clientCerts.unbind('26376375', fp)).toEqual({ removed: 1, left: 1 });
      expect(await store.clientCerts.unbind('26376375', fp)).toEqual({ removed: 0, left: 1 });
      expect(await store.clientCerts.unbind('26376375')).toEqual({ removed: 1, left: 0 });
      expect(await store.clientCerts.unbind('99999999')).toBeNull();
      expect(await store.clientCerts.bindingsOf('reg-1')).toEqual([]);
    });
  });
}
