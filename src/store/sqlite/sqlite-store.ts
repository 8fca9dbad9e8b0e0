// The embedded store: one SQLite file in DATA_DIR, WAL, fsync on every commit (synchronous=FULL),
// so an event is on disk before its 202 leaves. node:sqlite is synchronous; the async surface is
// the Store interface that PostgreSQL shares. The statements are in queries.ts.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
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
import { migrateSqlite } from './migrate.ts';
import { judgeKnownKey } from '../idempotency-rules.ts';
import { cancelApplies, retryKind } from '../operator-rules.ts';
import * as Q from './queries.ts';
import { SqliteOperations } from './sqlite-operations.ts';

export function openSqliteStore(dataDir: string, fileName = 'rtg-gateway.sqlite'): SqliteStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  closeSync(openSync(path.join(dataDir, fileName), 'a', 0o600)); // made 0600 before SQLite opens it; its -wal and -shm follow its mode
  const db = new DatabaseSync(path.join(dataDir, fileName));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  migrateSqlite(db);
  return new SqliteStore(db);
}

export class SqliteStore extends SqliteOperations implements Store {
  readonly dialect = 'sqlite' as const;

  async getOrCreateSecret(name: string, make: () => string): Promise<string> {
    return this.tx(() => {
      const row = this.get(Q.SECRET, name);
      if (row) return String(row.value);
      const value = make();
      this.run(Q.INSERT_SECRET, name, value);
      return value;
    });
  }

  async countRegisters(): Promise<number> {
    return Number(this.get(Q.COUNT_REGISTERS)?.n ?? 0);
  }

  async createRegister(r: Register & { apiKeyHash: string }): Promise<void> {
    this.run(Q.INSERT_REGISTER, r.id, r.code, r.name, r.apiKeyHash, r.createdAt);
  }

  async findRegisterByKeyHash(apiKeyHash: string): Promise<Register | null> {
    const row = this.get(Q.REGISTER_BY_KEY, apiKeyHash);
    return row ? toRegister(row) : null;
  }

  async countOperators(): Promise<number> {
    return Number(this.get(Q.COUNT_OPERATORS)?.n ?? 0);
  }

  async createOperator(o: Operator & { tokenHash: string }): Promise<void> {
    this.run(Q.INSERT_OPERATOR, o.id, o.name, o.role, o.tokenHash, o.createdAt);
  }

  async findOperatorByTokenHash(tokenHash: string): Promise<Operator | null> {
    const row = this.get(Q.OPERATOR_BY_TOKEN, tokenHash);
    return row ? toOperator(row) : null;
  }

  async ingestEvent(e: NewEvent): Promise<IngestResult> {
    return this.tx((): IngestResult => {
      const existing = this.get(Q.FIND_EVENT_BY_REGISTER_ID, e.registerId, e.registerEventId);
      if (existing) {
        if (existing.content_hash !== e.contentHash) return { kind: 'conflict', existingId: String(existing.id) };
        return { kind: 'duplicate', event: toStoredEvent(this.get(Q.EVENT_DETAILS, String(existing.id)) as Row) };
      }
      this.run(Q.INSERT_EVENT, e.id, e.registerId, e.registerEventId, e.type, e.occurredAt, e.personKey, e.contentHash, e.payload, JSON.stringify(e.warnings), e.receivedAt);
      this.run(Q.INSERT_DELIVERY, e.delivery.id, e.id, e.delivery.contract, e.delivery.messageId, e.personKey, e.occurredAtMs, e.receivedAt, e.receivedAt, e.receivedAt);
      return { kind: 'created', event: toStoredEvent(this.get(Q.EVENT_DETAILS, e.id) as Row) };
    });
  }

  async getEvent(id: string): Promise<EventDetails | null> {
    return this.details(id);
  }

  private details(id: string): EventDetails | null {
    const row = this.get(Q.EVENT_DETAILS, id);
    if (!row) return null;
    const attempts = this.all(Q.ATTEMPTS_OF, String(row.delivery_id)).map(toAttempt);
    return { ...toStoredEvent(row), delivery: toDeliveryView(row), attempts };
  }

  async cancelDelivery(eventId: string, actor: Actor, reason: string, now: number): Promise<OperatorActionResult> {
    return this.operatorAction(eventId, now, (row) => {
      if (!cancelApplies(row.delivery_status as DeliveryStatus)) return false;
      this.run(Q.CANCEL, reason, now, now, String(row.delivery_id));
      this.insertAudit(now, actor, 'cancel', eventId, reason, { previousStatus: row.status });
      return true;
    });
  }

  async retryDelivery(eventId: string, actor: Actor, reason: string | null, now: number, newMessageId: string): Promise<OperatorActionResult> {
    return this.operatorAction(eventId, now, (row) => {
      const status = String(row.delivery_status);
      const kind = retryKind(status as DeliveryStatus);
      if (kind === 'new_message') {
        this.run(Q.RETRY_NEW_MESSAGE, now, now, newMessageId, String(row.delivery_id));
        this.insertAudit(now, actor, 'retry', eventId, reason, { previousStatus: status, previousMessageId: row.message_id, messageId: newMessageId });
        return true;
      }
      if (kind === null) return false;
      this.run(Q.RETRY_SAME_MESSAGE, now, now, String(row.delivery_id));
      this.insertAudit(now, actor, 'retry', eventId, reason, { previousStatus: status, messageId: row.message_id });
      return true;
    });
  }

  /** Loads the event, refuses while an attempt is in flight, applies `change`, returns the new state. */
  private async operatorAction(eventId: string, now: number, change: (row: Row) => boolean): Promise<OperatorActionResult> {
    return this.tx((): OperatorActionResult => {
      const row = this.get(Q.EVENT_DETAILS, eventId);
      if (!row) return { kind: 'not_found' };
      if (row.lease_until !== null && Number(row.lease_until) > now) return { kind: 'in_flight' };
      if (!change(row)) return { kind: 'not_applicable', status: String(row.status) as EventStatus };
      return { kind: 'done', event: this.details(eventId) as EventDetails };
    });
  }

  async listAudit(eventId: string): Promise<AuditEntry[]> {
    return this.all(Q.AUDIT_FOR_EVENT, eventId).map(toAuditEntry);
  }

  async expediteRetries(now: number): Promise<number> {
    return this.run(Q.EXPEDITE_RETRIES, now, now, now);
  }

  async beginIdempotency(scope: IdempotencyScope, requestHash: string, now: number, lockMs: number, retentionMs: number): Promise<IdempotencyBegin> {
    return this.tx((): IdempotencyBegin => {
      const key = [scope.registerId, scope.key] as const;
      const row = this.get(Q.IDEMPOTENCY_RECORD, ...key);
      const known = row ? judgeKnownKey(row, requestHash, now, retentionMs) : { kind: 'expired' as const };
      switch (known.kind) {
        case 'expired':
          if (row) this.run(Q.DELETE_IDEMPOTENCY, ...key);
          this.run(Q.INSERT_IDEMPOTENCY, ...key, requestHash, now + lockMs, now);
          return { kind: 'started' };
        case 'take_over':
          this.run(Q.TAKE_OVER_IDEMPOTENCY, now + lockMs, ...key);
          return { kind: 'started' };
        default:
          return known;
      }
    });
  }

  async completeIdempotency(scope: IdempotencyScope, response: StoredResponse): Promise<void> {
    this.run(Q.COMPLETE_IDEMPOTENCY, response.status, JSON.stringify(response.headers), response.body, scope.registerId, scope.key);
  }

  async abandonIdempotency(scope: IdempotencyScope): Promise<void> {
    this.run(Q.ABANDON_IDEMPOTENCY, scope.registerId, scope.key);
  }

  async purgeIdempotency(olderThan: number): Promise<number> {
    return this.run(Q.PURGE_IDEMPOTENCY, olderThan);
  }

  async claimDue(owner: string, now: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    return this.tx(() => this.all(Q.CLAIM_DUE, owner, now + leaseMs, now, now, limit).map((c) => toClaimed(this.get(Q.CLAIMED_DELIVERY, String(c.id)) as Row)));
  }

  async saveSignedRequest(deliveryId: string, owner: string, requestXml: string): Promise<string> {
    // Only the first signature is kept: every retry must carry the same bytes.
    return this.tx(() => {
      this.run(Q.SAVE_SIGNED_REQUEST, requestXml, deliveryId, owner);
      const row = this.get(Q.SIGNED_REQUEST, deliveryId);
      if (!row || row.request_xml === null) throw new Error(`delivery ${deliveryId} lost its lease before signing was saved`);
      return String(row.request_xml);
    });
  }

  async recordAttempt(deliveryId: string, owner: string, a: AttemptRecord, result: AttemptResult, now: number): Promise<boolean> {
    return this.tx(() => {
      const receipt = result.status === 'delivered' ? result.receipt : null;
      const rejection = result.status === 'rejected' ? result.rejection : null;
      const changed = this.run(
        Q.RECORD_RESULT,
        result.status,
        result.status === 'retrying' ? result.nextAttemptAt : null,
        receipt?.number ?? null, receipt?.status ?? null, receipt?.registeredAt ?? null,
        rejection?.code ?? null, rejection?.reason ?? null,
        result.status === 'retrying' || result.status === 'failed' ? result.error : null,
        now,
        result.status === 'retrying' ? null : now,
        deliveryId, owner,
      );
      if (changed === 0) return false;
      this.run(Q.INSERT_ATTEMPT, deliveryId, a.number, a.startedAt, a.durationMs, a.outcome, a.httpStatus, a.errorClass, a.detail, a.responseExcerpt);
      return true;
    });
  }

  async nextDueAt(): Promise<number | null> {
    const due = this.get(Q.NEXT_DUE)?.due;
    return due === null || due === undefined ? null : Number(due);
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
