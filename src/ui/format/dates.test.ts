import { describe, expect, it } from 'vitest';
import { age, duration, kyivDateTime, kyivLocalValue, parseKyivLocal } from './dates.ts';

describe('Kyiv time', () => {
  it('formats in Europe/Kyiv, winter and summer', () => {
    expect(kyivDateTime(Date.UTC(2026, 10, 23, 8, 15, 3))).toBe('23.11.2026, 10:15:03');
    expect(kyivDateTime(Date.UTC(2026, 6, 1, 8, 0, 0))).toBe('01.07.2026, 11:00:00');
  });

  it('reads a datetime-local value as Kyiv time, also next to a DST change', () => {
    expect(parseKyivLocal('2026-11-23T10:15')).toBe(Date.UTC(2026, 10, 23, 8, 15));
    expect(parseKyivLocal('2026-07-01T11:00')).toBe(Date.UTC(2026, 6, 1, 8, 0));
    // 29 March 2026: clocks go from 03:00 to 04:00 in Kyiv
    expect(parseKyivLocal('2026-03-29T02:30')).toBe(Date.UTC(2026, 2, 29, 0, 30));
    expect(parseKyivLocal('2026-03-29T04:30')).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(parseKyivLocal('not a date')).toBeNull();
    for (const v of ['2026-01-05T00:00', '2026-10-25T05:00', '2026-12-31T23:59']) expect(kyivLocalValue(parseKyivLocal(v) as number)).toBe(v);
  });

  it('says how long in Ukrainian units', () => {
    expect(duration(216)).toBe('216 мс');
    expect(duration(3400)).toBe('3,4 с');
    expect(age(125 * 60_000)).toBe('2 год 5 хв');
    expect(age(40_000)).toBe('40 с');
  });
});
