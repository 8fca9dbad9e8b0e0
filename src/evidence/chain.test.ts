import { describe, expect, it } from 'vitest';
import { checkEntry, GENESIS_HASH, linkEntry, sha256Hex, type NewEvidence } from './chain.ts';

const exchange = (attempt: number): NewEvidence => ({
  at: 1000 + attempt, eventId: 'e1', messageId: 'm1', attempt, outcome: 'delivered', httpStatus: 200, signer: null,
  requestDigest: sha256Hex('<r/>'), requestBody: '<r/>', responseDigest: sha256Hex('<a/>'), responseBody: '<a/>',
});

describe('linking an evidence entry', () => {
  it('starts the chain at 1 from the genesis hash, then numbers and links each entry to the head', () => {
    const first = linkEntry(exchange(1), null);
    expect(first).toMatchObject({ id: 1, prevHash: GENESIS_HASH, purgedAt: null });
    const second = linkEntry(exchange(2), { id: first.id, entryHash: first.entryHash });
    expect(second).toMatchObject({ id: 2, prevHash: first.entryHash });
    expect(checkEntry(first, null)).toBeNull();
    expect(checkEntry(second, first)).toBeNull();
    expect(checkEntry({ ...second, httpStatus: 500 }, first)).toMatchObject({ problem: 'entry_hash' });
  });

  it('covers the DMS answer signer, and hashes an entry without one as entries written before it existed', () => {
    const signed = linkEntry({ ...exchange(1), answerSigner: 'AB:CD' }, null);
    expect(checkEntry(signed, null)).toBeNull();
    expect(checkEntry({ ...signed, answerSigner: 'EF:01' }, null)).toMatchObject({ problem: 'entry_hash' });
    expect(checkEntry({ ...signed, answerSigner: null }, null)).toMatchObject({ problem: 'entry_hash' });
    expect(linkEntry({ ...exchange(1), answerSigner: null }, null).entryHash).toBe(linkEntry(exchange(1), null).entryHash);
  });
});
