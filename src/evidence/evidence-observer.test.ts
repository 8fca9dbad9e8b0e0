// What the delivery worker writes to the evidence log for one exchange with DMS.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../delivery/attempt.ts';
import { ensureDevCertificates } from '../signing/dev-certs.ts';
import type { EvidenceEntry } from '../store/evidence.ts';
import { checkEntry, sha256Hex } from './chain.ts';
import { evidenceObserver, signerOf } from './evidence-observer.ts';

let dir: string;
let certBase64: string;
let fingerprint: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evidence-observer-'));
  const pem = readFileSync(ensureDevCertificates(dir).rsa.certFile, 'utf8');
  certBase64 = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  fingerprint = new X509Certificate(pem).fingerprint256;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// KeyInfo as XML-DSig writers put it: base64 wrapped in lines, indented.
const wrapped = (base64: string) => `\n    ${base64.match(/.{1,64}/g)!.join('\n    ')}\n  `;

describe('the signer read from the signed request', () => {
  it('is the fingerprint of the KeyInfo certificate, with any namespace prefix or none, line breaks and all', () => {
    expect(signerOf(`<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${wrapped(certBase64)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`)).toBe(fingerprint);
    expect(signerOf(`<KeyInfo><X509Data><X509Certificate>${certBase64}</X509Certificate></X509Data></KeyInfo>`)).toBe(fingerprint);
  });

  it('is null when the request carries no certificate, or one that does not parse', () => {
    expect(signerOf('<Envelope><Body/></Envelope>')).toBeNull();
    expect(signerOf('<ds:X509Certificate>bm90IGEgY2VydGlmaWNhdGU=</ds:X509Certificate>')).toBeNull();
  });
});

describe('the evidence entry for an exchange', () => {
  const delivery = { id: 'd1', eventId: 'e1', messageId: 'm1', contract: 'dms-registration-v1', attempts: 0, scheduleBase: 0, payload: '{}', registerCode: 'R1', requestXml: null };

  async function logged(x: Partial<Exchange>): Promise<EvidenceEntry> {
    const requestXml = `<Envelope><ds:X509Certificate>${certBase64}</ds:X509Certificate></Envelope>`;
    // The store links the entry to the log's head in the transaction that records the attempt.
    const link = evidenceObserver().evidence!({ delivery, attempt: 1, at: 5000, requestXml, answer: '<Ack/>', httpStatus: 200, outcome: 'delivered', ...x });
    const entry = link(null);
    expect(checkEntry(entry, null)).toBeNull();
    return entry;
  }

  it('holds the bytes sent and received, their digests, the request signer and the outcome', async () => {
    const entry = await logged({});
    expect(entry).toMatchObject({ at: 5000, eventId: 'e1', messageId: 'm1', attempt: 1, outcome: 'delivered', httpStatus: 200, signer: fingerprint, responseBody: '<Ack/>', responseDigest: sha256Hex('<Ack/>') });
    expect(entry.requestDigest).toBe(sha256Hex(entry.requestBody!));
    expect(entry).not.toHaveProperty('sandbox');
  });

  it('records the answer signer when the answer verified, and null when it was not', async () => {
    expect((await logged({ answerSigner: 'AB:CD' })).answerSigner).toBe('AB:CD');
    expect((await logged({})).answerSigner).toBeNull();
  });

  it('has no answer digest when no answer came back', async () => {
    expect(await logged({ answer: null, httpStatus: null, outcome: 'network' })).toMatchObject({ responseBody: null, responseDigest: null });
  });

  it('marks an exchange with the sandbox mock, and only that one', async () => {
    const sandboxEntry = await logged({ delivery: { ...delivery, sandbox: true } });
    expect(sandboxEntry.sandbox).toBe(true);
    expect(await logged({ delivery: { ...delivery, sandbox: false } })).not.toHaveProperty('sandbox');
  });
});
