// Final outcomes from ЄДДР: DMS's decision about a message it acknowledged, received over the
// DMS → gateway channel (src/dms-inbound). Stored exactly once per outcome id (and once per
// message: DMS decides a message once), with its evidence entry in the same transaction. The event's
// visible status reads it through its current message (VISIBLE_STATUS), so nothing else changes
// here: an outcome for a message the event no longer carries is kept and changes nothing, and one
// that comes while the gateway still waits for the acknowledgement counts once the message is delivered.
import type { OutcomeKind } from '../delivery/model/status.ts';
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import type { EvidenceEntry, ChainHead } from './evidence.ts';
import { appendEvidenceOn } from './evidence.ts';
import { numberOrNull, textOrNull, type Database, type Dialect, type Queryable, type Row } from './db/database.ts';
import { enqueueWebhooks } from './webhooks.ts';

export type OutcomeDecision = { kind: 'registered'; recordRef: string } | { kind: 'refused'; code: string; reason: string };

/** A verified outcome, as the channel hands it over. */
export interface FinalOutcome {
  outcomeId: string;
  /** The xrd:id DMS acknowledged. */
  messageId: string;
  gatewayEventId: string;
  receiptNumber: string;
  /** DMS's time of the decision, ISO 8601 with offset. */
  decidedAt: string;
  decision: OutcomeDecision;
}

/** The outcome as an event shows it. */
export interface OutcomeView {
  outcomeId: string;
  kind: OutcomeKind;
  receiptNumber: string;
  /** ЄДДР's record reference (registered only). */
  recordRef: string | null;
  /** DMS's refusal code and reason (refused only). */
  code: string | null;
  reason: string | null;
  decidedAt: string;
  receivedAt: number;
}

export type OutcomeReceipt =
  /** Stored now; `current`: it is about the event's current message (so it shows as its status once delivered). */
  | { kind: 'stored'; eventId: string; current: boolean }
  /** This outcome, or another one for the same message, was stored before: nothing changed. */
  | { kind: 'repeated'; eventId: string }
  /** No event of the gateway's ever carried this message (or not for that event). */
  | { kind: 'message_unknown' };

const BY_ID_OR_MESSAGE = `SELECT event_id FROM outcomes WHERE outcome_id = :outcomeId OR message_id = :messageId LIMIT 1`;
/**
 * The delivery that carries the message, its row locked FOR SHARE on PostgreSQL: a delivery being
 * recorded delivered in a transaction not yet committed is waited for and read as delivered, so that
 * one of the two writes the outcome's webhook (unlocked, both could read the other as not yet there).
 * SQLite's writer lock holds the whole transaction.
 */
const CURRENT_MESSAGE: Record<Dialect, string> = {
  sqlite: `SELECT event_id, status FROM deliveries WHERE message_id = :messageId`,
  postgres: `SELECT event_id, status FROM deliveries WHERE message_id = :messageId FOR SHARE`,
};
/** A message the event carried before it was re-made (operator retry, retired version). */
const EARLIER_MESSAGE = `
  SELECT d.event_id FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
   WHERE a.message_id = :messageId LIMIT 1`;
const INSERT = `
  INSERT INTO outcomes (outcome_id, message_id, event_id, kind, receipt_number, record_ref, refusal_code, refusal_reason, decided_at, received_at)
  VALUES (:outcomeId, :messageId, :eventId, :kind, :receiptNumber, :recordRef, :refusalCode, :refusalReason, :decidedAt, :receivedAt)
  ON CONFLICT DO NOTHING`;
const OF_MESSAGE = `SELECT * FROM outcomes WHERE message_id = :messageId`;
const EVENT_FOR_WEBHOOK = `
  SELECT e.register_id, e.register_event_id, d.person_key FROM events e JOIN deliveries d ON d.event_id = e.id WHERE e.id = :eventId`;
const OUTCOME_FOR_WEBHOOK = `SELECT message_id, kind, receipt_number, record_ref, refusal_code FROM outcomes WHERE message_id = :messageId`;

/**
 * event.registered / event.refused for the event's register (the webhooks outbox, in the caller's
 * transaction): ids and codes only, not DMS's reason text. Written once the message is recorded
 * delivered, so a register hears of the delivery before its outcome even when DMS decided first.
 */
export async function enqueueOutcomeWebhook(tx: Queryable, eventId: string, messageId: string, at: number): Promise<void> {
  const o = await tx.one(OUTCOME_FOR_WEBHOOK, { messageId });
  if (!o) return;
  const e = (await tx.one(EVENT_FOR_WEBHOOK, { eventId })) as Row;
  await enqueueOutcomeWebhookOf(tx, { eventId, messageId, registerId: String(e.register_id), registerEventId: String(e.register_event_id), personKey: String(e.person_key) }, o, at);
}

/** The event the outcome webhook is about (its message's): ids only. */
export interface OutcomeWebhookEvent {
  eventId: string;
  messageId: string;
  registerId: string;
  registerEventId: string;
  personKey: string;
}

/** enqueueOutcomeWebhook with the event and its outcome already read (`o`: the columns of OUTCOME_FOR_WEBHOOK). */
export async function enqueueOutcomeWebhookOf(tx: Queryable, e: OutcomeWebhookEvent, o: Row, at: number): Promise<void> {
  const { eventId, messageId } = e;
  const kind = String(o.kind) as OutcomeKind;
  const data = {
    eventId,
    registerEventId: e.registerEventId,
    messageId,
    status: kind,
    receiptNumber: String(o.receipt_number),
    ...(kind === 'registered' ? { recordRef: String(o.record_ref) } : { refusalCode: String(o.refusal_code) }),
  };
  await enqueueWebhooks(tx, { registerId: e.registerId, type: `event.${kind}`, personKey: e.personKey, data }, at);
}
const OF_EVENT = `SELECT * FROM outcomes WHERE event_id = :eventId ORDER BY received_at, outcome_id`;

/** `row`: an outcomes row (or the columns of one, joined); its refusal reason is opened with `fields`. */
export function toOutcomeView(row: Row, fields: FieldCipher): OutcomeView {
  return {
    outcomeId: String(row.outcome_id),
    kind: String(row.kind) as OutcomeKind,
    receiptNumber: String(row.receipt_number),
    recordRef: textOrNull(row.record_ref),
    code: textOrNull(row.refusal_code),
    reason: textOrNull(fields.open(ENCRYPTED.outcomeReason, [String(row.outcome_id)], row.refusal_reason)),
    decidedAt: String(row.decided_at),
    receivedAt: numberOrNull(row.received_at) ?? 0,
  };
}

/** `fields`: the evidence entry's bodies are sealed at rest like every other's. */
export function createOutcomes(db: Database, fields: FieldCipher) {
  return {
    /**
     * Stores `o` once. `evidence` makes the evidence entry of a stored outcome (DMS's signed message
     * and the gateway's signed acknowledgement), appended in the same transaction.
     */
    recordOutcome: (o: FinalOutcome, receivedAt: number, evidence: (eventId: string) => (head: ChainHead | null) => EvidenceEntry): Promise<OutcomeReceipt> =>
      db.transaction(async (tx): Promise<OutcomeReceipt> => {
        const known = await tx.one(BY_ID_OR_MESSAGE, o);
        if (known) return { kind: 'repeated', eventId: String(known.event_id) };
        const current = await tx.one(CURRENT_MESSAGE[tx.dialect], o);
        const carrier = current ?? (await tx.one(EARLIER_MESSAGE, o));
        if (!carrier || String(carrier.event_id) !== o.gatewayEventId) return { kind: 'message_unknown' };
        const d = o.decision;
        const inserted = await tx.run(INSERT, {
          outcomeId: o.outcomeId,
          messageId: o.messageId,
          eventId: o.gatewayEventId,
          kind: d.kind,
          receiptNumber: o.receiptNumber,
          recordRef: d.kind === 'registered' ? d.recordRef : null,
          refusalCode: d.kind === 'refused' ? d.code : null,
          refusalReason: fields.seal(ENCRYPTED.outcomeReason, [o.outcomeId], d.kind === 'refused' ? d.reason : null),
          decidedAt: o.decidedAt,
          receivedAt,
        });
        // Another instance stored it a moment ago.
        if (inserted === 0) return { kind: 'repeated', eventId: o.gatewayEventId };
        await appendEvidenceOn(tx, fields, evidence(o.gatewayEventId));
        // Only about the event's current message; before its delivery is recorded, the recording
        // writes it (store/delivery-webhooks.ts).
        if (current !== undefined && String(current.status) === 'delivered') await enqueueOutcomeWebhook(tx, o.gatewayEventId, o.messageId, receivedAt);
        return { kind: 'stored', eventId: o.gatewayEventId, current: current !== undefined };
      }),

    outcomeOfMessage: async (messageId: string): Promise<OutcomeView | null> => {
      const row = await db.one(OF_MESSAGE, { messageId });
      return row ? toOutcomeView(row, fields) : null;
    },

    /** Every outcome received for the event's messages, the superseded ones' included. */
    outcomesOfEvent: async (eventId: string): Promise<OutcomeView[]> => (await db.all(OF_EVENT, { eventId })).map((row) => toOutcomeView(row, fields)),
  };
}

export type Outcomes = ReturnType<typeof createOutcomes>;
