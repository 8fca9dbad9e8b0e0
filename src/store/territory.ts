// The КАТОТТГ codes each register serves (register_territory); none: all of Ukraine.
import type { Database } from './db/database.ts';
import { ACCESS_CACHE_MS } from './access.ts';
import { cachedLookup } from './ttl-cache.ts';

const OF_REGISTER = `SELECT katottg FROM register_territory WHERE register_id = :registerId ORDER BY katottg`;
const CLEAR = `DELETE FROM register_territory WHERE register_id = :registerId`;
const ADD = `INSERT INTO register_territory (register_id, katottg) VALUES (:registerId, :katottg)`;
/** Live registers only: a sandbox twin (code test:…) never gets a territory or a notice, which carry live people. */
const REGISTER_BY_CODE = `SELECT id FROM registers WHERE code = :code AND sandbox_of IS NULL`;

export function createTerritory(db: Database, cacheMs = ACCESS_CACHE_MS) {
  // Asked on every ingest: kept for a moment, cleared by setTerritory here (elsewhere: within cacheMs).
  const territories = cachedLookup(cacheMs, async (registerId): Promise<string[]> => (await db.all(OF_REGISTER, { registerId })).map((r) => String(r.katottg)));
  return {
    territoryOf: async (registerId: string): Promise<string[]> => [...(await territories.get(registerId))],
    /** Replaces the register's codes in one transaction; an empty list makes it serve all of Ukraine. */
    setTerritory: async (registerId: string, codes: readonly string[]): Promise<void> => {
      await db.transaction(async (tx) => {
        await tx.run(CLEAR, { registerId });
        for (const katottg of new Set(codes)) await tx.run(ADD, { registerId, katottg });
      });
      territories.clear();
    },
    registerIdByCode: async (code: string): Promise<string | null> => {
      const row = await db.one(REGISTER_BY_CODE, { code });
      return row ? String(row.id) : null;
    },
  };
}

export type Territory = ReturnType<typeof createTerritory>;
