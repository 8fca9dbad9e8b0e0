// The PostgreSQL store, for several gateway instances on one database. Same behaviour as the SQLite
// store; what SQLite gets from its single writer lock, this one gets from row locks, ON CONFLICT and
// SKIP LOCKED (see queries.ts). Every commit is durable before it returns (pool.ts).
import type pg from 'pg';
import type {
  Actor,
  AttemptRecord,
  AttemptResult,
  AuditEntry,
  ClaimedDelivery,
  DeliveryStatus,
  EventDetails,
  EventStatus,
  IdempotencyBegin,
  IdempotencyScope,
  IngestResult,
  NewEvent,
  Operator,
  OperatorActionResult,
  Register,
  Store,
  StoredResponse,
} from '../store.ts';
import { toAttempt, toAuditEntry, toClaimed, toDeliveryView, toOperator, toRegister, toStoredEvent, type Row } from '../rows.ts';
import { DueListener, DueNotifier } from './due-notices.ts';
import { migratePostgres } from './migrate.ts';
import { all, one, run, type Db } from './pg-base.ts';
import { PgOperations } from './pg-operations.ts';
import { createClient, createPool } from './pool.ts';
import { judgeKnownKey } from '../idempotency-rules.ts';
import { cancelApplies, retryKind } from '../operator-rules.ts';
import * as Q from './queries.ts';

export async function openPgStore(databaseUrl: string, poolSize: number): Promise<PgStore> {
  const pool = createPool(databaseUrl, poolSize);
  try {
    await migratePostgres(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return new PgStore(pool, () => createClient(databaseUrl));
}

export class PgStore extends PgOperations implements Store {
  readonly dialect = 'postgres' as const;
  readonly #notifier: DueNotifier;
  readonly #listener: DueListener;

  constructor(pool: pg.Pool, connect: () => pg.Client) {
    super(pool);
    this.#notifier = new DueNotifier(pool);
    this.#listener = new DueListener(connect);
  }

  /** Calls `listener` when any instance makes a delivery due now; returns how to stop. */
  onDue(listener: () => void): () => void {
    return this.#listener.add(listener);
  }

  async getOrCreateSecret(name: string, make: () => string): Promise<string> {
    const found = await one(this.pool, Q.SECRET, [name]);
    if (found) return String(found.value);
    await run(this.pool, Q.INSERT_SECRET, [name, make()]);
    return String((await one(this.pool, Q.SECRET, [name]))?.value);
  }

  async countRegisters(): Promise<number> {
    return Number((await one(this.pool, Q.COUNT_REGISTERS))?.n ?? 0);
  }

  async createRegister(r: Register & { apiKeyHash: string }): Promise<void> {
    await run(this.pool, Q.INSERT_REGISTER, [r.id, r.code, r.name, r.apiKeyHash, r.createdAt]);
  }

  async findRegisterByKeyHash(apiKeyHash: string): Promise<Register | null> {
    const row = await one(this.pool, Q.REGISTER_BY_KEY, [apiKeyHash]);
    return row ? toRegister(row) : null;
  }

  async countOperators(): Promise<number> {
    return Number((await one(this.pool, Q.COUNT_OPERATORS))?.n ?? 0);
  }

  async createOperator(o: Operator & { tokenHash: string }): Promise<void> {
    await run(this.pool, Q.INSERT_OPERATOR, [o.id, o.name, o.role, o.tokenHash, o.createdAt]);
  }

  async findOperatorByTokenHash(tokenHash: string): Promise<Operator | null> {
    const row = await one(this.pool, Q.OPERATOR_BY_TOKEN, [tokenHash]);
    return row ? toOperator(row) : null;
  }

  async ingestEvent(e: NewEvent): Promise<IngestResult> {
    const result = await this.tx(async (db): Promise<IngestResult> => {
      const inserted = await run(db, Q.INSERT_EVENT, [e.id, e.registerId, e.registerEventId, e.type, e.occurredAt, e.personKey, e.contentHash, e.payload, JSON.stringify(e.warnings), e.receivedAt]);
      if (inserted === 1) {
        await run(db, Q.INSERT_DELIVERY, [e.delivery.id, e.id, e.delivery.contract, e.delivery.messageId, e.personKey, e.occurredAtMs, e.receivedAt, e.receivedAt, e.receivedAt]);
        return { kind: 'created', event: toStoredEvent((await one(db, Q.EVENT_DETAILS, [e.id])) as Row) };
      }
      // The register sent this event id before (perhaps a moment ago, to another instance).
      const existing = await one(db, Q.FIND_EVENT_BY_REGISTER_ID, [e.registerId, e.registerEventId]);
      if (!existing) throw new Error('an event id conflicted but its event is not there');
      if (existing.content_hash !== e.contentHash) return { kind: 'conflict', existingId: String(existing.id) };
      return { kind: 'duplicate', event: toStoredEvent((await one(db, Q.EVENT_DETAILS, [String(existing.id)])) as Row) };
    });
    if (result.kind === 'created') this.#notifier.notify();
    return result;
  }

  async getEvent(id: string): Promise<EventDetails | null> {
    return this.details(this.pool, id);
  }

  private async details(db: Db, id: string): Promise<EventDetails | null> {
    const row = await one(db, Q.EVENT_DETAILS, [id]);
    if (!row) return null;
    const attempts = (await all(db, Q.ATTEMPTS_OF, [String(row.delivery_id)])).map(toAttempt);
    return { ...toStoredEvent(row), delivery: toDeliveryView(row), attempts };
  }

  async cancelDelivery(eventId: string, actor: Actor, reason: string, now: number): Promise<OperatorActionResult> {
    return this.operatorAction(eventId, now, async (db, row) => {
      if (!cancelApplies(row.delivery_status as DeliveryStatus)) return false;
      await run(db, Q.CANCEL, [String(row.delivery_id), reason, now]);
      await this.insertAudit(db, now, actor, 'cancel', eventId, reason, { previousStatus: row.status });
      return true;
    });
  }

  async retryDelivery(eventId: string, actor: Actor, reason: string | null, now: number, newMessageId: string): Promise<OperatorActionResult> {
    const result = await this.operatorAction(eventId, now, async (db, row) => {
      const status = String(row.delivery_status);
      const kind = retryKind(status as DeliveryStatus);
      if (kind === 'new_message') {
        await run(db, Q.RETRY_NEW_MESSAGE, [String(row.delivery_id), now, newMessageId]);
        await this.insertAudit(db, now, actor, 'retry', eventId, reason, { previousStatus: status, previousMessageId: row.message_id, messageId: newMessageId });
        return true;
      }
      if (kind === null) return false;
      await run(db, Q.RETRY_SAME_MESSAGE, [String(row.delivery_id), now]);
      await this.insertAudit(db, now, actor, 'retry', eventId, reason, { previousStatus: status, messageId: row.message_id });
      return true;
    });
    if (result.kind === 'done') this.#notifier.notify();
    return result;
  }

  /** Locks the delivery, refuses while an attempt is in flight, applies `change`, returns the new state. */
  private async operatorAction(eventId: string, now: number, change: (db: pg.PoolClient, row: Row) => Promise<boolean>): Promise<OperatorActionResult> {
    return this.tx(async (db): Promise<OperatorActionResult> => {
      await run(db, Q.LOCK_DELIVERY_OF_EVENT, [eventId]);
      const row = await one(db, Q.EVENT_DETAILS, [eventId]);
      if (!row) return { kind: 'not_found' };
      if (row.lease_until !== null && Number(row.lease_until) > now) return { kind: 'in_flight' };
      if (!(await change(db, row))) return { kind: 'not_applicable', status: String(row.status) as EventStatus };
      return { kind: 'done', event: (await this.details(db, eventId)) as EventDetails };
    });
  }

  async listAudit(eventId: string): Promise<AuditEntry[]> {
    return (await all(this.pool, Q.AUDIT_FOR_EVENT, [eventId])).map(toAuditEntry);
  }

  async expediteRetries(now: number): Promise<number> {
    const expedited = await run(this.pool, Q.EXPEDITE_RETRIES, [now]);
    if (expedited > 0) this.#notifier.notify();
    return expedited;
  }

  async beginIdempotency(scope: IdempotencyScope, requestHash: string, now: number, lockMs: number, retentionMs: number): Promise<IdempotencyBegin> {
    const key = [scope.registerId, scope.key];
    // A new key (the usual case) is one statement; a known one is examined under its row lock.
    if ((await run(this.pool, Q.INSERT_IDEMPOTENCY, [...key, requestHash, now + lockMs, now])) === 1) return { kind: 'started' };
    return this.tx(async (db): Promise<IdempotencyBegin> => {
      const row = await one(db, Q.LOCK_IDEMPOTENCY_RECORD, key);
      const known = row ? judgeKnownKey(row, requestHash, now, retentionMs) : { kind: 'expired' as const };
      switch (known.kind) {
        case 'expired': {
          // Gone since (abandoned, purged) or past retention: the key counts as new.
          if (row) await run(db, Q.DELETE_IDEMPOTENCY, key);
          const inserted = await run(db, Q.INSERT_IDEMPOTENCY, [...key, requestHash, now + lockMs, now]);
          return inserted === 1 ? { kind: 'started' } : { kind: 'in_flight' };
        }
        case 'take_over':
          await run(db, Q.TAKE_OVER_IDEMPOTENCY, [...key, now + lockMs]);
          return { kind: 'started' };
        default:
          return known;
      }
    });
  }

  async completeIdempotency(scope: IdempotencyScope, response: StoredResponse): Promise<void> {
    await run(this.pool, Q.COMPLETE_IDEMPOTENCY, [scope.registerId, scope.key, response.status, JSON.stringify(response.headers), response.body]);
  }

  async abandonIdempotency(scope: IdempotencyScope): Promise<void> {
    await run(this.pool, Q.ABANDON_IDEMPOTENCY, [scope.registerId, scope.key]);
  }

  async purgeIdempotency(olderThan: number): Promise<number> {
    return run(this.pool, Q.PURGE_IDEMPOTENCY, [olderThan]);
  }

  async claimDue(owner: string, now: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    return (await all(this.pool, Q.CLAIM_DUE, [owner, now + leaseMs, now, limit])).map(toClaimed);
  }

  async saveSignedRequest(deliveryId: string, owner: string, requestXml: string): Promise<string> {
    const kept = (await one(this.pool, Q.SAVE_SIGNED_REQUEST, [deliveryId, requestXml, owner]))?.request_xml;
    if (kept === null || kept === undefined) throw new Error(`delivery ${deliveryId} lost its lease before signing was saved`);
    return String(kept);
  }

  async recordAttempt(deliveryId: string, owner: string, a: AttemptRecord, result: AttemptResult, now: number): Promise<boolean> {
    const receipt = result.status === 'delivered' ? result.receipt : null;
    const rejection = result.status === 'rejected' ? result.rejection : null;
    const recorded = await run(this.pool, Q.RECORD_ATTEMPT, [
      deliveryId, owner,
      result.status,
      result.status === 'retrying' ? result.nextAttemptAt : null,
      receipt?.number ?? null, receipt?.status ?? null, receipt?.registeredAt ?? null,
      rejection?.code ?? null, rejection?.reason ?? null,
      result.status === 'retrying' || result.status === 'failed' ? result.error : null,
      now,
      result.status === 'retrying' ? null : now,
      a.number, a.startedAt, a.durationMs, a.outcome, a.httpStatus, a.errorClass, a.detail, a.responseExcerpt,
    ]);
    return recorded === 1;
  }

  async nextDueAt(): Promise<number | null> {
    const due = (await one(this.pool, Q.NEXT_DUE))?.due;
    return due === null || due === undefined ? null : Number(due);
  }

  async close(): Promise<void> {
    await this.#listener.close();
    if (!this.pool.ended) await this.pool.end();
  }
}
