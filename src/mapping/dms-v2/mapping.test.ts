// What v2 adds over v1, beyond the goldens (goldens.test.ts): see contracts/dms/registration/v2/CHANGELOG.md.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envelopeParts } from '../../../tests/support/envelope-parts.ts';
import { validateRegistrationBody } from '../../../tests/support/xsd.ts';
import { loadConfig } from '../../config/config.ts';
import type { RegistrationEvent } from '../../domain/event.ts';
import { NS } from '../../xml/namespaces.ts';
import { createDmsV1Contract } from '../dms-v1/contract.ts';
import { EXAMPLES_DIR, GOLDEN_IDS as ids } from '../goldens.ts';
import { createDmsV2Contract, DMS_V2 } from './contract.ts';

const xroad = loadConfig({}).xroad;
const v2 = createDmsV2Contract(xroad);
const example = (name: string) => JSON.parse(readFileSync(EXAMPLES_DIR + name, 'utf8')) as RegistrationEvent;
const request = (event: RegistrationEvent) => envelopeParts(v2.buildRequest(event, ids).xml).request.xml;
/** Without the indentation between elements. */
const compact = (xml: string) => xml.replace(/>\s+</g, '><');

describe('DMS contract v2 mapping', () => {
  it('is addressed as service version v2 in its own namespace', () => {
    const { xml } = v2.buildRequest(example('residence-registered.citizen-id-card.json'), ids);
    expect(v2.name).toBe(DMS_V2);
    expect(xml).toContain('<id:serviceVersion>v2</id:serviceVersion>');
    expect(xml).toContain(`xmlns:reg="${NS.regV2}"`);
  });

  it('carries the same event identity as v1 for the same event, whatever the message id', () => {
    const event = example('residence-moved.from-kupiansk.json');
    const identity = (xml: string) => /<reg:gatewayEventId>([^<]+)<\/reg:gatewayEventId>/.exec(xml)?.[1];
    const first = createDmsV1Contract(xroad).buildRequest(event, ids).xml;
    const second = v2.buildRequest(event, { ...ids, messageId: '019ab3c0-0000-7000-8000-00000000000f' }).xml;
    expect(identity(first)).toBe(ids.gatewayEventId);
    expect(identity(second)).toBe(ids.gatewayEventId);
  });

  it("gives a citizen's name in Latin by CMU No. 55, and no made-up one for a foreigner", () => {
    const citizen = example('residence-registered.citizen-id-card.json');
    citizen.person.lastName = 'Щербухи';
    citizen.person.firstName = 'Юрій';
    expect(compact(request(citizen))).toContain('<reg:latinName source="cmu55_transliteration"><reg:lastName>Shcherbukhy</reg:lastName><reg:firstName>Yurii</reg:firstName></reg:latinName>');
    expect(request(example('residence-registered.foreigner-temporary-residence-permit.json'))).not.toContain('latinName');
  });

  it('leaves the Latin name out when the name has letters the table does not cover', async () => {
    const citizen = example('residence-registered.citizen-id-card.json');
    citizen.person.lastName = 'Эрдман';
    const xml = request(citizen);
    expect(xml).not.toContain('latinName');
    expect(await validateRegistrationBody(xml, 'v2')).toEqual([]);
  });

  it('says a document has no end date, gives the date when known, and says nothing when unknown', () => {
    const booklet = example('residence-registered.passport-booklet-without-identifiers.json');
    expect(request(booklet)).toMatch(/<reg:type>passport_booklet<\/reg:type>[\s\S]*?<reg:indefinite\/>/);
    const permit = example('residence-registered.foreigner-temporary-residence-permit.json');
    expect(request(permit)).toContain('<reg:validUntil>2027-08-31</reg:validUntil>');
    const card = example('residence-registered.citizen-id-card.json');
    delete card.document.validUntil;
    expect(request(card)).not.toMatch(/validUntil|indefinite/);
  });

  it('names a legal-basis code for every deregistration ground', () => {
    const expected = { application: 'DR01', court_decision: 'DR02', death_certificate: 'DR03', dms_death_notice: 'DR04', permit_expired: 'DR05', permit_cancelled: 'DR06', social_institution_stay_ended: 'DR07', dwelling_right_ended: 'DR08', emigration: 'DR09' } as const;
    for (const [ground, code] of Object.entries(expected)) {
      const event = example('residence-deregistered.application.json');
      event.deregistration = { ground: ground as keyof typeof expected };
      expect(compact(request(event))).toContain(`<reg:ground>${ground}</reg:ground><reg:legalBasisCode>${code}</reg:legalBasisCode>`);
    }
  });

  it('proves payment with the receipt code, or says a paper receipt was shown', async () => {
    const event = example('residence-registered.citizen-id-card.json');
    expect(request(event)).toMatch(/<reg:receiptCode>[^<]+<\/reg:receiptCode>/);
    event.fee = { kind: 'paid', amount: '49.92' };
    const xml = request(event);
    expect(xml).toContain('<reg:paperReceipt/>');
    expect(await validateRegistrationBody(xml, 'v2')).toEqual([]);
  });

  it("records the other parent's consent as a consent given by the other parent", () => {
    const xml = request(example('residence-registered.child-under-14-parents-apart.json'));
    expect(compact(xml)).toContain('<reg:consent><reg:givenBy>other_parent</reg:givenBy><reg:form>in_person</reg:form><reg:givenOn>2026-11-12</reg:givenOn></reg:consent>');
    expect(xml).not.toContain('otherParentConsent');
  });
});

describe('DMS contract v2 answers', () => {
  const sent = { messageId: ids.messageId, serviceCode: 'RegisterResidence', requestXml: '<request/>' };
  const hash = createHash('sha512').update(sent.requestXml, 'utf8').digest('base64');
  const answer = (ns: string, body: string) =>
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS.soap}" xmlns:xrd="${NS.xrd}" xmlns:reg="${ns}"><SOAP-ENV:Header><xrd:id>${ids.messageId}</xrd:id><xrd:requestHash algorithmId="http://www.w3.org/2001/04/xmlenc#sha512">${hash}</xrd:requestHash></SOAP-ENV:Header><SOAP-ENV:Body>${body}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;
  const receipt = '<reg:RegisterResidenceResponse><reg:receiptNumber>DMS-1</reg:receiptNumber><reg:status>ACCEPTED</reg:status><reg:registeredAt>2026-11-23T10:00:00Z</reg:registeredAt></reg:RegisterResidenceResponse>';

  it('accepts an acknowledgement in the v2 namespace only', () => {
    expect(v2.interpretAnswer({ status: 200, body: answer(NS.regV2, receipt) }, sent)).toMatchObject({ kind: 'ack', receipt: { number: 'DMS-1' } });
    expect(v2.interpretAnswer({ status: 200, body: answer(NS.reg, receipt) }, sent)).toMatchObject({ kind: 'retryable', errorClass: 'invalid_acknowledgement' });
  });

  it("reads DMS's code from a v2 rejection, such as a retired version", () => {
    const fault = `<SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>retired</faultstring><detail><reg:rejection><reg:code>CONTRACT_VERSION_RETIRED</reg:code><reg:reason>Версію v2 знято з обслуговування</reg:reason></reg:rejection></detail></SOAP-ENV:Fault>`;
    expect(v2.interpretAnswer({ status: 500, body: answer(NS.regV2, fault) }, sent)).toEqual({
      kind: 'rejection',
      rejection: { code: 'CONTRACT_VERSION_RETIRED', reason: 'Версію v2 знято з обслуговування' },
    });
  });
});
