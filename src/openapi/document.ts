// The OpenAPI 3.1 document of the register API, built from the contract files at the moment it is
// built: `npm run openapi` writes it to contracts/openapi.yaml, and GET /openapi.json serves it.
import { readFileSync } from 'node:fs';
import { readEventSchema, readExamples, type JsonObject } from './contract-files.ts';
import { eventSchemaComponents, EVENT_SCHEMA_NAME } from './event-schema.ts';
import { PROBLEM_SCHEMAS, problemResponses } from './problems.ts';
import { VIEW_SCHEMAS } from './view-schemas.ts';
import { WEBHOOK_MESSAGES, WEBHOOK_SCHEMAS, webhookPaths } from './webhooks.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** Every authenticated answer, successful or not, carries the request id and the key's rate-limit state. */
const requestIdHeader = {
  'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
  'RateLimit-Policy': { $ref: '#/components/headers/RateLimit-Policy' },
  RateLimit: { $ref: '#/components/headers/RateLimit' },
};
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The gateway’s id of the event (from `Location`).' };
const noticeIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The gateway’s id of the notice (`id` in the list).' };

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const json = (schema: JsonObject, extra: JsonObject = {}) => ({ 'application/json': { schema, ...extra } });

function postEvent(): JsonObject {
  const examples = Object.fromEntries(readExamples().map(([file, event]) => [file.replace(/\.json$/, ''), { summary: String(event.type), value: event }]));
  const first = readExamples()[0]?.[1] ?? {};
  const summary = { id: '019ad0c4-5b6e-7f00-8a1b-2c3d4e5f6a7b', eventId: first.eventId, type: first.type, status: 'accepted', sandbox: false, receivedAt: '2026-11-20T08:15:01.000Z', warnings: [] };
  const location = { Location: { schema: { type: 'string' }, description: '`/v1/events/{id}`' } };
  return {
    operationId: 'postEvent',
    tags: ['Events'],
    summary: 'Post one event',
    description:
      'Validates the event against contract v1 (`contracts/events/v1/event.schema.json`) and the rules of `contracts/events/v1/RULES.md`, stores it with its delivery task and answers at once. Delivery to DMS follows; read the outcome with `GET /v1/events/{id}`. The same key with the same body replays the first answer (`Idempotent-Replayed: true`); the same key with another body is `422 IDEMPOTENCY_KEY_REUSED`; while the first request runs, `409 IDEMPOTENCY_KEY_IN_FLIGHT`. Keys are kept 24 hours.',
    parameters: [{ $ref: '#/components/parameters/Idempotency-Key' }, { $ref: '#/components/parameters/X-Request-Id' }],
    requestBody: { required: true, content: json(ref(EVENT_SCHEMA_NAME), { examples }) },
    responses: {
      '200': {
        description: 'This register already sent this `eventId` with the same content: the stored event, nothing new stored.',
        headers: { ...location, ...requestIdHeader },
        content: json(ref('EventSummary')),
      },
      '202': {
        description: 'Stored (on disk) with its delivery task. Warnings, if any, are in the body.',
        headers: { ...location, 'Idempotent-Replayed': { $ref: '#/components/headers/Idempotent-Replayed' }, ...requestIdHeader },
        content: json(ref('EventSummary'), { example: summary }),
      },
      ...problemResponses('postEvent'),
    },
  };
}

const listParameters = [
  { name: 'status', in: 'query', schema: ref('EventStatus') },
  { name: 'register', in: 'query', schema: { type: 'string' }, description: 'Register code' },
  { name: 'type', in: 'query', schema: { type: 'string' }, description: 'Event type' },
  { name: 'from', in: 'query', schema: { type: 'string' }, description: 'Received at or after (ISO 8601 date or date-time)' },
  { name: 'to', in: 'query', schema: { type: 'string' }, description: 'Received before (ISO 8601 date or date-time)' },
  { name: 'sandbox', in: 'query', schema: { enum: ['true', 'false'] }, description: 'Operators: only sandbox (`true`) or only live (`false`) events; both when absent. A register key sees only its own side anyway.' },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' }, description: '`nextCursor` of the previous page' },
];

export function buildOpenApiDocument(): JsonObject {
  return {
    openapi: '3.1.1',
    info: {
      title: 'rtg-gateway register API',
      version: version(),
      summary: 'Registers of territorial communities post registration events; the gateway delivers them to DMS.',
      description:
        'Every request carries `Authorization: Bearer <register key>`; a key sees only its own register’s events. Errors are RFC 9457 `application/problem+json` with a stable `code` (every code: `contracts/events/v1/RULES.md`). Generated by `npm run openapi` from the contract files; do not edit by hand.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-rtg-gateway' },
    },
    servers: [{ url: '/', description: 'This gateway' }],
    security: [{ registerKey: [] }],
    tags: [
      { name: 'Events', description: 'Posting events and following their delivery to DMS' },
      { name: 'Notices', description: 'Notices from DMS (a death, a permit expired or cancelled) routed to the register serving the person’s address' },
      { name: 'Webhooks', description: 'Outcomes pushed to the register (Standard Webhooks), instead of polling' },
    ],
    paths: {
      '/v1/events': {
        post: postEvent(),
        get: {
          operationId: 'listEvents',
          tags: ['Events'],
          summary: 'The register’s events, newest first',
          description: 'Cursor-paginated. An УНЗР never goes in a URL: search by УНЗР with `POST /v1/events/search`.',
          parameters: listParameters,
          responses: { '200': { description: 'One page', headers: requestIdHeader, content: json(ref('EventPage')) }, ...problemResponses('listEvents') },
        },
      },
      '/v1/events/search': {
        post: {
          operationId: 'searchEvents',
          tags: ['Events'],
          summary: 'Search the register’s events, by an exact УНЗР among others',
          description: 'A POST, so the УНЗР never appears in a URL or an access log.',
          requestBody: { required: false, content: json(ref('EventSearch')) },
          responses: { '200': { description: 'One page', headers: requestIdHeader, content: json(ref('EventPage')) }, ...problemResponses('searchEvents') },
        },
      },
      '/v1/events/{id}': {
        get: {
          operationId: 'getEvent',
          tags: ['Events'],
          summary: 'One event and its delivery: status, attempts, receipt or rejection',
          parameters: [idParam],
          responses: { '200': { description: 'The event', headers: requestIdHeader, content: json(ref('EventView')) }, ...problemResponses('getEvent') },
        },
      },
      '/v1/events/{id}/message': {
        get: {
          operationId: 'getEventMessage',
          tags: ['Events'],
          summary: 'The signed message sent to DMS and its answers, personal data masked',
          parameters: [idParam],
          responses: { '200': { description: 'The message', headers: requestIdHeader, content: json(ref('MessageView')) }, ...problemResponses('getEventMessage') },
        },
      },
      '/v1/notices': {
        get: {
          operationId: 'listNotices',
          tags: ['Notices'],
          summary: 'The notices routed to this register, oldest routing first',
          description:
            'Only this register’s notices. Cursor-paginated; `acknowledged=false` gives what is still to be acted on: read it from the start, act, acknowledge each one.',
          parameters: [
            { name: 'acknowledged', in: 'query', schema: { type: 'string', enum: ['true', 'false'] }, description: 'Only acknowledged (`true`) or not yet acknowledged (`false`) notices' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: '`nextCursor` of the previous page' },
          ],
          responses: { '200': { description: 'One page', headers: requestIdHeader, content: json(ref('NoticePage')) }, ...problemResponses('listNotices') },
        },
      },
      '/v1/notices/{id}': {
        get: {
          operationId: 'getNotice',
          tags: ['Notices'],
          summary: 'One notice routed to this register (another register’s is 404, like an unknown one)',
          parameters: [noticeIdParam],
          responses: { '200': { description: 'The notice', headers: requestIdHeader, content: json(ref('Notice')) }, ...problemResponses('getNotice') },
        },
      },
      '/v1/notices/{id}/ack': {
        post: {
          operationId: 'acknowledgeNotice',
          tags: ['Notices'],
          summary: 'Acknowledge a notice: idempotent, a repeat answers the first acknowledgement’s time',
          parameters: [noticeIdParam],
          responses: { '200': { description: 'The notice, acknowledged', headers: requestIdHeader, content: json(ref('Notice')) }, ...problemResponses('acknowledgeNotice') },
        },
      },
      ...webhookPaths(),
    },
    webhooks: WEBHOOK_MESSAGES,
    components: {
      securitySchemes: {
        registerKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The register’s API key (`rtg_…`), given by the gateway’s operator; a test key (`rtg_test_…`) works the same against the sandbox (its events go to the gateway’s mock DMS, `sandbox: true`). A register bound to a TLS client certificate (mTLS) is accepted only over a connection presenting that certificate: otherwise `401 CLIENT_CERT_REQUIRED` (none, or not issued by the gateway’s client CA) or `403 CLIENT_CERT_MISMATCH` (another one).',
        },
      },
      parameters: {
        'Idempotency-Key': {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'New for every new event (a UUID, say); 1–255 printable ASCII characters. Scoped to the register, kept 24 hours.',
          schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
        },
        'X-Request-Id': {
          name: 'X-Request-Id',
          in: 'header',
          required: false,
          description: 'Your id for this request (1–64 of `A-Za-z0-9._:-`), echoed back and logged; one is made otherwise.',
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$' },
        },
      },
      headers: {
        'X-Request-Id': { description: 'The request’s id, for support calls.', schema: { type: 'string' } },
        'RateLimit-Policy': {
          description: 'IETF draft-ietf-httpapi-ratelimit-headers: the key’s token bucket, `"key";q=<burst>;w=<seconds to refill it>` (per instance of the gateway).',
          schema: { type: 'string', examples: ['"key";q=1000;w=10'] },
        },
        RateLimit: { description: 'The key’s current state: `"key";r=<requests left>;t=<seconds until the quota is whole again>`.', schema: { type: 'string', examples: ['"key";r=998;t=1'] } },
        'Idempotent-Replayed': { description: '`true` when this is the stored answer to an earlier request with the same key.', schema: { type: 'string', enum: ['true'] } },
      },
      schemas: { ...eventSchemaComponents(readEventSchema()), ...VIEW_SCHEMAS, ...WEBHOOK_SCHEMAS, ...PROBLEM_SCHEMAS },
    },
  };
}
