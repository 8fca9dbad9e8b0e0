// Reading list filters and reasons from requests, with clear errors for bad values.
import { ProblemError } from '../../errors.ts';
import { parseJson } from '../middleware/json-body.ts';
import type { EventFilter } from '../../operations/operations.ts';
import { EVENT_STATUSES, type EventStatus } from '../../delivery/model/status.ts';

const STATUSES: readonly string[] = EVENT_STATUSES;

function badQuery(name: string, uk: string, en: string): ProblemError {
  return new ProblemError({ status: 400, code: 'QUERY_INVALID', pointer: `/${name}`, message: { uk: `Параметр ${name}: ${uk}`, en: `Parameter ${name}: ${en}` } });
}

function time(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw badQuery(name, 'очікується дата або дата й час ISO 8601.', 'an ISO 8601 date or date-time is expected.');
  return ms;
}

export function eventFilter(q: Record<string, string | undefined>): EventFilter {
  for (const [name, value] of Object.entries(q)) {
    if (value !== undefined && typeof value !== 'string') throw badQuery(name, 'має бути рядком.', 'must be a string.');
  }
  if (q.status && !STATUSES.includes(q.status)) throw badQuery('status', `одне з ${STATUSES.join(', ')}.`, `one of ${STATUSES.join(', ')}.`);
  if (q.sandbox && q.sandbox !== 'true' && q.sandbox !== 'false') throw badQuery('sandbox', 'true або false.', 'true or false.');
  return {
    status: (q.status || undefined) as EventStatus | undefined,
    registerCode: q.register || undefined,
    type: q.type || undefined,
    receivedFrom: time('from', q.from),
    receivedTo: time('to', q.to),
    unzr: q.unzr || undefined,
    ...(q.sandbox ? { sandbox: q.sandbox === 'true' } : {}),
  };
}

/** A GET list: no УНЗР in a URL (URLs end up in access logs); searching by УНЗР is a POST. */
export function listQuery(q: Record<string, string | undefined>): { filter: EventFilter; cursor: string | null; limit: number } {
  if (q.unzr !== undefined) {
    throw badQuery('unzr', 'УНЗР не передають в адресі запиту: шукайте через POST /v1/events/search.', 'an УНЗР does not belong in a URL: search with POST /v1/events/search.');
  }
  return pageQuery(q);
}

/** `{"status": …, "unzr": …, "cursor": …, "limit": …}` as the body of POST /v1/events/search. */
export function searchBody(text: string): { filter: EventFilter; cursor: string | null; limit: number } {
  const body = parseJson(text === '' ? '{}' : text);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badQuery('body', 'очікується об’єкт JSON.', 'a JSON object is expected.');
  for (const [k, v] of Object.entries(body)) {
    if (typeof v !== 'string' && typeof v !== 'number' && !(k === 'sandbox' && typeof v === 'boolean')) throw badQuery(k, 'має бути рядком або числом.', 'must be a string or a number.');
  }
  const q = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)])) as Record<string, string | undefined>;
  return pageQuery(q);
}

function pageQuery(q: Record<string, string | undefined>): { filter: EventFilter; cursor: string | null; limit: number } {
  const limit = q.limit === undefined ? 50 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw badQuery('limit', 'ціле число від 1 до 200.', 'a whole number from 1 to 200.');
  return { filter: eventFilter(q), cursor: q.cursor || null, limit };
}

/** `{"reason": "…"}` from an optional JSON body; the caller decides whether it is required. */
export function readReason(text: string): string | null {
  if (text.trim() === '') return null;
  const body = parseJson(text);
  const reason = (body as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : null;
}
