// Encryption at rest on both databases: what a store with data keys writes, rows from before
// encryption still read, a ciphertext moved to another row refused, and a key rotation: a new key
// put first, `rekey` re-encrypting everything (rows in clear too) so that the old key can go, the
// evidence chain and the person-key secret unchanged throughout.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../src/delivery/model/attempt-record.ts';
import { linkEntry, sha256Hex } from '../../src/evidence/chain.ts';
import { verifyEvidenceLog } from '../../src/evidence/verify-log.ts';
import { uuidv7 } from '../../src/ids.ts';
import { ENCRYPTED_COLUMNS } from '../../src/store/crypto/encrypted-columns.ts';
import { DataDecryptError, fieldCipher, type FieldCipher } from '../../src/store/crypto/field-cipher.ts';
import { keyring } from '../../src/store/crypto/keyring.ts';
import type { NewEvent } from '../../src/store/events.ts';
import { openPostgresStore, openSqliteStore, type Store } from '../../src/store/open-store.ts';
import { describePostgres, postgresProblem, TestSchemas } from '../support/pg.ts';
import { dmsNotice } from './notices-suite.ts';

const OLD = { id: 'k2026', key: randomBytes(32) };
const NEW = { id: 'k2027', key: randomBytes(32) };
const onlyOld = fieldCipher(keyring([OLD]));
const rotated = fieldCipher(keyring([NEW, OLD]));
const onlyNew = fieldCipher(keyring([NEW]));

const T0 = Date.parse('2026-11-23T10:00:00Z');
const REGISTER = { id: 'reg-1', code: '26376375', name: 'Демо', createdAt: T0, apiKeyHash: 'hash-1' };
const UNZR = '19880315-04171';

const newEvent = (n: number): NewEvent => ({
  id: uuidv7(),
  registerId: REGISTER.id,
  registerEventId: `BC-${n}`,
  type: 'residence.registered',
  occurredAt: '2026-11-20T10:15:00+02:00',
  occurredAtMs: T0 - 10_000 + n,
  personKey: `person-${n}`,
  contentHash: `content-${n}`,
  payload: JSON.stringify({ person: { unzr: UNZR, lastName: `Коваленко-${n}` } }),
  warnings: [],
  receivedAt: T0 + n,
  delivery: { id: uuidv7(), messageId: uuidv7(), contract: 'dms-registration-v1' },
});

const attempt = (number: number): AttemptRecord => ({
  number,
  startedAt: T0,
  durationMs: 5,
  outcome: 'rejected',
  httpStatus: 500,
  errorClass: null,
  detail: `PERSON_MISMATCH: ${UNZR} is someone else`,
  responseExcerpt: `<fault>${UNZR}</fault>`,
  messageId: null,
  contract: 'dms-registration-v1',
});

/** One event through the store: ingested, claimed, signed, rejected with a reason quoting it, its exchange logged, its POST's answer kept. */
async function writeEverything(store: Store, n: number): Promise<string> {
  const e = newEvent(n);
  await store.events.ingestEvent(e);
  const [d] = await store.deliveries.claimDue('w', T0 + 100_000, 60_000, 1);
  await store.deliveries.saveSignedRequest(d!.id, 'w', `<signed unzr="${UNZR}" n="${n}"/>`, 'dms-registration-v1', T0);
  await store.deliveries.recordAttempt(d!.id, 'w', attempt(1), { status: 'rejected', rejection: { code: 'PERSON_MISMATCH', reason: `${UNZR} is someone else` } }, T0);
  const request = `<signed unzr="${UNZR}" n="${n}"/>`;
  const response = `<fault>${UNZR}</fault>`;
  await store.evidence.appendEvidence((head) =>
    linkEntry({ at: T0, eventId: e.id, messageId: d!.messageId, attempt: 1, outcome: 'rejected', httpStatus: 500, signer: null, requestDigest: sha256Hex(request), requestBody: request, responseDigest: sha256Hex(response), responseBody: response }, head),
  );
  await store.idempotency.once({ registerId: REGISTER.id, key: `idem-${n}` }, 'h', T0, 86_400_000, async () => ({ value: null, response: { status: 202, headers: {}, body: `{"unzr":"${UNZR}"}` } }));
  // operators' free text: a cancel reason (and its audit entry), a reveal's reason, a replay job's reason
  expect((await store.deliveries.cancelDelivery(e.id, { kind: 'system' }, `duplicate of ${UNZR}`, T0 + 1)).kind).toBe('done');
  await store.audit.appendAudit({ at: T0 + n, actor: 'operator:olena', action: 'reveal', eventId: e.id, reason: `call from ${UNZR}`, detail: null });
  await store.replayJobs.createReplayJob({ id: `job-${n}`, filter: '{}', reason: `replay for ${UNZR}`, createdBy: 'operator:olena', createdAt: T0, total: 0 });
  return e.id;
}

/** Every stored value of every encrypted column, raw. */
async function rawValues(store: Store): Promise<string[]> {
  const values: string[] = [];
  for (const c of ENCRYPTED_COLUMNS) {
    for (const row of await store.db.all(`SELECT ${c.column} AS v FROM ${c.table} WHERE ${c.column} IS NOT NULL`)) values.push(String(row.v));
  }
  return values;
}

/** `open(fields, fresh)`: a store on a new database when `fresh`, else on the one opened last. */
function describeAtRest(name: string, open: (fields: FieldCipher | undefined, fresh: boolean) => Promise<Store>): void {
  describe(`encryption at rest: ${name}`, () => {
    it('encrypts every personal column, reads older rows in clear, and rotates keys with rekey', async () => {
      // Rows from before encryption: written by a store without keys.
      let store = await open(undefined, true);
      await store.access.createRegister(REGISTER);
      const before = await writeEverything(store, 1);
      const secret = await store.access.getOrCreateSecret('person_key_secret', () => 'the-person-key-secret-of-this-db');
      await store.close();

      store = await open(onlyOld, false);
      // The secret stored in clear is encrypted in place at first read, its value unchanged.
      expect(await store.access.getOrCreateSecret('person_key_secret', () => 'another')).toBe(secret);
      const after = await writeEverything(store, 2);
      const raw = await rawValues(store);
      const sealed = raw.filter((v) => v.startsWith('enc1:k2026:'));
      // event 2: payload, request, rejection, 2 attempt columns, 2 evidence bodies, the answer, the
      // cancel reason, 2 audit reasons, the replay reason; and the secret
      expect(sealed).toHaveLength(13);
      for (const v of sealed) expect(v).not.toContain(UNZR);
      expect(raw.filter((v) => v.includes(UNZR))).toHaveLength(12); // event 1, from before encryption
      // both read back whole
      for (const id of [before, after]) {
        const details = await store.events.getEvent(id);
        expect(details?.delivery.rejection?.reason).toBe(`${UNZR} is someone else`);
        expect(details?.delivery.cancelReason).toBe(`duplicate of ${UNZR}`);
        expect((await store.audit.listAudit(id)).map((a) => a.reason)).toEqual([`duplicate of ${UNZR}`, `call from ${UNZR}`]);
        expect(details?.attempts[0]).toMatchObject({ detail: `PERSON_MISMATCH: ${UNZR} is someone else`, responseExcerpt: `<fault>${UNZR}</fault>` });
      }
      expect((await store.evidence.evidenceChain(0, 10)).map((e) => e.requestBody)).toEqual([`<signed unzr="${UNZR}" n="1"/>`, `<signed unzr="${UNZR}" n="2"/>`]);
      expect(await store.idempotency.once({ registerId: REGISTER.id, key: 'idem-2' }, 'h', T0 + 1, 86_400_000, async () => ({ value: null, response: { status: 500, headers: {}, body: '' } }))).toMatchObject({ kind: 'replay', response: { body: `{"unzr":"${UNZR}"}` } });
      expect(await verifyEvidenceLog(store.evidence)).toMatchObject({ entries: 2, firstBreak: null });
      expect((await store.replayJobs.listReplayJobs(10)).map((j) => j.reason)).toEqual([`replay for ${UNZR}`, `replay for ${UNZR}`]);
      await store.close();

      // A new key first: new writes use it, old values still read; rekey moves everything to it.
      store = await open(rotated, false);
      const third = await writeEverything(store, 3);
      expect((await rawValues(store)).filter((v) => v.startsWith('enc1:k2027:'))).toHaveLength(12);
      let rewritten = 0;
      for (const c of store.rekey.columns) {
        const done = await store.rekey.rekeyColumn(c, 2); // small batches: the walk crosses pages
        expect(done.failed).toEqual([]);
        rewritten += done.rewritten;
      }
      expect(rewritten).toBe(12 + 13); // event 1 in clear, event 2 and the secret under the old key
      expect((await rawValues(store)).every((v) => v.startsWith('enc1:k2027:'))).toBe(true);
      for (const c of store.rekey.columns) expect((await store.rekey.rekeyColumn(c, 2)).rewritten).toBe(0);
      await store.close();

      // The old key removed: everything reads, the chain verifies, the secret is the same.
      store = await open(onlyNew, false);
      expect(await store.access.getOrCreateSecret('person_key_secret', () => 'another')).toBe(secret);
      for (const id of [before, after, third]) {
        expect((await store.events.getEvent(id))?.attempts[0]?.detail).toContain(UNZR);
        expect((await store.audit.listAudit(id))[1]?.reason).toBe(`call from ${UNZR}`);
      }
      expect((await store.audit.auditPage(null, 10)).map((a) => a.reason)).toHaveLength(6);
      expect(await verifyEvidenceLog(store.evidence)).toMatchObject({ entries: 3, firstBreak: null });
      await store.close();

      // Only the old key: refused clearly, no garbage.
      store = await open(onlyOld, false);
      const refused = await store.access.getOrCreateSecret('person_key_secret', () => 'x').catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(DataDecryptError);
      expect((refused as DataDecryptError).message).toContain('data key "k2027", which the keyring (DATA_KEYS_FILE / DATA_KEY) does not hold');
      await store.close();
    });

    it('keeps a notice from DMS encrypted: its person, document and message, and its evidence entry', async () => {
      const store = await open(onlyOld, true);
      try {
        const notice = dmsNotice({ document: { type: 'death_certificate', number: 'I-ЖК 004512' } });
        const { id } = await store.notices.receive(notice);
        const raw = await store.db.one(`SELECT person, document, message_xml FROM notices WHERE id = :id`, { id });
        for (const v of Object.values(raw ?? {})) expect(String(v)).toMatch(/^enc1:k2026:/);
        expect(String((await store.db.one(`SELECT request_body FROM evidence_log WHERE id = 1`))?.request_body)).toMatch(/^enc1:k2026:/);
        expect(await store.notices.get(id)).toMatchObject({ person: notice.person, document: notice.document, messageXml: notice.messageXml });
        expect(await verifyEvidenceLog(store.evidence)).toMatchObject({ entries: 1, firstBreak: null });
      } finally {
        await store.close();
      }
    });

    it('keeps a final refusal\'s reason from DMS encrypted, and reads it back', async () => {
      const store = await open(onlyOld, true);
      try {
        await store.access.createRegister(REGISTER);
        const e = newEvent(1);
        await store.events.ingestEvent(e);
        const [d] = await store.deliveries.claimDue('w', T0 + 100_000, 60_000, 1);
        const receipt = { number: 'DMS-1', status: 'ACCEPTED', registeredAt: 'x' };
        await store.deliveries.recordAttempt(d!.id, 'w', { ...attempt(1), outcome: 'delivered', httpStatus: 200, detail: null, responseExcerpt: null, messageId: d!.messageId }, { status: 'delivered', receipt }, T0);
        const outcome = { outcomeId: 'out-1', messageId: d!.messageId, gatewayEventId: e.id, receiptNumber: 'DMS-1', decidedAt: '2026-11-23T12:00:00+02:00' };
        const evidence = (head: Parameters<typeof linkEntry>[1]) =>
          linkEntry({ at: T0, eventId: e.id, messageId: d!.messageId, attempt: 0, outcome: 'refused', httpStatus: 200, signer: null, requestDigest: 'd', requestBody: '<x/>', responseDigest: null, responseBody: null }, head);
        const stored = await store.outcomes.recordOutcome({ ...outcome, decision: { kind: 'refused', code: 'PERSON_MISMATCH', reason: `${UNZR} is someone else` } }, T0 + 1, () => evidence);
        expect(stored.kind).toBe('stored');
        expect(String((await store.db.one(`SELECT refusal_reason FROM outcomes WHERE outcome_id = 'out-1'`))?.refusal_reason)).toMatch(/^enc1:k2026:/);
        expect((await store.events.getEvent(e.id))?.outcome).toMatchObject({ kind: 'refused', reason: `${UNZR} is someone else` });
        expect((await store.outcomes.outcomesOfEvent(e.id))[0]?.reason).toBe(`${UNZR} is someone else`);
      } finally {
        await store.close();
      }
    });

    it('refuses a ciphertext moved to another row, and verify-log names the entry', async () => {
      const store = await open(onlyOld, true);
      try {
        await store.access.createRegister(REGISTER);
        const first = await writeEverything(store, 1);
        const second = await writeEverything(store, 2);
        // the second event's rejection reason and attempt copied over the first's
        await store.db.run(`UPDATE deliveries SET rejection_reason = (SELECT d.rejection_reason FROM deliveries d WHERE d.event_id = :second) WHERE event_id = :first`, { first, second });
        await expect(store.events.getEvent(first)).rejects.toThrow(/cannot decrypt deliveries.rejection_reason: data key "k2026" does not authenticate it/);
        expect((await store.events.getEvent(second))?.delivery.rejection?.reason).toContain(UNZR);
        // entry 2's request body copied into entry 1: same plaintext digest would not match anyway, but it does not even decrypt
        await store.db.run(`UPDATE evidence_log SET request_body = (SELECT l.request_body FROM evidence_log l WHERE l.id = 2) WHERE id = 1`);
        expect((await verifyEvidenceLog(store.evidence)).firstBreak).toMatchObject({ entryId: 1, problem: 'request_body' });
        const [entry] = await store.evidence.evidenceChain(0, 1);
        expect(entry).toMatchObject({ requestBody: null, unreadableBody: 'request' });
      } finally {
        await store.close();
      }
    });
  });
}

const root = mkdtempSync(path.join(tmpdir(), 'rtg-at-rest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
describeAtRest('sqlite', async (fields, fresh) => openSqliteStore(path.join(root, `db-${fresh ? ++n : n}`), fields));

const problem = await postgresProblem();
const schemas = problem === null ? new TestSchemas('rtg_at_rest') : null;
afterAll(async () => schemas?.dropAll());
let pgUrl = '';
describePostgres('postgres', problem, () => {
  describeAtRest('postgres', async (fields, fresh) => {
    if (fresh) pgUrl = (await (schemas as TestSchemas).create()).url;
    return openPostgresStore(pgUrl, 2, fields);
  });
});
