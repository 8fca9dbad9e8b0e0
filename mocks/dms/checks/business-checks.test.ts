// The business checks on a request element directly: each refusal's code and exact reason (which
// names fields, never their values), the order of the checks, and the boundaries of each rule.
import { describe, expect, it } from 'vitest';
import type { Element } from '@xmldom/xmldom';
import { NS } from '../../../src/xml/namespaces.ts';
import { parseXmlSafely } from '../../../src/xml/safe-parse.ts';
import { REGISTER_RESIDENCE_BODY, bodyWith } from '../test-support/messages.ts';
import { CLOCK_SKEW_MS, businessRejection, parseDateTime } from './business-checks.ts';
import type { BusinessContext } from './business-checks.ts';

const element = (xml: string): Element => parseXmlSafely(xml).documentElement!;
// The fixture's event: 2026-11-20 10:15 in Kyiv, 08:15 UTC.
const OCCURRED = Date.parse('2026-11-20T08:15:00Z');
const context = (o: Partial<BusinessContext> = {}): BusinessContext => ({
  serviceCode: 'RegisterResidence',
  clientMemberCode: '26376375',
  now: new Date(OCCURRED + 3600_000),
  ...o,
});
const check = (body: string, o: Partial<BusinessContext> = {}) => businessRejection(element(body), context(o));

const ADDRESS = /<reg:address>[\s\S]*?<\/reg:address>/;
/** The fixture as a move (RegisterResidenceWithDeregistration) from `previousAddress`. */
function move(previousAddress: string | null, body = REGISTER_RESIDENCE_BODY): string {
  const address = ADDRESS.exec(body)![0];
  const renamed = body.replaceAll('RegisterResidence', 'RegisterResidenceWithDeregistration');
  return previousAddress === null ? renamed : renamed.replace(address, `${address}<reg:previousAddress>${previousAddress}</reg:previousAddress>`);
}
const FIXTURE_ADDRESS =
  '<reg:katottg>UA32020010010081183</reg:katottg><reg:street>вул. Ярослава Мудрого</reg:street><reg:building>40</reg:building><reg:apartment>12</reg:apartment>';
const withApplicant = (unzr: string, birthDate: string, body = REGISTER_RESIDENCE_BODY) =>
  bodyWith('</reg:person>', `</reg:person><reg:applicant><reg:unzr>${unzr}</reg:unzr><reg:birthDate>${birthDate}</reg:birthDate></reg:applicant>`, body);

describe('business checks that pass', () => {
  it('accept the fixture as it is', () => {
    expect(check(REGISTER_RESIDENCE_BODY)).toBeNull();
  });

  it('accept the same body in the v2 namespace', () => {
    expect(check(REGISTER_RESIDENCE_BODY.replace(NS.reg, NS.regV2))).toBeNull();
  });

  it('accept a valid applicant УНЗР beside the person', () => {
    expect(check(withApplicant('19550212-01110', '1955-02-12'))).toBeNull();
  });

  it('skip the УНЗР check when the УНЗР or the birth date is absent', () => {
    expect(check(bodyWith('<reg:unzr>19910824-00015</reg:unzr>', ''))).toBeNull();
    expect(check(bodyWith('<reg:birthDate>1991-08-24</reg:birthDate>', '', bodyWith('19910824-00015', '19910824-00016')))).toBeNull();
  });
});

describe('SERVICE_BODY_MISMATCH', () => {
  it('names the body element and the serviceCode', () => {
    expect(check(REGISTER_RESIDENCE_BODY, { serviceCode: 'RegisterStay' })).toEqual({
      code: 'SERVICE_BODY_MISMATCH',
      reason: 'Body містить reg:RegisterResidence, а serviceCode — RegisterStay',
    });
  });

  it('refuses an element of the right name in a namespace that is no contract version', () => {
    expect(check(REGISTER_RESIDENCE_BODY.replace(NS.reg, 'urn:example:other'))).toEqual({
      code: 'SERVICE_BODY_MISMATCH',
      reason: 'Body містить reg:RegisterResidence, а serviceCode — RegisterResidence',
    });
  });
});

describe('REGISTER_MISMATCH', () => {
  it('names the register code and the client memberCode', () => {
    expect(check(REGISTER_RESIDENCE_BODY, { clientMemberCode: '04054903' })).toEqual({
      code: 'REGISTER_MISMATCH',
      reason: 'reg:register/reg:code (26376375) ≠ memberCode клієнта X-Road (04054903)',
    });
  });

  it('shows a dash for a client without memberCode and for a body without register', () => {
    expect(check(REGISTER_RESIDENCE_BODY, { clientMemberCode: null })).toEqual({
      code: 'REGISTER_MISMATCH',
      reason: 'reg:register/reg:code (26376375) ≠ memberCode клієнта X-Road (—)',
    });
    const noRegister = REGISTER_RESIDENCE_BODY.replace(/<reg:register>[\s\S]*?<\/reg:register>/, '');
    expect(check(noRegister)).toEqual({ code: 'REGISTER_MISMATCH', reason: 'reg:register/reg:code (—) ≠ memberCode клієнта X-Road (26376375)' });
    const noCode = bodyWith('<reg:code>26376375</reg:code>', '');
    expect(check(noCode)).toEqual({ code: 'REGISTER_MISMATCH', reason: 'reg:register/reg:code (—) ≠ memberCode клієнта X-Road (26376375)' });
  });

  it('reads the register in the body\'s own version namespace', () => {
    expect(check(REGISTER_RESIDENCE_BODY.replace(NS.reg, NS.regV2), { clientMemberCode: '04054903' })?.code).toBe('REGISTER_MISMATCH');
  });
});

describe('UNZR_INVALID', () => {
  it('names the person\'s УНЗР and the problem', () => {
    expect(check(bodyWith('19910824-00015', '19910824-00016'))).toEqual({ code: 'UNZR_INVALID', reason: 'УНЗР особи: неправильна контрольна цифра' });
  });

  it('names the applicant\'s УНЗР when the person\'s is valid', () => {
    expect(check(withApplicant('19550212-01111', '1955-02-12'))).toEqual({ code: 'UNZR_INVALID', reason: 'УНЗР заявника: неправильна контрольна цифра' });
    expect(check(withApplicant('19550212-01110', '1955-02-13'))).toEqual({
      code: 'UNZR_INVALID',
      reason: 'УНЗР заявника: перші 8 цифр не збігаються з датою народження',
    });
  });

  it('names the person first when both are wrong', () => {
    expect(check(withApplicant('19550212-01111', '1955-02-12', bodyWith('19910824-00015', '19910824-00000')))).toEqual({
      code: 'UNZR_INVALID',
      reason: 'УНЗР особи: порядковий номер 0000 неможливий',
    });
  });

  it('reads the person in the body\'s own version namespace', () => {
    const v2 = bodyWith('19910824-00015', '1991082400015').replace(NS.reg, NS.regV2);
    expect(check(v2)).toEqual({ code: 'UNZR_INVALID', reason: 'УНЗР особи: формат має бути YYYYMMDD-NNNNC' });
  });
});

describe('OCCURRED_IN_FUTURE', () => {
  it('allows up to five minutes of clock skew, and refuses a millisecond more', () => {
    expect(CLOCK_SKEW_MS).toBe(5 * 60 * 1000);
    const refusal = { code: 'OCCURRED_IN_FUTURE', reason: 'reg:occurredAt пізніше за поточний час більш ніж на 5 хвилин' };
    expect(check(REGISTER_RESIDENCE_BODY, { now: new Date(OCCURRED - CLOCK_SKEW_MS) })).toBeNull();
    expect(check(REGISTER_RESIDENCE_BODY, { now: new Date(OCCURRED - CLOCK_SKEW_MS - 1) })).toEqual(refusal);
    expect(check(REGISTER_RESIDENCE_BODY, { now: new Date(OCCURRED) })).toBeNull();
  });

  it('reads an occurredAt without a time zone as UTC', () => {
    const local = bodyWith('2026-11-20T10:15:00+02:00', '2026-11-20T08:15:00');
    expect(check(local, { now: new Date(OCCURRED - CLOCK_SKEW_MS) })).toBeNull();
    expect(check(local, { now: new Date(OCCURRED - CLOCK_SKEW_MS - 1) })?.code).toBe('OCCURRED_IN_FUTURE');
  });

  it('comes after the УНЗР check and before the address check', () => {
    const future = { now: new Date(OCCURRED - 3600_000) };
    expect(check(bodyWith('19910824-00015', '19910824-00016'), future)?.code).toBe('UNZR_INVALID');
    expect(check(move(FIXTURE_ADDRESS), { ...future, serviceCode: 'RegisterResidenceWithDeregistration' })?.code).toBe('OCCURRED_IN_FUTURE');
  });
});

describe('parseDateTime', () => {
  it('honours Z and offsets, and reads a bare time as UTC', () => {
    expect(parseDateTime('2026-11-20T08:15:00Z')).toBe(OCCURRED);
    expect(parseDateTime('2026-11-20T10:15:00+02:00')).toBe(OCCURRED);
    expect(parseDateTime('2026-11-20T03:15:00-05:00')).toBe(OCCURRED);
    expect(parseDateTime('2026-11-20T08:15:00')).toBe(OCCURRED);
    expect(parseDateTime('2026-11-20T08:15:00.250')).toBe(OCCURRED + 250);
  });
});

describe('SAME_ADDRESS', () => {
  const asMove = { serviceCode: 'RegisterResidenceWithDeregistration' };

  it('refuses a move to the address given as the previous one', () => {
    expect(check(move(FIXTURE_ADDRESS), asMove)).toEqual({ code: 'SAME_ADDRESS', reason: 'reg:address збігається з reg:previousAddress' });
  });

  it('accepts a move from another address, and one without a previous address', () => {
    expect(check(move(FIXTURE_ADDRESS.replace('<reg:apartment>12<', '<reg:apartment>13<')), asMove)).toBeNull();
    expect(check(move(null), asMove)).toBeNull();
  });

  it('applies to moves only: a registration with the same previous address passes', () => {
    const notAMove = bodyWith('</reg:address>', `</reg:address><reg:previousAddress>${FIXTURE_ADDRESS}</reg:previousAddress>`);
    expect(check(notAMove)).toBeNull();
  });

  it('compares in the body\'s own version namespace', () => {
    expect(check(move(FIXTURE_ADDRESS).replace(NS.reg, NS.regV2), asMove)?.code).toBe('SAME_ADDRESS');
  });
});

describe('the order of the checks', () => {
  it('service, then register, then УНЗР', () => {
    const bad = bodyWith('19910824-00015', '19910824-00016');
    expect(check(bad, { serviceCode: 'RegisterStay', clientMemberCode: 'x' })?.code).toBe('SERVICE_BODY_MISMATCH');
    expect(check(bad, { clientMemberCode: 'x' })?.code).toBe('REGISTER_MISMATCH');
  });
});
