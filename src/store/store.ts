// The Store is the only way the routes and the worker touch durable state, so that the embedded
// SQLite store and a PostgreSQL one are interchangeable. Times are milliseconds since the epoch.
import type { Warning } from '../domain/event.ts';

export type DeliveryStatus = 'accepted' | 'retrying' | 'delivered' | 'rejected' | 'failed';
export const FINAL_STATUSES: readonly DeliveryStatus[] = ['delivered', 'rejected', 'failed'];

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
  status: DeliveryStatus;
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

export interface DeliveryView {
  id: string;
  messageId: string;
  contract: string;
  status: DeliveryStatus;
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

  countRegisters(): Promise<number>;
  createRegister(register: Register & { apiKeyHash: string }): Promise<void>;
  findRegisterByKeyHash(apiKeyHash: string): Promise<Register | null>;

  /** Event and delivery task in one transaction, durable before it returns. */
  ingestEvent(event: NewEvent): Promise<IngestResult>;
  getEvent(id: string): Promise<EventDetails | null>;
  /** How many events there are in each delivery status. */
  countByStatus(): Promise<Record<DeliveryStatus, number>>;

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

  close(): Promise<void>;
}
