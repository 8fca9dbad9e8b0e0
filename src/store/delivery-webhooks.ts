// The webhooks the delivery path owes registers, written in the transaction that changes the
// delivery's state (the outbox): event.delivered / event.rejected / event.failed for the delivery
// itself (then event.registered / event.refused when DMS decided before this was recorded), and event.blocked for each later pending event of the same person, which it now holds
// back. Payloads carry ids, statuses and codes only: nothing of the person.
import type { AttemptResult } from '../delivery/model/attempt-record.ts';
import { PENDING_STATUSES } from '../delivery/model/status.ts';
import type { Queryable, Row } from './db/database.ts';
import { enqueueOutcomeWebhookOf } from './outcomes.ts';
import { enqueueWebhooks, enqueueWebhooksTo, SUBSCRIBED_ENDPOINTS, subscribedBy } from './webhooks.ts';

const pending = PENDING_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * One statement instead of three: the delivery's event, the outcome DMS may already have sent for its
 * message (outcome_kind null when none), and the register's endpoints subscribed to :type (webhooks.ts's
 * join), one row each (one row with endpoint_id null when none).
 */
const OF_DELIVERY = `
  SELECT e.id AS event_id, e.register_id, e.register_event_id, d.person_key, d.message_id,
         o.kind AS outcome_kind, o.receipt_number AS outcome_receipt_number, o.record_ref AS outcome_record_ref, o.refusal_code AS outcome_refusal_code,
         w.id AS endpoint_id
    FROM deliveries d JOIN events e ON e.id = d.event_id LEFT JOIN outcomes o ON o.message_id = d.message_id
    LEFT JOIN ${SUBSCRIBED_ENDPOINTS} ON ${subscribedBy('e.register_id')}
   WHERE d.id = :id
   ORDER BY w.id`;

/** The person's later events still waiting: the one that ended badly (:id, the person's head) now blocks them. */
const LATER_PENDING = `
  SELECT p.event_id, e.register_id, e.register_event_id
    FROM deliveries d
    JOIN deliveries p ON p.person_key = d.person_key
     AND (p.occurred_at_ms > d.occurred_at_ms OR (p.occurred_at_ms = d.occurred_at_ms AND p.seq > d.seq))
    JOIN events e ON e.id = p.event_id
   WHERE d.id = :id AND p.status IN (${pending})
   ORDER BY p.occurred_at_ms, p.seq`;

/** Enqueues the webhooks a delivery's final state owes; nothing for a retry still to come. */
export async function enqueueDeliveryOutcome(tx: Queryable, deliveryId: string, result: AttemptResult, now: number): Promise<void> {
  if (result.status === 'retrying') return;
  return writeDeliveryOutcome(tx, deliveryId, await readDeliveryOutcome(tx, deliveryId, result.status), result, now);
}

/** What enqueueDeliveryOutcome reads first (OF_DELIVERY), issued on its own so that it can go out with the state's write. */
export function readDeliveryOutcome(tx: Queryable, deliveryId: string, status: Exclude<AttemptResult['status'], 'retrying'>): Promise<Row[]> {
  return tx.all(OF_DELIVERY, { id: deliveryId, type: `event.${status}` });
}

/** enqueueDeliveryOutcome's writes, from what readDeliveryOutcome read after the delivery's new state was written. */
export async function writeDeliveryOutcome(tx: Queryable, deliveryId: string, rows: Row[], result: AttemptResult, now: number): Promise<void> {
  if (result.status === 'retrying') return;
  const type = `event.${result.status}` as const;
  const d = rows[0] as Row;
  const endpoints = rows.filter((r) => r.endpoint_id != null).map((r) => String(r.endpoint_id));
  const eventId = String(d.event_id);
  const personKey = String(d.person_key);
  const base = { eventId, registerEventId: String(d.register_event_id), messageId: String(d.message_id), status: result.status };
  const data =
    result.status === 'delivered'
      ? { ...base, receiptNumber: result.receipt.number, receiptStatus: result.receipt.status }
      : result.status === 'rejected'
        ? { ...base, rejectionCode: result.rejection.code }
        : { ...base, errorClass: result.error.split(':')[0] ?? null };
  await enqueueWebhooksTo(tx, endpoints, { registerId: String(d.register_id), type, personKey, data }, now);
  // DMS's final outcome may have come before the acknowledgement was recorded: it follows now.
  if (result.status === 'delivered') {
    if (d.outcome_kind == null) return;
    const outcome = { kind: d.outcome_kind, receipt_number: d.outcome_receipt_number, record_ref: d.outcome_record_ref, refusal_code: d.outcome_refusal_code };
    const event = { eventId, messageId: String(d.message_id), registerId: String(d.register_id), registerEventId: String(d.register_event_id), personKey };
    return enqueueOutcomeWebhookOf(tx, event, outcome, now);
  }
  for (const later of await tx.all(LATER_PENDING, { id: deliveryId })) {
    const registerId = String(later.register_id);
    const sameRegister = registerId === String(d.register_id);
    await enqueueWebhooks(
      tx,
      {
        registerId,
        type: 'event.blocked',
        personKey,
        // Another register's event is not named to this one.
        data: { eventId: String(later.event_id), registerEventId: String(later.register_event_id), status: 'blocked', ...(sameRegister ? { blockedBy: eventId } : {}) },
      },
      now,
    );
  }
}
