// The store: one database seam (db/: named-parameter SQL, transactions, the dialect) and one module
// per aggregate, each holding its SQL as SQL. A statement is written once for both databases; only
// what must differ (locks, sequences, GREATEST/MAX) branches, side by side in its module.
//
// Adding an aggregate (say, webhooks): a numbered migration in both migrations/sqlite/ and
// migrations/postgres/, a module `webhooks.ts` exporting `createWebhooks(db)` with its statements and
// row types, a line in composeStore below, and its cases in tests/store/store-suite.ts (run on both
// databases). Consumers take the module they use, not the whole store.
import type { Config } from '../config/config.ts';
import { createAccess } from './access.ts';
import { createAudit } from './audit.ts';
import type { Database } from './db/database.ts';
import { DueListener, DueNotifier } from './db/due-notices.ts';
import { createClient, openPostgres } from './db/postgres.ts';
import { openSqlite } from './db/sqlite.ts';
import { createDeliveries } from './deliveries.ts';
import { createDeliveryLog } from './delivery-log.ts';
import { createEvents } from './events.ts';
import { createEvidence } from './evidence.ts';
import { createIdempotency } from './idempotency.ts';
import { createNotices } from './notices.ts';
import { createReplayJobs } from './replay-jobs.ts';
import { createRetention } from './retention.ts';
import { createTerritory } from './territory.ts';
import { createWebhooks } from './webhooks.ts';

/** Where several instances share the database: wake-ups when any of them makes a delivery due now. */
export interface DueNotices {
  notify(): void;
  /** Calls `listener` on every notice; returns how to stop. */
  listen(listener: () => void): () => void;
  close(): Promise<void>;
}

export function composeStore<D extends Database>(db: D, due?: DueNotices) {
  const notifyDue = () => due?.notify();
  return {
    db,
    access: createAccess(db),
    events: createEvents(db, notifyDue),
    deliveries: createDeliveries(db, notifyDue),
    idempotency: createIdempotency(db),
    audit: createAudit(db),
    evidence: createEvidence(db),
    replayJobs: createReplayJobs(db),
    log: createDeliveryLog(db),
    retention: createRetention(db),
    territory: createTerritory(db),
    /** Notices from DMS: the NoticeSink of the DMS → gateway channel, and what registers and operators read. */
    notices: createNotices(db),
    webhooks: createWebhooks(db),
    /** PostgreSQL (LISTEN/NOTIFY): `listener` runs when any instance makes a delivery due now. */
    onDue: due ? (listener: () => void) => due.listen(listener) : undefined,
    async close(): Promise<void> {
      await due?.close();
      await db.close();
    },
  };
}

export type Store = ReturnType<typeof composeStore>;

/** DATABASE_URL=postgres://… selects PostgreSQL (several instances may share it); without it, SQLite in DATA_DIR. */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databasePoolSize'>): Promise<Store> {
  return config.databaseUrl ? openPostgresStore(config.databaseUrl, config.databasePoolSize) : openSqliteStore(config.dataDir);
}

export const openSqliteStore = (dataDir: string) => composeStore(openSqlite(dataDir));

export async function openPostgresStore(databaseUrl: string, poolSize: number) {
  const db = await openPostgres(databaseUrl, poolSize);
  const notifier = new DueNotifier(db.pool);
  const listener = new DueListener(() => createClient(databaseUrl));
  return composeStore(db, { notify: () => notifier.notify(), listen: (l) => listener.add(l), close: () => listener.close() });
}
