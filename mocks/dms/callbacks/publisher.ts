// What DMS publishes to the gateway after the fact: the final outcome of every message it accepted,
// decided after a delay (the fault config may script refusals and delays), and notices on demand
// (POST /__admin/notices). Each is rendered, signed with DMS's key and put in the outbox.
import { randomUUID } from 'node:crypto';
import type { FaultPlan } from '../faults/fault-plan.ts';
import { DEFAULT_REFUSAL_REASON } from '../faults/outcome-script.ts';
import type { Receipt } from '../model.ts';
import type { AnswerSigner } from '../soap/sign-answer.ts';
import { kyivDay } from '../state/kyiv-day.ts';
import type { Outbox, OutboxItem } from './outbox.ts';
import { DMS_IDENTITY, GATEWAY_IDENTITY, renderNotice, renderOutcome, type Identity, type NoticeMessage, type OutcomeMessage } from './render-callback.ts';

export const DEFAULT_OUTCOME_DELAY_MS = 3000;

export interface PublisherOptions {
  outbox: Outbox;
  faults: FaultPlan;
  /** DMS's key; without one nothing is published (the gateway would refuse it unsigned). */
  sign: AnswerSigner | undefined;
  now: () => Date;
  outcomeDelayMs?: number;
  dmsIdentity?: Identity;
}

export type NoticeInput = Omit<NoticeMessage, 'noticeId' | 'issuedAt'>;

export class Publisher {
  readonly #o: PublisherOptions;
  #lastRecord = 0;
  /** ЄДДР's decision per registered event, for the same event sent again under another xrd:id. */
  readonly #decisions = new Map<string, { decision: OutcomeMessage['decision']; decidedAt: Date }>();

  constructor(options: PublisherOptions) {
    this.#o = options;
  }

  get enabled(): boolean {
    return this.#o.sign !== undefined;
  }

  /** A message was just registered (acknowledged ACCEPTED): its outcome goes out after the delay. */
  decide(receipt: Receipt): OutboxItem | null {
    const sign = this.#o.sign;
    if (!sign) return null;
    const spec = this.#o.faults.nextOutcome();
    const delayMs = spec?.delayMs ?? this.#o.outcomeDelayMs ?? DEFAULT_OUTCOME_DELAY_MS;
    // Decided now, sent after the delay: the decision time is when ЄДДР "made" it.
    const decidedAt = new Date(this.#o.now().getTime() + delayMs);
    const decision =
      spec?.type === 'refuse'
        ? { kind: 'refused' as const, code: spec.code, reason: spec.reason ?? DEFAULT_REFUSAL_REASON }
        : { kind: 'registered' as const, recordRef: `EDDR-${kyivDay(decidedAt)}-${String(++this.#lastRecord).padStart(7, '0')}` };
    this.#decisions.set(receipt.gatewayEventId, { decision, decidedAt });
    return this.#publish(sign, receipt, receipt.messageId, decision, decidedAt, delayMs);
  }

  /**
   * An event registered earlier came again under a new xrd:id (answered DUPLICATE): the gateway now
   * knows it by that message, so the same decision goes out once more for it, as its own outcome.
   */
  repeat(messageId: string, receipt: Receipt): OutboxItem | null {
    const sign = this.#o.sign;
    const known = this.#decisions.get(receipt.gatewayEventId);
    if (!sign || !known) return null;
    const delayMs = Math.max(0, known.decidedAt.getTime() - this.#o.now().getTime());
    return this.#publish(sign, receipt, messageId, known.decision, known.decidedAt, delayMs);
  }

  #publish(sign: AnswerSigner, receipt: Receipt, messageId: string, decision: OutcomeMessage['decision'], decidedAt: Date, delayMs: number): OutboxItem {
    const outcomeId = randomUUID();
    const outcome = { outcomeId, gatewayEventId: receipt.gatewayEventId, messageId, receiptNumber: receipt.receiptNumber, decidedAt: decidedAt.toISOString(), decision };
    const identity = this.#o.dmsIdentity ?? DMS_IDENTITY;
    // Written and signed when it goes out, after the delay: not on the path of the acknowledgement that decided it.
    const xml = () => sign(renderOutcome(outcome, randomUUID(), identity, GATEWAY_IDENTITY));
    return this.#o.outbox.put({ id: outcomeId, kind: 'outcome', gatewayEventId: receipt.gatewayEventId, messageId, detail: decision.kind, xml }, delayMs);
  }

  /** A notice, sent at once; null when the mock has no key to sign it with. */
  notice(input: NoticeInput): OutboxItem | null {
    const sign = this.#o.sign;
    if (!sign) return null;
    const noticeId = randomUUID();
    const xml = sign(renderNotice({ ...input, noticeId, issuedAt: this.#o.now().toISOString() }, randomUUID(), this.#o.dmsIdentity ?? DMS_IDENTITY, GATEWAY_IDENTITY));
    return this.#o.outbox.put({ id: noticeId, kind: 'notice', gatewayEventId: null, messageId: null, detail: input.kind, xml });
  }
}
