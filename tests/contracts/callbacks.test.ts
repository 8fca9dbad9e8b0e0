// contracts/dms/callbacks/v1: every example validates against callbacks.xsd, and so does what the
// mock DMS actually sends (outcomes both ways, notices) and what the gateway answers; the mock's
// X-Road headers validate against xroad.xsd.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderNotice, renderOutcome } from '../../mocks/dms/callbacks/render-callback.ts';
import { createTestPki } from '../../mocks/dms/test-support/pki.ts';
import { acknowledgement, fault } from '../../src/dms-inbound/answers.ts';
import { envelopeParts } from '../support/envelope-parts.ts';
import { REPO, validateAgainst, validateXRoadHeader } from '../support/xsd.ts';

const DIR = path.join(REPO, 'contracts/dms/callbacks/v1');
const XSD = path.join(DIR, 'callbacks.xsd');
const validate = (xml: string) => validateAgainst(xml, XSD);
const gateway = createTestPki();
afterAll(() => gateway.cleanup());

const outcome = {
  outcomeId: '6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b',
  gatewayEventId: '019ab3c0-0000-7000-8000-000000000001',
  messageId: '019ab3c0-0000-7000-8000-000000000002',
  receiptNumber: 'DMS-20261123-000001',
  decidedAt: '2026-11-23T10:00:03.000Z',
};

/** The Body's element of an envelope, standalone. */
const bodyElement = (envelope: string) => envelopeParts(envelope).request.xml;

describe('contracts/dms/callbacks/v1', () => {
  const examples = readdirSync(path.join(DIR, 'examples')).filter((f) => f.endsWith('.xml'));
  it('has examples of every message', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });
  for (const file of examples) {
    it(`example ${file} is valid`, async () => {
      expect(await validate(readFileSync(path.join(DIR, 'examples', file), 'utf8'))).toEqual([]);
    });
  }

  it('refuses a notice of an unknown kind and a malformed УНЗР', async () => {
    const example = readFileSync(path.join(DIR, 'examples/notice.person-died.xml'), 'utf8');
    expect(await validate(example.replace('person_died', 'person_moved'))).not.toEqual([]);
    expect(await validate(example.replace('19900127-00021', '1990012700021'))).not.toEqual([]);
  });

  const sent: Array<[string, string]> = [
    ['a registered outcome', renderOutcome({ ...outcome, decision: { kind: 'registered', recordRef: 'EDDR-20261123-0000001' } }, 'x-1')],
    ['a refused outcome', renderOutcome({ ...outcome, decision: { kind: 'refused', code: 'RECORD_CONFLICT', reason: 'Запис <суперечить> & "наявному"' } }, 'x-2')],
    [
      'a notice',
      renderNotice(
        {
          noticeId: 'n-1',
          kind: 'temporary_permit_expired',
          person: { rnokpp: '3012345678', lastName: "Дем'яненко", firstName: 'Ірина', patronymic: 'Олегівна', birthDate: '1982-06-30' },
          katottg: 'UA80000000000093317',
          occurredOn: '2026-11-01',
          document: { type: 'temporary_residence_permit', number: 'AB123456' },
          issuedAt: '2026-11-23T10:00:00.000Z',
        },
        'x-3',
      ),
    ],
  ];
  for (const [what, envelope] of sent) {
    it(`the mock sends ${what} that validates, body and X-Road headers`, async () => {
      expect(await validate(bodyElement(envelope))).toEqual([]);
      for (const header of envelopeParts(envelope).headers) expect(await validateXRoadHeader(header.xml)).toEqual([]);
    });
  }

  it('the gateway answers an acknowledgement and a fault detail that validate', async () => {
    expect(await validate(bodyElement(acknowledgement(gateway.rsa, 'x-1', { kind: 'notice', id: 'n-1', stored: false })))).toEqual([]);
    const refused = fault(gateway.rsa, 'x-1', 'Client', 'MESSAGE_UNKNOWN', 'no such message');
    const detail = /<cb:error [^>]*>[\s\S]*<\/cb:error>/.exec(refused)?.[0] ?? '';
    expect(await validate(detail)).toEqual([]);
  });
});
