// The years a peacetime holiday entered or left Labour Code art. 73 (holidays.ts): each holiday
// counts in its first and its last year and in no year outside them. Also the edges of a date.
import { describe, expect, it } from 'vitest';
import { formatIsoDate, isIsoDate } from './dates.ts';
import { holidaysOf } from './holidays.ts';

describe('a holiday in its first and last year', () => {
  it.each([
    // 2 May was dropped after 2017 (Law 2211-VIII), 25 December added from 2017.
    [2017, ['2017-05-02', '2017-12-25'], []],
    [2016, ['2016-05-02'], ['2016-12-25']],
    [2018, ['2018-12-25'], ['2018-05-02']],
    // 14 October from 2015 to 2022; 28 July 2022–2023; 1 October from 2023 (Law 3107-IX).
    [2014, [], ['2014-10-14']],
    [2015, ['2015-10-14'], []],
    [2022, ['2022-10-14', '2022-07-28'], ['2022-10-01', '2022-07-15']],
    [2021, [], ['2021-07-28']],
    [2023, ['2023-01-07', '2023-05-09', '2023-07-28', '2023-10-01'], ['2023-10-14', '2023-05-08', '2023-07-15']],
    // From 2024: 8 May and 15 July; 7 January, 9 May and 28 July gone.
    [2024, ['2024-05-08', '2024-07-15', '2024-10-01', '2024-12-25'], ['2024-01-07', '2024-05-09', '2024-07-28']],
  ])('%i', (year, present, absent) => {
    const days = holidaysOf(year);
    for (const day of present) expect(days).toContain(day);
    for (const day of absent) expect(days).not.toContain(day);
  });
});

describe('dates at their edges', () => {
  it.each(['2026-00-10', '2026-01-00', '2026-12-32'])('%s is no date', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it.each(['2026-01-01', '2026-12-31', '2024-02-29'])('%s is one', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it('writes every part with its leading zeros', () => {
    expect(formatIsoDate({ year: 999, month: 1, day: 5 })).toBe('0999-01-05');
  });
});
