// The evidence chain against someone with write access to the database: every field that goes into
// an entry's hash, changed in the stored row, and the chain's link (reordered, spliced, re-hashed
// entries) — verify-log must name the entry where the chain stops holding.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryHash, linkEntry, sha256Hex, type NewEvidence } from '../../src/evidence/chain.ts';
import { describeReport, verifyEvidenceLog } from '../../src/evidence/verify-log.ts';
import { testFields } from '../support/data-keys.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';

let dir: string;
let store: Store;

const exchange = (attempt: number): NewEvidence => ({
  at: 1_700_000_000_000 + attempt,
  eventId: `evt-${attempt}`,
  messageId: `msg-${attempt}`,
  attempt,
  outcome: 'retryable',
  httpStatus: 503,
  signer: 'CN=Gateway test signer',
  requestDigest: sha256Hex(`<request n="${attempt}"/>`),
  requestBody: `<request n="${attempt}"/>`,
  responseDigest: sha256Hex(`<answer n="${attempt}"/>`),
  responseBody: `<answer n="${attempt}"/>`,
});

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rtg-evidence-'));
  store = await openStore({ dataDir: dir, databaseUrl: undefined, databasePoolSize: 1 }, testFields);
  for (let i = 1; i <= 4; i++) await store.evidence.appendEvidence((head) => linkEntry(exchange(i), head));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const verify = () => verifyEvidenceLog(store.evidence, 2); // small pages: the walk crosses pages
const tamper = (sql: string, params: Record<string, unknown> = {}) => store.db.run(sql, params);

describe('the evidence chain as written', () => {
  it('verifies, numbered from 1 and linked entry to entry', async () => {
    const report = await verify();
    expect(report).toMatchObject({ entries: 4, firstBreak: null });
    const chain = await store.evidence.evidenceChain(0, 10);
    expect(chain.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < chain.length; i++) expect(chain[i]?.prevHash).toBe(chain[i - 1]?.entryHash);
    expect(report.headHash).toBe(chain[3]?.entryHash);
  });
});

describe('a field of entry 3 changed in the stored row', () => {
  // Every field entryHash covers, each with a plausible forged value.
  const fields: Array<[column: string, value: unknown]> = [
    ['at', 1_700_000_000_999],
    ['event_id', 'evt-other'],
    ['message_id', 'msg-other'],
    ['attempt', 7],
    ['outcome', 'delivered'],
    ['http_status', 200],
    ['http_status', null],
    ['signer', 'CN=Someone else'],
    ['signer', null],
    ['request_digest', sha256Hex('<forged/>')],
    ['response_digest', sha256Hex('<forged answer/>')],
  ];

  it.each(fields)('%s = %j is named as entry 3 with altered fields', async (column, value) => {
    await tamper(`UPDATE evidence_log SET ${column} = :value WHERE id = 3`, { value });
    const report = await verify();
    expect(report.firstBreak).toMatchObject({ entryId: 3, problem: 'entry_hash' });
    expect(report.entries).toBe(2);
    expect(describeReport(report)).toContain('BROKEN at entry 3');
  });

  it('a body changed is named by its digest', async () => {
    await tamper(`UPDATE evidence_log SET request_body = '<forged/>' WHERE id = 3`);
    expect((await verify()).firstBreak).toMatchObject({ entryId: 3, problem: 'request_body' });
    await tamper(`UPDATE evidence_log SET request_body = :body, response_body = '<forged/>' WHERE id = 3`, { body: '<request n="3"/>' });
    expect((await verify()).firstBreak).toMatchObject({ entryId: 3, problem: 'response_body' });
  });

  it('a body removed outside the retention purge is named', async () => {
    await tamper(`UPDATE evidence_log SET response_body = NULL WHERE id = 3`);
    expect((await verify()).firstBreak).toMatchObject({ entryId: 3, problem: 'body_missing' });
  });
});

describe('the link between entries', () => {
  it('a changed prevHash is named', async () => {
    await tamper(`UPDATE evidence_log SET prev_hash = :forged WHERE id = 3`, { forged: sha256Hex('forged') });
    expect((await verify()).firstBreak).toMatchObject({ entryId: 3, problem: 'link' });
  });

  it('two entries swapped (ids kept in order) break at the first of them', async () => {
    await tamper(`UPDATE evidence_log SET id = -2 WHERE id = 2`);
    await tamper(`UPDATE evidence_log SET id = 2 WHERE id = 3`);
    await tamper(`UPDATE evidence_log SET id = 3 WHERE id = -2`);
    expect((await verify()).firstBreak).toMatchObject({ entryId: 2, eventId: 'evt-3' });
  });

  it('an entry spliced out is named where the gap is', async () => {
    await tamper(`DELETE FROM evidence_log WHERE id = 2`);
    expect((await verify()).firstBreak).toMatchObject({ entryId: 3, problem: 'numbering' });
  });

  it('an entry spliced out and the rest renumbered is named where the link breaks', async () => {
    await tamper(`DELETE FROM evidence_log WHERE id = 2`);
    await tamper(`UPDATE evidence_log SET id = id - 1 WHERE id > 2`);
    expect((await verify()).firstBreak).toMatchObject({ entryId: 2, eventId: 'evt-3' });
  });

  it('an entry rewritten with a fresh, consistent hash is caught by the next entry', async () => {
    // The forger recomputes entry 2's own hash; only the chain link betrays it.
    const [e2] = await store.evidence.evidenceChain(1, 1);
    const forged = { ...e2!, outcome: 'delivered', httpStatus: 200 };
    await tamper(`UPDATE evidence_log SET outcome = 'delivered', http_status = 200, entry_hash = :hash WHERE id = 2`, { hash: entryHash(forged) });
    expect((await verify()).firstBreak).toMatchObject({ entryId: 3, problem: 'link' });
    // …and re-pointing entry 3 at it breaks entry 3's own hash, which covers its prevHash.
    await tamper(`UPDATE evidence_log SET prev_hash = :hash WHERE id = 3`, { hash: entryHash(forged) });
    expect((await verify()).firstBreak).toMatchObject({ entryId: 3, problem: 'entry_hash' });
  });

  it('the first entry must start from the genesis hash', async () => {
    await tamper(`UPDATE evidence_log SET prev_hash = :forged WHERE id = 1`, { forged: sha256Hex('earlier') });
    expect((await verify()).firstBreak).toMatchObject({ entryId: 1, problem: 'link' });
  });
});
