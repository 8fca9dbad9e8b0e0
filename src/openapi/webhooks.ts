// The webhooks part of the OpenAPI document: the /v1/webhooks/endpoints routes, their schemas, and
// the messages the gateway sends (OpenAPI 3.1 `webhooks`), from the same list of event types the
// service uses.
import type { JsonObject } from './contract-files.ts';
import { problemResponses } from './problems.ts';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/model.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonObject, extra: JsonObject = {}) => ({ 'application/json': { schema, ...extra } });
const requestIdHeader = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
const str = { type: 'string' };
const nullable = (schema: JsonObject) => ({ anyOf: [schema, { type: 'null' }] });
const time = { type: 'string', format: 'date-time' };
const endpointId = { name: 'id', in: 'path', required: true, schema: str, description: 'The endpoint’s id (`ep_…`).' };
const messageId = { name: 'messageId', in: 'path', required: true, schema: str, description: 'The message’s id (`msg_…`, the `webhook-id` header).' };
const tags = ['Webhooks'];

const op = (operationId: string, summary: string, rest: JsonObject, ok: JsonObject): JsonObject => ({
  operationId,
  tags,
  summary,
  ...rest,
  responses: { ...ok, ...problemResponses(operationId) },
});

/** A function, not a constant: problems.ts imports this module's codes, so nothing here may run at import. */
export const webhookPaths = (): Record<string, JsonObject> => ({
  '/v1/webhooks/endpoints': {
    post: op(
      'createWebhookEndpoint',
      'Subscribe an endpoint to outcomes of the register’s events',
      {
        description:
          'The answer holds the signing secret (`whsec_…`) — the only time it is shown. URLs must be http(s), without user:password, not the gateway itself, and (unless the gateway allows it) not a private or loopback address. Without `eventTypes`, every type.',
        requestBody: { required: true, content: json(ref('WebhookEndpointInput'), { example: { url: 'https://register.example/rtg-webhooks', eventTypes: ['event.delivered', 'event.rejected'] } }) },
      },
      { '201': { description: 'Created', headers: { Location: { schema: str }, ...requestIdHeader }, content: json(ref('WebhookEndpointWithSecret')) } },
    ),
    get: op('listWebhookEndpoints', 'The register’s endpoints', {}, { '200': { description: 'Every endpoint', headers: requestIdHeader, content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('WebhookEndpoint') } } }) } }),
  },
  '/v1/webhooks/endpoints/{id}': {
    get: op('getWebhookEndpoint', 'One endpoint', { parameters: [endpointId] }, { '200': { description: 'The endpoint', headers: requestIdHeader, content: json(ref('WebhookEndpoint')) } }),
    patch: op(
      'updateWebhookEndpoint',
      'Change the URL, the types or the description; disable or enable',
      { parameters: [endpointId], requestBody: { required: true, content: json(ref('WebhookEndpointChange'), { example: { enabled: false } }) } },
      { '200': { description: 'The endpoint as changed', headers: requestIdHeader, content: json(ref('WebhookEndpoint')) } },
    ),
    delete: op('deleteWebhookEndpoint', 'Remove the endpoint, its messages and attempts', { parameters: [endpointId] }, { '204': { description: 'Removed', headers: requestIdHeader } }),
  },
  '/v1/webhooks/endpoints/{id}/rotate-secret': {
    post: op(
      'rotateWebhookSecret',
      'A new signing secret; the previous one keeps signing beside it until `previousSecretExpiresAt`',
      { parameters: [endpointId], description: 'During the overlap `webhook-signature` carries two signatures, one per secret: deploy the new secret to the receiver, then let the old one lapse.' },
      { '200': { description: 'The endpoint with its new secret, shown this once', headers: requestIdHeader, content: json(ref('WebhookEndpointWithSecret')) } },
    ),
  },
  '/v1/webhooks/endpoints/{id}/attempts': {
    get: op('listWebhookAttempts', 'Every attempt to deliver to the endpoint, newest first (last 100)', { parameters: [endpointId] }, { '200': { description: 'Attempts', headers: requestIdHeader, content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('WebhookAttempt') } } }) } }),
  },
  '/v1/webhooks/endpoints/{id}/messages': {
    get: op('listWebhookMessages', 'The endpoint’s messages and their state, newest first (last 100)', { parameters: [endpointId] }, { '200': { description: 'Messages', headers: requestIdHeader, content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('WebhookMessage') } } }) } }),
  },
  '/v1/webhooks/endpoints/{id}/messages/{messageId}/resend': {
    post: op('resendWebhookMessage', 'Send a message again now (a new attempt, a fresh schedule)', { parameters: [endpointId, messageId] }, { '202': { description: 'Queued', headers: requestIdHeader, content: json({ type: 'object', required: ['resent'], properties: { resent: str } }) } }),
  },
});

export const WEBHOOK_PROBLEM_CODES: Record<string, Array<{ status: number; codes: string[] }>> = (() => {
  const common = [{ status: 401, codes: ['UNAUTHORIZED'] }, { status: 429, codes: ['RATE_LIMITED'] }, { status: 500, codes: ['INTERNAL_ERROR'] }];
  const notFound = { status: 404, codes: ['NOT_FOUND'] };
  const registerOnly = { status: 403, codes: ['REGISTER_KEY_REQUIRED'] };
  const body = [{ status: 400, codes: ['BODY_NOT_JSON', 'JSON_TOO_DEEP'] }, { status: 413, codes: ['BODY_TOO_LARGE'] }, { status: 415, codes: ['UNSUPPORTED_CHARSET', 'UNSUPPORTED_MEDIA_TYPE'] }];
  const invalid = {
    status: 422,
    codes: ['WEBHOOK_EVENT_TYPES_INVALID', 'WEBHOOK_INVALID', 'WEBHOOK_URL_CREDENTIALS', 'WEBHOOK_URL_INVALID', 'WEBHOOK_URL_PRIVATE', 'WEBHOOK_URL_SCHEME', 'WEBHOOK_URL_SELF'],
  };
  // Every route authenticates as /v1/events does: a key bound to a client certificate needs that certificate.
  const sorted = (rows: Array<{ status: number; codes: string[] }>) => {
    const forbidden = rows.find((r) => r.status === 403);
    const all = forbidden
      ? rows.map((r) => (r === forbidden ? { status: 403, codes: [...r.codes, 'CLIENT_CERT_MISMATCH'].sort() } : r))
      : [...rows, { status: 403, codes: ['CLIENT_CERT_MISMATCH'] }];
    return all.sort((a, b) => a.status - b.status);
  };
  return {
    createWebhookEndpoint: sorted([...common, ...body, registerOnly, invalid]),
    listWebhookEndpoints: sorted([...common, { status: 403, codes: ['FORBIDDEN'] }]),
    getWebhookEndpoint: sorted([...common, notFound]),
    updateWebhookEndpoint: sorted([...common, ...body, { status: 403, codes: ['FORBIDDEN', 'REGISTER_KEY_REQUIRED'] }, notFound, invalid]),
    deleteWebhookEndpoint: sorted([...common, registerOnly, notFound]),
    rotateWebhookSecret: sorted([...common, registerOnly, notFound]),
    listWebhookAttempts: sorted([...common, notFound]),
    listWebhookMessages: sorted([...common, notFound]),
    resendWebhookMessage: sorted([...common, { status: 403, codes: ['FORBIDDEN'] }, notFound]),
  };
})();

const types = { type: 'array', items: { enum: [...WEBHOOK_EVENT_TYPES] }, minItems: 1 };

export const WEBHOOK_SCHEMAS: Record<string, JsonObject> = {
  WebhookEndpointInput: {
    type: 'object',
    required: ['url'],
    additionalProperties: false,
    properties: { url: { type: 'string', format: 'uri', maxLength: 2000 }, eventTypes: types, description: { type: 'string', maxLength: 200 } },
  },
  WebhookEndpointChange: {
    type: 'object',
    additionalProperties: false,
    properties: { url: { type: 'string', format: 'uri', maxLength: 2000 }, eventTypes: types, description: nullable({ type: 'string', maxLength: 200 }), enabled: { type: 'boolean' } },
  },
  WebhookEndpoint: {
    type: 'object',
    required: ['id', 'register', 'url', 'description', 'eventTypes', 'enabled', 'disabledReason', 'disabledAt', 'failingSince', 'previousSecretExpiresAt', 'createdAt', 'updatedAt'],
    properties: {
      id: str,
      register: { type: 'string', description: 'The register’s code' },
      url: str,
      description: nullable(str),
      eventTypes: types,
      enabled: { type: 'boolean' },
      disabledReason: { ...nullable({ enum: ['register', 'operator', 'failing'] }), description: '`failing`: disabled by the gateway after failing for WEBHOOK_DISABLE_AFTER (5 days by default).' },
      disabledAt: nullable(time),
      failingSince: { ...nullable(time), description: 'The first failed attempt since the last success.' },
      previousSecretExpiresAt: { ...nullable(time), description: 'During a rotation: until when the previous secret still signs.' },
      createdAt: time,
      updatedAt: time,
    },
  },
  WebhookEndpointWithSecret: {
    allOf: [ref('WebhookEndpoint'), { type: 'object', required: ['secret'], properties: { secret: { type: 'string', pattern: '^whsec_', description: 'Standard Webhooks signing secret, shown once.' } } }],
  },
  WebhookAttempt: {
    type: 'object',
    required: ['messageId', 'type', 'number', 'startedAt', 'durationMs', 'outcome', 'httpStatus', 'error'],
    properties: {
      messageId: str,
      type: str,
      number: { type: 'integer' },
      startedAt: time,
      durationMs: { type: 'integer', description: 'Latency of the receiver' },
      outcome: { enum: ['delivered', 'failed'] },
      httpStatus: nullable({ type: 'integer' }),
      error: { ...nullable(str), description: '`http_503`, `timeout: …`, `ECONNREFUSED: …`' },
    },
  },
  WebhookMessage: {
    type: 'object',
    required: ['id', 'type', 'status', 'attempts', 'nextAttemptAt', 'lastError', 'createdAt'],
    properties: { id: str, type: str, status: { enum: ['pending', 'delivered', 'failed'] }, attempts: { type: 'integer' }, nextAttemptAt: nullable(time), lastError: nullable(str), createdAt: time },
  },
  WebhookPayload: {
    type: 'object',
    description: 'The body of every webhook. `data` carries ids, statuses and codes — never personal data.',
    required: ['type', 'timestamp', 'data'],
    properties: {
      type: { enum: [...WEBHOOK_EVENT_TYPES] },
      timestamp: time,
      data: {
        type: 'object',
        required: ['eventId', 'status'],
        properties: {
          eventId: { type: 'string', description: 'The gateway’s id of the event' },
          registerEventId: { type: 'string', description: 'The register’s own eventId' },
          messageId: { type: 'string', description: 'The id of the message sent to DMS' },
          status: str,
          receiptNumber: { type: 'string', description: 'event.delivered: DMS’s receipt number' },
          receiptStatus: str,
          rejectionCode: { type: 'string', description: 'event.rejected: DMS’s code' },
          errorClass: { type: 'string', description: 'event.failed: why the last attempt failed' },
          blockedBy: { type: 'string', description: 'event.blocked: the earlier event (of this register) that blocks it' },
        },
      },
    },
  },
};

/** OpenAPI 3.1 `webhooks`: what the gateway POSTs to a subscribed endpoint. */
export const WEBHOOK_MESSAGES: Record<string, JsonObject> = Object.fromEntries(
  WEBHOOK_EVENT_TYPES.map((type) => [
    type,
    {
      post: {
        operationId: `webhook_${type.replace('.', '_')}`,
        tags,
        summary: `${type} (Standard Webhooks)`,
        description:
          'Signed per Standard Webhooks: verify `webhook-signature` over `webhook-id.webhook-timestamp.body` with the endpoint’s secret (any Standard Webhooks library). Answer 2xx within WEBHOOK_TIMEOUT; anything else is retried on the schedule.',
        parameters: [
          { name: 'webhook-id', in: 'header', required: true, schema: str, description: 'The message id: the same on every retry, so a receiver can drop repeats.' },
          { name: 'webhook-timestamp', in: 'header', required: true, schema: str, description: 'Seconds since the epoch, of this attempt.' },
          { name: 'webhook-signature', in: 'header', required: true, schema: str, description: 'Space-separated `v1,<base64>` signatures (two during a secret rotation).' },
        ],
        requestBody: { required: true, content: json(ref('WebhookPayload')) },
        responses: { '2XX': { description: 'Received' } },
      },
    },
  ]),
);
