// Peacetime public holidays (Labour Code art. 73) by year, and art. 67's carry-over: a holiday on a
// Saturday or Sunday gives the next working day off. The CMU's yearly recommendations to swap days
// (a working Saturday for a bridge Monday) are not law and are not modelled.

import { formatIsoDate, isoWeekday, addDays } from './dates.ts';
import { orthodoxEaster, trinity } from './easter.ts';

interface FixedHoliday {
  month: number;
  day: number;
  name: string;
  /** Years the holiday was in art. 73 (inclusive). */
  from?: number;
  to?: number;
}

// 2017: Law 2211-VIII added 25 Dec and dropped 2 May. 2023: Law 3107-IX dropped 7 Jan, moved
// 14 Oct to 1 Oct, 9 May to 8 May (from 2024) and Statehood Day to 15 July (from 2024) [dates of
// effect for 9 May and Statehood Day unconfirmed; under martial law none of this applies].
const FIXED: readonly FixedHoliday[] = [
  { month: 1, day: 1, name: 'Новий рік' },
  { month: 1, day: 7, name: 'Різдво Христове', to: 2023 },
  { month: 3, day: 8, name: 'Міжнародний жіночий день' },
  { month: 5, day: 1, name: 'День праці' },
  { month: 5, day: 2, name: 'День міжнародної солідарності трудящих', to: 2017 },
  { month: 5, day: 8, name: 'День пам’яті та перемоги над нацизмом', from: 2024 },
  { month: 5, day: 9, name: 'День перемоги над нацизмом', to: 2023 },
  { month: 6, day: 28, name: 'День Конституції України' },
  { month: 7, day: 15, name: 'День Української Державності', from: 2024 },
  { month: 7, day: 28, name: 'День Української Державності', from: 2022, to: 2023 },
  { month: 8, day: 24, name: 'День Незалежності України' },
  { month: 10, day: 1, name: 'День захисників і захисниць України', from: 2023 },
  { month: 10, day: 14, name: 'День захисника України', from: 2015, to: 2022 },
  { month: 12, day: 25, name: 'Різдво Христове', from: 2017 },
];

/** The holidays of a year as dates (Easter and Trinity are Sundays by definition). */
export function holidaysOf(year: number): string[] {
  const fixed = FIXED.filter((h) => (h.from ?? -Infinity) <= year && year <= (h.to ?? Infinity)).map((h) =>
    formatIsoDate({ year, month: h.month, day: h.day }),
  );
  return [...fixed, orthodoxEaster(year), trinity(year)].sort();
}

const isWeekend = (date: string): boolean => isoWeekday(date) >= 6;

/**
 * Days off besides weekends in a year: each holiday, or when it falls on a weekend the next day that
 * is neither a weekend nor already off (two holidays on one weekend give Monday and Tuesday).
 */
export function daysOffOf(year: number): ReadonlySet<string> {
  const off = new Set<string>();
  for (const holiday of holidaysOf(year)) {
    if (!isWeekend(holiday)) {
      off.add(holiday);
      continue;
    }
    let day = addDays(holiday, 1);
    while (isWeekend(day) || off.has(day)) day = addDays(day, 1);
    off.add(day);
  }
  return off;
}
