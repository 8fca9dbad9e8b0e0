// The published examples against the rules: every valid example passes untouched (no issues, no
// warnings), every invalid file named after one of our codes produces that code first, and together
// they cover every code, person category, document type and deregistration ground.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSchema } from '../validation/schema.ts';
import { isRuleCode, RULE_CODES } from './codes.ts';
import { DOCUMENTS_BY_CATEGORY } from './document-rules.ts';
import { BASIS_BY_GROUND } from './deregistration.ts';
import { EVENT_TYPES, type RegistrationEvent } from './event.ts';
import { applyRules, type RuleContext } from './rules.ts';

const CONTRACT = new URL('../../contracts/events/v1/', import.meta.url);
const CTX: RuleContext = { today: '2026-11-23', feeMismatch: 'reject' };

function load(dir: string, keep: (name: string) => boolean = () => true): Array<[string, RegistrationEvent]> {
  const url = new URL(`${dir}/`, CONTRACT);
  return readdirSync(url)
    .filter((name) => name.endsWith('.json') && keep(name))
    .sort()
    .map((name) => [name, JSON.parse(readFileSync(new URL(name, url), 'utf8')) as RegistrationEvent]);
}

const examples = load('examples');
// Files named after schema and HTTP codes belong to the pipeline's own tests (some are not even JSON).
const invalid = load('invalid', (name) => isRuleCode(name.split('.')[0]!));

describe('valid examples', () => {
  it.each(examples)('%s passes the schema and every rule', (_name, event) => {
    expect(checkSchema(event)).toEqual([]);
    const { issues, warnings } = applyRules(event, CTX);
    expect(issues).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('cover every event type, person category, document type and deregistration ground', () => {
    const events = examples.map(([, e]) => e);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
    const documentTypes = new Set(events.flatMap((e) => [e.document.type, e.birthCertificate?.type]));
    expect(new Set(events.map((e) => e.person.category))).toEqual(new Set(Object.keys(DOCUMENTS_BY_CATEGORY)));
    for (const type of Object.values(DOCUMENTS_BY_CATEGORY).flat()) expect(documentTypes).toContain(type);
    const grounds = new Set(events.map((e) => e.deregistration?.ground).filter(Boolean));
    expect(grounds).toEqual(new Set(Object.keys(BASIS_BY_GROUND)));
  });
});

describe('invalid files with a rule code', () => {
  it.each(invalid)('%s passes the schema and is refused with its code first', (name, event) => {
    expect(checkSchema(event)).toEqual([]);
    const code = name.split('.')[0];
    const { issues } = applyRules(event, CTX);
    expect(issues.map((i) => i.code)).toContain(code);
    expect(issues[0]?.code).toBe(code);
  });

  it('exist for every code that can refuse an event', () => {
    const covered = new Set(invalid.map(([name]) => name.split('.')[0]));
    const refusing = Object.entries(RULE_CODES).filter(([, severity]) => severity !== 'warning').map(([code]) => code);
    expect(refusing.filter((code) => !covered.has(code))).toEqual([]);
  });
});

describe('RULES.md', () => {
  const rules = readFileSync(new URL('RULES.md', CONTRACT), 'utf8');
  it('documents every code', () => {
    expect(Object.keys(RULE_CODES).filter((code) => !rules.includes(`\`${code}\``))).toEqual([]);
  });
  it('names every invalid file it refers to correctly', () => {
    const names = new Set(readdirSync(new URL('invalid/', CONTRACT)));
    const referenced = [...rules.matchAll(/invalid\/([A-Z_]+\.[a-z0-9-]+\.json)/g)].map((m) => m[1]!);
    expect(referenced.filter((name) => !names.has(name))).toEqual([]);
  });
});
