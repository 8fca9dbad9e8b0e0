import type { Config } from '../config/config.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

export async function openStore(config: Pick<Config, 'dataDir'>): Promise<Store> {
  return openSqliteStore(config.dataDir);
}
