// Validates a request body against the published contract file itself
// (contracts/events/v1/event.schema.json), so what vendors read is exactly what runs.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { pointerSegment, type Issue } from '../errors.ts';

// ajv-formats is CommonJS; under ESM its function may sit on .default.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

const SCHEMA_URL = new URL('../../contracts/events/v1/event.schema.json', import.meta.url);

function compile() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
}

let validator: ReturnType<typeof compile> | undefined;

/** Compiles the schema now (~0.1 s) rather than in the first request that needs it: a server calls it at start. */
export function compileSchema(): void {
  validator ??= compile();
}

/** Issues in document order; an empty list means the body conforms to the schema. */
export function checkSchema(body: unknown): Issue[] {
  validator ??= compile();
  const inherited = inheritedNameIssues(body);
  if (validator(body)) return inherited;
  const issues = (validator.errors ?? []).map(toIssue).filter((i): i is Issue => i !== null);
  return dedupe([...issues, ...inherited]);
}

// ajv tracks the members evaluated under if/then in a plain object, so `unevaluatedProperties`
// takes a member named like one of Object.prototype's (constructor, toString, __proto__ as an own
// key from JSON.parse…) for evaluated and lets it through. The contract defines no member of those
// names anywhere, so each is refused here as the unknown field it is.
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

function inheritedNameIssues(body: unknown): Issue[] {
  const issues: Issue[] = [];
  const stack: Array<[unknown, string]> = [[body, '']];
  while (stack.length > 0) {
    const [value, at] = stack.pop() as [unknown, string];
    if (value === null || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      // the pointer only where it is used: an issue, or members below
      if (INHERITED.has(key)) {
        const p = `${at}/${pointerSegment(key)}`;
        issues.push({ code: 'FIELD_UNKNOWN', pointer: p, message: { uk: `Поле ${p} не передбачене контрактом v1.`, en: `Field ${p} is not part of contract v1.` } });
      } else if (child !== null && typeof child === 'object') stack.push([child, `${at}/${pointerSegment(key)}`]);
    }
  }
  return issues;
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.code}|${i.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toIssue(e: ErrorObject): Issue | null {
  const at = e.instancePath;
  const shown = (p: string) => (p === '' ? '/' : p);
  switch (e.keyword) {
    case 'required': {
      const p = `${at}/${pointerSegment((e.params as { missingProperty: string }).missingProperty)}`;
      return { code: 'FIELD_REQUIRED', pointer: p, message: { uk: `Обов'язкове поле ${p} відсутнє.`, en: `Required field ${p} is missing.` } };
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const params = e.params as { additionalProperty?: string; unevaluatedProperty?: string };
      const p = `${at}/${pointerSegment(params.additionalProperty ?? params.unevaluatedProperty ?? '')}`;
      return { code: 'FIELD_UNKNOWN', pointer: p, message: { uk: `Поле ${p} не передбачене контрактом v1.`, en: `Field ${p} is not part of contract v1.` } };
    }
    case 'type': {
      const expected = String((e.params as { type: string }).type);
      return { code: 'FIELD_TYPE', pointer: at, message: { uk: `Поле ${shown(at)} має бути типу ${expected}.`, en: `Field ${shown(at)} must be of type ${expected}.` } };
    }
    case 'format': {
      const format = String((e.params as { format: string }).format);
      const example = format === 'date' ? '2026-11-20' : format === 'date-time' ? '2026-11-20T10:15:00+02:00' : format;
      return {
        code: 'FIELD_FORMAT',
        pointer: at,
        message: {
          uk: `Поле ${shown(at)} має бути дійсною датою у форматі ${format} (наприклад, ${example}).`,
          en: `Field ${shown(at)} must be a valid ${format} (for example ${example}).`,
        },
      };
    }
    case 'pattern': {
      // The contract's date patterns only bound the year; say so rather than "invalid format".
      const years = /^\^\(19\|20\)|^\^20/.test(String((e.params as { pattern: string }).pattern));
      return years
        ? { code: 'FIELD_PATTERN', pointer: at, message: { uk: `Рік у полі ${shown(at)} поза допустимими межами (1900–2099; для occurredAt — 2000–2099).`, en: `The year in field ${shown(at)} is out of range (1900–2099; 2000–2099 for occurredAt).` } }
        : { code: 'FIELD_PATTERN', pointer: at, message: { uk: `Поле ${shown(at)} має неприпустимий формат.`, en: `Field ${shown(at)} has an invalid format.` } };
    }
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'enum' ? (e.params as { allowedValues: unknown[] }).allowedValues : [(e.params as { allowedValue: unknown }).allowedValue];
      const list = allowed.map((v) => JSON.stringify(v)).join(', ');
      return { code: 'FIELD_ENUM', pointer: at, message: { uk: `Поле ${shown(at)} має бути одним із: ${list}.`, en: `Field ${shown(at)} must be one of: ${list}.` } };
    }
    case 'minLength':
    case 'maxLength': {
      const limit = (e.params as { limit: number }).limit;
      const [uk, en] = e.keyword === 'minLength' ? [`щонайменше ${limit}`, `at least ${limit}`] : [`не більше ${limit}`, `at most ${limit}`];
      return { code: 'FIELD_LENGTH', pointer: at, message: { uk: `Довжина поля ${shown(at)} має бути ${uk} символів.`, en: `Field ${shown(at)} must be ${en} characters long.` } };
    }
    case 'not': {
      // The contract uses "not": {} only to forbid a field on the event types it does not belong to.
      return { code: 'FIELD_FORBIDDEN', pointer: at, message: { uk: `Поле ${shown(at)} недопустиме для цього типу події.`, en: `Field ${shown(at)} is not allowed for this event type.` } };
    }
    case 'if':
      return null; // the failing "then" branch is reported on its own
    default:
      return { code: 'FIELD_INVALID', pointer: at, message: { uk: `Поле ${shown(at)} не відповідає контракту.`, en: `Field ${shown(at)} does not conform to the contract.` } };
  }
}
