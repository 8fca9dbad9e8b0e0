// Which operator action applies when, in one place for both databases and the console.
import type { DeliveryStatus } from './status.ts';

/**
 * A rejected delivery is resent as a new message (DMS keeps its verdict per message id); a failed
 * one, or one waiting for its next retry, is tried again as the same message. Nothing else is retried.
 */
export function retryKind(status: DeliveryStatus): 'new_message' | 'same_message' | null {
  if (status === 'rejected') return 'new_message';
  if (status === 'failed' || status === 'retrying') return 'same_message';
  return null;
}

/** Anything not delivered or already cancelled can be cancelled. */
export function cancelApplies(status: DeliveryStatus): boolean {
  return status !== 'delivered' && status !== 'cancelled';
}

/** An attempt is in flight while its lease runs: an action must wait for its outcome. */
export function attemptInFlight(leaseUntil: number | null, now: number): boolean {
  return leaseUntil !== null && leaseUntil > now;
}
