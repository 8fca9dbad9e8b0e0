// Notices from DMS to registers: each stored exactly once by DMS's notice id (the unique key decides,
// not a read before the insert, so two instances receiving the same notice store it once), routed in
// the same transaction to the registers whose territory covers the address (src/notices/routing.ts),
// and its reception chained into the evidence log. A notice with no route row is "unrouted": an
// operator routes it by hand (audited). Each register acknowledges its own route row.
import { linkEntry, sha256Hex } from '../evidence/chain.ts';
import { signerOf } from '../evidence/evidence-observer.ts';
import { uuidv7 } from '../ids.ts';
import type { DmsNotice, NoticeFacts, NoticeKind, NoticePerson, NoticeReceipt, NoticeSink } from '../notices/notice.ts';
import { noticeRecipients } from '../notices/routing.ts';
import { insertAudit } from './audit.ts';
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import type { FieldCipher } from './crypto/field-cipher.ts';
import { numberOrNull, textOrNull, type Database, type Dialect, type Queryable, type Row } from './db/database.ts';
import { appendEvidenceOn } from './evidence.ts';
import { enqueueWebhooks } from './webhooks.ts';

/** A notice as stored, without the signed message. After retention its person and permit are null. */
export interface StoredNotice extends Omit<NoticeFacts, 'person'> {
  id: string;
  person: NoticePerson | null;
  receivedAt: number;
  messageDigest: string;
  signer: string;
  /** When retention removed its personal data (store/retention.ts); null while it is whole. */
  purgedAt: number | null;
}

/** A notice as one register has it: when it was routed to it and when it acknowledged it. */
export interface RegisterNotice extends StoredNotice {
  routedAt: number;
  acknowledgedAt: number | null;
}

export interface NoticeRoute {
  registerId: string;
  registerCode: string;
  routedAt: number;
  /** null: by territory on receipt; otherwise the operator who routed it. */
  routedBy: string | null;
  acknowledgedAt: number | null;
}

/** A notice in the operators' list: where it went. */
export interface NoticeListRow extends StoredNotice {
  routes: NoticeRoute[];
}

export interface NoticeDetails extends NoticeListRow {
  /** The signed message as DMS sent it; null after retention. */
  messageXml: string | null;
  /** Events whose deregistration names this notice (gateway ids, with their register). */
  events: Array<{ id: string; registerId: string }>;
}

/** The operators' list filter; null/undefined means any. */
export interface NoticeFilter {
  kind?: NoticeKind;
  /** Only notices routed to no register. */
  unrouted?: boolean;
  /** Only notices every recipient acknowledged (true) or some recipient did not (false). */
  acknowledged?: boolean;
}

/** A position in a list ordered by (time, id). */
export interface NoticePosition {
  at: number;
  id: string;
}

export type RouteResult = { kind: 'routed' } | { kind: 'already' } | { kind: 'not_found' };

const INSERT_NOTICE = `
  INSERT INTO notices (id, dms_notice_id, kind, person, katottg, occurred_on, document, issued_at, received_at, message_xml, message_digest, signer)
  VALUES (:id, :noticeId, :kind, :person, :katottg, :occurredOn, :document, :issuedAt, :receivedAt, :messageXml, :messageDigest, :signer)
  ON CONFLICT (dms_notice_id) DO NOTHING`;
const ID_BY_NOTICE_ID = `SELECT id FROM notices WHERE dms_notice_id = :noticeId`;
/** Territories of the registers that may be told (live, not revoked); a register without rows has none here. */
const TERRITORIES = `
  SELECT t.register_id, t.katottg, r.code FROM register_territory t JOIN registers r ON r.id = t.register_id
   WHERE r.revoked_at IS NULL AND r.sandbox_of IS NULL
   ORDER BY r.code, t.katottg`;
const INSERT_ROUTE = `
  INSERT INTO notice_routes (notice_id, register_id, routed_at, routed_by) VALUES (:noticeId, :registerId, :routedAt, :routedBy)
  ON CONFLICT (notice_id, register_id) DO NOTHING`;

const NOTICE_COLUMNS = `n.id, n.dms_notice_id, n.kind, n.person, n.katottg, n.occurred_on, n.document, n.issued_at, n.received_at, n.message_digest, n.signer, n.purged_at`;

const ACK_FILTER = `
  (CAST(:acknowledged AS INTEGER) IS NULL
   OR (CAST(:acknowledged AS INTEGER) = 1 AND r.acknowledged_at IS NOT NULL)
   OR (CAST(:acknowledged AS INTEGER) = 0 AND r.acknowledged_at IS NULL))`;
/** A register's notices, oldest routing first: a register reads its queue in order and acknowledges. */
const REGISTER_PAGE = `
  SELECT ${NOTICE_COLUMNS}, r.routed_at, r.acknowledged_at
    FROM notice_routes r JOIN notices n ON n.id = r.notice_id
   WHERE r.register_id = :registerId AND ${ACK_FILTER}
     AND (CAST(:atTime AS BIGINT) IS NULL OR r.routed_at > CAST(:atTime AS BIGINT)
          OR (r.routed_at = CAST(:atTime AS BIGINT) AND n.id > CAST(:atId AS TEXT)))
   ORDER BY r.routed_at, n.id
   LIMIT :limit`;
const REGISTER_ONE = `
  SELECT ${NOTICE_COLUMNS}, r.routed_at, r.acknowledged_at
    FROM notice_routes r JOIN notices n ON n.id = r.notice_id
   WHERE r.register_id = :registerId AND n.id = :id`;
/** The first acknowledgement counts; a repeat changes nothing. */
const ACKNOWLEDGE = `UPDATE notice_routes SET acknowledged_at = :at WHERE notice_id = :id AND register_id = :registerId AND acknowledged_at IS NULL`;

const UNROUTED = `NOT EXISTS (SELECT 1 FROM notice_routes x WHERE x.notice_id = n.id)`;
const LIST_FILTER = `
       (CAST(:kind AS TEXT) IS NULL OR n.kind = CAST(:kind AS TEXT))
   AND (CAST(:unrouted AS INTEGER) IS NULL OR CAST(:unrouted AS INTEGER) = 0 OR ${UNROUTED})
   AND (CAST(:acknowledged AS INTEGER) IS NULL
        OR (CAST(:acknowledged AS INTEGER) = 1 AND EXISTS (SELECT 1 FROM notice_routes x WHERE x.notice_id = n.id)
            AND NOT EXISTS (SELECT 1 FROM notice_routes x WHERE x.notice_id = n.id AND x.acknowledged_at IS NULL))
        OR (CAST(:acknowledged AS INTEGER) = 0 AND EXISTS (SELECT 1 FROM notice_routes x WHERE x.notice_id = n.id AND x.acknowledged_at IS NULL)))`;
/** Operators' list, newest first. */
const LIST_PAGE = `
  SELECT ${NOTICE_COLUMNS} FROM notices n
   WHERE ${LIST_FILTER}
     AND (CAST(:atTime AS BIGINT) IS NULL OR n.received_at < CAST(:atTime AS BIGINT)
          OR (n.received_at = CAST(:atTime AS BIGINT) AND n.id < CAST(:atId AS TEXT)))
   ORDER BY n.received_at DESC, n.id DESC
   LIMIT :limit`;
/** The routes of a page of notices, their ids passed as one JSON array: each database unpacks it its own way. */
const JSON_IDS: Record<Dialect, string> = {
  sqlite: `SELECT value FROM json_each(:ids)`,
  postgres: `SELECT json_array_elements_text(CAST(:ids AS JSON))`,
};
const routesOfSql = (dialect: Dialect) => `
  SELECT r.notice_id, r.register_id, g.code, r.routed_at, r.routed_by, r.acknowledged_at
    FROM notice_routes r JOIN registers g ON g.id = r.register_id
   WHERE r.notice_id IN (${JSON_IDS[dialect]})
   ORDER BY g.code`;
const ONE = `SELECT ${NOTICE_COLUMNS}, n.message_xml FROM notices n WHERE n.id = :id`;
const EVENTS_NAMING = `SELECT e.id, e.register_id FROM events e JOIN notices n ON n.dms_notice_id = e.notice_id WHERE n.id = :id ORDER BY e.received_at, e.id`;
const COUNT_UNROUTED = `SELECT COUNT(*) AS n FROM notices n WHERE ${UNROUTED}`;
const NOTICE_EXISTS = `SELECT 1 AS found FROM notices WHERE id = :id`;
const ROUTED_TO = `
  SELECT 1 AS found FROM notice_routes r JOIN notices n ON n.id = r.notice_id
   WHERE n.dms_notice_id = :noticeId AND r.register_id = :registerId`;

function toNotice(row: Row, fields: FieldCipher): StoredNotice {
  const purgedAt = numberOrNull(row.purged_at);
  const document = fields.open(ENCRYPTED.noticeDocument, [String(row.id)], row.document);
  return {
    id: String(row.id),
    noticeId: String(row.dms_notice_id),
    kind: String(row.kind) as NoticeKind,
    person: purgedAt === null ? (JSON.parse(String(fields.open(ENCRYPTED.noticePerson, [String(row.id)], row.person))) as NoticePerson) : null,
    katottg: textOrNull(row.katottg),
    occurredOn: String(row.occurred_on),
    document: document === null ? null : (JSON.parse(document) as { type: string; number: string }),
    issuedAt: String(row.issued_at),
    receivedAt: Number(row.received_at),
    messageDigest: String(row.message_digest),
    signer: String(row.signer),
    purgedAt,
  };
}

const toRegisterNotice = (row: Row, fields: FieldCipher): RegisterNotice => ({ ...toNotice(row, fields), routedAt: Number(row.routed_at), acknowledgedAt: numberOrNull(row.acknowledged_at) });

const toRoute = (row: Row): NoticeRoute => ({
  registerId: String(row.register_id),
  registerCode: String(row.code),
  routedAt: Number(row.routed_at),
  routedBy: textOrNull(row.routed_by),
  acknowledgedAt: numberOrNull(row.acknowledged_at),
});

/** The evidence log's key for a notice: not an event id, and never one. */
export const noticeEvidenceKey = (id: string): string => `notice:${id}`;

const flag = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0);

const NOTICE_FOR_WEBHOOK = `SELECT dms_notice_id, kind FROM notices WHERE id = :id`;

/** notice.created for the register a notice was just routed to (the webhooks outbox, in the routing's transaction): ids and kind only. */
const enqueueNoticeWebhook = (tx: Queryable, registerId: string, n: { id: string; noticeId: string; kind: string }, at: number) =>
  enqueueWebhooks(tx, { registerId, type: 'notice.created', personKey: null, data: { noticeId: n.id, dmsNoticeId: n.noticeId, kind: n.kind, status: 'routed' } }, at);

export function createNotices(db: Database, fields: FieldCipher, now: () => number = Date.now) {
  const toRegisterRow = (row: Row) => toRegisterNotice(row, fields);
  const ROUTES_OF = routesOfSql(db.dialect);
  const routesOf = async (q: Queryable, ids: string[]): Promise<Map<string, NoticeRoute[]>> => {
    const byNotice = new Map<string, NoticeRoute[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return byNotice;
    for (const row of await q.all(ROUTES_OF, { ids: JSON.stringify(ids) })) {
      byNotice.get(String(row.notice_id))?.push(toRoute(row));
    }
    return byNotice;
  };

  const sink: NoticeSink = {
    /** Stores the notice once, routes it and records it in the evidence log, all in one transaction. */
    receive: (notice: DmsNotice): Promise<NoticeReceipt> =>
      db.transaction(async (tx): Promise<NoticeReceipt> => {
        const receivedAt = now();
        const id = uuidv7(receivedAt);
        const messageDigest = sha256Hex(notice.messageXml);
        const inserted = await tx.run(INSERT_NOTICE, {
          id,
          noticeId: notice.noticeId,
          kind: notice.kind,
          person: fields.seal(ENCRYPTED.noticePerson, [id], JSON.stringify(notice.person)),
          katottg: notice.katottg,
          occurredOn: notice.occurredOn,
          document: fields.seal(ENCRYPTED.noticeDocument, [id], notice.document ? JSON.stringify(notice.document) : null),
          issuedAt: notice.issuedAt,
          receivedAt,
          messageXml: fields.seal(ENCRYPTED.noticeMessage, [id], notice.messageXml),
          messageDigest,
          signer: notice.signer,
        });
        if (inserted === 0) {
          // Received before (perhaps a moment ago, by another instance): nothing changes.
          const existing = await tx.one(ID_BY_NOTICE_ID, { noticeId: notice.noticeId });
          if (!existing) throw new Error('a notice id conflicted but its notice is not there');
          return { stored: false, id: String(existing.id) };
        }
        const territories = new Map<string, string[]>();
        const codes = new Map<string, string>();
        for (const row of await tx.all(TERRITORIES)) {
          const registerId = String(row.register_id);
          territories.set(registerId, [...(territories.get(registerId) ?? []), String(row.katottg)]);
          codes.set(registerId, String(row.code));
        }
        const recipients = noticeRecipients(territories, notice.katottg);
        for (const registerId of recipients) {
          await tx.run(INSERT_ROUTE, { noticeId: id, registerId, routedAt: receivedAt, routedBy: null });
          await enqueueNoticeWebhook(tx, registerId, { id, noticeId: notice.noticeId, kind: notice.kind }, receivedAt);
        }
        await appendEvidenceOn(tx, fields, (head) =>
          linkEntry(
            {
              at: receivedAt,
              eventId: noticeEvidenceKey(id),
              messageId: notice.noticeId,
              attempt: 0,
              outcome: 'notice_received',
              httpStatus: null,
              signer: signerOf(notice.messageXml),
              answerSigner: null,
              requestDigest: messageDigest,
              requestBody: notice.messageXml,
              responseDigest: null,
              responseBody: null,
            },
            head,
          ),
        );
        return { stored: true, id, routedTo: recipients.map((r) => codes.get(r) as string) };
      }),
  };

  return {
    ...sink,

    /** A register's notices after `after`, oldest routing first. */
    listForRegister: async (registerId: string, acknowledged: boolean | undefined, after: NoticePosition | null, limit: number): Promise<RegisterNotice[]> =>
      (await db.all(REGISTER_PAGE, { registerId, acknowledged: flag(acknowledged), atTime: after?.at ?? null, atId: after?.id ?? null, limit })).map(toRegisterRow),

    /** One notice as the register has it; null when unknown or not routed to it. */
    forRegister: async (registerId: string, id: string): Promise<RegisterNotice | null> => {
      const row = await db.one(REGISTER_ONE, { registerId, id });
      return row ? toRegisterRow(row) : null;
    },

    /** Idempotent: the first acknowledgement's time stays. Null when the notice is not this register's. */
    acknowledge: (registerId: string, id: string, at: number): Promise<RegisterNotice | null> =>
      db.transaction(async (tx) => {
        await tx.run(ACKNOWLEDGE, { registerId, id, at });
        const row = await tx.one(REGISTER_ONE, { registerId, id });
        return row ? toRegisterRow(row) : null;
      }),

    /** Operators' list, newest first, the rows after `before`. */
    list: async (filter: NoticeFilter, before: NoticePosition | null, limit: number): Promise<NoticeListRow[]> => {
      const rows = (
        await db.all(LIST_PAGE, {
          kind: filter.kind ?? null,
          unrouted: flag(filter.unrouted),
          acknowledged: flag(filter.acknowledged),
          atTime: before?.at ?? null,
          atId: before?.id ?? null,
          limit,
        })
      ).map((row) => toNotice(row, fields));
      const routes = await routesOf(db, rows.map((r) => r.id));
      return rows.map((r) => ({ ...r, routes: routes.get(r.id) ?? [] }));
    },

    get: async (id: string): Promise<NoticeDetails | null> => {
      const row = await db.one(ONE, { id });
      if (!row) return null;
      const [routes, events] = await Promise.all([routesOf(db, [id]), db.all(EVENTS_NAMING, { id })]);
      const notice = toNotice(row, fields);
      const messageXml = notice.purgedAt === null ? String(fields.open(ENCRYPTED.noticeMessage, [id], row.message_xml)) : null;
      return { ...notice, messageXml, routes: routes.get(id) ?? [], events: events.map((e) => ({ id: String(e.id), registerId: String(e.register_id) })) };
    },

    /** An operator routes a notice to a register, audited in the same transaction. */
    route: (id: string, register: { id: string; code: string }, actor: string, reason: string, at: number): Promise<RouteResult> =>
      db.transaction(async (tx): Promise<RouteResult> => {
        if (!(await tx.one(NOTICE_EXISTS, { id }))) return { kind: 'not_found' };
        const added = await tx.run(INSERT_ROUTE, { noticeId: id, registerId: register.id, routedAt: at, routedBy: actor });
        if (added === 0) return { kind: 'already' };
        const routed = (await tx.one(NOTICE_FOR_WEBHOOK, { id })) as Row;
        await enqueueNoticeWebhook(tx, register.id, { id, noticeId: String(routed.dms_notice_id), kind: String(routed.kind) }, at);
        await insertAudit(tx, fields, { at, actor, action: 'notice.route', eventId: null, reason, detail: { noticeId: id, registerCode: register.code } });
        return { kind: 'routed' };
      }),

    countUnrouted: async (): Promise<number> => Number((await db.one(COUNT_UNROUTED))?.n ?? 0),

    /** Does DMS's notice `noticeId` exist and is it routed to the register? (A deregistration may name it.) */
    isRoutedTo: async (registerId: string, noticeId: string): Promise<boolean> => (await db.one(ROUTED_TO, { registerId, noticeId })) !== undefined,

    /** The evidence entries of a notice's reception (src/evidence). */
    evidenceKey: noticeEvidenceKey,
  };
}

export type Notices = ReturnType<typeof createNotices>;
