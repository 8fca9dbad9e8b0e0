// What operators (and registers, for their own events) can see and do. The JSON API and the
// console both call this, so one set of access rules serves both: a register sees only its own
// events and acts on none; a viewer sees everything; an operator also retries, cancels, replays and
// reveals personal data (audited); an admin can do all of that. Errors are ProblemErrors.
import type { Principal } from '../auth/principal.ts';
import type { BreakerSnapshot } from '../delivery/circuit-breaker.ts';
import type { AuditEntry } from '../store/audit.ts';
import type { EventDetails } from '../store/events.ts';
import type { LogRow } from '../store/delivery-log.ts';
import type { EventStatus } from '../delivery/model/status.ts';

export interface EventFilter {
  status?: EventStatus;
  registerCode?: string;
  type?: string;
  /** Received at or after / before (ms since the epoch). */
  receivedFrom?: number;
  receivedTo?: number;
  /** An exact УНЗР, matched through the keyed person hash (never stored or logged in clear for this). */
  unzr?: string;
  /** true: sandbox events only; false: live only; absent: both. A register's key sees only its own side anyway. */
  sandbox?: boolean;
}

/** A row of the delivery log as the API names it: the register's own id is `eventId`. */
export type EventListItem = Omit<LogRow, 'registerEventId'> & { eventId: string };

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface ThroughputHour {
  /** Start of the hour, ms since the epoch. */
  hourStart: number;
  delivered: number;
  rejected: number;
  failed: number;
}

export interface Dashboard {
  counts: Record<EventStatus, number>;
  /** accepted + retrying + blocked */
  backlog: number;
  oldestWaiting: { id: string; eventId: string; receivedAt: number } | null;
  /** The last 24 hours, oldest first, one entry per hour. */
  throughput: ThroughputHour[];
  breakers: BreakerSnapshot[];
  /** The latest failed and blocked events (up to 10 each). */
  failed: EventListItem[];
  blocked: EventListItem[];
}

export interface MessageExchange {
  attempt: number;
  at: number;
  httpStatus: number | null;
  outcome: string;
  /** DMS's answer (masked unless revealed); null when there was none or it was purged. */
  answer: string | null;
  answerDigest: string | null;
}

export interface MessageView {
  eventId: string;
  messageId: string;
  /** Personal data replaced by "•••" unless revealed. */
  masked: boolean;
  /** The signed request as sent; null before the first attempt or after the retention purge. */
  request: string | null;
  requestDigest: string | null;
  purged: boolean;
  exchanges: MessageExchange[];
}

export type ReplayState = 'running' | 'done' | 'cancelled';

export interface ReplayFilter {
  status: 'failed' | 'rejected';
  registerCode?: string;
  type?: string;
  receivedFrom?: number;
  receivedTo?: number;
}

export interface ReplayJob {
  id: string;
  state: ReplayState;
  filter: ReplayFilter;
  reason: string;
  createdBy: string;
  createdAt: number;
  /** How many events matched when the job started. */
  total: number;
  processed: number;
  retried: number;
  /** Matched but no longer retryable when reached (delivered or cancelled meanwhile, or an attempt in flight). */
  skipped: number;
  finishedAt: number | null;
}

export interface EventWithAudit extends EventDetails {
  audit: AuditEntry[];
  registerCode: string;
}

export interface Operations {
  dashboard(p: Principal): Promise<Dashboard>;
  listEvents(p: Principal, filter: EventFilter, cursor: string | null, limit: number): Promise<Page<EventListItem>>;
  event(p: Principal, id: string): Promise<EventWithAudit>;
  /** The signed request and DMS's answers. `reveal` needs the operator role and is audited with the reason. */
  message(p: Principal, id: string, options: { reveal: boolean; reason?: string }): Promise<MessageView>;
  retry(p: Principal, id: string, reason: string | null): Promise<EventWithAudit>;
  cancel(p: Principal, id: string, reason: string): Promise<EventWithAudit>;
  startReplay(p: Principal, filter: ReplayFilter, reason: string): Promise<ReplayJob>;
  replays(p: Principal): Promise<ReplayJob[]>;
  replay(p: Principal, id: string): Promise<ReplayJob>;
  cancelReplay(p: Principal, id: string): Promise<ReplayJob>;
  auditLog(p: Principal, cursor: string | null, limit: number): Promise<Page<AuditEntry>>;
}
