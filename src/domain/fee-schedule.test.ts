import { describe, expect, it } from 'vitest';
import { FEE_SCHEDULE, feeAmounts, feePeriodOn, formatKopiyky, kopiykyOf } from './fee-schedule.ts';

describe('fee schedule', () => {
  it.each([
    ['2021-06-01', '13.60', '40.80'], // seeds: 0.0085 / 0.0255 × 1,600
    ['2021-12-15', '34.05', '56.75'], // Law 1871-IX from 01.12.2021, the 1 January 2021 subsistence minimum
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

  it('charges the late rate on deregistrations only before Law 1871-IX, and confirms the 2021-12 row', () => {
    expect(feePeriodOn('2021-11-30')?.lateRateOnDeregistration).toBe(true);
    expect(feePeriodOn('2021-12-01')?.lateRateOnDeregistration).toBe(false);
    expect(FEE_SCHEDULE.filter((p) => p.from >= '2021-12-01').every((p) => !p.lateRateOnDeregistration)).toBe(true);
    expect(feePeriodOn('2021-12-01')?.confirmed).toBe(true);
  });

  it('converts amounts', () => {
    expect(kopiykyOf('49.92')).toBe(4992);
    expect(kopiykyOf('0.00')).toBe(0);
    expect(kopiykyOf('50')).toBe(5000); // whole hryvnias, should a sender leave out the kopiyky
    expect(kopiykyOf('12.5')).toBe(1250);
    expect(formatKopiyky(4080)).toBe('40.80');
  });
});
