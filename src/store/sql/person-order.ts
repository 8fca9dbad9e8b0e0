// Order per person, as SQL both dialects share, built from the rule's statuses in
// delivery/model/status.ts. `d` is the deliveries row in question, `p` another delivery of the same person.
import { BLOCKING_STATUSES, PENDING_STATUSES, SETTLED_STATUSES, type DeliveryStatus } from '../../delivery/model/status.ts';

const list = (statuses: readonly DeliveryStatus[]): string => statuses.map((s) => `'${s}'`).join(', ');

/** An earlier event of the same person, in the order the register(s) produced them. */
const EARLIER = `p.person_key = d.person_key
       AND (p.occurred_at_ms < d.occurred_at_ms OR (p.occurred_at_ms = d.occurred_at_ms AND p.seq < d.seq))`;

/** Anything earlier of the same person not yet settled holds this one back. */
export const HELD_BACK = `EXISTS (SELECT 1 FROM deliveries p WHERE ${EARLIER} AND p.status NOT IN (${list(SETTLED_STATUSES)}))`;

/** The status a reader sees (visibleStatus): `blocked` when an earlier event of the person ended badly. */
export const VISIBLE_STATUS = `CASE WHEN d.status IN (${list(PENDING_STATUSES)})
        AND EXISTS (SELECT 1 FROM deliveries p WHERE ${EARLIER} AND p.status IN (${list(BLOCKING_STATUSES)}))
       THEN 'blocked' ELSE d.status END`;

/** The earliest unsettled event of the person, which this one waits for: its id and its status. */
const FIRST_WAITED_FOR = `FROM deliveries p WHERE ${EARLIER} AND p.status NOT IN (${list(SETTLED_STATUSES)})
        ORDER BY p.occurred_at_ms, p.seq LIMIT 1`;
export const WAITING_FOR_COLUMNS = `(SELECT p.event_id ${FIRST_WAITED_FOR}) AS waiting_for, (SELECT p.status ${FIRST_WAITED_FOR}) AS waiting_for_status`;
