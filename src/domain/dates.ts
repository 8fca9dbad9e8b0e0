// Calendar dates as ISO strings (YYYY-MM-DD). Strings of that shape sort like the dates they name,
// so comparisons are plain string comparisons; arithmetic goes through UTC midnight to avoid DST.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The parts of a real calendar date, or undefined for anything else (2026-02-30, 2026-1-5, ''). */
export function parseIsoDate(value: string): DateParts | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== undefined;
}

export function formatIsoDate({ year, month, day }: DateParts): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toEpochDay(date: string): number {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`not a calendar date: ${date}`);
  return Date.UTC(parts.year, parts.month - 1, parts.day) / DAY_MS;
}

function fromEpochDay(epochDay: number): string {
  const d = new Date(epochDay * DAY_MS);
  return formatIsoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * Adds calendar months. A day the target month lacks becomes its last day (Civil Code art. 254:
 * a term ending on a missing date ends on the month's last day), so 31 Jan + 1 month is 28/29 Feb.
 */
export function addMonths(date: string, months: number): string {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`not a calendar date: ${date}`);
  const index = parts.year * 12 + (parts.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return formatIsoDate({ year, month, day: Math.min(parts.day, daysInMonth(year, month)) });
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const weekday = new Date(toEpochDay(date) * DAY_MS).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

const KYIV_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Kyiv',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR_MS = 3_600_000;
/** Kyiv dates by UTC hour: formatting costs microseconds, and every event asks for two dates. */
const kyivDateByHour = new Map<number, string>();

/**
 * The Europe/Kyiv calendar date at `ms`. Kyiv's offset is whole hours and changes at 03:00/04:00
 * local time, so the date is one for a whole UTC hour; an hour whose first and last millisecond
 * fall on different dates (a zone change there) is not remembered.
 */
export function kyivDateAt(ms: number): string {
  const hour = Math.floor(ms / HOUR_MS);
  const known = kyivDateByHour.get(hour);
  if (known !== undefined) return known;
  const date = KYIV_DATE.format(ms);
  if (KYIV_DATE.format(hour * HOUR_MS) === date && KYIV_DATE.format(hour * HOUR_MS + HOUR_MS - 1) === date) {
    if (kyivDateByHour.size >= 1024) kyivDateByHour.clear();
    kyivDateByHour.set(hour, date);
  }
  return date;
}

/**
 * The Europe/Kyiv calendar date of an RFC 3339 instant: registers act on Kyiv's calendar. A spelling
 * Date.parse cannot read (a leap second) falls back to the date as written.
 */
export function kyivDateOf(instant: string): string {
  const ms = Date.parse(instant);
  if (!Number.isNaN(ms)) return kyivDateAt(ms);
  const written = instant.slice(0, 10);
  if (isIsoDate(written)) return written;
  throw new RangeError(`not an instant: ${instant}`);
}
