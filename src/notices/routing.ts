// Which registers a notice goes to: those whose configured territory covers the person's registered
// address (the same rule as "serves this address" for events, src/domain/territory.ts). A register
// configured without codes serves all of Ukraine for events, but gets no notices: it would get every
// death in Ukraine. A register must declare its territory to be told. A notice no register covers,
// or without a КАТОТТГ code, is routed to none: it waits in the operators' "unrouted" queue.
import { katottgCovers } from '../domain/territory.ts';

/** The registers a notice about an address in `katottg` goes to, from each register's territory. */
export function noticeRecipients(territories: ReadonlyMap<string, readonly string[]>, katottg: string | null): string[] {
  if (katottg === null) return [];
  return [...territories].filter(([, areas]) => areas.some((area) => katottgCovers(area, katottg))).map(([registerId]) => registerId);
}
