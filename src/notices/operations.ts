// What registers and operators can see and do with notices; the JSON API and the console share it.
// A register sees only the notices routed to it (another register's is "not found", like an unknown
// one), with the person in clear (it must act on them), and acknowledges them. Operators (viewer and
// up) see every notice with personal data masked; an operator reveals it (audited with a reason) and
// routes an unrouted notice to a register (audited).
import { hasRole, principalLabel, type Principal } from '../auth/principal.ts';
import { ProblemError } from '../errors.ts';
import { checkReason, requireRole } from '../operations/access.ts';
import { decodeCursor, encodeCursor } from '../operations/cursor.ts';
import { MASK, maskPersonalData } from '../operations/mask-xml.ts';
import type { Page } from '../operations/operations.ts';
import type { Audit } from '../store/audit.ts';
import type { Evidence } from '../store/evidence.ts';
import type { NoticeDetails, NoticeFilter, NoticeListRow, Notices, RegisterNotice } from '../store/notices.ts';
import type { Territory } from '../store/territory.ts';
import type { NoticePerson } from './notice.ts';

export interface NoticeOperationsDeps {
  notices: Omit<Notices, 'receive'>;
  audit: Pick<Audit, 'appendAudit'>;
  evidence: Pick<Evidence, 'evidenceForEvent'>;
  territory: Pick<Territory, 'registerIdByCode'>;
  now: () => number;
}

/** A notice with its person masked unless revealed. */
export interface NoticeView extends NoticeDetails {
  masked: boolean;
  /** The evidence entry of its reception: id and entry hash, to verify with `verify-log`. */
  evidence: { entryId: number; entryHash: string } | null;
}

export interface NoticeOperations {
  /** Registers: their own, oldest routing first (`acknowledged` filters). */
  listOwn(p: Principal, acknowledged: boolean | undefined, cursor: string | null, limit: number): Promise<Page<RegisterNotice>>;
  ownNotice(p: Principal, id: string): Promise<RegisterNotice>;
  /** Idempotent: the first acknowledgement's time stays. */
  acknowledge(p: Principal, id: string): Promise<RegisterNotice>;
  /** Operators: every notice, newest first, persons masked. */
  list(p: Principal, filter: NoticeFilter, cursor: string | null, limit: number): Promise<Page<NoticeListRow>>;
  /**
   * One notice with its routing, masked: operators see any, a register only its own (its own route and
   * events only). `reveal` needs the operator role and a reason, and is audited.
   */
  notice(p: Principal, id: string, options: { reveal: boolean; reason?: string }): Promise<NoticeView>;
  route(p: Principal, id: string, registerCode: string, reason: string | null): Promise<NoticeView>;
  unroutedCount(p: Principal): Promise<number>;
}

export const noticeNotFound = (id: string) =>
  new ProblemError({ status: 404, code: 'NOT_FOUND', message: { uk: `Повідомлення ${id} не знайдено.`, en: `Notice ${id} was not found.` } });

const registerKeyRequired = () =>
  new ProblemError({
    status: 403,
    code: 'REGISTER_KEY_REQUIRED',
    message: { uk: 'Повідомлення підтверджує реєстр, якому його надіслано, своїм ключем.', en: 'A notice is acknowledged by the register it was sent to, with its API key.' },
  });

function ownRegister(p: Principal): string {
  if (p.kind !== 'register') throw registerKeyRequired();
  return p.register.id;
}

export function maskPerson(person: NoticePerson | null): NoticePerson | null {
  if (person === null) return null;
  const hide = (v: string | null) => (v === null ? null : MASK);
  return { unzr: hide(person.unzr), rnokpp: hide(person.rnokpp), lastName: MASK, firstName: MASK, patronymic: hide(person.patronymic), birthDate: MASK };
}

function masked<T extends NoticeListRow>(n: T): T {
  return { ...n, person: maskPerson(n.person), document: n.document ? { type: n.document.type, number: MASK } : null };
}

const pageSize = (limit: number) => Math.max(1, Math.min(200, Math.floor(limit) || 50));

function page<T extends { id: string }>(rows: T[], size: number, at: (row: T) => number): Page<T> {
  const last = rows[rows.length - 1];
  return { items: rows, nextCursor: rows.length === size && last ? encodeCursor({ receivedAt: at(last), id: last.id }) : null };
}

export function createNoticeOperations(deps: NoticeOperationsDeps): NoticeOperations {
  const details = async (id: string): Promise<NoticeDetails> => {
    const found = await deps.notices.get(id);
    if (!found) throw noticeNotFound(id);
    return found;
  };
  const view = async (n: NoticeDetails, reveal: boolean): Promise<NoticeView> => {
    const entry = (await deps.evidence.evidenceForEvent(deps.notices.evidenceKey(n.id)))[0];
    const shown = reveal ? n : { ...masked(n), messageXml: n.messageXml === null ? null : maskPersonalData(n.messageXml) };
    return { ...shown, masked: !reveal, evidence: entry ? { entryId: entry.id, entryHash: entry.entryHash } : null };
  };

  return {
    async listOwn(p, acknowledged, cursor, limit) {
      const registerId = ownRegister(p);
      const size = pageSize(limit);
      const after = decodeCursor(cursor);
      const rows = await deps.notices.listForRegister(registerId, acknowledged, after && { at: after.receivedAt, id: after.id }, size);
      return page(rows, size, (r) => r.routedAt);
    },
    async ownNotice(p, id) {
      const found = await deps.notices.forRegister(ownRegister(p), id);
      if (!found) throw noticeNotFound(id);
      return found;
    },
    async acknowledge(p, id) {
      const found = await deps.notices.acknowledge(ownRegister(p), id, deps.now());
      if (!found) throw noticeNotFound(id);
      return found;
    },
    async list(p, filter, cursor, limit) {
      requireRole(p, 'viewer');
      const size = pageSize(limit);
      const before = decodeCursor(cursor);
      const rows = await deps.notices.list(filter, before && { at: before.receivedAt, id: before.id }, size);
      return page(rows.map(masked), size, (r) => r.receivedAt);
    },
    async notice(p, id, options) {
      if (p.kind === 'register') {
        if (options.reveal) requireRole(p, 'operator');
        if (!(await deps.notices.forRegister(p.register.id, id))) throw noticeNotFound(id);
        const n = await details(id);
        const own = { ...n, routes: n.routes.filter((r) => r.registerId === p.register.id), events: n.events.filter((e) => e.registerId === p.register.id) };
        return view(own, false);
      }
      requireRole(p, 'viewer');
      const n = await details(id);
      if (options.reveal) {
        requireRole(p, 'operator');
        const reason = checkReason(options.reason, true);
        await deps.audit.appendAudit({ at: deps.now(), actor: principalLabel(p), action: 'notice.reveal', eventId: null, reason, detail: { noticeId: id } });
      }
      return view(n, options.reveal);
    },
    async route(p, id, registerCode, reason) {
      requireRole(p, 'operator');
      const why = checkReason(reason, true) as string;
      const registerId = await deps.territory.registerIdByCode(registerCode.trim());
      if (!registerId) {
        throw new ProblemError({
          status: 422,
          code: 'REGISTER_UNKNOWN',
          pointer: '/registerCode',
          message: { uk: `Реєстру з кодом ${registerCode} немає.`, en: `There is no register with code ${registerCode}.` },
        });
      }
      const result = await deps.notices.route(id, { id: registerId, code: registerCode.trim() }, principalLabel(p), why, deps.now());
      if (result.kind === 'not_found') throw noticeNotFound(id);
      if (result.kind === 'already') {
        throw new ProblemError({
          status: 409,
          code: 'NOTICE_ALREADY_ROUTED',
          message: { uk: `Повідомлення вже надіслано реєстру ${registerCode}.`, en: `The notice was already routed to register ${registerCode}.` },
        });
      }
      return view(await details(id), false);
    },
    async unroutedCount(p) {
      return hasRole(p, 'viewer') ? deps.notices.countUnrouted() : 0;
    },
  };
}
