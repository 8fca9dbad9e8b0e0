// Age in full years on a given date. Someone born on 29 February turns a year older on 28 February
// in common years (Civil Code art. 254, via addYears): the earlier reading never refuses a lawful case.

import { addYears } from './dates.ts';

export function ageOn(birthDate: string, onDate: string): number {
  const [birthYear, onYear] = [Number(birthDate.slice(0, 4)), Number(onDate.slice(0, 4))];
  const years = onYear - birthYear;
  return onDate < addYears(birthDate, years) ? years - 1 : years;
}

/** True while the person has not yet reached `years` on `onDate`. */
export function isYoungerThan(birthDate: string, years: number, onDate: string): boolean {
  return onDate < addYears(birthDate, years);
}
