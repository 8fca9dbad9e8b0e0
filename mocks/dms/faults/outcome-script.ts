// Scripting the final outcomes from ЄДДР (the `outcomes` part of PUT /__admin/faults): which accepted
// message is registered and which refused (code + reason), and after how long. The scripted
// `sequence` is taken first, one entry per accepted message; then the `rules`, each with its
// probability; otherwise the message is registered after the default delay.
import { pointer } from '../../../src/errors.ts';
import type { Issue } from '../../../src/errors.ts';
import { LIMITS } from './fault-config.ts';

export type OutcomeSpec = { type: 'register'; delayMs?: number } | { type: 'refuse'; code: string; reason?: string; delayMs?: number };
export type OutcomeRule = OutcomeSpec & { probability: number };

export interface OutcomeScript {
  sequence: OutcomeSpec[];
  rules: OutcomeRule[];
}

export const NO_OUTCOME_SCRIPT: OutcomeScript = { sequence: [], rules: [] };
export const DEFAULT_REFUSAL_REASON = 'ЄДДР відмовив у внесенні запису';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const issue = (path: Array<string | number>, en: string, uk: string): Issue => ({ code: 'FAULT_CONFIG_INVALID', pointer: pointer(...path), message: { en, uk } });

function parseSpec(raw: unknown, path: Array<string | number>, issues: Issue[], withProbability: boolean): OutcomeRule | null {
  if (!isObject(raw)) {
    issues.push(issue(path, 'must be an object', 'має бути обʼєктом'));
    return null;
  }
  const allowed = ['type', 'delayMs', ...(raw.type === 'refuse' ? ['code', 'reason'] : []), ...(withProbability ? ['probability'] : [])];
  for (const key of Object.keys(raw)) if (!allowed.includes(key)) issues.push(issue([...path, key], `is not a field of a "${String(raw.type)}" outcome`, `не є полем результату "${String(raw.type)}"`));
  if (raw.type !== 'register' && raw.type !== 'refuse') issues.push(issue([...path, 'type'], 'must be "register" or "refuse"', 'має бути "register" або "refuse"'));
  const delay = raw.delayMs;
  if (delay !== undefined && !(Number.isInteger(delay) && (delay as number) >= 0 && (delay as number) <= LIMITS.maxMs)) {
    issues.push(issue([...path, 'delayMs'], `must be an integer from 0 to ${LIMITS.maxMs}`, `має бути цілим числом від 0 до ${LIMITS.maxMs}`));
  }
  if (raw.type === 'refuse') {
    if (typeof raw.code !== 'string' || !LIMITS.rejectCode.test(raw.code)) issues.push(issue([...path, 'code'], 'must be an upper-case code such as RECORD_CONFLICT', 'має бути кодом великими літерами, напр. RECORD_CONFLICT'));
    if (raw.reason !== undefined && (typeof raw.reason !== 'string' || raw.reason.length === 0 || raw.reason.length > LIMITS.maxReason)) {
      issues.push(issue([...path, 'reason'], `must be text of 1 to ${LIMITS.maxReason} characters`, `має бути текстом від 1 до ${LIMITS.maxReason} символів`));
    }
  }
  const probability = raw.probability;
  if (withProbability && (typeof probability !== 'number' || !(probability >= 0 && probability <= 1))) {
    issues.push(issue([...path, 'probability'], 'must be a number from 0 to 1', 'має бути числом від 0 до 1'));
  }
  return { ...(raw as OutcomeSpec), probability: withProbability ? (probability as number) : 1 };
}

function parseList(raw: unknown, path: Array<string | number>, issues: Issue[], withProbability: boolean): OutcomeRule[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > LIMITS.maxEntries) {
    issues.push(issue(path, `must be an array of at most ${LIMITS.maxEntries} outcomes`, `має бути масивом щонайбільше з ${LIMITS.maxEntries} результатів`));
    return [];
  }
  return raw.map((item, i) => parseSpec(item, [...path, i], issues, withProbability)).filter((r): r is OutcomeRule => r !== null);
}

/** Adds its problems to `issues`; the script is meaningful only when none were added. */
export function parseOutcomeScript(raw: unknown, issues: Issue[]): OutcomeScript {
  if (raw === undefined) return NO_OUTCOME_SCRIPT;
  if (!isObject(raw)) {
    issues.push(issue(['outcomes'], 'must be an object {sequence, rules}', 'має бути обʼєктом {sequence, rules}'));
    return NO_OUTCOME_SCRIPT;
  }
  for (const key of Object.keys(raw)) if (!['sequence', 'rules'].includes(key)) issues.push(issue(['outcomes', key], 'is not a known field', 'невідоме поле'));
  const sequence = parseList(raw.sequence, ['outcomes', 'sequence'], issues, false).map(({ probability: _p, ...spec }) => spec as OutcomeSpec);
  return { sequence, rules: parseList(raw.rules, ['outcomes', 'rules'], issues, true) };
}
