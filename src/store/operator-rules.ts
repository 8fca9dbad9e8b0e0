// When an operator's action applies, in one place for both stores and the console.
import type { DeliveryStatus, EventStatus } from './store.ts';

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

export function emptyCounts(): Record<EventStatus, number> {
  return { accepted: 0, retrying: 0, blocked: 0, delivered: 0, rejected: 0, failed: 0, cancelled: 0 };
}
