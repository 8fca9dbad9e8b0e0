// Order per person, as SQL both dialects share (it uses nothing dialect-specific). `d` is the
// deliveries row in question, `p` another delivery of the same person.

/** An earlier event of the same person, in the order the register(s) produced them. */
const EARLIER = `p.person_key = d.person_key
       AND (p.occurred_at_ms < d.occurred_at_ms OR (p.occurred_at_ms = d.occurred_at_ms AND p.seq < d.seq))`;

/** Anything earlier of the same person not yet delivered (or cancelled) holds this one back. */
export const HELD_BACK = `EXISTS (SELECT 1 FROM deliveries p WHERE ${EARLIER} AND p.status NOT IN ('delivered', 'cancelled'))`;

/** The status a reader sees: `blocked` when an earlier event of the person ended rejected or failed. */
export const VISIBLE_STATUS = `CASE WHEN d.status IN ('accepted', 'retrying')
        AND EXISTS (SELECT 1 FROM deliveries p WHERE ${EARLIER} AND p.status IN ('rejected', 'failed'))
       THEN 'blocked' ELSE d.status END`;

/** The earliest undelivered event of the person, which this one waits for: its id and its status. */
const FIRST_WAITED_FOR = `FROM deliveries p WHERE ${EARLIER} AND p.status NOT IN ('delivered', 'cancelled')
        ORDER BY p.occurred_at_ms, p.seq LIMIT 1`;
export const WAITING_FOR_COLUMNS = `(SELECT p.event_id ${FIRST_WAITED_FOR}) AS waiting_for, (SELECT p.status ${FIRST_WAITED_FOR}) AS waiting_for_status`;
