// problem+json answers per route and status, with the codes each can carry: the transport and
// schema codes of RULES.md section 1, the rule codes of src/domain/codes.ts, and the codes the
// HTTP layer raises (src/http). A new code in either file appears after `npm run openapi`.
import { RULE_CODES } from '../domain/codes.ts';
import { transportCodes, type JsonObject } from './contract-files.ts';
import { WEBHOOK_PROBLEM_CODES } from './webhooks.ts';

export const PROBLEM_SCHEMAS: Record<string, JsonObject> = {
  Message: {
    type: 'object',
    required: ['uk', 'en'],
    properties: { uk: { type: 'string', description: 'Ukrainian' }, en: { type: 'string', description: 'English' } },
  },
  Issue: {
    type: 'object',
    description: 'One finding: a stable code, an RFC 6901 JSON pointer into the body, and why.',
    required: ['code', 'pointer', 'message'],
    properties: { code: { type: 'string' }, pointer: { type: 'string' }, message: { $ref: '#/components/schemas/Message' } },
  },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details. Match on `code`, never on the text.',
    required: ['type', 'title', 'status', 'code', 'detail', 'message', 'instance'],
    properties: {
      type: { type: 'string', description: '`urn:rtg-gateway:problem:` + code' },
      title: { type: 'string' },
      status: { type: 'integer' },
      code: { type: 'string', description: 'Stable machine code (contracts/events/v1/RULES.md).' },
      detail: { type: 'string', description: 'The English message.' },
      message: { $ref: '#/components/schemas/Message' },
      pointer: { type: 'string', description: 'RFC 6901 pointer to the field of the first issue.' },
      errors: { type: 'array', items: { $ref: '#/components/schemas/Issue' }, description: 'Every issue found; the first names the problem.' },
      instance: { type: 'string' },
      requestId: { type: 'string' },
    },
  },
};

const INTERNAL = { status: 500, codes: ['INTERNAL_ERROR'] };
const UNAUTHORIZED = { status: 401, codes: ['CLIENT_CERT_REQUIRED', 'UNAUTHORIZED'] };
/** A register bound to a client certificate that presented another one (mTLS). */
const CERT_MISMATCH = { status: 403, codes: ['CLIENT_CERT_MISMATCH'] };
/** Every route: the key's token bucket is empty, or (before authentication) the client IP's. */
const RATE_LIMITED = { status: 429, codes: ['RATE_LIMITED'] };

/** The codes POST /v1/events can answer, by status. */
function postEventCodes(): Array<{ status: number; codes: string[] }> {
  const byStatus = new Map<number, Set<string>>();
  const add = (status: number, code: string) => byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  for (const row of transportCodes()) if (row.code !== 'NOT_FOUND') add(row.status, row.code);
  for (const [code, severity] of Object.entries(RULE_CODES)) if (severity !== 'warning') add(422, code);
  add(RATE_LIMITED.status, RATE_LIMITED.codes[0] as string);
  add(INTERNAL.status, INTERNAL.codes[0] as string);
  return [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, codes]) => ({ status, codes: [...codes].sort() }));
}

const ROUTE_CODES: Record<string, () => Array<{ status: number; codes: string[] }>> = {
  postEvent: postEventCodes,
  listEvents: () => [{ status: 400, codes: ['CURSOR_INVALID', 'QUERY_INVALID'] }, UNAUTHORIZED, CERT_MISMATCH, RATE_LIMITED, INTERNAL],
  searchEvents: () => [{ status: 400, codes: ['BODY_NOT_JSON', 'CURSOR_INVALID', 'QUERY_INVALID'] }, UNAUTHORIZED, CERT_MISMATCH, RATE_LIMITED, INTERNAL],
  getEvent: () => [UNAUTHORIZED, CERT_MISMATCH, { status: 404, codes: ['NOT_FOUND'] }, RATE_LIMITED, INTERNAL],
  getEventMessage: () => [UNAUTHORIZED, CERT_MISMATCH, { status: 404, codes: ['NOT_FOUND'] }, RATE_LIMITED, INTERNAL],
  listNotices: () => [{ status: 400, codes: ['CURSOR_INVALID', 'QUERY_INVALID'] }, UNAUTHORIZED, CERT_MISMATCH, RATE_LIMITED, INTERNAL],
  getNotice: () => [UNAUTHORIZED, CERT_MISMATCH, { status: 404, codes: ['NOT_FOUND'] }, RATE_LIMITED, INTERNAL],
  acknowledgeNotice: () => [UNAUTHORIZED, { status: 403, codes: ['CLIENT_CERT_MISMATCH', 'REGISTER_KEY_REQUIRED'] }, { status: 404, codes: ['NOT_FOUND'] }, RATE_LIMITED, INTERNAL],
  ...Object.fromEntries(Object.entries(WEBHOOK_PROBLEM_CODES).map(([id, rows]) => [id, () => rows])),
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request',
  401: 'No or unknown key, or no valid TLS client certificate where the register needs one (`WWW-Authenticate: Bearer`)',
  403: 'Forbidden',
  404: 'No such event, or another register’s',
  409: 'Conflict',
  413: 'Body larger than the limit',
  415: 'Not application/json',
  422: 'Refused: the event breaks the contract or a rule; nothing is stored',
  429: 'Too many requests: wait `Retry-After` seconds',
  500: 'Internal error: retry with the same Idempotency-Key',
};

const HEADERS: Record<number, JsonObject> = {
  401: { 'WWW-Authenticate': { schema: { type: 'string' }, description: '`Bearer realm="rtg-gateway"`' } },
  429: {
    'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until the next request is allowed.' },
    'RateLimit-Policy': { $ref: '#/components/headers/RateLimit-Policy' },
    RateLimit: { $ref: '#/components/headers/RateLimit' },
  },
  409: {
    'Retry-After': { schema: { type: 'integer' }, description: 'With `IDEMPOTENCY_KEY_IN_FLIGHT`: seconds to wait before retrying.' },
    Location: { schema: { type: 'string' }, description: 'With `EVENT_ID_CONFLICT`: the event already stored under this eventId.' },
  },
};

/** The problem+json responses of one operation, keyed by status. */
export function problemResponses(operationId: string): Record<string, JsonObject> {
  const routeCodes = ROUTE_CODES[operationId];
  if (!routeCodes) throw new Error(`no problem codes listed for ${operationId}`);
  const out: Record<string, JsonObject> = {};
  for (const { status, codes } of routeCodes()) {
    out[String(status)] = {
      description: `${DESCRIPTIONS[status] ?? 'Error'}. Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
      headers: { ...(HEADERS[status] ?? {}), 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
      content: {
        'application/problem+json': {
          schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { code: { enum: codes } } }] },
        },
      },
    };
  }
  return out;
}
