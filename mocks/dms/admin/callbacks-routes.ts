// /__admin/outbox: what DMS has pushed or is still pushing to the gateway. /__admin/notices: DMS
// learns something a register must act on — a notice is made, signed and queued for the gateway.
import { Hono } from 'hono';
import { pointer, type Issue } from '../../../src/errors.ts';
import { NOTICE_KINDS } from '../../../src/notices/notice.ts';
import type { Outbox, OutboxState } from '../callbacks/outbox.ts';
import type { NoticeInput, Publisher } from '../callbacks/publisher.ts';
import { badRequest } from './problem.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const FIELDS: Record<string, { pattern: RegExp; en: string; uk: string; required: boolean }> = {
  unzr: { pattern: /^\d{8}-\d{5}$/, en: 'must be an УНЗР, YYYYMMDD-NNNNN', uk: 'має бути УНЗР у форматі YYYYMMDD-NNNNN', required: false },
  rnokpp: { pattern: /^\d{10}$/, en: 'must be a РНОКПП, 10 digits', uk: 'має бути РНОКПП із 10 цифр', required: false },
  lastName: { pattern: /^.{1,100}$/su, en: 'must be text of 1 to 100 characters', uk: 'має бути текстом від 1 до 100 символів', required: true },
  firstName: { pattern: /^.{1,100}$/su, en: 'must be text of 1 to 100 characters', uk: 'має бути текстом від 1 до 100 символів', required: true },
  patronymic: { pattern: /^.{1,100}$/su, en: 'must be text of 1 to 100 characters', uk: 'має бути текстом від 1 до 100 символів', required: false },
  birthDate: { pattern: DATE, en: 'must be a date, YYYY-MM-DD', uk: 'має бути датою YYYY-MM-DD', required: true },
};

function check(raw: Json, key: string, spec: (typeof FIELDS)[string], path: string[], issues: Issue[]): void {
  const value = raw[key];
  if (value === undefined && !spec.required) return;
  if (typeof value !== 'string' || !spec.pattern.test(value.trim())) issues.push({ code: 'NOTICE_INVALID', pointer: pointer(...path, key), message: { en: spec.en, uk: spec.uk } });
}

function onlyKnown(raw: Json, known: string[], path: string[], issues: Issue[]): void {
  for (const key of Object.keys(raw)) if (!known.includes(key)) issues.push({ code: 'NOTICE_INVALID', pointer: pointer(...path, key), message: { en: 'is not a known field', uk: 'невідоме поле' } });
}

/** The notice asked for, or a 400 listing every problem; an unknown kind is its own code. */
export function parseNoticeInput(raw: unknown): NoticeInput {
  if (!isObject(raw)) throw badRequest('NOTICE_INVALID', 'expected a JSON object {kind, person, katottg, occurredOn, document?}', 'очікується JSON-обʼєкт {kind, person, katottg, occurredOn, document?}');
  if (typeof raw.kind !== 'string' || !(NOTICE_KINDS as readonly string[]).includes(raw.kind)) {
    throw badRequest('NOTICE_KIND_UNKNOWN', `kind must be one of ${NOTICE_KINDS.join(', ')}`, `kind має бути одним із: ${NOTICE_KINDS.join(', ')}`);
  }
  const issues: Issue[] = [];
  onlyKnown(raw, ['kind', 'person', 'katottg', 'occurredOn', 'document'], [], issues);
  const person = raw.person;
  if (isObject(person)) {
    onlyKnown(person, Object.keys(FIELDS), ['person'], issues);
    for (const [key, spec] of Object.entries(FIELDS)) check(person, key, spec, ['person'], issues);
  } else issues.push({ code: 'NOTICE_INVALID', pointer: pointer('person'), message: { en: 'is required: {lastName, firstName, birthDate, unzr?, rnokpp?, patronymic?}', uk: "обов'язкове: {lastName, firstName, birthDate, unzr?, rnokpp?, patronymic?}" } });
  check(raw, 'katottg', { pattern: /^UA\d{17}$/, en: 'must be a КАТОТТГ code, UA and 17 digits', uk: 'має бути кодом КАТОТТГ: UA і 17 цифр', required: false }, [], issues);
  check(raw, 'occurredOn', { ...FIELDS.birthDate!, required: true }, [], issues);
  const doc = raw.document;
  if (doc !== undefined) {
    if (!isObject(doc)) issues.push({ code: 'NOTICE_INVALID', pointer: pointer('document'), message: { en: 'must be {type, number}', uk: 'має бути {type, number}' } });
    else {
      onlyKnown(doc, ['type', 'number'], ['document'], issues);
      for (const key of ['type', 'number']) check(doc, key, { pattern: /^.{1,64}$/su, en: 'must be text of 1 to 64 characters', uk: 'має бути текстом від 1 до 64 символів', required: true }, ['document'], issues);
    }
  }
  if (issues.length > 0) throw badRequest('NOTICE_INVALID', 'the notice is invalid', 'повідомлення неправильне', issues);
  const p = person as Record<string, string | undefined>;
  const trimmed = (v: string | undefined) => (v === undefined ? undefined : v.trim());
  return {
    kind: raw.kind,
    person: { unzr: trimmed(p.unzr), rnokpp: trimmed(p.rnokpp), lastName: p.lastName!.trim(), firstName: p.firstName!.trim(), patronymic: trimmed(p.patronymic), birthDate: p.birthDate!.trim() },
    katottg: raw.katottg as string | undefined,
    occurredOn: raw.occurredOn as string,
    document: doc as { type: string; number: string } | undefined,
  };
}

const STATES: readonly string[] = ['pending', 'delivered', 'refused'];

export function callbacksRoutes(outbox: Outbox, publisher: Publisher): Hono {
  return new Hono()
    .get('/outbox', (c) => {
      const state = c.req.query('state');
      if (state !== undefined && !STATES.includes(state)) throw badRequest('INVALID_QUERY', 'state must be pending, delivered or refused', 'state має бути pending, delivered або refused');
      const items = outbox.summaries(state as OutboxState | undefined);
      return c.json({ counts: outbox.counts(), items });
    })
    .post('/notices', async (c) => {
      const body: unknown = await c.req.json().catch(() => {
        throw badRequest('INVALID_JSON', 'the request body is not JSON', 'тіло запиту не є JSON');
      });
      const input = parseNoticeInput(body);
      const item = publisher.notice(input);
      if (!item) throw badRequest('NO_DMS_KEY', 'the mock has no DMS key to sign notices with', 'у макета немає ключа ДМС для підпису повідомлень');
      return c.json({ noticeId: item.id, state: item.state }, 202);
    });
}
