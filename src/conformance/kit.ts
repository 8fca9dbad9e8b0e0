// The kit's view of one gateway and its mock DMS: requests recorded for the report, the register's
// key, polling for outcomes, the mock's faults and journal (mocks/dms/README.md, admin API).
import { randomUUID } from 'node:crypto';
import type { Exchange } from './scenario.ts';

export interface KitOptions {
  gateway: string;
  key: string;
  mock: string;
  /** How long to wait for an event to reach an outcome. */
  timeoutMs: number;
  /** How long to wait, after delivery, for ЄДДР's final outcome (and for a notice to arrive). */
  outcomeTimeoutMs?: number;
  /** MOCK_DMS_ADMIN_TOKEN of the mock, when it has one. */
  mockToken?: string;
  /** A КАТОТТГ code of an address the key's register serves: where the notices scenario's notice is addressed. */
  katottg?: string;
}

/**
 * A test key as the gateway makes them (`rtg_test_` and 43 base64url characters): its events go to
 * the gateway's sandbox mock DMS. A key chosen by hand (DEMO_API_KEY) is live whatever it looks like.
 */
export const isTestKey = (key: string) => /^rtg_test_[A-Za-z0-9_-]{43}$/.test(key);

/** The longest the kit waits out one 429, and how many in a row it waits out before giving the answer to the scenario. */
const MAX_RETRY_AFTER_S = 60;
const MAX_429_RETRIES = 5;

/** Retry-After in seconds (a number or an HTTP date), 1 s when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number {
  if (value === null) return 1;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value.trim()) : (Date.parse(value) - now) / 1000;
  if (!Number.isFinite(seconds)) return 1;
  return Math.min(MAX_RETRY_AFTER_S, Math.max(0, Math.ceil(seconds)));
}

export interface EventView {
  id: string;
  status: string;
  sandbox?: boolean;
  outcome?: { kind: string; receiptNumber?: string; recordRef?: string; code?: string; reason?: string } | null;
  delivery: { messageId: string; waitingFor: unknown };
  receipt: { number: string } | null;
  rejection: { code: string; reason: string } | null;
  blockedBy?: { eventId: string | null; status: string };
  attempts: Array<{ outcome: string; httpStatus: number | null }>;
}

export interface OutboxItem {
  id: string;
  kind: string;
  gatewayEventId: string | null;
  /** An outcome's decision (registered, refused) or a notice's kind. */
  detail: string;
  state: string;
  attempts: number;
  lastError: string | null;
  refusal?: unknown;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** Acknowledged by DMS: `delivered`, and after it DMS's final outcome from ЄДДР (`registered`, `refused`). */
export const DELIVERED = ['delivered', 'registered', 'refused'];
export const FINAL = [...DELIVERED, 'rejected', 'failed', 'cancelled'];

export class Kit {
  exchanges: Exchange[] = [];
  atMock: string[] = [];
  /** This scenario's notes for the report (429s waited out). */
  notes: string[] = [];
  /** 429s waited out in the whole run. */
  rateLimitWaits = 0;
  readonly options: KitOptions;

  constructor(options: KitOptions) {
    this.options = options;
  }

  /** A fresh scenario's record. */
  reset(): void {
    this.exchanges = [];
    this.atMock = [];
    this.notes = [];
  }

  get sandbox(): boolean {
    return isTestKey(this.options.key);
  }

  get outcomeTimeoutMs(): number {
    return this.options.outcomeTimeoutMs ?? 30_000;
  }

  /**
   * fetch, waiting out a 429 for its Retry-After and sending again (bodies here are strings or bytes,
   * so they can be resent; a POST keeps its Idempotency-Key). Each wait is noted for the report.
   */
  async send(url: string, init: RequestInit = {}): Promise<Response> {
    for (let attempt = 0; ; attempt += 1) {
      const res = await fetch(url, init);
      if (res.status !== 429 || attempt >= MAX_429_RETRIES) return res;
      const wait = retryAfterSeconds(res.headers.get('retry-after'));
      await res.body?.cancel();
      this.rateLimitWaits += 1;
      this.notes.push(`429 RATE_LIMITED on ${init.method ?? 'GET'} ${new URL(url).pathname}: waited ${wait} s (Retry-After) and sent it again`);
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }

  async request(method: string, url: string, headers: Record<string, string>, body: string | Uint8Array | null): Promise<Answer> {
    const shown = { ...headers };
    if (shown.authorization) shown.authorization = 'Bearer •••';
    const reported = body instanceof Uint8Array ? `(${body.length} bytes that are not UTF-8)` : body;
    const exchange: Exchange = { request: { method, url, headers: shown, body: reported }, answer: { error: 'no answer' } };
    this.exchanges.push(exchange);
    try {
      const res = await this.send(url, { method, headers, body });
      const text = await res.text();
      // A webhook signing secret is shown once to the caller; the report never keeps it.
      exchange.answer = { status: res.status, headers: Object.fromEntries(res.headers), body: text.replace(/whsec_[A-Za-z0-9+/=_-]+/g, 'whsec_•••') };
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // not JSON: the scenario judges the status and text
      }
      return { status: res.status, headers: res.headers, text, json };
    } catch (err) {
      exchange.answer = { error: err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}` : String(err) };
      throw err;
    }
  }

  /** POST /v1/events with the register's key; `body` is sent as is when a string. */
  postEvent(body: unknown, init: { idempotencyKey?: string | null; key?: string | null; contentType?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
    const key = init.key === undefined ? this.options.key : init.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const idempotencyKey = init.idempotencyKey === undefined ? randomUUID() : init.idempotencyKey;
    if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
    const sent = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    return this.request('POST', new URL('/v1/events', this.options.gateway).href, headers, sent);
  }

  /** A request to the gateway with the register's key, recorded for the report. */
  call(method: string, pathname: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.key}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.request(method, new URL(pathname, this.options.gateway).href, headers, body === undefined ? null : JSON.stringify(body));
  }

  async event(id: string): Promise<EventView> {
    const url = new URL(`/v1/events/${encodeURIComponent(id)}`, this.options.gateway).href;
    const res = await this.send(url, { headers: { authorization: `Bearer ${this.options.key}` } });
    return (await res.json()) as EventView;
  }

  /** Polls an event until its status is one of `statuses` (or the timeout), recording the last view. */
  async waitFor(id: string, statuses: string[], timeoutMs = this.options.timeoutMs): Promise<EventView> {
    const deadline = Date.now() + timeoutMs;
    let view = await this.event(id);
    while (!statuses.includes(view.status) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      view = await this.event(id);
    }
    this.exchanges.push({
      request: { method: 'GET', url: new URL(`/v1/events/${id}`, this.options.gateway).href, headers: { authorization: 'Bearer •••' }, body: null },
      answer: { status: 200, headers: {}, body: JSON.stringify(view, null, 2) },
    });
    return view;
  }

  /** The journal entries of the mock DMS for one message id; their raw XML goes to the report. */
  async mockMessages(messageId: string): Promise<Array<{ seq: number; verdict: string; code?: string | null; raw: string }>> {
    const res = await this.mockFetch(`/__admin/messages?messageId=${encodeURIComponent(messageId)}`);
    const body = (await res.json()) as unknown;
    const entries = (Array.isArray(body) ? body : (body as { messages: unknown[] }).messages) as Array<{ seq: number; verdict: string; code?: string | null; raw: string }>;
    for (const e of entries) this.atMock.push(`#${e.seq} ${e.verdict}${e.code ? ` ${e.code}` : ''}\n${e.raw}`);
    return entries;
  }

  async setFaults(faults: unknown): Promise<void> {
    const res = await this.mockFetch('/__admin/faults', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    if (!res.ok) throw new Error(`the mock DMS refused the faults (${res.status}): ${await res.text()}`);
  }

  async clearFaults(): Promise<void> {
    await this.mockFetch('/__admin/faults', { method: 'DELETE' });
  }

  /** A request to the mock DMS's admin API (with its token, when given). */
  mockFetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.options.mockToken) headers.set('authorization', `Bearer ${this.options.mockToken}`);
    return fetch(new URL(pathname, this.options.mock), { ...init, headers });
  }

  /** Null when the mock DMS answers its health check; otherwise why not, for a skip's reason. */
  async mockUnreachable(): Promise<string | null> {
    try {
      const res = await this.mockFetch('/__admin/health', { signal: AbortSignal.timeout(5000) });
      await res.body?.cancel();
      return res.ok ? null : `the mock DMS at ${this.options.mock} answers its health check with ${res.status}`;
    } catch (err) {
      return `the mock DMS at ${this.options.mock} does not answer (${err instanceof Error ? err.message : String(err)})`;
    }
  }

  /** The mock's outbox item (final outcome or notice) for an event or a notice id; null when it has none, or no outbox. */
  async outboxItem(match: { gatewayEventId?: string; id?: string }): Promise<OutboxItem | null> {
    const res = await this.mockFetch('/__admin/outbox');
    if (!res.ok) return null;
    const { items } = (await res.json()) as { items: OutboxItem[] };
    return items.find((i) => (match.gatewayEventId ? i.gatewayEventId === match.gatewayEventId : i.id === match.id)) ?? null;
  }

  /** Has the mock DMS emit a notice (POST /__admin/notices), recorded for the report. */
  emitNotice(notice: unknown): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.mockToken) headers.authorization = `Bearer ${this.options.mockToken}`;
    return this.request('POST', new URL('/__admin/notices', this.options.mock).href, headers, JSON.stringify(notice));
  }
}
