import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, daysBetween, isIsoDate, isoWeekday, kyivDateAt, kyivDateOf } from './dates.ts';

describe('dates', () => {
  it.each([
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-1-05', false],
    ['15.03.1988', false],
  ])('isIsoDate(%s) is %s', (value, ok) => {
    expect(isIsoDate(value)).toBe(ok);
  });

  it('adds days and months across ends of months (Civil Code art. 254)', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-10-23', 3)).toBe('2027-01-23');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(daysBetween('2026-11-12', '2026-12-12')).toBe(30);
  });

  it('knows the weekday', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-22')).toBe(7);
  });

  it('takes the Kyiv date of an instant, in winter (UTC+2) and summer (UTC+3)', () => {
    expect(kyivDateOf('2026-11-20T22:30:00Z')).toBe('2026-11-21');
    expect(kyivDateOf('2026-11-20T21:59:59Z')).toBe('2026-11-20');
    expect(kyivDateOf('2026-07-01T21:00:00Z')).toBe('2026-07-02');
    expect(kyivDateOf('2026-11-21T00:30:00+02:00')).toBe('2026-11-21');
    expect(kyivDateOf('2026-12-31T23:59:60Z')).toBe('2026-12-31'); // a leap second, read as written
  });

  it('gives the same Kyiv date as the time zone database at every minute around midnights and clock changes, asked twice (remembered by hour)', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' });
    // the days of the clock changes of 2026 (29 March, 25 October), a winter and a summer day
    const days = ['2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25', '2026-11-20', '2026-07-01'].map((d) => Date.parse(`${d}T00:00:00Z`));
    for (const pass of [1, 2]) {
      for (const day of days) {
        for (let ms = day - 6 * 3_600_000; ms < day + 30 * 3_600_000; ms += 59_999) expect(kyivDateAt(ms), `${new Date(ms).toISOString()}, pass ${pass}`).toBe(zone.format(ms));
      }
    }
  });
});

describe('a date that is not one', () => {
  it('is refused with the value named, by every function that reads it', () => {
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow('not a calendar date: 2026-02-30');
    expect(() => addDays('2026-13-01', 1)).toThrow('not a calendar date: 2026-13-01');
    expect(() => addMonths('yesterday', 1)).toThrow('not a calendar date: yesterday');
    expect(() => kyivDateOf('soon')).toThrow('not an instant: soon');
  });
});
