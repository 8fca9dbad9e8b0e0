// Who may call: registers (by the hash of their API key), operators (by the hash of their token),
// their console sessions, and the installation's secrets (settings), shared by every instance.
// A rotation keeps the previous hash working until its expiry (two keys overlap); a revocation
// refuses the register or operator at once and ends its console sessions.
import type { ClientCertPolicy } from '../auth/client-cert.ts';
import type { OperatorRole } from '../delivery/model/actors.ts';
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import type { Database, Row } from './db/database.ts';
import { ttlCache } from './ttl-cache.ts';

/**
 * How long a register found by its key hash is kept (ingest asks on every request): a revocation or
 * rotation made by this store object takes effect at once, one made elsewhere (the CLI, another
 * instance) within this bound. A previous key in its overlap is kept no longer than its expiry.
 */
export const ACCESS_CACHE_MS = 1000;

export interface Register {
  id: string;
  /** The live register's code, also for its sandbox twin. */
  code: string;
  name: string;
  createdAt: number;
  /** Set on a sandbox twin (test keys): the live register's id. */
  sandboxOf?: string;
}

/** The stored code of a register's sandbox twin; unique like every code, never shown (the live code is). */
export const sandboxCode = (code: string): string => `test:${code}`;

export interface Operator {
  id: string;
  name: string;
  role: OperatorRole;
  createdAt: number;
}

export type PrincipalKind = 'register' | 'operator';

export interface SessionRecord {
  idHash: string;
  principalKind: PrincipalKind;
  principalId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

const SECRET = `SELECT value FROM settings WHERE name = :name`;
/** Instances starting together may all make one: the first stored wins, the others read it. */
const INSERT_SECRET = `INSERT INTO settings (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING`;
/** A secret stored in clear before encryption at rest, encrypted in place (unless another instance just did). */
const SEAL_SECRET = `UPDATE settings SET value = :sealed WHERE name = :name AND value = :clear`;

const COUNT_REGISTERS = `SELECT COUNT(*) AS n FROM registers`;
const INSERT_REGISTER = `INSERT INTO registers (id, code, name, api_key_hash, created_at) VALUES (:id, :code, :name, :apiKeyHash, :createdAt)`;
/** A sandbox twin reads as its live register (code, name) with sandbox_of set. */
const REGISTER_COLUMNS = `r.id, COALESCE(l.code, r.code) AS code, COALESCE(l.name, r.name) AS name, r.created_at, r.sandbox_of`;
const REGISTER_FROM = `FROM registers r LEFT JOIN registers l ON l.id = r.sandbox_of`;
const REGISTER_BY_KEY = `
  SELECT ${REGISTER_COLUMNS}, r.api_key_hash, r.previous_key_expires_at ${REGISTER_FROM}
   WHERE r.revoked_at IS NULL
     AND (r.api_key_hash = :hash OR (r.previous_key_hash = :hash AND r.previous_key_expires_at > :now))`;
const REGISTER_BY_ID = `SELECT ${REGISTER_COLUMNS} ${REGISTER_FROM} WHERE r.id = :id AND r.revoked_at IS NULL`;
/** Live registers first, so that a search by code finds the live one before its twin. */
const REGISTER_CODES = `SELECT r.id, COALESCE(l.code, r.code) AS code ${REGISTER_FROM} ORDER BY CASE WHEN r.sandbox_of IS NULL THEN 0 ELSE 1 END`;
/** The twin is made once per register; a second add (or an unknown code) inserts nothing. */
const INSERT_SANDBOX_REGISTER = `
  INSERT INTO registers (id, code, name, api_key_hash, created_at, sandbox_of)
  SELECT :id, 'test:' || code, name, :apiKeyHash, :createdAt, id FROM registers WHERE code = :code AND sandbox_of IS NULL
  ON CONFLICT DO NOTHING`;
const REHASH_REGISTER_KEY = `
  UPDATE registers
     SET api_key_hash = CASE WHEN api_key_hash = :oldHash THEN :newHash ELSE api_key_hash END,
         previous_key_hash = CASE WHEN previous_key_hash = :oldHash THEN :newHash ELSE previous_key_hash END
   WHERE api_key_hash = :oldHash OR previous_key_hash = :oldHash`;
/** The current key becomes the previous one until :overlapUntil; a revoked register's old key is not carried over. */
const ROTATE_REGISTER_KEY = `
  UPDATE registers
     SET previous_key_hash = CASE WHEN revoked_at IS NULL AND :overlap = 1 THEN api_key_hash END,
         previous_key_expires_at = CASE WHEN revoked_at IS NULL AND :overlap = 1 THEN CAST(:overlapUntil AS BIGINT) END,
         api_key_hash = :newHash,
         revoked_at = NULL
   WHERE code = :code`;
/** Revoking a register revokes its sandbox twin too; revoking the twin (code test:…) only the twin. */
const REVOKE_REGISTER = `
  UPDATE registers SET revoked_at = :now, previous_key_hash = NULL, previous_key_expires_at = NULL
   WHERE code = :code OR sandbox_of IN (SELECT id FROM registers WHERE code = :code) RETURNING id`;

const COUNT_OPERATORS = `SELECT COUNT(*) AS n FROM operators`;
const INSERT_OPERATOR = `INSERT INTO operators (id, name, role, token_hash, created_at) VALUES (:id, :name, :role, :tokenHash, :createdAt)`;
const OPERATOR_BY_TOKEN = `
  SELECT id, name, role, created_at FROM operators
   WHERE revoked_at IS NULL
     AND (token_hash = :hash OR (previous_token_hash = :hash AND previous_token_expires_at > :now))`;
const OPERATOR_BY_ID = `SELECT id, name, role, created_at FROM operators WHERE id = :id AND revoked_at IS NULL`;
const REHASH_OPERATOR_TOKEN = `
  UPDATE operators
     SET token_hash = CASE WHEN token_hash = :oldHash THEN :newHash ELSE token_hash END,
         previous_token_hash = CASE WHEN previous_token_hash = :oldHash THEN :newHash ELSE previous_token_hash END
   WHERE token_hash = :oldHash OR previous_token_hash = :oldHash`;
const ROTATE_OPERATOR_TOKEN = `
  UPDATE operators
     SET previous_token_hash = CASE WHEN revoked_at IS NULL AND :overlap = 1 THEN token_hash END,
         previous_token_expires_at = CASE WHEN revoked_at IS NULL AND :overlap = 1 THEN CAST(:overlapUntil AS BIGINT) END,
         token_hash = :newHash,
         revoked_at = NULL
   WHERE name = :name`;
const REVOKE_OPERATOR = `
  UPDATE operators SET revoked_at = :now, previous_token_hash = NULL, previous_token_expires_at = NULL
   WHERE name = :name RETURNING id`;

const INSERT_SESSION = `
  INSERT INTO sessions (id_hash, principal_kind, principal_id, created_at, last_seen_at, expires_at)
  VALUES (:idHash, :principalKind, :principalId, :createdAt, :lastSeenAt, :expiresAt)`;
const SESSION = `SELECT id_hash, principal_kind, principal_id, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash = :idHash`;
const TOUCH_SESSION = `UPDATE sessions SET last_seen_at = :now WHERE id_hash = :idHash`;
const DELETE_SESSION = `DELETE FROM sessions WHERE id_hash = :idHash`;
const DELETE_SESSIONS_OF = `DELETE FROM sessions WHERE principal_kind = :kind AND principal_id = :id`;
const PURGE_SESSIONS = `DELETE FROM sessions WHERE expires_at <= :now OR last_seen_at <= :idleSince`;

const toRegister = (row: Row): Register => ({
  id: String(row.id),
  code: String(row.code),
  name: String(row.name),
  createdAt: Number(row.created_at),
  ...(row.sandbox_of != null ? { sandboxOf: String(row.sandbox_of) } : {}),
});
const toOperator = (row: Row): Operator => ({ id: String(row.id), name: String(row.name), role: String(row.role) as OperatorRole, createdAt: Number(row.created_at) });
const toSession = (row: Row): SessionRecord => ({
  idHash: String(row.id_hash),
  principalKind: String(row.principal_kind) as PrincipalKind,
  principalId: String(row.principal_id),
  createdAt: Number(row.created_at),
  lastSeenAt: Number(row.last_seen_at),
  expiresAt: Number(row.expires_at),
});

/** A new secret's hash; `overlapMs` is how long the previous one keeps working (0: not at all). */
export interface Rotation {
  newHash: string;
  overlapMs: number;
  now: number;
}

export function createAccess(db: Database, fields: FieldCipher, cacheMs = ACCESS_CACHE_MS) {
  const registersByKey = ttlCache<Register>(cacheMs);
  // Bumped by every change of keys here: an answer read before it is not kept.
  let generation = 0;
  const changed = <T>(result: T): T => {
    generation++;
    registersByKey.clear();
    return result;
  };
  const revoke = async (sql: string, params: { code: string } | { name: string }, kind: PrincipalKind, now: number): Promise<boolean> =>
    changed(
      await db.transaction(async (tx) => {
        const rows = await tx.all(sql, { ...params, now });
        for (const row of rows) await tx.run(DELETE_SESSIONS_OF, { kind, id: String(row.id) });
        return rows.length > 0;
      }),
    );

  return {
    /** A secret made once per installation, kept in the store so every instance shares it. */
    async getOrCreateSecret(name: string, make: () => string): Promise<string> {
      // Encrypted with the data key: a copy of the database alone does not give it away.
      const found = await db.one(SECRET, { name });
      if (found) {
        const value = String(fields.open(ENCRYPTED.setting, [name], found.value));
        if (fields.currentKeyId !== null && fields.keyIdOf(String(found.value)) === null) {
          await db.run(SEAL_SECRET, { name, clear: value, sealed: fields.seal(ENCRYPTED.setting, [name], value) });
        }
        return value;
      }
      await db.run(INSERT_SECRET, { name, value: fields.seal(ENCRYPTED.setting, [name], make()) });
      return String(fields.open(ENCRYPTED.setting, [name], (await db.one(SECRET, { name }))?.value));
    },

    countRegisters: async (): Promise<number> => Number((await db.one(COUNT_REGISTERS))?.n ?? 0),
    async createRegister(register: Register & { apiKeyHash: string }): Promise<void> {
      await db.run(INSERT_REGISTER, { ...register });
    },
    /** The sandbox twin of the register `code`, holding its test key; false when the code is unknown or the twin exists. */
    createSandboxRegister: async (code: string, twin: { id: string; apiKeyHash: string; createdAt: number }): Promise<boolean> =>
      (await db.run(INSERT_SANDBOX_REGISTER, { code, ...twin })) > 0,
    /** The register whose current key, or previous key still in its overlap, has this hash; never a revoked one. */
    async findRegisterByKeyHash(hash: string, now = Date.now()): Promise<Register | null> {
      const hit = registersByKey.get(hash, now);
      if (hit) return hit;
      const asked = generation;
      const row = await db.one(REGISTER_BY_KEY, { hash, now });
      if (!row) return null;
      const register = toRegister(row);
      const previousUntil = row.api_key_hash === hash ? Infinity : Number(row.previous_key_expires_at);
      if (asked === generation) registersByKey.set(hash, register, now, previousUntil);
      return register;
    },
    async findRegisterById(id: string): Promise<Register | null> {
      const row = await db.one(REGISTER_BY_ID, { id });
      return row ? toRegister(row) : null;
    },
    /** Replaces a stored hash (an old unpeppered one) by another; true when one was found. */
    rehashRegisterKey: async (oldHash: string, newHash: string): Promise<boolean> => changed((await db.run(REHASH_REGISTER_KEY, { oldHash, newHash })) > 0),
    rotateRegisterKey: async (code: string, r: Rotation): Promise<boolean> =>
      changed((await db.run(ROTATE_REGISTER_KEY, { code, newHash: r.newHash, overlapUntil: r.now + r.overlapMs, overlap: r.overlapMs > 0 ? 1 : 0 })) > 0),
    revokeRegister: (code: string, now: number): Promise<boolean> => revoke(REVOKE_REGISTER, { code }, 'register', now),
    /** Register id → code, for lists that show codes. */
    registerCodes: async (): Promise<Map<string, string>> => new Map((await db.all(REGISTER_CODES)).map((r) => [String(r.id), String(r.code)])),

    countOperators: async (): Promise<number> => Number((await db.one(COUNT_OPERATORS))?.n ?? 0),
    async createOperator(operator: Operator & { tokenHash: string }): Promise<void> {
      await db.run(INSERT_OPERATOR, { ...operator });
    },
    async findOperatorByTokenHash(hash: string, now = Date.now()): Promise<Operator | null> {
      const row = await db.one(OPERATOR_BY_TOKEN, { hash, now });
      return row ? toOperator(row) : null;
    },
    async findOperatorById(id: string): Promise<Operator | null> {
      const row = await db.one(OPERATOR_BY_ID, { id });
      return row ? toOperator(row) : null;
    },
    rehashOperatorToken: async (oldHash: string, newHash: string): Promise<boolean> => (await db.run(REHASH_OPERATOR_TOKEN, { oldHash, newHash })) > 0,
    rotateOperatorToken: async (name: string, r: Rotation): Promise<boolean> =>
      (await db.run(ROTATE_OPERATOR_TOKEN, { name, newHash: r.newHash, overlapUntil: r.now + r.overlapMs, overlap: r.overlapMs > 0 ? 1 : 0 })) > 0,
    revokeOperator: (name: string, now: number): Promise<boolean> => revoke(REVOKE_OPERATOR, { name }, 'operator', now),

    async createSession(session: SessionRecord): Promise<void> {
      await db.run(INSERT_SESSION, { ...session });
    },
    async findSession(idHash: string): Promise<SessionRecord | null> {
      const row = await db.one(SESSION, { idHash });
      return row ? toSession(row) : null;
    },
    async touchSession(idHash: string, now: number): Promise<void> {
      await db.run(TOUCH_SESSION, { idHash, now });
    },
    async deleteSession(idHash: string): Promise<void> {
      await db.run(DELETE_SESSION, { idHash });
    },
    /** Sessions past their absolute expiry or idle longer than `idleMs`. */
    async purgeSessions(now: number, idleMs: number): Promise<void> {
      await db.run(PURGE_SESSIONS, { now, idleSince: now - idleMs });
    },
  };
}

export type Access = ReturnType<typeof createAccess>;
/** What authentication needs: the lookups by hash and the rehash of an old unpeppered hash. */
export type CredentialStore = Pick<Access, 'findRegisterByKeyHash' | 'findOperatorByTokenHash' | 'rehashRegisterKey' | 'rehashOperatorToken'>;
/** What the console's sessions need. */
export type SessionStore = Pick<Access, 'createSession' | 'findSession' | 'touchSession' | 'deleteSession' | 'purgeSessions' | 'findRegisterById' | 'findOperatorById'>;
/** What authentication needs: the lookups by hash, and the hash function (keyed by the pepper, which the store never holds). */
export type CredentialLookup = CredentialStore & { hasher: { hash(secret: string): string }; clientCerts?: ClientCertPolicy };
