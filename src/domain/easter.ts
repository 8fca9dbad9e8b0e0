// Orthodox Easter (Великдень) by the Julian computus, as a Gregorian date. Ukraine's movable
// holidays (Easter, Trinity) still follow it after the 2023 move of Christmas to 25 December.

import { addDays, formatIsoDate } from './dates.ts';

export function orthodoxEaster(year: number): string {
  // Meeus' Julian algorithm.
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  // Julian → Gregorian: 13 days in 1900–2099, in general ⌊y/100⌋ − ⌊y/400⌋ − 2.
  const shift = Math.floor(year / 100) - Math.floor(year / 400) - 2;
  return addDays(formatIsoDate({ year, month, day }), shift);
}

/** Трійця: the seventh Sunday after Easter. */
export function trinity(year: number): string {
  return addDays(orthodoxEaster(year), 49);
}
