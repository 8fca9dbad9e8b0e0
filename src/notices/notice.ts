// A notice from DMS to the registers (seed 002: a death is a ground for deregistration; seed 004: a
// temporary residence permit that expired or was cancelled ends a foreigner's ground to stay).
// The DMS → gateway channel (src/dms-inbound) parses and verifies it; the notices aggregate stores
// it exactly once and routes it to the registers serving the person's registered address.

export const NOTICE_KINDS = ['person_died', 'temporary_permit_expired', 'temporary_permit_cancelled', 'immigration_permit_cancelled'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface NoticePerson {
  /** УНЗР (NNNNNNNN-NNNNN); absent for a foreigner who has none. */
  unzr: string | null;
  /** РНОКПП (10 digits), when DMS knows it. */
  rnokpp: string | null;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
}

/** What a notice says, as read from DMS's message. */
export interface NoticeFacts {
  /** DMS's own id for the notice: the key of exactly-once storage. */
  noticeId: string;
  kind: NoticeKind;
  person: NoticePerson;
  /** КАТОТТГ code of the person's registered address (UA + 17 digits), or null when DMS has none. */
  katottg: string | null;
  /** When the fact happened (death, expiry, cancellation), YYYY-MM-DD. */
  occurredOn: string;
  /** The permit the notice is about (permit kinds only). */
  document: { type: string; number: string } | null;
  /** DMS's issue time of the notice, ISO 8601 with offset. */
  issuedAt: string;
}

/** A verified notice, as the channel hands it to the notices aggregate. */
export interface DmsNotice extends NoticeFacts {
  /** The signed SOAP message as received: kept as evidence. */
  messageXml: string;
  /** Subject of the DMS certificate that signed it. */
  signer: string;
}

/** What the notices aggregate says about a received notice: stored now, or already stored before. */
export type NoticeReceipt = { stored: true; id: string; routedTo: string[] } | { stored: false; id: string };

/** The seam between the channel and the aggregate. */
export interface NoticeSink {
  receive(notice: DmsNotice): Promise<NoticeReceipt>;
}
