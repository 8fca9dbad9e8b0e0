// Every request the SOAP endpoint received, with its exact text and what the mock answered — the
// WireMock request journal. Bounded, oldest first out, so a long load test cannot exhaust memory;
// the counts by verdict keep counting what was dropped.
import type { FaultSpec } from '../faults/fault-config.ts';

export const VERDICTS = ['accepted', 'duplicate', 'rejected', 'fault'] as const;
export type JournalVerdict = (typeof VERDICTS)[number];

export interface JournalEntry {
  seq: number;
  messageId: string | null;
  receivedAt: string;
  serviceCode: string | null;
  gatewayEventId: string | null;
  /** The request body exactly as received (decoded as UTF-8). */
  raw: string;
  /** What the client saw. */
  verdict: JournalVerdict;
  code?: string;
  reason?: string;
  receipt?: string;
  /** The injected fault, when one applied to this request. */
  fault?: FaultSpec;
  /** For a fault `when: "after"`: what the message was processed as before the answer was replaced. */
  processedAs?: Exclude<JournalVerdict, 'fault'>;
  /** HTTP status sent; absent when the connection was reset or never answered. */
  httpStatus?: number;
}

export interface JournalQuery {
  messageId?: string;
  verdict?: JournalVerdict;
  /** The most recent `limit` entries. */
  limit?: number;
}

export class Journal {
  readonly #entries: JournalEntry[] = [];
  readonly #capacity: number;
  #seq = 0;
  #counts = Journal.#zeroCounts();

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  static #zeroCounts(): Record<JournalVerdict, number> {
    return { accepted: 0, duplicate: 0, rejected: 0, fault: 0 };
  }

  append(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const stored = { seq: ++this.#seq, ...entry };
    this.#entries.push(stored);
    if (this.#entries.length > this.#capacity) this.#entries.shift();
    this.#counts[stored.verdict]++;
    return stored;
  }

  list({ messageId, verdict, limit }: JournalQuery = {}): JournalEntry[] {
    const found = this.#entries.filter(
      (e) => (messageId === undefined || e.messageId === messageId) && (verdict === undefined || e.verdict === verdict),
    );
    return limit === undefined ? found : found.slice(Math.max(0, found.length - limit));
  }

  get(seq: number): JournalEntry | undefined {
    return this.#entries.find((e) => e.seq === seq);
  }

  counts(): Record<JournalVerdict, number> & { total: number } {
    const c = this.#counts;
    return { ...c, total: c.accepted + c.duplicate + c.rejected + c.fault };
  }

  /** Sequence numbers keep rising after a clear, so an old seq never names a new entry. */
  clear(): void {
    this.#entries.length = 0;
    this.#counts = Journal.#zeroCounts();
  }
}
