import { describe, expect, it } from 'vitest';
import { checkEntry, entryHash, GENESIS_HASH, linkEntry, sha256Hex, type NewEvidence } from './chain.ts';

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

describe('the entry hash format', () => {
  // Pinned: a stored log must verify after an upgrade, so the canonical form may never drift.
  const entry = {
    id: 1, at: 1000, eventId: 'e|1\\x', messageId: 'm1', attempt: 1, outcome: 'retryable', httpStatus: null, signer: null,
    requestDigest: 'rd', requestBody: null, responseDigest: null, responseBody: null, prevHash: GENESIS_HASH,
  };

  it('hashes the version tag and every field, escaped, joined by "|", from 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
    const canonical = `rtg-evidence-v1|1|1000|e\\|1\\\\x|m1|1|retryable|||rd||${'0'.repeat(64)}`;
    expect(entryHash(entry)).toBe(sha256Hex(canonical));
    expect(entryHash({ ...entry, httpStatus: 503, signer: 'S', responseDigest: 'ad' })).toBe(sha256Hex(canonical.replace('retryable|||rd||', 'retryable|503|S|rd|ad|')));
  });

  it('keeps a field boundary: a "|" moved between fields changes the hash', () => {
    expect(entryHash({ ...entry, eventId: 'a|b', messageId: 'c' })).not.toBe(entryHash({ ...entry, eventId: 'a', messageId: 'b|c' }));
    expect(entryHash({ ...entry, eventId: 'a\\', messageId: '|c' })).not.toBe(entryHash({ ...entry, eventId: 'a\\|', messageId: 'c' }));
  });
});

describe('checking an entry', () => {
  const first = linkEntry(exchange(1), null);

  it('names a request body removed outside the retention purge', () => {
    expect(checkEntry({ ...first, requestBody: null }, null)).toMatchObject({ problem: 'body_missing' });
    expect(checkEntry({ ...first, requestBody: null, responseBody: null, purgedAt: 5000 }, null)).toBeNull();
  });

  it('accepts an attempt that had no answer (the transport failed): no answer body is missing', () => {
    const noAnswer = linkEntry({ ...exchange(1), httpStatus: null, responseDigest: null, responseBody: null }, null);
    expect(checkEntry(noAnswer, null)).toBeNull();
  });

  it('names which stored body does not authenticate', () => {
    expect(checkEntry({ ...first, unreadableBody: 'request', requestBody: null }, null)).toMatchObject({ problem: 'request_body' });
    expect(checkEntry({ ...first, unreadableBody: 'response', responseBody: null }, null)).toMatchObject({ problem: 'response_body' });
  });
});

describe('the sandbox mark in the hash', () => {
  it('is the last field "sandbox", only on an exchange with the sandbox mock', () => {
    const entry = { ...linkEntry(exchange(1), null), answerSigner: 'AB' };
    const fields = `rtg-evidence-v1|1|1001|e1|m1|1|delivered|200||${entry.requestDigest}|${entry.responseDigest}|${GENESIS_HASH}|answer-signer:AB`;
    expect(entryHash(entry)).toBe(sha256Hex(fields));
    expect(entryHash({ ...entry, sandbox: true })).toBe(sha256Hex(`${fields}|sandbox`));
    expect(entryHash({ ...entry, sandbox: false })).toBe(sha256Hex(fields));
  });
});

