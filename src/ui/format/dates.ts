// Times as a duty officer in Ukraine reads them: Europe/Kyiv, whatever the server's time zone is.
const ZONE = 'Europe/Kyiv';

const dateTime = new Intl.DateTimeFormat('uk-UA', {
  timeZone: ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const hourMinute = new Intl.DateTimeFormat('uk-UA', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "23.11.2026, 10:15:03" */
export const kyivDateTime = (ms: number): string => dateTime.format(ms);

/** "10:00" */
export const kyivTime = (ms: number): string => hourMinute.format(ms);

/** Kyiv wall-clock fields of an instant. */
function wallClock(ms: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.formatToParts(ms).find((p) => p.type === type)?.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

const offsetAt = (ms: number): number => {
  const w = wallClock(ms);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
};

/** The value of an `<input type="datetime-local">` ("2026-11-23T10:15"), read as Kyiv time. */
export function parseKyivLocal(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(asUtc)) return null;
  // The offset is looked up twice: the first guess may fall on the other side of a DST change.
  const guess = asUtc - offsetAt(asUtc);
  return asUtc - offsetAt(guess);
}

/** The reverse of parseKyivLocal, to fill a form back in. */
export function kyivLocalValue(ms: number): string {
  const w = wallClock(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${two(w.mo)}-${two(w.d)}T${two(w.h)}:${two(w.mi)}`;
}

/** "216 мс", "3,4 с" */
export function duration(ms: number): string {
  return ms < 1000 ? `${ms} мс` : `${(ms / 1000).toLocaleString('uk-UA', { maximumFractionDigits: 1 })} с`;
}

/** "2 год 5 хв", "40 с": how long ago, roughly. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} с`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} хв`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} год ${m % 60} хв`;
  return `${Math.floor(h / 24)} дн ${h % 24} год`;
}
