import { describe, expect, it } from 'vitest';
import { kyivDayOf } from './kyiv-day.ts';

describe('kyivDayOf', () => {
  it('turns at Kyiv midnight, in winter (UTC+2) and in summer (UTC+3)', () => {
    const day = kyivDayOf();
    expect(day(new Date('2026-11-29T21:59:59.999Z'))).toBe('20261129');
    expect(day(new Date('2026-11-29T22:00:00.000Z'))).toBe('20261130');
    expect(day(new Date('2026-07-14T20:59:59.999Z'))).toBe('20260714');
    expect(day(new Date('2026-07-14T21:00:00.000Z'))).toBe('20260715');
  });

  it('answers the same within a second and anew for another one, even going back', () => {
    const day = kyivDayOf();
    expect(day(new Date('2026-11-29T21:59:59.000Z'))).toBe('20261129');
    expect(day(new Date('2026-11-29T21:59:59.999Z'))).toBe('20261129');
    expect(day(new Date('2026-11-29T22:00:00.000Z'))).toBe('20261130');
    expect(day(new Date('2026-11-29T21:59:59.500Z'))).toBe('20261129');
  });

  it('refuses an invalid date as Intl does, every time', () => {
    const day = kyivDayOf();
    expect(() => day(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => day(new Date(Number.NaN))).toThrow(RangeError);
  });
});
