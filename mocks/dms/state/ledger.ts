// What the mock has decided, by xrd:id: the first verdict for an id is final and is replayed for
// every repeat. Accepted messages are registrations; the index by gatewayEventId shows a business
// duplicate (one event registered under two message ids), which exactly-once delivery must never do.
import type { Receipt, Rejection, ServiceCode } from '../model.ts';
import { kyivDay } from './kyiv-day.ts';

export type Remembered =
  | { kind: 'accepted'; receipt: Receipt }
  /** An event already registered, sent again under a new xrd:id (e.g. re-made in a newer version): DUPLICATE. */
  | { kind: 'repeated'; receipt: Receipt }
  | { kind: 'rejected'; rejection: Rejection };

export interface BusinessDuplicate {
  gatewayEventId: string;
  messageIds: string[];
}

export class Ledger {
  readonly #verdicts = new Map<string, Remembered>();
  readonly #messageIdsByEvent = new Map<string, string[]>();
  readonly #repeats = new Map<string, string[]>();
  readonly #now: () => Date;
  readonly #registered: Array<(receipt: Receipt) => void> = [];
  readonly #repeated: Array<(messageId: string, receipt: Receipt) => void> = [];
  // Kept as they change, so that /__admin/stats (polled while a backlog drains) does not walk every verdict.
  #accepted = 0;
  #eventsRegisteredTwice = 0;
  // Never reset, not even by clear(): a receipt number must stay unique for the mock's lifetime.
  #lastReceipt = 0;

  constructor(now: () => Date) {
    this.#now = now;
  }

  /** `listener` hears of every registration (the final outcome is decided from it). */
  onRegistered(listener: (receipt: Receipt) => void): void {
    this.#registered.push(listener);
  }

  /** `listener` hears of every event sent again under a new xrd:id after its registration. */
  onRepeated(listener: (messageId: string, receipt: Receipt) => void): void {
    this.#repeated.push(listener);
  }

  recall(messageId: string): Remembered | undefined {
    return this.#verdicts.get(messageId);
  }

  /** Keeps the first verdict: a later rejection never overwrites an earlier one. */
  rememberRejection(messageId: string, rejection: Rejection): void {
    if (!this.#verdicts.has(messageId)) this.#verdicts.set(messageId, { kind: 'rejected', rejection });
  }

  register(messageId: string, gatewayEventId: string, serviceCode: ServiceCode): Receipt {
    const existing = this.#verdicts.get(messageId);
    if (existing) throw new Error(`message ${messageId} already has a verdict`);
    const now = this.#now();
    const number = String(++this.#lastReceipt).padStart(6, '0');
    const receipt: Receipt = {
      receiptNumber: `DMS-${kyivDay(now)}-${number}`,
      registeredAt: now.toISOString(),
      messageId,
      gatewayEventId,
      serviceCode,
    };
    this.#verdicts.set(messageId, { kind: 'accepted', receipt });
    this.#accepted++;
    const ids = this.#messageIdsByEvent.get(gatewayEventId);
    if (ids === undefined) this.#messageIdsByEvent.set(gatewayEventId, [messageId]);
    else {
      if (ids.length === 1) this.#eventsRegisteredTwice++;
      ids.push(messageId);
    }
    for (const listener of this.#registered) listener(receipt);
    return receipt;
  }

  /** `messageId` carries an event registered earlier: it answers DUPLICATE with that receipt, registering nothing. */
  rememberRepeat(messageId: string, receipt: Receipt): void {
    if (this.#verdicts.has(messageId)) throw new Error(`message ${messageId} already has a verdict`);
    this.#verdicts.set(messageId, { kind: 'repeated', receipt });
    this.#repeats.set(receipt.gatewayEventId, [...(this.#repeats.get(receipt.gatewayEventId) ?? []), messageId]);
    for (const listener of this.#repeated) listener(messageId, receipt);
  }

  /** Events sent again under new message ids after their registration, and those ids. */
  repeatedEvents(): BusinessDuplicate[] {
    return [...this.#repeats].map(([gatewayEventId, messageIds]) => ({ gatewayEventId, messageIds }));
  }

  /** The registration of this event under any message id, if there is one. */
  registrationOf(gatewayEventId: string): Receipt | undefined {
    const [first] = this.#messageIdsByEvent.get(gatewayEventId) ?? [];
    const verdict = first === undefined ? undefined : this.#verdicts.get(first);
    return verdict?.kind === 'accepted' ? verdict.receipt : undefined;
  }

  receipts(gatewayEventId?: string): Receipt[] {
    const all: Receipt[] = [];
    for (const verdict of this.#verdicts.values()) if (verdict.kind === 'accepted') all.push(verdict.receipt);
    return gatewayEventId === undefined ? all : all.filter((r) => r.gatewayEventId === gatewayEventId);
  }

  /** How many message ids were accepted: receipts().length, without making the list. */
  acceptedCount(): number {
    return this.#accepted;
  }

  /** How many distinct events are registered. */
  registeredEventCount(): number {
    return this.#messageIdsByEvent.size;
  }

  businessDuplicates(): BusinessDuplicate[] {
    if (this.#eventsRegisteredTwice === 0) return [];
    return [...this.#messageIdsByEvent]
      .filter(([, ids]) => ids.length > 1)
      .map(([gatewayEventId, messageIds]) => ({ gatewayEventId, messageIds: [...messageIds] }));
  }

  clear(): void {
    this.#accepted = 0;
    this.#eventsRegisteredTwice = 0;
    this.#verdicts.clear();
    this.#messageIdsByEvent.clear();
    this.#repeats.clear();
  }
}
