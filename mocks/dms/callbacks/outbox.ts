// DMS's outbox of what it pushes to the gateway (final outcomes, notices): every item is kept, signed,
// and POSTed to the callback URL(s) — several = several gateway instances, tried in turn — with
// capped exponential backoff, forever, until a gateway answers with an acknowledgement of that very
// item signed by a certificate the mock's trusted CA issued. A signed Client fault is the gateway's
// final refusal: the item stops there (`refused`). Anything else (down, Server fault, unsigned or
// forged answer) is tried again: nothing is lost while the gateway is away.
import type { Element } from '@xmldom/xmldom';
import type { Logger } from 'pino';
import { verifyEnvelope } from '../../../src/signing/verify.ts';
import { NS } from '../../../src/xml/namespaces.ts';
import { childElements } from '../../../src/signing/soap-parts.ts';

const NO_URL = 'no callback URL configured';

export type OutboxState = 'pending' | 'delivered' | 'refused';

export interface OutboxItem {
  id: string;
  kind: 'outcome' | 'notice';
  /** For an outcome: the event and the message it is about. */
  gatewayEventId: string | null;
  messageId: string | null;
  /** outcome: registered | refused; notice: its kind. */
  detail: string;
  xml: string;
  state: OutboxState;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  /** Where it was delivered and when; the gateway's refusal code when refused. */
  deliveredAt: string | null;
  deliveredTo: string | null;
  refusal: string | null;
}

export interface OutboxOptions {
  callbackUrls: string[];
  trustedCaPems: string[];
  now: () => Date;
  logger: Logger;
  /** Backoff: first wait and cap (200 ms → 10 s by default). */
  backoff?: { firstMs: number; maxMs: number };
  fetch?: typeof fetch;
}

export class Outbox {
  readonly #items = new Map<string, OutboxItem>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #options: OutboxOptions;
  #stopped = false;

  constructor(options: OutboxOptions) {
    this.#options = options;
  }

  /**
   * Keeps the item and starts sending it (after `delayMs`: an outcome is decided later). `xml` may be
   * given as a function: it is then called (signing, say) once, when the item is first sent or read,
   * not on the path of the answer that decided it.
   */
  put(item: Omit<OutboxItem, 'state' | 'attempts' | 'lastError' | 'deliveredAt' | 'deliveredTo' | 'refusal' | 'createdAt' | 'xml'> & { xml: string | (() => string) }, delayMs = 0): OutboxItem {
    const { xml, ...rest } = item;
    const kept = { ...rest, state: 'pending', createdAt: this.#options.now().toISOString(), attempts: 0, lastError: null, deliveredAt: null, deliveredTo: null, refusal: null } as Omit<OutboxItem, 'xml'> as OutboxItem;
    let made = typeof xml === 'string' ? xml : null;
    Object.defineProperty(kept, 'xml', { enumerable: true, get: () => (made ??= (xml as () => string)()) });
    this.#items.set(kept.id, kept);
    this.#later(delayMs, () => this.#send(kept));
    return kept;
  }

  /** Where to send from now on (development: the gateway's URL is known only once it listens). Pending items are tried again now. */
  setCallbackUrls(urls: string[]): void {
    this.#options.callbackUrls = urls;
    for (const item of this.#items.values()) if (item.state === 'pending' && item.lastError === NO_URL) this.#later(0, () => this.#send(item));
  }

  /** The items as they stand, without their XML (which is not made for this). */
  summaries(state?: OutboxState): Array<Omit<OutboxItem, 'xml'>> {
    return this.items(state).map((item) => Object.fromEntries(Object.keys(item).filter((k) => k !== 'xml').map((k) => [k, item[k as keyof OutboxItem]])) as Omit<OutboxItem, 'xml'>);
  }

  items(state?: OutboxState): OutboxItem[] {
    const all = [...this.#items.values()];
    return state ? all.filter((i) => i.state === state) : all;
  }

  counts(): Record<OutboxState, number> & { total: number } {
    const counts = { pending: 0, delivered: 0, refused: 0, total: this.#items.size };
    for (const item of this.#items.values()) counts[item.state]++;
    return counts;
  }

  /** Stops sending (the mock is closing); pending items stay pending. */
  stop(): void {
    this.#stopped = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #later(ms: number, work: () => Promise<void>): void {
    if (this.#stopped) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void work();
    }, ms);
    // A pending item must not keep a test process or a closing server alive.
    timer.unref();
    this.#timers.add(timer);
  }

  #backoff(attempts: number): number {
    const { firstMs, maxMs } = this.#options.backoff ?? { firstMs: 200, maxMs: 10_000 };
    const ms = Math.min(maxMs, firstMs * 2 ** Math.min(attempts - 1, 30));
    // Jitter, so that many items do not all come back at once.
    return Math.round(ms * (0.8 + Math.random() * 0.4));
  }

  async #send(item: OutboxItem): Promise<void> {
    if (this.#stopped || item.state !== 'pending') return;
    const urls = this.#options.callbackUrls;
    if (urls.length === 0) {
      item.lastError = NO_URL;
      return;
    }
    const url = urls[item.attempts % urls.length] as string;
    item.attempts++;
    try {
      const verdict = await this.#post(url, item);
      if (verdict.kind === 'acknowledged') {
        item.state = 'delivered';
        item.deliveredAt = this.#options.now().toISOString();
        item.deliveredTo = url;
        item.lastError = null;
        return;
      }
      if (verdict.kind === 'refused') {
        item.state = 'refused';
        item.refusal = verdict.code;
        item.lastError = verdict.reason;
        this.#options.logger.warn({ id: item.id, code: verdict.code }, 'the gateway refused a DMS message');
        return;
      }
      item.lastError = verdict.reason;
    } catch (err) {
      item.lastError = err instanceof Error ? err.message : String(err);
    }
    this.#later(this.#backoff(item.attempts), () => this.#send(item));
  }

  async #post(url: string, item: OutboxItem): Promise<{ kind: 'acknowledged' } | { kind: 'refused'; code: string; reason: string } | { kind: 'retry'; reason: string }> {
    const response = await (this.#options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body: item.xml,
      signal: AbortSignal.timeout(30_000),
    });
    const answer = await response.text();
    const verified = verifyEnvelope(answer, { caPems: this.#options.trustedCaPems, now: this.#options.now() });
    if (!verified.ok) return { kind: 'retry', reason: `HTTP ${response.status}, answer not trusted: ${verified.code}` };
    const [element] = [...childrenOf(verified.body)];
    if (element?.namespaceURI === NS.cb && element.localName === 'Acknowledged') {
      const id = childElements(element, NS.cb, 'id')[0]?.textContent;
      return id === item.id ? { kind: 'acknowledged' } : { kind: 'retry', reason: `acknowledged another id (${String(id)})` };
    }
    if (element?.namespaceURI === NS.soap && element.localName === 'Fault') {
      const faultcode = firstText(element, 'faultcode');
      const code = element.getElementsByTagNameNS(NS.cb, 'code')[0]?.textContent ?? 'UNKNOWN';
      const reason = firstText(element, 'faultstring');
      return faultcode.endsWith(':Client') ? { kind: 'refused', code, reason } : { kind: 'retry', reason: `Server fault ${code}: ${reason}` };
    }
    return { kind: 'retry', reason: `HTTP ${response.status}, unexpected answer` };
  }
}

function* childrenOf(parent: Element) {
  for (let c = parent.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) yield c as Element;
}

function firstText(parent: Element, localName: string): string {
  for (const c of childrenOf(parent)) if (c.localName === localName) return (c.textContent ?? '').trim();
  return '';
}
