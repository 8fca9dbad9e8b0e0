// The Europe/Kyiv calendar day (YYYYMMDD) of an instant, for receipt and record numbers. Intl's
// formatting costs tens of microseconds a call and every accepted message needs one, so each user
// keeps its last answer for the whole second it was asked about: a time zone's offset is a whole
// number of seconds, so the day cannot change within one.
const kyivDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' });

export type KyivDay = (at: Date) => string;

/** One per user: the ledger and the publisher ask about instants seconds apart. */
export function kyivDayOf(): KyivDay {
  let second = Number.NaN;
  let day = '';
  return (at) => {
    const asked = Math.floor(at.getTime() / 1000);
    if (asked !== second) {
      day = kyivDate.format(at).replaceAll('-', '');
      second = asked;
    }
    return day;
  };
}
