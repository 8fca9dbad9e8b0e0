import { describe, expect, it } from 'vitest';
import { FEE_SCHEDULE, feeAmounts, feePeriodOn, formatKopiyky, kopiykyOf } from './fee-schedule.ts';

describe('fee schedule', () => {
  it.each([
    ['2021-06-01', '13.60', '40.80'], // seeds: 0.0085 / 0.0255 × 1,600
    ['2022-05-01', '37.22', '62.03'],
    ['2023-05-01', '40.26', '67.10'],
    ['2024-05-01', '45.42', '75.70'],
    ['2025-05-01', '45.42', '75.70'],
    ['2026-11-20', '49.92', '83.20'],
  ])('on %s: %s on time, %s late (domain.md)', (date, onTime, late) => {
    const period = feePeriodOn(date);
    expect(period).toBeDefined();
    const amounts = feeAmounts(period!);
    expect([formatKopiyky(amounts.onTime), formatKopiyky(amounts.late)]).toEqual([onTime, late]);
  });

  it('has no gaps or overlaps between periods', () => {
    for (let i = 1; i < FEE_SCHEDULE.length; i++) {
      const [prev, next] = [FEE_SCHEDULE[i - 1]!, FEE_SCHEDULE[i]!];
      expect(new Date(Date.parse(prev.to) + 86_400_000).toISOString().slice(0, 10)).toBe(next.from);
    }
  });

  it('knows nothing before 2017 or after its last year', () => {
    expect(feePeriodOn('2016-12-31')).toBeUndefined();
    expect(feePeriodOn('2027-01-01')).toBeUndefined();
  });

  it('converts amounts', () => {
    expect(kopiykyOf('49.92')).toBe(4992);
    expect(kopiykyOf('0.00')).toBe(0);
    expect(formatKopiyky(4080)).toBe('40.80');
  });
});
