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
}

export interface EventView {
  id: string;
  status: string;
  delivery: { messageId: string; waitingFor: unknown };
  receipt: { number: string } | null;
  rejection: { code: string; reason: string } | null;
  blockedBy?: { eventId: string | null; status: string };
  attempts: Array<{ outcome: string; httpStatus: number | null }>;
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
  readonly options: KitOptions;

  constructor(options: KitOptions) {
    this.options = options;
  }

  /** A fresh scenario's record. */
  reset(): void {
    this.exchanges = [];
    this.atMock = [];
  }

  async request(method: string, url: string, headers: Record<string, string>, body: string | Uint8Array | null): Promise<Answer> {
    const shown = { ...headers };
    if (shown.authorization) shown.authorization = 'Bearer •••';
    const reported = body instanceof Uint8Array ? `(${body.length} bytes that are not UTF-8)` : body;
    const exchange: Exchange = { request: { method, url, headers: shown, body: reported }, answer: { error: 'no answer' } };
    this.exchanges.push(exchange);
    try {
      const res = await fetch(url, { method, headers, body });
      const text = await res.text();
      exchange.answer = { status: res.status, headers: Object.fromEntries(res.headers), body: text };
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

  async event(id: string): Promise<EventView> {
    const url = new URL(`/v1/events/${encodeURIComponent(id)}`, this.options.gateway).href;
    const res = await fetch(url, { headers: { authorization: `Bearer ${this.options.key}` } });
    return (await res.json()) as EventView;
  }

  /** Polls an event until its status is one of `statuses` (or the timeout), recording the last view. */
  async waitFor(id: string, statuses: string[]): Promise<EventView> {
    const deadline = Date.now() + this.options.timeoutMs;
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
    const res = await fetch(new URL(`/__admin/messages?messageId=${encodeURIComponent(messageId)}`, this.options.mock));
    const body = (await res.json()) as unknown;
    const entries = (Array.isArray(body) ? body : (body as { messages: unknown[] }).messages) as Array<{ seq: number; verdict: string; code?: string | null; raw: string }>;
    for (const e of entries) this.atMock.push(`#${e.seq} ${e.verdict}${e.code ? ` ${e.code}` : ''}\n${e.raw}`);
    return entries;
  }

  async setFaults(faults: unknown): Promise<void> {
    const res = await fetch(new URL('/__admin/faults', this.options.mock), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    if (!res.ok) throw new Error(`the mock DMS refused the faults (${res.status}): ${await res.text()}`);
  }

  async clearFaults(): Promise<void> {
    await fetch(new URL('/__admin/faults', this.options.mock), { method: 'DELETE' });
  }
}
