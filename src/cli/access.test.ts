import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, secretHasher } from '../auth/api-keys.ts';
import { loadPepper } from '../auth/pepper.ts';
import { authenticateSecret } from '../auth/principal.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { openSqliteStore } from '../store/open-store.ts';
import { accessCommand } from './access.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-23T10:00:00Z');

describe('access commands: add, rotate, revoke; hashes under the pepper', () => {
  let root: string;
  let config: Config;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'rtg-cli-access-'));
    config = loadConfig({ DATA_DIR: path.join(root, 'data'), DEV_CERTS_DIR: path.join(root, 'certs') }, root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** Runs a command at `at`; returns its exit code and the secret it printed, if any. */
  async function run(args: string[], at = T0): Promise<{ code: number; secret: string | undefined; text: string }> {
    const lines: string[] = [];
    const [kind, ...rest] = args as ['registers' | 'operators' | 'keys', ...string[]];
    const code = await accessCommand(config, kind, rest, { log: (t) => lines.push(t), error: (t) => lines.push(t) }, () => at, 'cli:test-admin');
    const text = lines.join('\n');
    return { code, secret: /\b(rtg(?:op|_test)?_[\w-]{43})\b/.exec(text)?.[1], text };
  }

  /** Who the secret authenticates as at `at`, on a fresh connection with the pepper on disk. */
  async function whoIs(secret: string, at: number, pepper = loadPepper(config), dataDir = config.dataDir): Promise<string | null> {
    const store = openSqliteStore(dataDir);
    try {
      const p = await authenticateSecret({ ...store.access, hasher: secretHasher(pepper) }, secret, at);
      return p === null ? null : p.kind === 'register' ? p.register.code : p.operator.name;
    } finally {
      await store.close();
    }
  }

  it('rotates a register key: both work during the overlap, then only the new one; revoke refuses every key at once', async () => {
    const added = await run(['registers', 'add', '--code', '12345678', '--name', 'Реєстр']);
    expect(added.code).toBe(0);
    const oldKey = added.secret as string;
    const rotated = await run(['keys', 'rotate', '--register', '12345678', '--overlap', '1h']);
    expect(rotated.code).toBe(0);
    expect(rotated.text).toContain('keeps working for 1h');
    const newKey = rotated.secret as string;
    expect(newKey).not.toBe(oldKey);
    expect(await whoIs(oldKey, T0 + HOUR - 1)).toBe('12345678');
    expect(await whoIs(newKey, T0 + HOUR - 1)).toBe('12345678');
    expect(await whoIs(oldKey, T0 + HOUR)).toBeNull();
    expect(await whoIs(newKey, T0 + HOUR)).toBe('12345678');

    expect((await run(['keys', 'rotate', '--register', '12345678'])).text).toContain('keeps working for 1d'); // KEY_ROTATION_OVERLAP's 24h
    expect((await run(['keys', 'revoke', '--register', '12345678'], T0 + 1)).code).toBe(0);
    expect(await whoIs(newKey, T0 + 2)).toBeNull();
  });

  it('rotates and revokes an operator token; revocation ends the operator\'s console sessions', async () => {
    const token = (await run(['operators', 'add', '--name', 'olena', '--role', 'operator'])).secret as string;
    const next = (await run(['operators', 'rotate', '--name', 'olena', '--overlap', '0'])).secret as string;
    expect(await whoIs(token, T0)).toBeNull();
    expect(await whoIs(next, T0)).toBe('olena');

    const store = openSqliteStore(config.dataDir);
    const id = (await store.access.findOperatorByTokenHash(secretHasher(loadPepper(config)).hash(next), T0))?.id as string;
    await store.access.createSession({ idHash: 's', principalKind: 'operator', principalId: id, createdAt: T0, lastSeenAt: T0, expiresAt: T0 + HOUR });
    await store.close();

    expect((await run(['operators', 'revoke', '--name', 'olena'])).code).toBe(0);
    expect(await whoIs(next, T0 + 1)).toBeNull();
    const after = openSqliteStore(config.dataDir);
    expect(await after.access.findSession('s')).toBeNull();
    await after.close();
  });

  it('refuses bad usage and names what is missing', async () => {
    expect((await run(['keys', 'rotate', '--register', 'abc'])).code).toBe(2);
    expect((await run(['operators', 'rotate'])).code).toBe(2);
    expect((await run(['keys', 'rotate', '--register', '12345678', '--overlap', 'soon'])).code).toBe(2);
    const missing = await run(['operators', 'revoke', '--name', 'nobody']);
    expect(missing.code).toBe(1);
    expect(missing.text).toContain('operator nobody not found');
  });

  it('stores a keyed hash: a database copied without the pepper cannot authenticate, with it it can', async () => {
    const key = (await run(['registers', 'add', '--code', '12345678', '--name', 'Реєстр'])).secret as string;
    const pepperFile = path.join(root, 'certs', 'secret-pepper');
    expect(statSync(pepperFile).mode & 0o777).toBe(0o600);

    const copy = path.join(root, 'copied');
    cpSync(config.dataDir, copy, { recursive: true });
    const db = openSqliteStore(copy);
    const stored = String((await db.db.one('SELECT api_key_hash FROM registers'))?.api_key_hash);
    await db.close();
    expect(stored).not.toBe(createHash('sha256').update(key).digest('hex'));
    expect(await whoIs(key, T0, 'a-guessed-or-empty-pepper', copy)).toBeNull();
    expect(await whoIs(key, T0, loadPepper(config), copy)).toBe('12345678');
  });

  it('accepts a key stored before the pepper once, and keeps only its peppered hash from then on', async () => {
    const key = generateApiKey();
    const store = openSqliteStore(config.dataDir);
    await store.access.createRegister({ id: 'r-old', code: '87654321', name: 'Старий', apiKeyHash: hashApiKey(key), createdAt: T0 });
    await store.close();
    expect(await whoIs(key, T0)).toBe('87654321');
    const after = openSqliteStore(config.dataDir);
    expect(await after.access.findRegisterByKeyHash(hashApiKey(key), T0)).toBeNull();
    expect((await after.access.findRegisterByKeyHash(secretHasher(loadPepper(config)).hash(key), T0))?.code).toBe('87654321');
    await after.close();
  });

  it('adds, rotates and revokes a register\'s test key beside its live key', async () => {
    const liveKey = (await run(['registers', 'add', '--code', '12345678', '--name', 'Реєстр'])).secret as string;
    expect((await run(['keys', 'add', '--register', '12345678'])).code).toBe(2); // a live key is added with the register
    const added = await run(['keys', 'add', '--register', '12345678', '--sandbox']);
    expect(added.code).toBe(0);
    const testKey = added.secret as string;
    expect(testKey).toMatch(/^rtg_test_/);
    expect(liveKey).not.toMatch(/^rtg_test_/);
    expect(await whoIs(testKey, T0)).toBe('12345678');
    expect((await run(['keys', 'add', '--register', '12345678', '--sandbox'])).code).toBe(1);
    expect((await run(['keys', 'add', '--register', '99999999', '--sandbox'])).code).toBe(1);

    const rotated = (await run(['keys', 'rotate', '--register', '12345678', '--sandbox', '--overlap', '0'])).secret as string;
    expect(rotated).toMatch(/^rtg_test_/);
    expect(await whoIs(testKey, T0)).toBeNull();
    expect(await whoIs(rotated, T0)).toBe('12345678');
    expect(await whoIs(liveKey, T0)).toBe('12345678');

    expect((await run(['keys', 'revoke', '--register', '12345678', '--sandbox'])).code).toBe(0);
    expect(await whoIs(rotated, T0)).toBeNull();
    expect(await whoIs(liveKey, T0)).toBe('12345678');
  });

  it('writes every rotation and revocation to the audit log: who, what, on whom, never the secret', async () => {
    await run(['registers', 'add', '--code', '12345678', '--name', 'Реєстр']);
    await run(['operators', 'add', '--name', 'olena', '--role', 'operator']);
    const secrets = [
      (await run(['keys', 'add', '--register', '12345678', '--sandbox'])).secret,
      (await run(['keys', 'rotate', '--register', '12345678', '--overlap', '1h'])).secret,
      (await run(['operators', 'rotate', '--name', 'olena', '--overlap', '0'])).secret,
    ];
    await run(['keys', 'revoke', '--register', '12345678', '--sandbox'], T0 + 1);
    await run(['keys', 'revoke', '--register', '12345678'], T0 + 2);
    await run(['operators', 'revoke', '--name', 'olena'], T0 + 3);
    await run(['operators', 'revoke', '--name', 'nobody'], T0 + 4); // not found: nothing happened, nothing logged

    const store = openSqliteStore(config.dataDir);
    const entries = (await store.audit.auditPage(null, 50)).reverse();
    await store.close();
    expect(entries.map(({ actor, action, detail, at }) => ({ actor, action, detail, at }))).toEqual([
      { actor: 'cli:test-admin', action: 'key.added', detail: { register: '12345678', sandbox: true }, at: T0 },
      { actor: 'cli:test-admin', action: 'key.rotated', detail: { register: '12345678', sandbox: false, overlapMs: HOUR }, at: T0 },
      { actor: 'cli:test-admin', action: 'operator.token_rotated', detail: { operator: 'olena', overlapMs: 0 }, at: T0 },
      { actor: 'cli:test-admin', action: 'key.revoked', detail: { register: '12345678', sandbox: true }, at: T0 + 1 },
      { actor: 'cli:test-admin', action: 'key.revoked', detail: { register: '12345678', sandbox: false }, at: T0 + 2 },
      { actor: 'cli:test-admin', action: 'operator.token_revoked', detail: { operator: 'olena' }, at: T0 + 3 },
    ]);
    const logged = JSON.stringify(entries);
    for (const secret of secrets) {
      expect(secret).toBeDefined();
      expect(logged).not.toContain(secret as string);
    }
  });
});
