// The states of a delivery, and the one a reader sees. The delivery model (this folder) is the
// gateway's own, beside the worker that drives it; src/domain holds the rules of the events themselves.
// Order per person: an event is delivered only after every earlier event of the same person is
// settled; an earlier one that ended badly blocks it.
// After `delivered` (DMS acknowledged receipt), DMS's final outcome from ЄДДР arrives later, pushed
// over the DMS → gateway channel: `registered` or `refused`. It is not a delivery status (the
// gateway's delivery is done) but DMS's decision about the delivered message, shown in its place.
// A refused event does not hold the person's later events back: the message was delivered.

export type DeliveryStatus = 'accepted' | 'retrying' | 'delivered' | 'rejected' | 'failed' | 'cancelled';
/** DMS's final decision about a delivered message (src/dms-inbound). */
export type OutcomeKind = 'registered' | 'refused';
export const OUTCOME_KINDS: readonly OutcomeKind[] = ['registered', 'refused'];
/** What a register or an operator sees: `blocked` and the outcomes are derived (see visibleStatus). */
export type EventStatus = DeliveryStatus | 'blocked' | OutcomeKind;
/** Every status a reader may see and filter on. */
export const EVENT_STATUSES: readonly EventStatus[] = ['accepted', 'retrying', 'blocked', 'delivered', 'registered', 'refused', 'rejected', 'failed', 'cancelled'];

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['accepted', 'retrying', 'delivered', 'rejected', 'failed', 'cancelled'];
export const FINAL_STATUSES: readonly DeliveryStatus[] = ['delivered', 'rejected', 'failed', 'cancelled'];
/** Still to be delivered: waiting for an attempt, or for the next one. */
export const PENDING_STATUSES: readonly DeliveryStatus[] = ['accepted', 'retrying'];
/** An earlier event in one of these no longer holds the person's later events back. */
export const SETTLED_STATUSES: readonly DeliveryStatus[] = ['delivered', 'cancelled'];
/** An earlier event that ended in one of these blocks the person's later events until an operator acts. */
export const BLOCKING_STATUSES: readonly DeliveryStatus[] = ['rejected', 'failed'];

/** Does a delivery in `status` hold back the later events of its person? */
export function holdsBack(status: DeliveryStatus): boolean {
  return !SETTLED_STATUSES.includes(status);
}

/**
 * The status shown for a delivery, given the statuses of its person's earlier deliveries and DMS's
 * outcome for its current message (only a delivered message has one that counts).
 */
export function visibleStatus(status: DeliveryStatus, earlier: readonly DeliveryStatus[], outcome: OutcomeKind | null = null): EventStatus {
  const pending = PENDING_STATUSES.includes(status);
  if (pending && earlier.some((s) => BLOCKING_STATUSES.includes(s))) return 'blocked';
  return status === 'delivered' && outcome ? outcome : status;
}

export function emptyCounts(): Record<EventStatus, number> {
  return { accepted: 0, retrying: 0, blocked: 0, delivered: 0, registered: 0, refused: 0, rejected: 0, failed: 0, cancelled: 0 };
}
