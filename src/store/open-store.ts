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
import { clearTextFields, type FieldCipher } from './crypto/field-cipher.ts';
import { createAudit } from './audit.ts';
import { createClientCerts } from './client-certs.ts';
import type { Database } from './db/database.ts';
import { DueListener, DueNotifier } from './db/due-notices.ts';
import { createClient, openPostgres } from './db/postgres.ts';
import { openSqlite } from './db/sqlite.ts';
import { createDeliveries } from './deliveries.ts';
import { createDeliveryLog } from './delivery-log.ts';
import { createEvents } from './events.ts';
import { createEvidence } from './evidence.ts';
import { createIdempotency } from './idempotency.ts';
import { createOutcomes } from './outcomes.ts';
import { createRekey } from './rekey.ts';
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

/**
 * `fields` encrypts the columns listed in crypto/encrypted-columns.ts (the gateway and its commands
 * pass the configured data keys); without it values are stored in clear (tests, tools).
 */
export function composeStore<D extends Database>(db: D, due?: DueNotices, fields: FieldCipher = clearTextFields) {
  const notifyDue = () => due?.notify();
  return {
    db,
    fields,
    access: createAccess(db, fields),
    events: createEvents(db, notifyDue, fields),
    deliveries: createDeliveries(db, notifyDue, fields),
    idempotency: createIdempotency(db, fields),
    audit: createAudit(db, fields),
    evidence: createEvidence(db, fields),
    replayJobs: createReplayJobs(db, fields),
    log: createDeliveryLog(db),
    retention: createRetention(db),
    territory: createTerritory(db),
    rekey: createRekey(db, fields),
    clientCerts: createClientCerts(db),
    /** Notices from DMS: the NoticeSink of the DMS → gateway channel, and what registers and operators read. */
    notices: createNotices(db, fields),
    outcomes: createOutcomes(db, fields),
    webhooks: createWebhooks(db, fields),
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
/** `fields`: fieldCipher(loadDataKeys(config)) — personal data is encrypted at rest under the data keys. */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databasePoolSize'>, fields: FieldCipher): Promise<Store> {
  return config.databaseUrl ? openPostgresStore(config.databaseUrl, config.databasePoolSize, fields) : openSqliteStore(config.dataDir, fields);
}

export const openSqliteStore = (dataDir: string, fields?: FieldCipher) => composeStore(openSqlite(dataDir), undefined, fields);

export async function openPostgresStore(databaseUrl: string, poolSize: number, fields?: FieldCipher) {
  const db = await openPostgres(databaseUrl, poolSize);
  const notifier = new DueNotifier(db.pool);
  const listener = new DueListener(() => createClient(databaseUrl));
  return composeStore(db, { notify: () => notifier.notify(), listen: (l) => listener.add(l), close: () => listener.close() }, fields);
}
