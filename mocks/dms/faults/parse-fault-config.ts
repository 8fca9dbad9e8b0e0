// Validates a PUT /__admin/faults body. Every problem is reported at once, with a JSON pointer,
// so a test author fixes the config in one go.
import { pointer } from '../../../src/errors.ts';
import type { Issue } from '../../../src/errors.ts';
import { FAULT_TYPES, FIELDS_BY_TYPE, LIMITS } from './fault-config.ts';
import type { FaultConfig, FaultRule, FaultSpec, FaultType } from './fault-config.ts';
import { parseOutcomeScript } from './outcome-script.ts';

type Path = Array<string | number>;
type Json = Record<string, unknown>;

function issue(path: Path, en: string, uk: string): Issue {
  return { code: 'FAULT_CONFIG_INVALID', pointer: pointer(...path), message: { en, uk } };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intIn(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function checkInt(raw: Json, key: string, min: number, max: number, path: Path, issues: Issue[], required: boolean): void {
  if (raw[key] === undefined && !required) return;
  if (!intIn(raw[key], min, max)) issues.push(issue([...path, key], `must be an integer from ${min} to ${max}`, `має бути цілим числом від ${min} до ${max}`));
}

function checkTypeFields(raw: Json, type: FaultType, path: Path, issues: Issue[]): void {
  if (type === 'status') {
    checkInt(raw, 'status', 400, 599, path, issues, true);
    checkInt(raw, 'retryAfter', 0, LIMITS.maxRetryAfter, path, issues, false);
  }
  if (type === 'delay' || type === 'no_answer') checkInt(raw, 'ms', 0, LIMITS.maxMs, path, issues, type === 'delay');
  if (type === 'reject') {
    if (typeof raw.code !== 'string' || !LIMITS.rejectCode.test(raw.code)) {
      issues.push(issue([...path, 'code'], 'must be an upper-case code such as UNZR_INVALID', 'має бути кодом великими літерами, напр. UNZR_INVALID'));
    }
    const reason = raw.reason;
    if (reason !== undefined && (typeof reason !== 'string' || reason.length === 0 || reason.length > LIMITS.maxReason)) {
      issues.push(issue([...path, 'reason'], `must be text of 1 to ${LIMITS.maxReason} characters`, `має бути текстом від 1 до ${LIMITS.maxReason} символів`));
    }
  }
}

function parseFault(raw: unknown, path: Path, issues: Issue[], extra: readonly string[]): FaultSpec | null {
  if (!isObject(raw)) {
    issues.push(issue(path, 'must be an object', 'має бути обʼєктом'));
    return null;
  }
  const type = raw.type as FaultType;
  if (!FAULT_TYPES.includes(type)) {
    issues.push(issue([...path, 'type'], `must be one of ${FAULT_TYPES.join(', ')}`, `має бути одним із: ${FAULT_TYPES.join(', ')}`));
    return null;
  }
  const allowed = new Set(['type', 'when', ...FIELDS_BY_TYPE[type], ...extra]);
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) issues.push(issue([...path, key], `is not a field of a "${type}" fault`, `не є полем збою "${type}"`));
  }
  if (raw.when !== undefined && raw.when !== 'before' && raw.when !== 'after') {
    issues.push(issue([...path, 'when'], 'must be "before" or "after"', 'має бути "before" або "after"'));
  }
  checkTypeFields(raw, type, path, issues);
  const { probability: _probability, ...fault } = raw;
  return type === 'none' ? { type } : ({ ...fault, when: raw.when ?? 'before' } as FaultSpec);
}

function parseList<T>(raw: unknown, key: string, issues: Issue[], parseItem: (item: unknown, path: Path) => T | null): T[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > LIMITS.maxEntries) {
    issues.push(issue([key], `must be an array of at most ${LIMITS.maxEntries} faults`, `має бути масивом щонайбільше з ${LIMITS.maxEntries} збоїв`));
    return [];
  }
  return raw.map((item, i) => parseItem(item, [key, i])).filter((item): item is T => item !== null);
}

function parseRule(raw: unknown, path: Path, issues: Issue[]): FaultRule | null {
  const fault = parseFault(raw, path, issues, ['probability']);
  const probability = isObject(raw) ? raw.probability : undefined;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
    issues.push(issue([...path, 'probability'], 'must be a number from 0 to 1', 'має бути числом від 0 до 1'));
    return null;
  }
  return fault ? { ...fault, probability } : null;
}

export function parseFaultConfig(raw: unknown): { ok: true; config: FaultConfig } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  if (!isObject(raw)) return { ok: false, issues: [issue([], 'must be a JSON object', 'має бути JSON-обʼєктом')] };
  for (const key of Object.keys(raw)) {
    if (!['seed', 'sequence', 'rules', 'outcomes'].includes(key)) issues.push(issue([key], 'is not a known field', 'невідоме поле'));
  }
  checkInt(raw, 'seed', 0, 2 ** 32 - 1, [], issues, false);
  const sequence = parseList(raw.sequence, 'sequence', issues, (item, path) => parseFault(item, path, issues, []));
  const rules = parseList(raw.rules, 'rules', issues, (item, path) => parseRule(item, path, issues));
  const outcomes = parseOutcomeScript(raw.outcomes, issues);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, config: { ...(raw.seed === undefined ? {} : { seed: raw.seed as number }), sequence, rules, ...(raw.outcomes === undefined ? {} : { outcomes }) } };
}
