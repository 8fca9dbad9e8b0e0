// What the registers saw, kept as the run goes: the events accepted (with the gateway's id for each)
// and every answer that breaks the register API's promises. The verifier works from this.
import type { PlannedEvent } from './timeline.ts';

export interface AcceptedEvent {
  ref: string;
  registerIndex: number;
  personRef: string;
  occurredAtMs: number;
  /** The gateway's id from the 202 (or 200). */
  gatewayId: string;
  /** 202 when the answer said "new", 200 when the gateway found it already stored (a retry after a kill). */
  status: 202 | 200;
}

export type RegisterViolationKind =
  /** The gateway refused a valid event. */
  | 'refused'
  /** No answer within the register's patience. */
  | 'unanswered'
  /** The same key and body did not replay the first answer. */
  | 'replay_mismatch'
  /** The same eventId with a new key made (or named) another gateway event. */
  | 'register_duplicate';

export interface RegisterViolation {
  kind: RegisterViolationKind;
  ref: string;
  detail: string;
}

export class RunRecord {
  readonly accepted = new Map<string, AcceptedEvent>();
  readonly violations: RegisterViolation[] = [];
  /** Gateway ids a resend wrongly produced: a second event for one eventId. */
  readonly extraGatewayIds = new Set<string>();
  readonly counters = { posts: 0, networkErrors: 0, serverErrors: 0, inFlightWaits: 0, answered200: 0, resentSameKey: 0, resentSameEventId: 0 };

  accept(event: PlannedEvent, gatewayId: string, status: 202 | 200): void {
    this.accepted.set(event.ref, { ref: event.ref, registerIndex: event.registerIndex, personRef: event.personRef, occurredAtMs: event.occurredAtMs, gatewayId, status });
    if (status === 200) this.counters.answered200++;
  }

  violation(kind: RegisterViolationKind, ref: string, detail: string): void {
    this.violations.push({ kind, ref, detail });
  }
}
