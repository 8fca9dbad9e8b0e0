import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, nextWorkingDay, workingDaysBetween } from './calendar.ts';
import { orthodoxEaster, trinity } from './easter.ts';
import { daysOffOf, holidaysOf } from './holidays.ts';

describe('Orthodox Easter and Trinity', () => {
  it.each([
    // 2014 and 2033: the golden number is 0 (year % 19), the start of the Metonic cycle.
    [2014, '2014-04-20', '2014-06-08'],
    [2033, '2033-04-24', '2033-06-12'],
    [2021, '2021-05-02', '2021-06-20'],
    [2022, '2022-04-24', '2022-06-12'],
    [2023, '2023-04-16', '2023-06-04'],
    [2024, '2024-05-05', '2024-06-23'],
    [2025, '2025-04-20', '2025-06-08'],
    [2026, '2026-04-12', '2026-05-31'],
  ])('%i: Easter %s, Trinity %s', (year, easter, trinityDay) => {
    expect(orthodoxEaster(year)).toBe(easter);
    expect(trinity(year)).toBe(trinityDay);
  });
});

describe('peacetime holidays', () => {
  it('2021: weekend holidays carry over, two on one weekend give Monday and Tuesday', () => {
    expect([...daysOffOf(2021)].sort()).toEqual([
      '2021-01-01', '2021-01-07', '2021-03-08',
      '2021-05-03', '2021-05-04', // 1 May (Sat) and Easter (2 May, Sun)
      '2021-05-10', // 9 May (Sun)
      '2021-06-21', // Trinity (Sun)
      '2021-06-28', '2021-08-24', '2021-10-14',
      '2021-12-27', // 25 Dec (Sat)
    ]);
  });

  it('follows the 2023 changes: 25 Dec only, 8 May, 15 July, 1 October', () => {
    const days = holidaysOf(2026);
    expect(days).toEqual([...days].sort()); // in date order, the order their carry-over is worked out in
    expect(days).toEqual(expect.arrayContaining(['2026-05-08', '2026-07-15', '2026-10-01', '2026-12-25']));
    expect(days).not.toContain('2026-01-07');
    expect(days).not.toContain('2026-05-09');
    expect(days).not.toContain('2026-10-14');
  });
});

describe('working days', () => {
  it.each([
    ['2026-01-01', 'martial_law', true], // a holiday, but martial law keeps Monday–Friday working
    ['2026-01-01', 'peacetime', false],
    ['2026-08-24', 'martial_law', true],
    ['2026-08-24', 'peacetime', false],
    ['2026-06-01', 'peacetime', false], // Trinity (31 May, Sun) carried over
    ['2026-11-21', 'martial_law', false], // Saturday
    ['2026-11-23', 'peacetime', true],
  ] as const)('%s under %s: %s', (date, mode, working) => {
    expect(isWorkingDay(date, mode)).toBe(working);
  });

  it('defaults to martial law', () => {
    expect(isWorkingDay('2026-12-25')).toBe(true);
  });

  it('counts working days after the start day', () => {
    expect(nextWorkingDay('2026-11-20')).toBe('2026-11-23'); // Friday → Monday
    expect(addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-23', 7)).toBe('2026-12-02');
    expect(addWorkingDays('2026-12-23', 3, 'martial_law')).toBe('2026-12-28');
    expect(addWorkingDays('2026-12-23', 3, 'peacetime')).toBe('2026-12-29'); // 25 Dec off
    expect(workingDaysBetween('2026-11-20', '2026-11-27')).toBe(5);
    expect(workingDaysBetween('2026-11-27', '2026-11-20')).toBe(0);
  });
});
