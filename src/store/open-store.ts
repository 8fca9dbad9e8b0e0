// DATABASE_URL=postgres://… selects PostgreSQL (several instances may share it); without it the
// gateway keeps its embedded SQLite file in DATA_DIR.
import type { Config } from '../config/config.ts';
import { openPgStore } from './postgres/pg-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { OperationsStore } from './operations-store.ts';
import type { Store } from './store.ts';

export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databasePoolSize'>): Promise<Store & OperationsStore> {
  if (config.databaseUrl) return openPgStore(config.databaseUrl, config.databasePoolSize);
  return openSqliteStore(config.dataDir);
}
