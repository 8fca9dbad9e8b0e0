// Which contract version a message is made in. The version is decided when a message is first
// signed and kept with it (every retry resends the same bytes): the version in force then, never
// older than the delivery's floor (a version DMS made it move to), and not one DMS said is retired.
import { newestAllowed, versionInForce, type Destination } from '../config/destinations.ts';

/** The code of DMS's Client fault for a contract version it no longer serves. */
export const CONTRACT_VERSION_RETIRED = 'CONTRACT_VERSION_RETIRED';

/**
 * The version of a message signed now. `floor`: the oldest version this delivery may use (set at
 * ingest, raised by a re-map); `retired`: versions DMS has answered CONTRACT_VERSION_RETIRED for.
 */
export function versionForNewMessage(destination: Destination, now: number, floor: string, retired: ReadonlySet<string> = new Set()): string {
  const order = destination.versions;
  let chosen = versionInForce(destination, now);
  if (order.indexOf(floor) > order.indexOf(chosen)) chosen = floor;
  if (!retired.has(chosen)) return chosen;
  // Known to be retired: the next one DMS still serves, if any; otherwise let DMS answer for itself.
  return newestAllowed(destination, now, [...retired, chosen]) ?? chosen;
}

/** After DMS retired `retired`: the version to re-make the message in, or null when none is left. */
export function versionAfterRetired(destination: Destination, now: number, retired: string): string | null {
  return newestAllowed(destination, now, [retired]);
}
