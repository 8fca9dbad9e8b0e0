// verify-log over a chain read page by page: what it counts, where it stops, what it prints.
import { describe, expect, it } from 'vitest';
import type { EvidenceEntry } from '../store/evidence.ts';
import { linkEntry, sha256Hex } from './chain.ts';
import { describeReport, verifyEvidenceLog } from './verify-log.ts';

function chainOf(n: number): EvidenceEntry[] {
  const entries: EvidenceEntry[] = [];
  for (let i = 1; i <= n; i++) {
    const head = entries.at(-1) ?? null;
    entries.push(linkEntry({
      at: 1000 + i, eventId: `e${i}`, messageId: `m${i}`, attempt: 1, outcome: 'delivered', httpStatus: 200, signer: null,
      requestDigest: sha256Hex(`<r${i}/>`), requestBody: `<r${i}/>`, responseDigest: sha256Hex(`<a${i}/>`), responseBody: `<a${i}/>`,
    }, head));
  }
  return entries;
}

// The store's query: entries after an id, in order, at most `limit`.
const storeOf = (entries: EvidenceEntry[]) => ({
  evidenceChain: async (afterId: number, limit: number) => entries.filter((e) => e.id > afterId).slice(0, limit),
});

const purged = (e: EvidenceEntry): EvidenceEntry => ({ ...e, requestBody: null, responseBody: null, purgedAt: 9000 });

describe('verifying the evidence log', () => {
  it('walks every page, counts the entries and those whose bodies the retention purge removed, and names the head', async () => {
    const entries = chainOf(5);
    entries[0] = purged(entries[0]!);
    entries[3] = purged(entries[3]!);
    const report = await verifyEvidenceLog(storeOf(entries), 2);
    expect(report).toEqual({ entries: 5, purgedBodies: 2, headHash: entries[4]!.entryHash, firstBreak: null });
    expect(describeReport(report)).toBe(`evidence log OK: 5 entries verified (2 with bodies purged after retention); head ${entries[4]!.entryHash}`);
  });

  it('reports an empty log as verified, with no head', async () => {
    const report = await verifyEvidenceLog(storeOf([]));
    expect(report).toEqual({ entries: 0, purgedBodies: 0, headHash: null, firstBreak: null });
    expect(describeReport(report)).toBe('evidence log OK: 0 entries verified (0 with bodies purged after retention); head none');
  });

  it('stops at the first entry that does not hold, with what was verified before it', async () => {
    const entries = chainOf(4);
    entries[2] = { ...entries[2]!, outcome: 'rejected' };
    const report = await verifyEvidenceLog(storeOf(entries), 3);
    expect(report).toEqual({ entries: 2, purgedBodies: 0, headHash: entries[1]!.entryHash, firstBreak: { entryId: 3, eventId: 'e3', attempt: 1, problem: 'entry_hash' } });
    expect(describeReport(report)).toBe('evidence log BROKEN at entry 3 (event e3, attempt 1): its recorded fields were altered; 2 entries before it verified');
  });
});
