// Working days for deadlines. Under martial law (Law 2136-IX, art. 6) holidays and moved days off do
// not apply: every Monday–Friday is a working day. That is the default; the peacetime calendar
// (holidays and their carry-over, holidays.ts) is behind the switch.

import { addDays, isoWeekday } from './dates.ts';
import { daysOffOf } from './holidays.ts';

export type CalendarMode = 'martial_law' | 'peacetime';
export const DEFAULT_CALENDAR: CalendarMode = 'martial_law';

// Memoised per year: the result depends on the year alone.
const daysOffByYear = new Map<number, ReadonlySet<string>>();

function daysOff(year: number): ReadonlySet<string> {
  let off = daysOffByYear.get(year);
  if (!off) {
    off = daysOffOf(year);
    daysOffByYear.set(year, off);
  }
  return off;
}

function isDayOff(date: string): boolean {
  const year = Number(date.slice(0, 4));
  // The previous year too, in case a late-December holiday ever carries over into January.
  return daysOff(year).has(date) || daysOff(year - 1).has(date);
}

export function isWorkingDay(date: string, mode: CalendarMode = DEFAULT_CALENDAR): boolean {
  if (isoWeekday(date) >= 6) return false;
  return mode === 'martial_law' || !isDayOff(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, mode: CalendarMode = DEFAULT_CALENDAR): string {
  let day = addDays(date, 1);
  while (!isWorkingDay(day, mode)) day = addDays(day, 1);
  return day;
}

/**
 * The date `count` working days after `date` ("within N working days of …": the start day itself
 * is not counted). Zero gives `date` itself.
 */
export function addWorkingDays(date: string, count: number, mode: CalendarMode = DEFAULT_CALENDAR): string {
  let day = date;
  for (let i = 0; i < count; i++) day = nextWorkingDay(day, mode);
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(from: string, to: string, mode: CalendarMode = DEFAULT_CALENDAR): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, mode)) count++;
  return count;
}
