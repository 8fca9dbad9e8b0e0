// The log's filters as form fields and back. Values that do not parse are dropped rather than
// refused: a filter form should never end in an error page.
import { EVENT_TYPES } from '../domain/event.ts';
import type { EventFilter, ReplayFilter } from '../operations/operations.ts';
import type { EventStatus } from '../delivery/model/status.ts';
import { kyivLocalValue, parseKyivLocal } from './format/dates.ts';
import { STATUS_ORDER } from './format/labels.ts';

export type Fields = Record<string, string | undefined>;

const REGISTER_CODE = /^[\p{L}\p{N}._-]{1,64}$/u;

/**
 * Sandbox events (posted with test keys) are hidden unless asked for: an operator reads the log for
 * what reaches DMS, and a vendor's conformance runs would bury it. `sandbox=show` shows both,
 * `sandbox=only` only them. (A register's own test key sees only its sandbox anyway: see the handler.)
 */
const SANDBOX: Record<string, boolean | undefined> = { show: undefined, only: true };

/** Everything but the УНЗР, which only travels in a POST body (never in a URL, so never in a proxy's log). */
export function parseFilter(fields: Fields): EventFilter {
  const filter: EventFilter = {};
  const sandbox = fields.sandbox?.trim() ?? '';
  if (sandbox in SANDBOX) {
    if (SANDBOX[sandbox] !== undefined) filter.sandbox = SANDBOX[sandbox];
  } else filter.sandbox = false;
  const status = fields.status?.trim();
  if (status && (STATUS_ORDER as readonly string[]).includes(status)) filter.status = status as EventStatus;
  const register = fields.register?.trim();
  if (register && REGISTER_CODE.test(register)) filter.registerCode = register;
  const type = fields.type?.trim();
  if (type && (EVENT_TYPES as readonly string[]).includes(type)) filter.type = type;
  const from = parseKyivLocal(fields.from ?? '');
  if (from !== null) filter.receivedFrom = from;
  const to = parseKyivLocal(fields.to ?? '');
  if (to !== null) filter.receivedTo = to;
  return filter;
}

/** The filter as form fields again (for the form, the links and the next page). */
export function filterFields(filter: EventFilter): Record<string, string> {
  const fields: Record<string, string> = {};
  if (filter.status) fields.status = filter.status;
  if (filter.registerCode) fields.register = filter.registerCode;
  if (filter.type) fields.type = filter.type;
  if (filter.receivedFrom !== undefined) fields.from = kyivLocalValue(filter.receivedFrom);
  if (filter.receivedTo !== undefined) fields.to = kyivLocalValue(filter.receivedTo);
  if (filter.sandbox !== false) fields.sandbox = filter.sandbox ? 'only' : 'show';
  return fields;
}

export function filterQuery(filter: EventFilter, cursor?: string | null): string {
  const params = new URLSearchParams(filterFields(filter));
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** A replay needs a final status to start from; anything else in the filter is optional. */
export function parseReplayFilter(fields: Fields): ReplayFilter {
  const { status: _status, sandbox: _sandbox, ...rest } = parseFilter(fields);
  return { ...rest, status: fields.status === 'rejected' ? 'rejected' : 'failed' };
}
