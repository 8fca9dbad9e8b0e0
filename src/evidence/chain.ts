// The evidence log's hash chain: each entry's hash covers its own fields (with the digests of the
// request and answer bodies, not the bodies) and the previous entry's hash. Changing any stored byte
// of an entry, or removing or reordering entries, breaks the chain from there on. Bodies may be
// purged for retention: their digests stay, so the chain still verifies. Digests are of the
// plaintext bodies (the store decrypts them), so re-encrypting under a new data key changes nothing.
import { createHash } from 'node:crypto';
import type { ChainHead, EvidenceEntry } from '../store/evidence.ts';

export const GENESIS_HASH = '0'.repeat(64);

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An exchange to log: the entry without its place in the chain. */
export type NewEvidence = Omit<EvidenceEntry, 'id' | 'prevHash' | 'entryHash' | 'purgedAt'>;

/** The entry that follows `head` (null: the chain is empty): numbered, linked and hashed. */
export function linkEntry(e: NewEvidence, head: ChainHead | null): EvidenceEntry {
  const linked = { ...e, id: head ? head.id + 1 : 1, prevHash: head ? head.entryHash : GENESIS_HASH, purgedAt: null };
  return { ...linked, entryHash: entryHash(linked) };
}

export function entryHash(e: Omit<EvidenceEntry, 'entryHash' | 'requestBody' | 'responseBody' | 'purgedAt'>): string {
  const fields = [
    'rtg-evidence-v1',
    e.id,
    e.at,
    e.eventId,
    e.messageId,
    e.attempt,
    e.outcome,
    e.httpStatus ?? '',
    e.signer ?? '',
    e.requestDigest,
    e.responseDigest ?? '',
    e.prevHash,
    // Added with authenticated answers: an entry without an answer signer hashes as before, so
    // entries written earlier still verify.
    ...(e.answerSigner ? [`answer-signer:${e.answerSigner}`] : []),
    // Added with the sandbox, likewise: only a sandbox exchange carries the mark.
    ...(e.sandbox ? ['sandbox'] : []),
  ];
  return sha256Hex(fields.map((f) => String(f).replaceAll('\\', '\\\\').replaceAll('|', '\\|')).join('|'));
}

export type ChainProblem =
  | 'numbering' // an entry is missing or out of order
  | 'link' // prevHash is not the previous entry's hash
  | 'entry_hash' // the entry's fields do not hash to its entryHash
  | 'request_body' // the request body does not match its digest
  | 'response_body' // the answer body does not match its digest
  | 'body_missing'; // a body is gone without a retention purge

export interface ChainBreak {
  entryId: number;
  eventId: string;
  attempt: number;
  problem: ChainProblem;
}

/** Checks one entry against the one before it (null for the first). */
export function checkEntry(e: EvidenceEntry, previous: EvidenceEntry | null): ChainBreak | null {
  const broken = (problem: ChainProblem): ChainBreak => ({ entryId: e.id, eventId: e.eventId, attempt: e.attempt, problem });
  if (e.id !== (previous ? previous.id + 1 : 1)) return broken('numbering');
  if (e.prevHash !== (previous ? previous.entryHash : GENESIS_HASH)) return broken('link');
  if (entryHash(e) !== e.entryHash) return broken('entry_hash');
  // A ciphertext that does not authenticate was altered or moved from another entry (encrypted at rest).
  if (e.unreadableBody) return broken(e.unreadableBody === 'request' ? 'request_body' : 'response_body');
  const bodyGone = e.requestBody === null || (e.responseDigest !== null && e.responseBody === null);
  if (bodyGone && e.purgedAt === null) return broken('body_missing');
  if (e.requestBody !== null && sha256Hex(e.requestBody) !== e.requestDigest) return broken('request_body');
  if (e.responseBody !== null && sha256Hex(e.responseBody) !== e.responseDigest) return broken('response_body');
  return null;
}
