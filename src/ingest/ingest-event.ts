// Accepting one event from a register: validate, check it is the caller's register, key it to its
// person (prepareEvent, no writes), then write it with its delivery task (storeEvent, inside the
// transaction that also keeps the request's idempotency key and answer).
import { createHash } from 'node:crypto';
import { ProblemError } from '../errors.ts';
import { uuidv7 } from '../ids.ts';
import type { Register } from '../store/access.ts';
import type { Queryable } from '../store/db/database.ts';
import type { Events, NewEvent, StoredEvent } from '../store/events.ts';
import { REGISTER_CONFIG_CODES } from '../domain/codes.ts';
import { withinTerritory } from '../domain/territory.ts';
import { canonicalJson } from './canonical-json.ts';
import { personKey } from './person-key.ts';
import { validateEvent } from './validate-event.ts';

export interface IngestDeps {
  events: Pick<Events, 'storeEvent' | 'accepted'>;
  personKeySecret: string;
  contract: string;
  feeMismatch: 'warn' | 'reject';
  /** The КАТОТТГ codes the register serves (store/territory.ts); none: all of Ukraine. */
  territoryOf: (registerId: string) => Promise<readonly string[]>;
  /** Is DMS's notice `noticeId` routed to the register (store/notices.ts)? A deregistration may name only such a notice. */
  noticeRoutedTo: (registerId: string, noticeId: string) => Promise<boolean>;
  now?: () => number;
}

export type IngestOutcome = { created: boolean; event: StoredEvent };

/** The event as it will be stored, or the ProblemError that refuses it (the schema, the rules, the register's territory). */
export async function prepareEvent(register: Register, body: unknown, deps: Omit<IngestDeps, 'events'>): Promise<NewEvent> {
  const now = (deps.now ?? Date.now)();
  const validated = validateEvent(body, { now: new Date(now), feeMismatch: deps.feeMismatch });
  if (!validated.ok) throw ProblemError.fromIssues(validated.issues);
  const { event, warnings } = validated;

  if (event.register.code !== register.code) {
    throw new ProblemError({
      status: 403,
      code: 'REGISTER_MISMATCH',
      pointer: '/register/code',
      message: {
        uk: `Код реєстру ${event.register.code} не збігається з реєстром, якому належить ключ доступу.`,
        en: `Register code ${event.register.code} is not the register this API key belongs to.`,
      },
    });
  }

  // The address the event registers must lie in the register's territory; a move's previous address
  // is elsewhere by nature and is not checked.
  // A sandbox twin serves its live register's territory, so test events are refused as live ones would be.
  const territory = await deps.territoryOf(register.sandboxOf ?? register.id);
  if (!withinTerritory(territory, event.address.katottg)) {
    throw new ProblemError({
      status: REGISTER_CONFIG_CODES.ADDRESS_OUTSIDE_TERRITORY,
      code: 'ADDRESS_OUTSIDE_TERRITORY',
      pointer: '/address/katottg',
      message: {
        uk: `Адреса з кодом КАТОТТГ ${event.address.katottg} поза територією, яку обслуговує реєстр ${register.code} (${territory.join(', ')}).`,
        en: `The address with КАТОТТГ code ${event.address.katottg} is outside the territory register ${register.code} serves (${territory.join(', ')}).`,
      },
    });
  }

  // A deregistration may name the DMS notice that caused it: only one this register was sent.
  const noticeId = event.deregistration?.noticeId ?? null;
  if (noticeId !== null && !(await deps.noticeRoutedTo(register.id, noticeId))) {
    throw new ProblemError({
      status: REGISTER_CONFIG_CODES.NOTICE_UNKNOWN,
      code: 'NOTICE_UNKNOWN',
      pointer: '/deregistration/noticeId',
      message: {
        uk: `Повідомлення ДМС ${noticeId} не надходило реєстру ${register.code}: вкажіть noticeId з GET /v1/notices.`,
        en: `DMS notice ${noticeId} was not routed to register ${register.code}: use a noticeId from GET /v1/notices.`,
      },
    });
  }

  const id = uuidv7(now);
  return {
    id,
    registerId: register.id,
    registerEventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    occurredAtMs: Date.parse(event.occurredAt),
    personKey: personKey(deps.personKeySecret, event),
    contentHash: createHash('sha256').update(canonicalJson(event)).digest('hex'),
    payload: JSON.stringify(event),
    warnings,
    receivedAt: now,
    delivery: { id: uuidv7(now), messageId: uuidv7(now), contract: deps.contract },
    sandbox: register.sandboxOf !== undefined,
    noticeId,
  };
}

/** Stores a prepared event in `tx`; the same event id with other content is refused (409). */
export async function storeEvent(tx: Queryable, prepared: NewEvent, deps: Pick<IngestDeps, 'events'>): Promise<IngestOutcome> {
  const result = await deps.events.storeEvent(tx, prepared);
  if (result.kind === 'conflict') {
    throw new ProblemError({
      status: 409,
      code: 'EVENT_ID_CONFLICT',
      pointer: '/eventId',
      message: {
        uk: `Подію з ідентифікатором ${prepared.registerEventId} вже отримано з іншим змістом. Новій події потрібен новий eventId.`,
        en: `An event with id ${prepared.registerEventId} was already received with different content. A new event needs a new eventId.`,
      },
      headers: { location: `/v1/events/${result.existingId}` },
    });
  }
  return { created: result.kind === 'created', event: result.event };
}
