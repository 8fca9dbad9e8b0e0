// The JSON shape of a notice: for its register (the person in clear: it must act on it) and for
// operators (masked unless revealed, with where it was routed and who acknowledged it).
import type { NoticeView } from '../../notices/operations.ts';
import type { NoticeListRow, RegisterNotice, StoredNotice } from '../../store/notices.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const common = (n: StoredNotice) => ({
  id: n.id,
  noticeId: n.noticeId,
  kind: n.kind,
  person: n.person,
  katottg: n.katottg,
  occurredOn: n.occurredOn,
  document: n.document,
  issuedAt: n.issuedAt,
  receivedAt: iso(n.receivedAt),
  purgedAt: iso(n.purgedAt),
});

export function registerNoticeView(n: RegisterNotice) {
  return { ...common(n), routedAt: iso(n.routedAt), acknowledgedAt: iso(n.acknowledgedAt) };
}

export function operatorNoticeView(n: NoticeListRow) {
  return {
    ...common(n),
    routes: n.routes.map((r) => ({ registerCode: r.registerCode, routedAt: iso(r.routedAt), routedBy: r.routedBy, acknowledgedAt: iso(r.acknowledgedAt) })),
  };
}

export function operatorNoticeDetails(n: NoticeView) {
  return { ...operatorNoticeView(n), masked: n.masked, messageDigest: n.messageDigest, signer: n.signer, evidence: n.evidence, events: n.events.map((e) => e.id), message: n.messageXml };
}
