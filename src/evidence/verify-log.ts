// `verify-log`: walks the whole evidence chain and names the first entry that does not hold.
import type { Evidence, EvidenceEntry } from '../store/evidence.ts';
import { checkEntry, type ChainBreak } from './chain.ts';

export interface VerifyReport {
  entries: number;
  purgedBodies: number;
  /** The last entry's hash: record it elsewhere (a ticket, a SIEM) to detect a log cut short later. */
  headHash: string | null;
  firstBreak: ChainBreak | null;
}

export async function verifyEvidenceLog(store: Pick<Evidence, 'evidenceChain'>, pageSize = 1000): Promise<VerifyReport> {
  let previous: EvidenceEntry | null = null;
  let entries = 0;
  let purgedBodies = 0;
  for (;;) {
    const page = await store.evidenceChain(previous?.id ?? 0, pageSize);
    for (const entry of page) {
      const broken = checkEntry(entry, previous);
      if (broken) return { entries, purgedBodies, headHash: previous?.entryHash ?? null, firstBreak: broken };
      if (entry.requestBody === null) purgedBodies++;
      entries++;
      previous = entry;
    }
    if (page.length < pageSize) return { entries, purgedBodies, headHash: previous?.entryHash ?? null, firstBreak: null };
  }
}

const PROBLEMS: Record<ChainBreak['problem'], string> = {
  numbering: 'an entry is missing or out of order before it',
  link: 'its link to the previous entry does not match (the previous entry or this link was altered)',
  entry_hash: 'its recorded fields were altered',
  request_body: 'the stored request was altered (it no longer matches its digest)',
  response_body: 'the stored DMS answer was altered (it no longer matches its digest)',
  body_missing: 'a stored message or answer was removed outside the retention purge',
};

export function describeReport(r: VerifyReport): string {
  if (!r.firstBreak) return `evidence log OK: ${r.entries} entries verified (${r.purgedBodies} with bodies purged after retention); head ${r.headHash ?? 'none'}`;
  const b = r.firstBreak;
  return `evidence log BROKEN at entry ${b.entryId} (event ${b.eventId}, attempt ${b.attempt}): ${PROBLEMS[b.problem]}; ${r.entries} entries before it verified`;
}
