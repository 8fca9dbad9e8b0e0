// The territory a register serves: КАТОТТГ codes, each covering itself and every unit below it in
// the codifier (an oblast its raions, a hromada its settlements, a city its districts). A register
// configured without codes serves all of Ukraine.
import { parseKatottg, type KatottgLevels } from './katottg.ts';

/** The levels that place a unit, from the top; the object id only names it. */
const LEVELS = ['oblast', 'raion', 'hromada', 'settlement', 'district'] as const satisfies ReadonlyArray<keyof KatottgLevels>;

const isZero = (digits: string): boolean => /^0+$/.test(digits);

/**
 * Does the unit `area` contain the unit `code` (or is it the same unit)? The levels down to the
 * deepest one `area` fills must be equal, zeros included: a settlement of the Chornobyl zone, filed
 * straight under its oblast (raion and hromada 00), does not contain a settlement numbered alike in
 * a hromada. Levels below are free. Below the district level units are not nested, so the same
 * code is required there.
 */
export function katottgCovers(area: string, code: string): boolean {
  if (area === code) return true;
  const a = parseKatottg(area);
  const c = parseKatottg(code);
  if (!a || !c) return false;
  let deepest = -1;
  LEVELS.forEach((level, i) => {
    if (!isZero(a[level])) deepest = i;
  });
  return deepest >= 0 && LEVELS.slice(0, deepest + 1).every((level) => a[level] === c[level]);
}

/** Is `code` within the territory? An empty territory is all of Ukraine. */
export function withinTerritory(territory: readonly string[], code: string): boolean {
  return territory.length === 0 || territory.some((area) => katottgCovers(area, code));
}
