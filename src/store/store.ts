// The Store is the only way the routes and the worker touch durable state, so that the embedded
// SQLite store and a PostgreSQL one are interchangeable. Times are milliseconds since the epoch.
import type { Warning } from '../domain/event.ts';

export type DeliveryStatus = 'accepted' | 'retrying' | 'delivered' | 'rejected' | 'failed' | 'cancelled';
/** What a register or an operator sees: `blocked` is derived — an earlier event of the same person ended rejected or failed. */
export type EventStatus = DeliveryStatus | 'blocked';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['accepted', 'retrying', 'delivered', 'rejected', 'failed', 'cancelled'];
export const FINAL_STATUSES: readonly DeliveryStatus[] = ['delivered', 'rejected', 'failed', 'cancelled'];

export type OperatorRole = 'viewer' | 'operator' | 'admin';

export interface Operator {
  id: string;
  name: string;
  role: OperatorRole;
  createdAt: number;
}

/** Who did something: an operator by name, a register by code, or the gateway itself. */
export type Actor =
  | { kind: 'operator'; id: string; name: string }
  | { kind: 'register'; id: string; code: string }
  /** A bulk replay job acting for the operator who started it. */
  | { kind: 'replay'; jobId: string; requestedBy: string }
  | { kind: 'system' };

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  eventId: string | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
}

export interface Register {
  id: string;
  code: string;
  name: string;
  createdAt: number;
}

export interface NewEvent {
  id: string;
  registerId: string;
  registerEventId: string;
  type: string;
  occurredAt: string;
  /** occurredAt as an instant: the order of one person's events. */
  occurredAtMs: number;
  personKey: string;
  contentHash: string;
  /** The normalised event, as JSON. */
  payload: string;
  warnings: Warning[];
  receivedAt: number;
  delivery: { id: string; messageId: string; contract: string };
}

export type IngestResult =
  | { kind: 'created'; event: StoredEvent }
  /** The register sent this event id before with the same content: nothing new is stored. */
  | { kind: 'duplicate'; event: StoredEvent }
  /** The register sent this event id before with different content. */
  | { kind: 'conflict'; existingId: string };

export interface StoredEvent {
  id: string;
  registerId: string;
  registerEventId: string;
  type: string;
  occurredAt: string;
  receivedAt: number;
  warnings: Warning[];
  status: EventStatus;
}

export interface Receipt {
  number: string;
  status: string;
  registeredAt: string;
}

export interface Rejection {
  code: string;
  reason: string;
}

/** The earliest undelivered event of the same person, which this one waits for. */
export interface WaitingFor {
  /** null when the earlier event is another register's, shown to a register (not its business). */
  eventId: string | null;
  status: DeliveryStatus;
}

export interface DeliveryView {
  id: string;
  messageId: string;
  contract: string;
  status: DeliveryStatus;
  waitingFor: WaitingFor | null;
  cancelReason: string | null;
  attempts: number;
  nextAttemptAt: number | null;
  receipt: Receipt | null;
  rejection: Rejection | null;
  lastError: string | null;
  finishedAt: number | null;
}

export interface AttemptRecord {
  number: number;
  startedAt: number;
  durationMs: number;
  outcome: 'delivered' | 'rejected' | 'retryable';
  httpStatus: number | null;
  errorClass: string | null;
  detail: string | null;
  responseExcerpt: string | null;
}

export interface EventDetails extends StoredEvent {
  delivery: DeliveryView;
  attempts: AttemptRecord[];
}

/** A delivery handed to one worker until `leaseUntil`. */
export interface ClaimedDelivery {
  id: string;
  eventId: string;
  messageId: string;
  contract: string;
  attempts: number;
  /** Attempts made before the last operator retry: the schedule restarts from there. */
  scheduleBase: number;
  payload: string;
  registerCode: string;
  /** The signed request from the first attempt: retries resend exactly these bytes. */
  requestXml: string | null;
}

/** What the worker decided after an attempt. */
export type AttemptResult =
  | { status: 'delivered'; receipt: Receipt }
  | { status: 'rejected'; rejection: Rejection }
  | { status: 'retrying'; nextAttemptAt: number; error: string }
  | { status: 'failed'; error: string };

export type OperatorActionResult =
  | { kind: 'done'; event: EventDetails }
  | { kind: 'not_found' }
  /** The action does not apply to the delivery's current status (e.g. cancelling a delivered event). */
  | { kind: 'not_applicable'; status: EventStatus }
  /** An attempt is in flight right now: its outcome must be known first. */
  | { kind: 'in_flight' };

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyBegin =
  | { kind: 'started' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

export interface IdempotencyScope {
  registerId: string;
  key: string;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  /** A secret made once per installation, kept in the store so every instance shares it. */
  getOrCreateSecret(name: string, make: () => string): Promise<string>;

  countOperators(): Promise<number>;
  createOperator(operator: Operator & { tokenHash: string }): Promise<void>;
  findOperatorByTokenHash(tokenHash: string): Promise<Operator | null>;

  countRegisters(): Promise<number>;
  createRegister(register: Register & { apiKeyHash: string }): Promise<void>;
  findRegisterByKeyHash(apiKeyHash: string): Promise<Register | null>;

  /** Event and delivery task in one transaction, durable before it returns. */
  ingestEvent(event: NewEvent): Promise<IngestResult>;
  getEvent(id: string): Promise<EventDetails | null>;

  /** Operator actions; each is written to the audit log in the same transaction. */
  cancelDelivery(eventId: string, actor: Actor, reason: string, now: number): Promise<OperatorActionResult>;
  retryDelivery(eventId: string, actor: Actor, reason: string | null, now: number, newMessageId: string): Promise<OperatorActionResult>;
  listAudit(eventId: string): Promise<AuditEntry[]>;
  /** After an outage: deliveries waiting for a later retry become due now. Returns how many. */
  expediteRetries(now: number): Promise<number>;

  beginIdempotency(scope: IdempotencyScope, requestHash: string, now: number, lockMs: number, retentionMs: number): Promise<IdempotencyBegin>;
  completeIdempotency(scope: IdempotencyScope, response: StoredResponse): Promise<void>;
  abandonIdempotency(scope: IdempotencyScope): Promise<void>;
  purgeIdempotency(olderThan: number): Promise<number>;

  claimDue(owner: string, now: number, leaseMs: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Keeps the first signed request of a delivery and returns the one kept. */
  saveSignedRequest(deliveryId: string, owner: string, requestXml: string): Promise<string>;
  /** Records the attempt and the new state in one transaction; false if the lease was lost. */
  recordAttempt(deliveryId: string, owner: string, attempt: AttemptRecord, result: AttemptResult, now: number): Promise<boolean>;
  /** When the next delivery becomes due, so an idle worker knows how long it may sleep. */
  nextDueAt(): Promise<number | null>;
  /**
   * Where several instances share the store (PostgreSQL: LISTEN/NOTIFY): calls `listener` when any
   * of them makes a delivery due now, so an idle worker need not wait for its next poll. Returns
   * how to stop listening.
   */
  onDue?(listener: () => void): () => void;

  close(): Promise<void>;
}
