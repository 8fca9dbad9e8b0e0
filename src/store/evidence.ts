// The evidence log: every exchange with DMS, hash-chained. The chain (hashes, links) is computed by
// src/evidence/; this module keeps entries in order: it appends under a lock, so the chain is
// numbered and linked without gaps whichever instance writes.
import { ENCRYPTED } from './crypto/encrypted-columns.ts';
import { DataDecryptError, type FieldCipher } from './crypto/field-cipher.ts';
import type { EncryptedColumn } from './crypto/encrypted-columns.ts';
import { numberOrNull, textOrNull, type Database, type Dialect, type Queryable, type Row } from './db/database.ts';

/** One exchange with DMS: what was sent (signed bytes), what came back, chained to the one before. */
export interface EvidenceEntry {
  id: number;
  at: number;
  eventId: string;
  messageId: string;
  attempt: number;
  outcome: string;
  httpStatus: number | null;
  /** SHA-256 fingerprint of the certificate that signed the request. */
  signer: string | null;
  /** SHA-256 fingerprint of the certificate that signed DMS's answer (verified against the pinned DMS CA); null when unsigned or not verified. */
  answerSigner?: string | null;
  /** An exchange with the sandbox's mock DMS (an event posted with a test key), not with DMS. */
  sandbox?: boolean;
  requestDigest: string;
  requestBody: string | null;
  responseDigest: string | null;
  responseBody: string | null;
  prevHash: string;
  entryHash: string;
  /** When the retention purge removed the bodies (not part of the hash: the purge must not break the chain). */
  purgedAt: number | null;
  /** A stored body whose ciphertext does not authenticate (altered, or moved from another entry): read as null, reported by verify-log. */
  unreadableBody?: 'request' | 'response';
}

/** The end of the chain an entry is appended to. */
export interface ChainHead {
  id: number;
  entryHash: string;
}

/** PostgreSQL: the writer holds this lock until it commits (SQLite's writer lock does the same). Readers are not held up. */
const LOCK: Record<Dialect, string | null> = { sqlite: null, postgres: `LOCK TABLE evidence_log IN SHARE ROW EXCLUSIVE MODE` };
const HEAD = `SELECT id, entry_hash FROM evidence_log ORDER BY id DESC LIMIT 1`;
const INSERT = `
  INSERT INTO evidence_log (id, at, event_id, message_id, attempt, outcome, http_status, signer, answer_signer, request_digest, request_body,
                            response_digest, response_body, prev_hash, entry_hash, sandbox)
  VALUES (:id, :at, :eventId, :messageId, :attempt, :outcome, :httpStatus, :signer, :answerSigner, :requestDigest, :requestBody,
          :responseDigest, :responseBody, :prevHash, :entryHash, :sandbox)`;
const FOR_EVENT = `SELECT * FROM evidence_log WHERE event_id = :eventId ORDER BY id`;
const CHAIN = `SELECT * FROM evidence_log WHERE id > :afterId ORDER BY id LIMIT :limit`;

/** A body that does not decrypt under a key the keyring holds was altered: the entry says so instead of failing the whole read. */
function openBody(fields: FieldCipher, column: EncryptedColumn, row: Row, stored: unknown): { body: string | null; altered: boolean } {
  try {
    return { body: fields.open(column, [String(row.id)], stored), altered: false };
  } catch (err) {
    if (err instanceof DataDecryptError && (err.reason === 'not_authentic' || err.reason === 'malformed')) return { body: null, altered: true };
    throw err;
  }
}

function toEvidence(row: Row, fields: FieldCipher): EvidenceEntry {
  const request = openBody(fields, ENCRYPTED.evidenceRequest, row, row.request_body);
  const response = openBody(fields, ENCRYPTED.evidenceResponse, row, row.response_body);
  const unreadable = request.altered ? { unreadableBody: 'request' as const } : response.altered ? { unreadableBody: 'response' as const } : {};
  return {
    ...unreadable,
    id: Number(row.id),
    at: Number(row.at),
    eventId: String(row.event_id),
    messageId: String(row.message_id),
    attempt: Number(row.attempt),
    outcome: String(row.outcome),
    httpStatus: numberOrNull(row.http_status),
    signer: textOrNull(row.signer),
    answerSigner: textOrNull(row.answer_signer),
    requestDigest: String(row.request_digest),
    requestBody: request.body,
    responseDigest: textOrNull(row.response_digest),
    responseBody: response.body,
    prevHash: String(row.prev_hash),
    entryHash: String(row.entry_hash),
    purgedAt: numberOrNull(row.purged_at),
    ...(Number(row.sandbox) === 1 ? { sandbox: true } : {}),
  };
}

/** Makes the entry that follows the chain's head (null: the chain is empty). */
export type EvidenceLink = (head: ChainHead | null) => EvidenceEntry;

/** Appends the entry `link` makes from the current head, on `tx`: inside the transaction of what it records (a notice received). */
export async function appendEvidenceOn(tx: Queryable, fields: FieldCipher, link: EvidenceLink): Promise<EvidenceEntry> {
  const lock = LOCK[tx.dialect];
  // The lock and the read of the head go out together (one round trip on PostgreSQL's pipelined connection); the server takes the lock first.
  const [, head] = await Promise.all([lock ? tx.run(lock) : 0, tx.one(HEAD)]);
  const entry = link(head ? { id: Number(head.id), entryHash: String(head.entry_hash) } : null);
  // Not waited for here: the transaction waits for every statement it issued before it commits.
  void tx.run(INSERT, {
    ...entry,
    answerSigner: entry.answerSigner ?? null,
    sandbox: entry.sandbox ? 1 : 0,
    requestBody: fields.seal(ENCRYPTED.evidenceRequest, [entry.id], entry.requestBody),
    responseBody: fields.seal(ENCRYPTED.evidenceResponse, [entry.id], entry.responseBody),
  });
  return entry;
}

export function createEvidence(db: Database, fields: FieldCipher) {
  return {
    /** Appends the entry `link` makes from the current head (null: the chain is empty), under the lock. */
    appendEvidence: (link: EvidenceLink): Promise<EvidenceEntry> => db.transaction((tx) => appendEvidenceOn(tx, fields, link)),
    evidenceForEvent: async (eventId: string): Promise<EvidenceEntry[]> => (await db.all(FOR_EVENT, { eventId })).map((row) => toEvidence(row, fields)),
    /** The chain in order, from the entry after `afterId`. */
    evidenceChain: async (afterId: number, limit: number): Promise<EvidenceEntry[]> => (await db.all(CHAIN, { afterId, limit })).map((row) => toEvidence(row, fields)),
  };
}

export type Evidence = ReturnType<typeof createEvidence>;
