// The client certificates each register is bound to (register_client_certs): by SHA-256 fingerprint
// or by subject. None: the register authenticates with its API key alone.
import type { ClientCertBinding } from '../auth/client-cert.ts';
import type { Database } from './db/database.ts';
import { ACCESS_CACHE_MS } from './access.ts';
import { cachedLookup } from './ttl-cache.ts';

const OF_REGISTER = `SELECT kind, value FROM register_client_certs WHERE register_id = :registerId ORDER BY kind, value`;
const REGISTER_BY_CODE = `SELECT id FROM registers WHERE code = :code`;
const BIND = `
  INSERT INTO register_client_certs (register_id, kind, value, created_at) VALUES (:registerId, :kind, :value, :createdAt)
  ON CONFLICT (register_id, kind, value) DO NOTHING`;
const UNBIND_ONE = `DELETE FROM register_client_certs WHERE register_id = :registerId AND kind = :kind AND value = :value`;
const UNBIND_ALL = `DELETE FROM register_client_certs WHERE register_id = :registerId`;
const COUNT = `SELECT COUNT(*) AS n FROM register_client_certs WHERE register_id = :registerId`;
const BOUND_REGISTERS = `SELECT COUNT(DISTINCT register_id) AS n FROM register_client_certs`;

export type BindResult = 'bound' | 'unchanged' | 'unknown_register';

export function createClientCerts(db: Database, cacheMs = ACCESS_CACHE_MS) {
  // Asked on every request of a register (auth): kept for a moment, cleared by bind and unbind here.
  const bindings = cachedLookup(cacheMs, async (registerId): Promise<ClientCertBinding[]> =>
    (await db.all(OF_REGISTER, { registerId })).map((r) => ({ kind: String(r.kind) as ClientCertBinding['kind'], value: String(r.value) })),
  );
  const registerId = async (code: string): Promise<string | null> => {
    const row = await db.one(REGISTER_BY_CODE, { code });
    return row ? String(row.id) : null;
  };
  return {
    /** How many registers are bound to a certificate (a gateway without TLS warns: it must refuse them). */
    boundRegisters: async (): Promise<number> => Number((await db.one(BOUND_REGISTERS))?.n ?? 0),
    bindingsOf: (registerId: string): Promise<ClientCertBinding[]> => bindings.get(registerId),
    /** Adds a binding to the register with this code; the ones it has stay (a renewed certificate overlaps the old). */
    async bind(code: string, binding: ClientCertBinding, now: number): Promise<BindResult> {
      const id = await registerId(code);
      if (!id) return 'unknown_register';
      const added = await db.run(BIND, { registerId: id, ...binding, createdAt: now });
      bindings.clear();
      return added > 0 ? 'bound' : 'unchanged';
    },
    /** Removes one binding, or every one (the register then needs its key alone); how many went and are left, or null for an unknown register. */
    async unbind(code: string, binding?: ClientCertBinding): Promise<{ removed: number; left: number } | null> {
      const id = await registerId(code);
      if (!id) return null;
      const removed = binding ? await db.run(UNBIND_ONE, { registerId: id, ...binding }) : await db.run(UNBIND_ALL, { registerId: id });
      bindings.clear();
      return { removed, left: Number((await db.one(COUNT, { registerId: id }))?.n ?? 0) };
    },
  };
}

export type ClientCerts = ReturnType<typeof createClientCerts>;
