import { describe, expect, it } from 'vitest';
import { kyivDay } from './kyiv-day.ts';

describe('kyivDay', () => {
  it('turns at Kyiv midnight, in winter (UTC+2) and in summer (UTC+3), asked in any order', () => {
    expect(kyivDay(new Date('2026-11-29T21:59:59.999Z'))).toBe('20261129');
    expect(kyivDay(new Date('2026-11-29T22:00:00.000Z'))).toBe('20261130');
    expect(kyivDay(new Date('2026-11-29T21:59:59.500Z'))).toBe('20261129');
    expect(kyivDay(new Date('2026-07-14T20:59:59.999Z'))).toBe('20260714');
    expect(kyivDay(new Date('2026-07-14T21:00:00.000Z'))).toBe('20260715');
  });

  it('refuses an invalid date as Intl does', () => {
    expect(() => kyivDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});
