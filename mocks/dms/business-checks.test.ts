import { afterAll, describe, expect, it } from 'vitest';
import { createMockDmsApp } from './app.ts';
import { createTestPki } from './test-support/pki.ts';
import { REGISTER_RESIDENCE_BODY, bodyWith, signedEnvelope, soapInit } from './test-support/messages.ts';
import type { EnvelopeOptions } from './test-support/messages.ts';
import { faultCode, parseAnswer } from './test-support/responses.ts';

const pki = createTestPki();
afterAll(() => pki.cleanup());
const mock = createMockDmsApp({ trustedCaPems: [pki.caPem] });

async function verdict(options: EnvelopeOptions): Promise<string> {
  const res = await mock.app.request('/', soapInit(signedEnvelope(pki.rsa, options)));
  const xml = await res.text();
  return res.status === 200 ? (parseAnswer(xml).text('status') ?? '') : faultCode(xml);
}

const ADDRESS = /<reg:address>[\s\S]*?<\/reg:address>/;

/** The fixture as a move: same person, new address, the previous one given. */
function move(previousAddress: string): string {
  const address = ADDRESS.exec(REGISTER_RESIDENCE_BODY)![0];
  return REGISTER_RESIDENCE_BODY.replaceAll('RegisterResidence', 'RegisterResidenceWithDeregistration').replace(
    address,
    `${address}\n  <reg:previousAddress>${previousAddress}</reg:previousAddress>`,
  );
}

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

describe('business checks', () => {
  it('refuses a body whose element is not the serviceCode (SERVICE_BODY_MISMATCH)', async () => {
    expect(await verdict({ serviceCode: 'RegisterStay' })).toBe('SERVICE_BODY_MISMATCH');
  });

  it('refuses a register code other than the client memberCode (REGISTER_MISMATCH)', async () => {
    expect(await verdict({ clientMemberCode: '04054903' })).toBe('REGISTER_MISMATCH');
  });

  it.each([
    ['a wrong check digit', '19910824-00016', '1991-08-24'],
    ['a date that is not the birth date', '19910824-00015', '1991-08-25'],
    ['serial 0000', '19910824-00000', '1991-08-24'],
  ])('refuses an УНЗР with %s (UNZR_INVALID)', async (_name, unzr, birthDate) => {
    const body = bodyWith('<reg:birthDate>1991-08-24<', `<reg:birthDate>${birthDate}<`, bodyWith('19910824-00015', unzr));
    expect(await verdict({ body })).toBe('UNZR_INVALID');
  });

  it('refuses an event more than 5 minutes in the future (OCCURRED_IN_FUTURE), allows skew within 5', async () => {
    const at = (m: number) => bodyWith('2026-11-20T10:15:00+02:00', minutesFromNow(m));
    expect(await verdict({ body: at(60) })).toBe('OCCURRED_IN_FUTURE');
    expect(await verdict({ body: at(4) })).toBe('ACCEPTED');
  });

  it('refuses a move to the address the person already lives at (SAME_ADDRESS), however it is typed', async () => {
    const sameTypedDifferently =
      '<reg:katottg>UA32020010010081183</reg:katottg><reg:street>Вул.  ЯРОСЛАВА Мудрого</reg:street><reg:building>40</reg:building><reg:apartment>12</reg:apartment>';
    expect(await verdict({ serviceCode: 'RegisterResidenceWithDeregistration', body: move(sameTypedDifferently) })).toBe('SAME_ADDRESS');
  });

  it('accepts a move from another address', async () => {
    const previous = "<reg:katottg>UA63080090010026457</reg:katottg><reg:street>вул. Об'їзна</reg:street><reg:building>7</reg:building>";
    expect(await verdict({ serviceCode: 'RegisterResidenceWithDeregistration', body: move(previous) })).toBe('ACCEPTED');
  });

  it('accepts each valid example УНЗР', async () => {
    for (const [unzr, birthDate] of [
      ['19550212-01110', '1955-02-12'],
      ['20000101-00020', '2000-01-01'],
    ] as const) {
      const body = bodyWith('<reg:birthDate>1991-08-24<', `<reg:birthDate>${birthDate}<`, bodyWith('19910824-00015', unzr));
      expect(await verdict({ body })).toBe('ACCEPTED');
    }
  });
});
