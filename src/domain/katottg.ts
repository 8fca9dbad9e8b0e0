// КАТОТТГ, the codifier of territorial units (Мінрегіон order №290 of 26.11.2020):
// UA + oblast(2) raion(2) hromada(3) settlement(3) city district(2) object id(5); no checksum
// (domain.md "Identifiers"). The structure follows the codifier's real entries, not a rule of our own:
// each level hangs under the one above it, except that Kyiv (80) and Sevastopol (85) stand outside
// raions, and the settlements of the Chornobyl exclusion zone belong to no raion or hromada and hang
// straight under their oblast (м. Прип'ять UA32000000010085013, м. Чорнобиль UA32000000020050699).

import { canonicalText, toCyrillicLookalikes } from './normalise.ts';

/** Oblast-level codes: the 24 oblasts, Crimea (01) and the two special-status cities. */
export const OBLAST_CODES: ReadonlySet<string> = new Set([
  '01', '05', '07', '12', '14', '18', '21', '23', '26', '32', '35', '44', '46', '48',
  '51', '53', '56', '59', '61', '63', '65', '68', '71', '73', '74', '80', '85',
]);
const SPECIAL_STATUS_CITIES: ReadonlySet<string> = new Set(['80', '85']);

export interface KatottgLevels {
  oblast: string;
  raion: string;
  hromada: string;
  settlement: string;
  district: string;
  objectId: string;
}

export type KatottgProblem = 'KATOTTG_FORMAT' | 'KATOTTG_OBLAST_UNKNOWN' | 'KATOTTG_LEVELS_INCONSISTENT';

const FORMAT = /^UA(\d{2})(\d{2})(\d{3})(\d{3})(\d{2})(\d{5})$/;

/** Trimmed, upper-cased; a prefix typed as Cyrillic `УА` (or mixed) becomes Latin `UA`. */
export function normaliseKatottg(raw: string): string {
  const text = canonicalText(raw);
  return /^[UУ][AА]/.test(text) ? 'UA' + text.slice(2) : text;
}

export function parseKatottg(code: string): KatottgLevels | undefined {
  const m = FORMAT.exec(code);
  if (!m) return undefined;
  const [, oblast, raion, hromada, settlement, district, objectId] = m as unknown as string[];
  return { oblast, raion, hromada, settlement, district, objectId } as KatottgLevels;
}

const isZero = (digits: string): boolean => /^0+$/.test(digits);

/** Which levels are filled (non-zero) in an accepted code, from the raion down. */
type Filled = [raion: boolean, hromada: boolean, settlement: boolean, district: boolean];

/**
 * The patterns the codifier uses outside Kyiv and Sevastopol: oblast; raion; hromada; settlement;
 * city district; and a settlement under its oblast with no raion or hromada (the exclusion zone).
 */
const REGULAR_PATTERNS: readonly Filled[] = [
  [false, false, false, false],
  [true, false, false, false],
  [true, true, false, false],
  [true, true, true, false],
  [true, true, true, true],
  [false, false, true, false],
];

export function katottgProblem(code: string): KatottgProblem | undefined {
  const levels = parseKatottg(code);
  if (!levels) return 'KATOTTG_FORMAT';
  if (!OBLAST_CODES.has(levels.oblast)) return 'KATOTTG_OBLAST_UNKNOWN';
  const { oblast, raion, hromada, settlement, district } = levels;
  if (SPECIAL_STATUS_CITIES.has(oblast)) {
    // Whether their city districts use the district digits is unconfirmed: those are left free.
    return isZero(raion) && isZero(hromada) && isZero(settlement) ? undefined : 'KATOTTG_LEVELS_INCONSISTENT';
  }
  const filled = [raion, hromada, settlement, district].map((digits) => !isZero(digits));
  const known = REGULAR_PATTERNS.some((pattern) => pattern.every((level, i) => level === filled[i]));
  return known ? undefined : 'KATOTTG_LEVELS_INCONSISTENT';
}

/** A place a person can live at: a settlement or a city district, or a special-status city. */
export function isSettlementLevelOrBelow(code: string): boolean {
  const levels = parseKatottg(code);
  if (!levels) return false;
  return SPECIAL_STATUS_CITIES.has(levels.oblast) || !isZero(levels.settlement);
}

/** Categories of the codifier (О К Р Н М Т С Х В), written in Cyrillic. */
export const KATOTTG_CATEGORIES = ['О', 'К', 'Р', 'Н', 'М', 'Т', 'С', 'Х', 'В'] as const;
export type KatottgCategory = (typeof KATOTTG_CATEGORIES)[number];

/** Public copies of the codifier write categories with Latin look-alikes (`M`, `C`, `X`…). */
export function normaliseCategory(letter: string): KatottgCategory | undefined {
  const cyrillic = toCyrillicLookalikes(canonicalText(letter));
  return (KATOTTG_CATEGORIES as readonly string[]).includes(cyrillic) ? (cyrillic as KatottgCategory) : undefined;
}

export function sameCategory(a: string, b: string): boolean {
  const [left, right] = [normaliseCategory(a), normaliseCategory(b)];
  return left !== undefined && left === right;
}
