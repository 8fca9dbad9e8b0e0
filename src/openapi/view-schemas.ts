// The JSON a register gets back (src/http/views/event-view.ts, src/operations), as JSON Schema.
// Statuses come from the delivery model's own list, so a new one shows up here when it is added there.
import { EVENT_STATUSES } from '../delivery/model/status.ts';
import { NOTICE_KINDS } from '../notices/notice.ts';
import type { JsonObject } from './contract-files.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' };
const nullable = (schema: JsonObject) => ({ anyOf: [schema, { type: 'null' }] });
const time = { type: 'string', format: 'date-time' };

export const VIEW_SCHEMAS: Record<string, JsonObject> = {
  EventStatus: {
    enum: EVENT_STATUSES,
    description:
      '`accepted` waits for its first attempt (or for an earlier event of the same person), `retrying` failed an attempt and waits for `nextAttemptAt`, `blocked` waits behind an earlier `rejected` or `failed` event of the same person, `delivered` DMS acknowledged (`receipt`) and its final outcome from ЄДДР has not come yet, `registered` ЄДДР made the record (`outcome.recordRef`, final), `refused` ЄДДР refused it (`outcome.code`, `outcome.reason`, final; it does not block the person’s later events), `rejected` DMS refused it (`rejection`), `failed` the retry schedule is used up, `cancelled` an operator cancelled it.',
  },
  Warning: ref('Issue'),
  EventSummary: {
    type: 'object',
    required: ['id', 'eventId', 'type', 'status', 'sandbox', 'receivedAt', 'warnings'],
    properties: {
      id: { type: 'string', description: 'The gateway’s id of the event (UUIDv7).' },
      eventId: { type: 'string', description: 'The register’s own id, as posted.' },
      type: str,
      status: ref('EventStatus'),
      sandbox: { type: 'boolean', description: 'Posted with a test key (`rtg_test_…`): delivered to the gateway’s built-in mock DMS, never to DMS. A test key sees only sandbox events, a live key only live ones.' },
      receivedAt: time,
      warnings: { type: 'array', items: ref('Warning'), description: 'Findings that did not stop the event (RULES.md, severity warning or fee).' },
    },
  },
  Receipt: { type: 'object', required: ['number', 'status', 'registeredAt'], properties: { number: str, status: { type: 'string', description: '`ACCEPTED` or `DUPLICATE`' }, registeredAt: str } },
  Rejection: { type: 'object', required: ['code', 'reason'], properties: { code: { type: 'string', description: 'DMS’s rejection code' }, reason: str } },
  Outcome: {
    type: 'object',
    description: 'DMS’s final outcome from ЄДДР for the delivered message, pushed by DMS after its acknowledgement: `registered` with ЄДДР’s record reference, or `refused` with DMS’s code and reason.',
    required: ['kind', 'receiptNumber', 'decidedAt', 'receivedAt'],
    properties: {
      kind: { enum: ['registered', 'refused'] },
      receiptNumber: { type: 'string', description: 'The receipt number of DMS’s acknowledgement the outcome is about.' },
      recordRef: { type: 'string', description: '`registered` only: the reference of the record in ЄДДР.' },
      code: { type: 'string', description: '`refused` only: DMS’s refusal code.' },
      reason: { type: 'string', description: '`refused` only: DMS’s reason.' },
      decidedAt: { type: 'string', description: 'When ЄДДР decided, as DMS says (ISO 8601 with offset).' },
      receivedAt: time,
    },
  },
  WaitingFor: {
    type: 'object',
    required: ['eventId', 'status'],
    properties: { eventId: { ...nullable(str), description: 'null when the earlier event is another register’s' }, status: str },
  },
  Attempt: {
    type: 'object',
    required: ['number', 'startedAt', 'durationMs', 'outcome', 'httpStatus', 'errorClass', 'detail', 'messageId', 'contract'],
    properties: {
      number: { type: 'integer' },
      messageId: { ...nullable(str), description: 'The `xrd:id` of the message this attempt sent (a re-made message has a new one); null for attempts recorded before versions were kept.' },
      contract: { ...nullable(str), description: 'The contract version of that message, e.g. `dms-registration-v2`; null when nothing was signed or before versions were kept.' },
      startedAt: time,
      durationMs: { type: 'integer' },
      outcome: { enum: ['delivered', 'rejected', 'retryable'] },
      httpStatus: nullable({ type: 'integer' }),
      errorClass: nullable(str),
      detail: nullable(str),
    },
  },
  EventView: {
    type: 'object',
    required: ['id', 'eventId', 'type', 'status', 'sandbox', 'receivedAt', 'warnings', 'occurredAt', 'delivery', 'receipt', 'rejection', 'outcome', 'attempts'],
    properties: {
      id: str,
      eventId: str,
      type: str,
      status: ref('EventStatus'),
      sandbox: { type: 'boolean' },
      receivedAt: time,
      warnings: { type: 'array', items: ref('Warning') },
      occurredAt: str,
      noticeId: { type: 'string', description: 'Only when the deregistration named one: DMS’s id of the notice that caused it.' },
      blockedBy: {
        type: 'object',
        description: 'Only when `status` is `blocked`: the earlier event this one waits behind.',
        properties: { eventId: nullable(str), status: str, reason: str },
      },
      delivery: {
        type: 'object',
        required: ['messageId', 'contract', 'attempts', 'nextAttemptAt', 'waitingFor', 'finishedAt', 'lastError', 'cancelReason'],
        properties: {
          messageId: { type: 'string', description: 'The X-Road `xrd:id` of the message to DMS; the same on every retry (a new one when the event is re-made: an operator retry of a rejected event, or a version DMS retired).' },
          contract: {
            ...nullable(str),
            description: 'The contract version of that message, decided when it is first signed (the version in force then) and kept for every retry; null until then.',
          },
          attempts: { type: 'integer' },
          nextAttemptAt: nullable(time),
          waitingFor: nullable(ref('WaitingFor')),
          finishedAt: nullable(time),
          lastError: nullable(str),
          cancelReason: nullable(str),
        },
      },
      receipt: nullable(ref('Receipt')),
      rejection: nullable(ref('Rejection')),
      outcome: nullable(ref('Outcome')),
      attempts: { type: 'array', items: ref('Attempt') },
    },
  },
  EventListItem: {
    type: 'object',
    required: ['id', 'eventId', 'registerCode', 'type', 'status', 'receivedAt', 'occurredAt', 'attempts', 'nextAttemptAt', 'finishedAt', 'lastError', 'receiptNumber', 'sandbox'],
    properties: {
      id: str,
      eventId: str,
      registerCode: str,
      type: str,
      status: ref('EventStatus'),
      receivedAt: time,
      occurredAt: str,
      attempts: { type: 'integer' },
      nextAttemptAt: nullable(time),
      finishedAt: nullable(time),
      lastError: nullable(str),
      receiptNumber: nullable(str),
      sandbox: { type: 'boolean' },
    },
  },
  NoticeKind: {
    enum: [...NOTICE_KINDS],
    description:
      '`person_died` DMS learned of the person’s death (a ground for deregistration, `dms_death_notice`); `temporary_permit_expired` / `temporary_permit_cancelled` the foreigner’s temporary residence permit expired or was cancelled; `immigration_permit_cancelled` the immigration permit (and the permanent residence permit) was cancelled.',
  },
  Notice: {
    type: 'object',
    description: 'A notice from DMS routed to this register: the person is in clear (the register acts on it).',
    required: ['id', 'noticeId', 'kind', 'person', 'katottg', 'occurredOn', 'document', 'issuedAt', 'receivedAt', 'purgedAt', 'routedAt', 'acknowledgedAt'],
    properties: {
      id: { type: 'string', description: 'The gateway’s id of the notice (UUIDv7): use it in `/v1/notices/{id}`.' },
      noticeId: { type: 'string', description: 'DMS’s id of the notice: name it in a deregistration as `deregistration.noticeId`.' },
      kind: ref('NoticeKind'),
      person: {
        ...nullable({
          type: 'object',
          required: ['unzr', 'rnokpp', 'lastName', 'firstName', 'patronymic', 'birthDate'],
          properties: { unzr: nullable(str), rnokpp: nullable(str), lastName: str, firstName: str, patronymic: nullable(str), birthDate: { type: 'string', format: 'date' } },
        }),
        description: 'The person as DMS sent it; null after retention (`purgedAt`).',
      },
      katottg: { ...nullable(str), description: 'КАТОТТГ code of the person’s registered address, as DMS sent it; null when DMS had none.' },
      occurredOn: { type: 'string', format: 'date', description: 'When the fact happened (death, expiry, cancellation).' },
      document: { ...nullable({ type: 'object', required: ['type', 'number'], properties: { type: str, number: str } }), description: 'The permit the notice is about (permit kinds).' },
      issuedAt: { type: 'string', description: 'DMS’s issue time, ISO 8601 with offset.' },
      receivedAt: time,
      purgedAt: { ...nullable(time), description: 'When the person, the permit and the signed message were removed: RETENTION_DAYS after every register it was routed to acknowledged it. Null until then.' },
      routedAt: { ...time, description: 'When it was routed to this register (on receipt, or later by an operator).' },
      acknowledgedAt: { ...nullable(time), description: 'When this register acknowledged it; null until then.' },
    },
  },
  NoticePage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: ref('Notice') }, nextCursor: { ...nullable(str), description: 'Pass back as `cursor`; null on the last page.' } },
  },
  EventPage: {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: ref('EventListItem') }, nextCursor: { ...nullable(str), description: 'Pass back as `cursor`; null on the last page.' } },
  },
  EventSearch: {
    type: 'object',
    properties: {
      unzr: { type: 'string', description: 'An exact УНЗР, with or without its dash.' },
      register: { type: 'string', description: 'Register code (a register sees only its own events anyway)' },
      status: ref('EventStatus'),
      type: str,
      from: { type: 'string', description: 'ISO 8601 date or date-time of receipt' },
      to: { type: 'string', description: 'ISO 8601 date or date-time of receipt' },
      limit: { type: 'integer', minimum: 1, maximum: 200 },
      cursor: str,
      sandbox: { type: 'boolean', description: 'Operators: only sandbox (true) or only live (false) events; both when absent.' },
    },
  },
  MessageView: {
    type: 'object',
    required: ['eventId', 'messageId', 'masked', 'request', 'requestDigest', 'purged', 'exchanges'],
    properties: {
      eventId: str,
      messageId: str,
      masked: { type: 'boolean', description: 'Personal data replaced by `•••`.' },
      request: { ...nullable(str), description: 'The signed SOAP request as sent; null before the first attempt or after the retention purge.' },
      requestDigest: { ...nullable(str), description: 'SHA-256, hex' },
      purged: { type: 'boolean' },
      exchanges: {
        type: 'array',
        items: {
          type: 'object',
          required: ['attempt', 'at', 'httpStatus', 'outcome', 'answer', 'answerDigest'],
          properties: {
            attempt: { type: 'integer' },
            at: { type: 'integer', description: 'Milliseconds since the epoch' },
            httpStatus: nullable({ type: 'integer' }),
            outcome: str,
            answer: nullable(str),
            answerDigest: nullable(str),
          },
        },
      },
    },
  },
};
