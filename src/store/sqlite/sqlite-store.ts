// The embedded store: one SQLite file in DATA_DIR, WAL, fsync on every commit (synchronous=FULL),
// so an event is on disk before its 202 leaves. node:sqlite is synchronous; the async surface is
// the Store interface that PostgreSQL shares.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type {
  AttemptRecord,
  AttemptResult,
  ClaimedDelivery,
  DeliveryStatus,
  EventDetails,
  IdempotencyBegin,
  IdempotencyScope,
  IngestResult,
  NewEvent,
  Register,
  Store,
  StoredEvent,
  StoredResponse,
} from '../store.ts';
import { migrateSqlite } from './migrate.ts';
import { toAttempt, toDeliveryView, toStoredEvent, type Row } from './rows.ts';

export function openSqliteStore(dataDir: string, fileName = 'rtg-gateway.sqlite'): SqliteStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(path.join(dataDir, fileName));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  migrateSqlite(db);
  return new SqliteStore(db);
}

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  private tx<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  private get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.db.prepare(sql).get(...params) as Row | undefined;
  }

  private all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.db.prepare(sql).all(...params) as Row[];
  }

  private run(sql: string, ...params: SQLInputValue[]): number {
    return Number(this.db.prepare(sql).run(...params).changes);
  }

  async getOrCreateSecret(name: string, make: () => string): Promise<string> {
    return this.tx(() => {
      const row = this.get('SELECT value FROM settings WHERE name = ?', name);
      if (row) return String(row.value);
      const value = make();
      this.run('INSERT INTO settings (name, value) VALUES (?, ?)', name, value);
      return value;
    });
  }

  async countRegisters(): Promise<number> {
    return Number(this.get('SELECT COUNT(*) AS n FROM registers')?.n ?? 0);
  }

  async createRegister(r: Register & { apiKeyHash: string }): Promise<void> {
    this.run(
      'INSERT INTO registers (id, code, name, api_key_hash, created_at) VALUES (?, ?, ?, ?, ?)',
      r.id, r.code, r.name, r.apiKeyHash, r.createdAt,
    );
  }

  async findRegisterByKeyHash(apiKeyHash: string): Promise<Register | null> {
    const row = this.get('SELECT id, code, name, created_at FROM registers WHERE api_key_hash = ?', apiKeyHash);
    return row ? { id: String(row.id), code: String(row.code), name: String(row.name), createdAt: Number(row.created_at) } : null;
  }

  async ingestEvent(e: NewEvent): Promise<IngestResult> {
    return this.tx((): IngestResult => {
      const existing = this.get(
        'SELECT id, content_hash FROM events WHERE register_id = ? AND register_event_id = ?',
        e.registerId, e.registerEventId,
      );
      if (existing) {
        if (existing.content_hash !== e.contentHash) return { kind: 'conflict', existingId: String(existing.id) };
        return { kind: 'duplicate', event: this.storedEvent(String(existing.id)) };
      }
      this.run(
        `INSERT INTO events (id, register_id, register_event_id, type, occurred_at, person_key, content_hash, payload, warnings, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        e.id, e.registerId, e.registerEventId, e.type, e.occurredAt, e.personKey, e.contentHash, e.payload,
        JSON.stringify(e.warnings), e.receivedAt,
      );
      this.run(
        `INSERT INTO deliveries (id, event_id, contract, message_id, person_key, seq, status, attempts, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM deliveries), 'accepted', 0, ?, ?, ?)`,
        e.delivery.id, e.id, e.delivery.contract, e.delivery.messageId, e.personKey, e.receivedAt, e.receivedAt, e.receivedAt,
      );
      return { kind: 'created', event: this.storedEvent(e.id) };
    });
  }

  private storedEvent(id: string): StoredEvent {
    const row = this.get(
      `SELECT e.*, d.status FROM events e JOIN deliveries d ON d.event_id = e.id WHERE e.id = ?`,
      id,
    );
    if (!row) throw new Error(`event ${id} vanished inside its transaction`);
    return toStoredEvent(row);
  }

  async getEvent(id: string): Promise<EventDetails | null> {
    const row = this.get(
      `SELECT e.id, e.register_id, e.register_event_id, e.type, e.occurred_at, e.received_at, e.warnings,
              d.id AS delivery_id, d.message_id, d.contract, d.status, d.attempts, d.next_attempt_at,
              d.receipt_number, d.receipt_status, d.registered_at, d.rejection_code, d.rejection_reason,
              d.last_error, d.finished_at
         FROM events e JOIN deliveries d ON d.event_id = e.id
        WHERE e.id = ?`,
      id,
    );
    if (!row) return null;
    const attempts = this.all('SELECT * FROM attempts WHERE delivery_id = ? ORDER BY number', String(row.delivery_id));
    return { ...toStoredEvent(row), delivery: toDeliveryView(row), attempts: attempts.map(toAttempt) };
  }

  async countByStatus(): Promise<Record<DeliveryStatus, number>> {
    const counts: Record<DeliveryStatus, number> = { accepted: 0, retrying: 0, delivered: 0, rejected: 0, failed: 0 };
    for (const row of this.all('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status')) {
      counts[String(row.status) as DeliveryStatus] = Number(row.n);
    }
    return counts;
  }

  async beginIdempotency(scope: IdempotencyScope, requestHash: string, now: number, lockMs: number, retentionMs: number): Promise<IdempotencyBegin> {
    return this.tx((): IdempotencyBegin => {
      const key = [scope.registerId, scope.key] as const;
      let row = this.get('SELECT * FROM idempotency_keys WHERE register_id = ? AND key = ?', ...key);
      if (row && Number(row.created_at) < now - retentionMs) {
        this.run('DELETE FROM idempotency_keys WHERE register_id = ? AND key = ?', ...key);
        row = undefined;
      }
      if (!row) {
        this.run(
          `INSERT INTO idempotency_keys (register_id, key, request_hash, state, locked_until, created_at)
           VALUES (?, ?, ?, 'in_flight', ?, ?)`,
          ...key, requestHash, now + lockMs, now,
        );
        return { kind: 'started' };
      }
      if (row.request_hash !== requestHash) return { kind: 'mismatch' };
      if (row.state === 'done') {
        return {
          kind: 'replay',
          response: {
            status: Number(row.response_status),
            headers: JSON.parse(String(row.response_headers)) as Record<string, string>,
            body: String(row.response_body),
          },
        };
      }
      if (Number(row.locked_until) > now) return { kind: 'in_flight' };
      // The first request's process died before it finished: take the key over.
      this.run('UPDATE idempotency_keys SET locked_until = ? WHERE register_id = ? AND key = ?', now + lockMs, ...key);
      return { kind: 'started' };
    });
  }

  async completeIdempotency(scope: IdempotencyScope, response: StoredResponse): Promise<void> {
    this.run(
      `UPDATE idempotency_keys
          SET state = 'done', locked_until = NULL, response_status = ?, response_headers = ?, response_body = ?
        WHERE register_id = ? AND key = ?`,
      response.status, JSON.stringify(response.headers), response.body, scope.registerId, scope.key,
    );
  }

  async abandonIdempotency(scope: IdempotencyScope): Promise<void> {
    this.run(
      `DELETE FROM idempotency_keys WHERE register_id = ? AND key = ? AND state = 'in_flight'`,
      scope.registerId, scope.key,
    );
  }

  async purgeIdempotency(olderThan: number): Promise<number> {
    return this.run(`DELETE FROM idempotency_keys WHERE created_at < ? AND state = 'done'`, olderThan);
  }

  async claimDue(owner: string, now: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    return this.tx(() => {
      const claimed = this.all(
        `UPDATE deliveries SET lease_owner = ?, lease_until = ?
          WHERE id IN (SELECT id FROM deliveries
                        WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?
                          AND (lease_until IS NULL OR lease_until <= ?)
                        ORDER BY next_attempt_at, seq
                        LIMIT ?)
          RETURNING id`,
        owner, now + leaseMs, now, now, limit,
      );
      return claimed.map((c) => {
        const row = this.get(
          `SELECT d.id, d.event_id, d.message_id, d.contract, d.attempts, d.request_xml, e.payload, r.code AS register_code
             FROM deliveries d JOIN events e ON e.id = d.event_id JOIN registers r ON r.id = e.register_id
            WHERE d.id = ?`,
          String(c.id),
        ) as Row;
        return {
          id: String(row.id),
          eventId: String(row.event_id),
          messageId: String(row.message_id),
          contract: String(row.contract),
          attempts: Number(row.attempts),
          payload: String(row.payload),
          registerCode: String(row.register_code),
          requestXml: row.request_xml === null ? null : String(row.request_xml),
        };
      });
    });
  }

  async saveSignedRequest(deliveryId: string, owner: string, requestXml: string): Promise<string> {
    // Only the first signature is kept: every retry must carry the same bytes.
    return this.tx(() => {
      this.run(
        'UPDATE deliveries SET request_xml = ? WHERE id = ? AND lease_owner = ? AND request_xml IS NULL',
        requestXml, deliveryId, owner,
      );
      const row = this.get('SELECT request_xml FROM deliveries WHERE id = ?', deliveryId);
      if (!row || row.request_xml === null) throw new Error(`delivery ${deliveryId} lost its lease before signing was saved`);
      return String(row.request_xml);
    });
  }

  async recordAttempt(deliveryId: string, owner: string, a: AttemptRecord, result: AttemptResult, now: number): Promise<boolean> {
    return this.tx(() => {
      const receipt = result.status === 'delivered' ? result.receipt : null;
      const rejection = result.status === 'rejected' ? result.rejection : null;
      const changed = this.run(
        `UPDATE deliveries
            SET status = ?, attempts = attempts + 1, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL,
                receipt_number = ?, receipt_status = ?, registered_at = ?, rejection_code = ?, rejection_reason = ?,
                last_error = ?, updated_at = ?, finished_at = ?
          WHERE id = ? AND lease_owner = ?`,
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
      this.run(
        `INSERT INTO attempts (delivery_id, number, started_at, duration_ms, outcome, http_status, error_class, detail, response_excerpt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        deliveryId, a.number, a.startedAt, a.durationMs, a.outcome, a.httpStatus, a.errorClass, a.detail, a.responseExcerpt,
      );
      return true;
    });
  }

  async nextDueAt(): Promise<number | null> {
    const row = this.get(
      `SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) AS due FROM deliveries WHERE next_attempt_at IS NOT NULL`,
    );
    return row?.due === null || row?.due === undefined ? null : Number(row.due);
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}
