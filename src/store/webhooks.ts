// Webhooks: a register's endpoints and their secrets, the outbox of messages written in the same
// transaction as the change they report (enqueueWebhooks), the worker's claims (leases, order per
// person on one endpoint, a bound on what one endpoint may hold at once), each attempt, resends, and
// the automatic disabling of an endpoint that keeps failing (audited in the same transaction).
import type { Actor } from '../delivery/model/actors.ts';
import type {
  ClaimedWebhookMessage,
  DisabledReason,
  WebhookAttempt,
  WebhookAttemptResult,
  WebhookEndpoint,
  WebhookEventType,
  WebhookMessageStatus,
  WebhookNotification,
} from '../webhooks/model.ts';
import { uuidv7 } from '../ids.ts';
import { insertAudit } from './audit.ts';
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import { numberOrNull, textOrNull, type Database, type Dialect, type Queryable, type Row } from './db/database.ts';

export interface NewWebhookEndpoint {
  id: string;
  registerId: string;
  url: string;
  description: string | null;
  eventTypes: WebhookEventType[];
  secret: string;
}

export interface EndpointChange {
  url?: string;
  description?: string | null;
  eventTypes?: WebhookEventType[];
  enabled?: boolean;
}

export interface WebhookMessageView {
  id: string;
  type: string;
  status: WebhookMessageStatus;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
}

/** The endpoint's register, or null for operators (who see every register). */
type Scope = string | null;

const ENDPOINT_COLUMNS = `e.id, e.register_id, r.code AS register_code, e.url, e.description, e.enabled, e.disabled_reason, e.disabled_at,
       e.failing_since, e.previous_secret_expires_at, e.created_at, e.updated_at`;
const IN_SCOPE = `(CAST(:registerId AS TEXT) IS NULL OR e.register_id = :registerId)`;

const ENDPOINTS = `
  SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e JOIN registers r ON r.id = e.register_id
   WHERE ${IN_SCOPE} ORDER BY r.code, e.created_at, e.id`;
const ENDPOINT = `
  SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e JOIN registers r ON r.id = e.register_id
   WHERE e.id = :id AND ${IN_SCOPE}`;
const ENDPOINT_TYPES = `
  SELECT t.endpoint_id, t.type FROM webhook_endpoint_types t JOIN webhook_endpoints e ON e.id = t.endpoint_id
   WHERE ${IN_SCOPE} ORDER BY t.type`;
/** Endpoints the worker disabled for failing: the console dashboard's notice. */
const DISABLED_FOR_FAILING = `
  SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints e JOIN registers r ON r.id = e.register_id
   WHERE e.enabled = 0 AND e.disabled_reason = 'failing' ORDER BY e.disabled_at DESC`;

const INSERT_ENDPOINT = `
  INSERT INTO webhook_endpoints (id, register_id, url, description, secret, enabled, created_at, updated_at)
  VALUES (:id, :registerId, :url, :description, :secret, 1, :now, :now)`;
const INSERT_TYPE = `INSERT INTO webhook_endpoint_types (endpoint_id, type) VALUES (:endpointId, :type)`;
const DELETE_TYPES = `DELETE FROM webhook_endpoint_types WHERE endpoint_id = :endpointId`;
const UPDATE_ENDPOINT = `
  UPDATE webhook_endpoints
     SET url = :url, description = :description, enabled = :enabled, disabled_reason = :disabledReason, disabled_at = :disabledAt,
         failing_since = :failingSince, updated_at = :now
   WHERE id = :id`;
const DELETE_ENDPOINT = `DELETE FROM webhook_endpoints WHERE id = :id`;
const DELETE_ENDPOINT_ATTEMPTS = `DELETE FROM webhook_attempts WHERE message_id IN (SELECT id FROM webhook_messages WHERE endpoint_id = :id)`;
const DELETE_ENDPOINT_MESSAGES = `DELETE FROM webhook_messages WHERE endpoint_id = :id`;

/** The new secret signs from now on; the current one (:previousSecret) keeps signing beside it until :expiresAt. */
const ROTATE_SECRET = `
  UPDATE webhook_endpoints SET previous_secret = :previousSecret, previous_secret_expires_at = :expiresAt, secret = :secret, updated_at = :now
   WHERE id = :id`;
const SECRETS = `SELECT secret, previous_secret, previous_secret_expires_at FROM webhook_endpoints WHERE id = :id`;

/** Endpoints `w` subscribed to :type, to be joined on `subscribedBy(register)`: who a notification goes to. */
export const SUBSCRIBED_ENDPOINTS = '(webhook_endpoints w JOIN webhook_endpoint_types t ON t.endpoint_id = w.id AND t.type = :type)';
export const subscribedBy = (registerId: string): string => `w.register_id = ${registerId} AND w.enabled = 1`;
const SUBSCRIBED = `SELECT w.id FROM ${SUBSCRIBED_ENDPOINTS} WHERE ${subscribedBy(':registerId')} ORDER BY w.id`;
/** Arrival order: SQLite takes MAX(seq) + 1 under its writer lock, PostgreSQL its identity sequence. */
const NEXT_SEQ: Record<Dialect, { column: string; value: string }> = {
  sqlite: { column: ', seq', value: ', (SELECT COALESCE(MAX(seq), 0) + 1 FROM webhook_messages)' },
  postgres: { column: '', value: '' },
};
const insertMessage = (dialect: Dialect) => `
  INSERT INTO webhook_messages (id, endpoint_id${NEXT_SEQ[dialect].column}, type, person_key, payload, status, attempts, schedule_base, next_attempt_at, created_at, updated_at)
  VALUES (:id, :endpointId${NEXT_SEQ[dialect].value}, :type, :personKey, :payload, 'pending', 0, 0, :now, :now, :now)`;

/**
 * Due, not leased, of an enabled endpoint, with nothing earlier of the same person pending on that
 * endpoint; and no more per endpoint than :perEndpoint counting those already leased, so one
 * endpoint's backlog (or a receiver that hangs) never takes every slot of the worker.
 */
const CANDIDATES = `
  SELECT c.id FROM (
    SELECT m.id, m.next_attempt_at, m.seq,
           ROW_NUMBER() OVER (PARTITION BY m.endpoint_id ORDER BY m.next_attempt_at, m.seq) AS rank_in_endpoint,
           (SELECT COUNT(*) FROM webhook_messages l WHERE l.endpoint_id = m.endpoint_id AND l.status = 'pending' AND l.lease_until > :now) AS busy
      FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
     WHERE m.status = 'pending' AND m.next_attempt_at <= :now
       AND (m.lease_until IS NULL OR m.lease_until <= :now)
       AND e.enabled = 1
       AND NOT EXISTS (SELECT 1 FROM webhook_messages p
                        WHERE p.endpoint_id = m.endpoint_id AND p.person_key = m.person_key AND p.status = 'pending' AND p.seq < m.seq)
  ) c
   WHERE c.rank_in_endpoint + c.busy <= :perEndpoint
   ORDER BY c.next_attempt_at, c.seq
   LIMIT :limit`;
/** Anything due at all (the partial index of pending messages): most wakes find nothing, and then no write transaction is begun. */
const ANY_DUE = `SELECT 1 AS due FROM webhook_messages WHERE status = 'pending' AND next_attempt_at <= :now LIMIT 1`;
/** The lease test is made again on the row itself: of two instances that chose the same message, one gets it. */
const CLAIM = `
  UPDATE webhook_messages SET lease_owner = :owner, lease_until = :leaseUntil
   WHERE id IN (${CANDIDATES}) AND status = 'pending' AND (lease_until IS NULL OR lease_until <= :now)
  RETURNING id`;
const CLAIMED = `
  SELECT m.id, m.endpoint_id, e.url, m.type, m.payload, m.attempts, m.schedule_base
    FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id WHERE m.id = :id`;
const NEXT_DUE = `
  SELECT MIN(m.next_attempt_at) AS due FROM webhook_messages m JOIN webhook_endpoints e ON e.id = m.endpoint_id
   WHERE m.status = 'pending' AND e.enabled = 1 AND m.lease_until IS NULL`;

/** Nothing changes if this worker lost its lease meanwhile. */
const RECORD_RESULT = `
  UPDATE webhook_messages
     SET status = :status, attempts = attempts + 1, next_attempt_at = :nextAttemptAt, lease_owner = NULL, lease_until = NULL,
         last_error = :error, updated_at = :now
   WHERE id = :id AND lease_owner = :owner AND status = 'pending'`;
const INSERT_ATTEMPT = `
  INSERT INTO webhook_attempts (message_id, number, started_at, duration_ms, outcome, http_status, error)
  VALUES (:messageId, :number, :startedAt, :durationMs, :outcome, :httpStatus, :error)`;
const ENDPOINT_ANSWERED = `UPDATE webhook_endpoints SET failing_since = NULL WHERE id = :endpointId AND failing_since IS NOT NULL`;
const ENDPOINT_FAILED = `UPDATE webhook_endpoints SET failing_since = :now WHERE id = :endpointId AND failing_since IS NULL`;
const DISABLE_IF_FAILING_TOO_LONG = `
  UPDATE webhook_endpoints SET enabled = 0, disabled_reason = 'failing', disabled_at = :now, updated_at = :now
   WHERE id = :endpointId AND enabled = 1 AND failing_since IS NOT NULL AND failing_since <= :since`;
const ENDPOINT_OWNER = `SELECT register_id, failing_since FROM webhook_endpoints WHERE id = :endpointId`;
/** The breaker is open: the message waits, without an attempt counted. */
const DEFER = `UPDATE webhook_messages SET lease_owner = NULL, lease_until = NULL, next_attempt_at = :until WHERE id = :id AND lease_owner = :owner`;

const ATTEMPTS = `
  SELECT a.message_id, m.type, a.number, a.started_at, a.duration_ms, a.outcome, a.http_status, a.error
    FROM webhook_attempts a JOIN webhook_messages m ON m.id = a.message_id
   WHERE m.endpoint_id = :endpointId ORDER BY a.started_at DESC, m.seq DESC, a.number DESC LIMIT :limit`;
const MESSAGES = `
  SELECT id, type, status, attempts, next_attempt_at, last_error, created_at FROM webhook_messages
   WHERE endpoint_id = :endpointId ORDER BY seq DESC LIMIT :limit`;
/** A new attempt now, with a fresh schedule; a message in flight is left to its attempt. */
const RESEND = `
  UPDATE webhook_messages SET status = 'pending', next_attempt_at = :now, schedule_base = attempts, last_error = NULL, updated_at = :now
   WHERE id = :id AND endpoint_id = :endpointId AND (lease_until IS NULL OR lease_until <= :now)`;

/** Finished messages (delivered, or failed and not resent) older than the retention, with their attempts. */
const PURGE_ATTEMPTS = `DELETE FROM webhook_attempts WHERE message_id IN (SELECT id FROM webhook_messages WHERE status <> 'pending' AND updated_at < :before)`;
const PURGE_MESSAGES = `DELETE FROM webhook_messages WHERE status <> 'pending' AND updated_at < :before`;

function toEndpoint(row: Row, types: Map<string, WebhookEventType[]>): WebhookEndpoint {
  const id = String(row.id);
  return {
    id,
    registerId: String(row.register_id),
    registerCode: String(row.register_code),
    url: String(row.url),
    description: textOrNull(row.description),
    eventTypes: types.get(id) ?? [],
    enabled: Number(row.enabled) === 1,
    disabledReason: textOrNull(row.disabled_reason) as DisabledReason | null,
    disabledAt: numberOrNull(row.disabled_at),
    failingSince: numberOrNull(row.failing_since),
    previousSecretExpiresAt: numberOrNull(row.previous_secret_expires_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

async function typesOf(q: Queryable, registerId: Scope): Promise<Map<string, WebhookEventType[]>> {
  const types = new Map<string, WebhookEventType[]>();
  for (const row of await q.all(ENDPOINT_TYPES, { registerId })) {
    const id = String(row.endpoint_id);
    types.set(id, [...(types.get(id) ?? []), String(row.type) as WebhookEventType]);
  }
  return types;
}

async function readEndpoint(q: Queryable, id: string, registerId: Scope): Promise<WebhookEndpoint | null> {
  const row = await q.one(ENDPOINT, { id, registerId });
  if (!row) return null;
  return toEndpoint(row, await typesOf(q, String(row.register_id)));
}

/**
 * Writes one message per enabled endpoint of the register subscribed to `n.type`, on `q`: call it
 * inside the transaction of the change it reports, so the message exists exactly when the change
 * does. Returns how many messages were written.
 */
export async function enqueueWebhooks(q: Queryable, n: WebhookNotification, now: number): Promise<number> {
  const endpoints = await q.all(SUBSCRIBED, { registerId: n.registerId, type: n.type });
  return enqueueWebhooksTo(q, endpoints.map((e) => String(e.id)), n, now);
}

/** enqueueWebhooks to the endpoints a caller has read already (SUBSCRIBED's, in its order). */
export async function enqueueWebhooksTo(q: Queryable, endpointIds: readonly string[], n: WebhookNotification, now: number): Promise<number> {
  if (endpointIds.length === 0) return 0;
  const payload = JSON.stringify({ type: n.type, timestamp: new Date(now).toISOString(), data: n.data });
  // Issued together, written in this order (one round trip on PostgreSQL's pipelined connection).
  await Promise.all(endpointIds.map((endpointId) => q.run(insertMessage(q.dialect), { id: `msg_${uuidv7(now)}`, endpointId, type: n.type, personKey: n.personKey, payload, now })));
  return endpointIds.length;
}

/** `fields`: the audit log's cipher (its entries may be encrypted at rest); the webhook secrets are kept in their own column, for the at-rest work to cover. */
export function createWebhooks(db: Database, fields: FieldCipher) {
  const audit = (q: Queryable, actor: Actor, action: string, endpoint: { id: string; registerId: string }, now: number, detail: Record<string, unknown> = {}) =>
    insertAudit(q, fields, { at: now, actor, action, eventId: null, reason: null, detail: { endpointId: endpoint.id, registerId: endpoint.registerId, ...detail } });

  return {
    enqueue: enqueueWebhooks,

    async createEndpoint(e: NewWebhookEndpoint, actor: Actor, now: number): Promise<WebhookEndpoint> {
      return db.transaction(async (tx) => {
        await tx.run(INSERT_ENDPOINT, { ...e, secret: fields.seal(ENCRYPTED.webhookSecret, [e.id], e.secret), now });
        for (const type of e.eventTypes) await tx.run(INSERT_TYPE, { endpointId: e.id, type });
        await audit(tx, actor, 'webhook_endpoint_create', e, now);
        return (await readEndpoint(tx, e.id, null)) as WebhookEndpoint;
      });
    },

    async listEndpoints(registerId: Scope): Promise<WebhookEndpoint[]> {
      const types = await typesOf(db, registerId);
      return (await db.all(ENDPOINTS, { registerId })).map((row) => toEndpoint(row, types));
    },

    endpoint: (id: string, registerId: Scope): Promise<WebhookEndpoint | null> => readEndpoint(db, id, registerId),

    async disabledForFailing(): Promise<WebhookEndpoint[]> {
      const types = await typesOf(db, null);
      return (await db.all(DISABLED_FOR_FAILING)).map((row) => toEndpoint(row, types));
    },

    /** Null when the endpoint is not in scope. Enabling starts its failure clock afresh. */
    async updateEndpoint(id: string, registerId: Scope, change: EndpointChange, actor: Actor, now: number): Promise<WebhookEndpoint | null> {
      return db.transaction(async (tx) => {
        const current = await readEndpoint(tx, id, registerId);
        if (!current) return null;
        const enabled = change.enabled ?? current.enabled;
        const toggled = enabled !== current.enabled;
        const disabledReason: DisabledReason | null = enabled ? null : toggled ? (actor.kind === 'operator' ? 'operator' : 'register') : current.disabledReason;
        await tx.run(UPDATE_ENDPOINT, {
          id,
          url: change.url ?? current.url,
          description: change.description === undefined ? current.description : change.description,
          enabled: enabled ? 1 : 0,
          disabledReason,
          disabledAt: enabled ? null : toggled ? now : current.disabledAt,
          failingSince: toggled && enabled ? null : current.failingSince,
          now,
        });
        if (change.eventTypes) {
          await tx.run(DELETE_TYPES, { endpointId: id });
          for (const type of change.eventTypes) await tx.run(INSERT_TYPE, { endpointId: id, type });
        }
        const action = toggled ? (enabled ? 'webhook_endpoint_enable' : 'webhook_endpoint_disable') : 'webhook_endpoint_update';
        await audit(tx, actor, action, current, now, { fields: Object.keys(change).sort() });
        return readEndpoint(tx, id, registerId);
      });
    },

    /** Removes the endpoint with its messages and attempts; false when it is not in scope. */
    async deleteEndpoint(id: string, registerId: Scope, actor: Actor, now: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const current = await readEndpoint(tx, id, registerId);
        if (!current) return false;
        await tx.run(DELETE_ENDPOINT_ATTEMPTS, { id });
        await tx.run(DELETE_ENDPOINT_MESSAGES, { id });
        await tx.run(DELETE_TYPES, { endpointId: id });
        await tx.run(DELETE_ENDPOINT, { id });
        await audit(tx, actor, 'webhook_endpoint_delete', current, now);
        return true;
      });
    },

    async rotateSecret(id: string, registerId: Scope, secret: string, overlapMs: number, actor: Actor, now: number): Promise<WebhookEndpoint | null> {
      return db.transaction(async (tx) => {
        const current = await readEndpoint(tx, id, registerId);
        if (!current) return null;
        // Each column is sealed under its own name: the current secret is opened and sealed again as the previous one.
        const previous = fields.open(ENCRYPTED.webhookSecret, [id], (await tx.one(SECRETS, { id }))?.secret);
        await tx.run(ROTATE_SECRET, {
          id,
          secret: fields.seal(ENCRYPTED.webhookSecret, [id], secret),
          previousSecret: fields.seal(ENCRYPTED.webhookPreviousSecret, [id], previous),
          expiresAt: now + overlapMs,
          now,
        });
        await audit(tx, actor, 'webhook_secret_rotate', current, now, { overlapMs });
        return readEndpoint(tx, id, registerId);
      });
    },

    /** The secrets that sign a message now: the current one, and the previous one while the rotation overlaps. */
    async signingSecrets(endpointId: string, now: number): Promise<string[]> {
      const row = await db.one(SECRETS, { id: endpointId });
      if (!row) return [];
      const previousUntil = numberOrNull(row.previous_secret_expires_at);
      const current = fields.open(ENCRYPTED.webhookSecret, [endpointId], row.secret) as string;
      const previous = fields.open(ENCRYPTED.webhookPreviousSecret, [endpointId], row.previous_secret);
      return previous !== null && previousUntil !== null && now < previousUntil ? [current, previous] : [current];
    },

    /** Leases up to `limit` due messages to `owner` until now + leaseMs, at most `perEndpoint` per endpoint. */
    async claimDue(owner: string, now: number, leaseMs: number, limit: number, perEndpoint: number): Promise<ClaimedWebhookMessage[]> {
      // The worker is woken by every recorded delivery attempt; without a due message that costs a read only.
      if (!(await db.one(ANY_DUE, { now }))) return [];
      return db.transaction(async (tx) => {
        const claimed: ClaimedWebhookMessage[] = [];
        for (const { id } of await tx.all(CLAIM, { owner, leaseUntil: now + leaseMs, now, limit, perEndpoint })) {
          const row = (await tx.one(CLAIMED, { id })) as Row;
          claimed.push({
            id: String(row.id),
            endpointId: String(row.endpoint_id),
            url: String(row.url),
            type: String(row.type),
            payload: String(row.payload),
            attempts: Number(row.attempts),
            scheduleBase: Number(row.schedule_base),
          });
        }
        return claimed;
      });
    },

    async nextDueAt(): Promise<number | null> {
      return numberOrNull((await db.one(NEXT_DUE))?.due);
    },

    /** The breaker of its endpoint is open: the message waits until `until`, no attempt counted. */
    defer: (id: string, owner: string, until: number): Promise<number> => db.run(DEFER, { id, owner, until }),

    /**
     * Records the attempt and the message's new state in one transaction, and the endpoint's health:
     * one that has failed since `now - disableAfterMs` or longer is disabled, with an audit entry.
     */
    async recordAttempt(
      m: Pick<ClaimedWebhookMessage, 'id' | 'endpointId'>,
      owner: string,
      attempt: Omit<WebhookAttempt, 'messageId' | 'type'>,
      result: WebhookAttemptResult,
      now: number,
      disableAfterMs: number,
    ): Promise<{ recorded: boolean; disabled: boolean }> {
      return db.transaction(async (tx) => {
        const changed = await tx.run(RECORD_RESULT, {
          id: m.id,
          owner,
          status: result.status,
          nextAttemptAt: result.status === 'pending' ? result.nextAttemptAt : null,
          error: result.status === 'delivered' ? null : result.error,
          now,
        });
        if (changed === 0) return { recorded: false, disabled: false };
        await tx.run(INSERT_ATTEMPT, { ...attempt, messageId: m.id });
        if (attempt.outcome === 'delivered') {
          await tx.run(ENDPOINT_ANSWERED, { endpointId: m.endpointId });
          return { recorded: true, disabled: false };
        }
        await tx.run(ENDPOINT_FAILED, { endpointId: m.endpointId, now });
        const disabled = (await tx.run(DISABLE_IF_FAILING_TOO_LONG, { endpointId: m.endpointId, now, since: now - disableAfterMs })) > 0;
        if (disabled) {
          const owner = (await tx.one(ENDPOINT_OWNER, { endpointId: m.endpointId })) as Row;
          await audit(tx, { kind: 'system' }, 'webhook_endpoint_auto_disable', { id: m.endpointId, registerId: String(owner.register_id) }, now, {
            failingSince: Number(owner.failing_since),
          });
        }
        return { recorded: true, disabled };
      });
    },

    async attempts(endpointId: string, limit: number): Promise<WebhookAttempt[]> {
      return (await db.all(ATTEMPTS, { endpointId, limit })).map((r) => ({
        messageId: String(r.message_id),
        type: String(r.type),
        number: Number(r.number),
        startedAt: Number(r.started_at),
        durationMs: Number(r.duration_ms),
        outcome: String(r.outcome) as WebhookAttempt['outcome'],
        httpStatus: numberOrNull(r.http_status),
        error: textOrNull(r.error),
      }));
    },

    async messages(endpointId: string, limit: number): Promise<WebhookMessageView[]> {
      return (await db.all(MESSAGES, { endpointId, limit })).map((r) => ({
        id: String(r.id),
        type: String(r.type),
        status: String(r.status) as WebhookMessageStatus,
        attempts: Number(r.attempts),
        nextAttemptAt: numberOrNull(r.next_attempt_at),
        lastError: textOrNull(r.last_error),
        createdAt: Number(r.created_at),
      }));
    },

    /** Removes finished messages last changed before `before`, with their attempts; returns how many messages. */
    purgeFinished: (before: number): Promise<number> =>
      db.transaction(async (tx) => {
        await tx.run(PURGE_ATTEMPTS, { before });
        return tx.run(PURGE_MESSAGES, { before });
      }),

    /** A new attempt of the message now; false when it is not the endpoint's or an attempt is in flight. */
    async resend(endpoint: Pick<WebhookEndpoint, 'id' | 'registerId'>, messageId: string, actor: Actor, now: number): Promise<boolean> {
      return db.transaction(async (tx) => {
        const changed = await tx.run(RESEND, { id: messageId, endpointId: endpoint.id, now });
        if (changed === 0) return false;
        await audit(tx, actor, 'webhook_message_resend', endpoint, now, { messageId });
        return true;
      });
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
