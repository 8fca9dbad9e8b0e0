// The administrative fee for (de)registration as data with validity dates: fee law changes faster
// than releases, so a deployment can replace this table (RuleContext.feeSchedule) without a new build.
// Amounts are kopiyky; rates are basis points of the base (1.5 % = 150), rounded half up.
// Sources: seeds/002_82faffbd1df109ee.txt (seed 002) l.179-187: before Law 1871-IX 0.0085 / 0.0255
// of the minimum wage, frozen at 1,600 UAH, for registration and deregistration alike; domain.md
// "Fees": from Law 1871-IX (in force 01.12.2021) 1.5 % / 2.5 % of the subsistence minimum on
// 1 January, the late rate for registration only, so a deregistration pays 1.5 % whenever it is
// filed. A place of stay pays none (fees.ts).

export interface FeePeriod {
  /** First and last day (inclusive, Europe/Kyiv) the rule applies to. */
  from: string;
  to: string;
  /** What the rates apply to, in kopiyky. */
  baseKopiyky: number;
  onTimeRate: number;
  lateRate: number;
  /** Whether a late deregistration pays the late rate (before Law 1871-IX) or the on-time one. */
  lateRateOnDeregistration: boolean;
  /** The law and the figure, for people reading the table. */
  basis: string;
  /** False where no primary source confirmed the figure: a mismatch then never rejects. */
  confirmed: boolean;
}

export const FEE_SCHEDULE: readonly FeePeriod[] = [
  {
    from: '2017-01-01', to: '2021-11-30', baseKopiyky: 160_000, onTimeRate: 85, lateRate: 255, lateRateOnDeregistration: true, confirmed: true,
    basis: '0.0085 / 0.0255 of 1,600 UAH, registration and deregistration (Law 1774-VIII: the minimum wage frozen at 1,600 UAH for fees; seed 002 l.181-187)',
  },
  {
    from: '2021-12-01', to: '2021-12-31', baseKopiyky: 227_000, onTimeRate: 150, lateRate: 250, lateRateOnDeregistration: false, confirmed: true,
    basis: '1.5 % / 2.5 % of the subsistence minimum on 1 January 2021 (2,270 UAH; Law 1871-IX art. 6): 34.05 / 56.75',
  },
  {
    from: '2022-01-01', to: '2022-12-31', baseKopiyky: 248_100, onTimeRate: 150, lateRate: 250, lateRateOnDeregistration: false, confirmed: true,
    basis: '1.5 % / 2.5 % of 2,481 UAH (Law 1871-IX art. 6): 37.22 / 62.03',
  },
  {
    from: '2023-01-01', to: '2023-12-31', baseKopiyky: 268_400, onTimeRate: 150, lateRate: 250, lateRateOnDeregistration: false, confirmed: true,
    basis: '1.5 % / 2.5 % of 2,684 UAH (Law 1871-IX art. 6): 40.26 / 67.10',
  },
  {
    from: '2024-01-01', to: '2024-12-31', baseKopiyky: 302_800, onTimeRate: 150, lateRate: 250, lateRateOnDeregistration: false, confirmed: true,
    basis: '1.5 % / 2.5 % of 3,028 UAH (Law 1871-IX art. 6): 45.42 / 75.70',
  },
  {
    from: '2025-01-01', to: '2025-12-31', baseKopiyky: 302_800, onTimeRate: 150, lateRate: 250, lateRateOnDeregistration: false, confirmed: false,
    basis: '1.5 % / 2.5 % of the 1 January 2025 subsistence minimum, likely 3,028 UAH as in 2024 [unconfirmed]',
  },
  {
    from: '2026-01-01', to: '2026-12-31', baseKopiyky: 332_800, onTimeRate: 150, lateRate: 250, lateRateOnDeregistration: false, confirmed: true,
    basis: '1.5 % / 2.5 % of 3,328 UAH (Law 1871-IX art. 6): 49.92 / 83.20',
  },
];

export function feePeriodOn(date: string, schedule: readonly FeePeriod[] = FEE_SCHEDULE): FeePeriod | undefined {
  return schedule.find((period) => period.from <= date && date <= period.to);
}

function applyRate(baseKopiyky: number, rate: number): number {
  return Math.floor((baseKopiyky * rate + 5_000) / 10_000);
}

export function feeAmounts(period: FeePeriod): { onTime: number; late: number } {
  return { onTime: applyRate(period.baseKopiyky, period.onTimeRate), late: applyRate(period.baseKopiyky, period.lateRate) };
}

/** "49.92" → 4992. The schema guarantees two decimals. */
export function kopiykyOf(amount: string): number {
  const [whole = '0', fraction = '00'] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

/** 4992 → "49.92". */
export function formatKopiyky(kopiyky: number): string {
  return `${Math.floor(kopiyky / 100)}.${String(kopiyky % 100).padStart(2, '0')}`;
}
