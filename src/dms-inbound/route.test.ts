// POST /xroad/dms on its own (fake store and sink): what it takes, what it refuses with which SOAP
// fault, and that a refused message reaches neither the store nor the notices sink. The real store's
// side is in tests/store/store-suite.ts, the whole channel with the mock in tests/e2e/final-outcomes.test.ts.
import { pino } from 'pino';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { renderNotice, renderOutcome, DMS_IDENTITY, type NoticeMessage, type OutcomeMessage } from '../../mocks/dms/callbacks/render-callback.ts';
import { answerSigner } from '../../mocks/dms/soap/sign-answer.ts';
import { createTestPki } from '../../mocks/dms/test-support/pki.ts';
import type { DmsNotice, NoticeSink } from '../notices/notice.ts';
import { verifyEnvelope } from '../signing/verify.ts';
import type { FinalOutcome, OutcomeReceipt } from '../store/outcomes.ts';
import { dmsInboundRoutes, NoticesUnavailable } from './route.ts';

const gateway = createTestPki();
const dms = createTestPki('mock DMS');
const impostor = createTestPki('mock DMS');
afterAll(() => [gateway, dms, impostor].forEach((p) => p.cleanup()));

const signByDms = answerSigner(dms.rsa);
const signByImpostor = answerSigner(impostor.rsa);

let stored: FinalOutcome[];
let noticed: DmsNotice[];
let known: Map<string, string>;
let sinkDown: boolean;

const outcomes = {
  recordOutcome: async (o: FinalOutcome): Promise<OutcomeReceipt> => {
    if (known.get(o.messageId) !== o.gatewayEventId) return { kind: 'message_unknown' };
    if (stored.some((s) => s.outcomeId === o.outcomeId)) return { kind: 'repeated', eventId: o.gatewayEventId };
    stored.push(o);
    return { kind: 'stored', eventId: o.gatewayEventId, current: true };
  },
};
const notices: NoticeSink = {
  receive: async (n) => {
    if (sinkDown) throw new NoticesUnavailable('not yet');
    const again = noticed.some((x) => x.noticeId === n.noticeId);
    if (!again) noticed.push(n);
    return again ? { stored: false, id: n.noticeId } : { stored: true, id: n.noticeId, routedTo: [] };
  },
};

const app = dmsInboundRoutes({ caPems: [dms.caPem], dms: DMS_IDENTITY, signingKey: () => gateway.rsa, outcomes, notices, now: () => 1_800_000_000_000, logger: pino({ level: 'silent' }) });

beforeEach(() => {
  stored = [];
  noticed = [];
  known = new Map([['msg-1', 'evt-1']]);
  sinkDown = false;
});

const OUTCOME: OutcomeMessage = {
  outcomeId: 'out-1',
  gatewayEventId: 'evt-1',
  messageId: 'msg-1',
  receiptNumber: 'DMS-20261123-000001',
  decidedAt: '2026-11-23T12:00:03+02:00',
  decision: { kind: 'registered', recordRef: 'EDDR-20261123-0000001' },
};
const NOTICE: NoticeMessage = {
  noticeId: 'ntc-1',
  kind: 'person_died',
  person: { unzr: '19900127-00021', lastName: 'Шевченко', firstName: 'Олена', birthDate: '1990-01-27' },
  katottg: 'UA80000000000093317',
  occurredOn: '2026-11-20',
  issuedAt: '2026-11-23T12:00:00+02:00',
};

async function send(xml: string): Promise<{ status: number; xml: string; code: string | null; faultcode: string | null }> {
  const res = await app.request('/', { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: xml });
  const text = await res.text();
  return {
    status: res.status,
    xml: text,
    code: /<cb:code>([^<]+)<\/cb:code>/.exec(text)?.[1] ?? null,
    faultcode: /<faultcode>SOAP-ENV:(\w+)<\/faultcode>/.exec(text)?.[1] ?? null,
  };
}

describe('POST /xroad/dms', () => {
  it('stores a signed outcome and answers an acknowledgement signed with the gateway key', async () => {
    const answer = await send(signByDms(renderOutcome(OUTCOME, 'x-1')));
    expect(answer.status).toBe(200);
    expect(stored).toEqual([{ ...OUTCOME }]);
    const verified = verifyEnvelope(answer.xml, { caPems: [gateway.caPem] });
    expect(verified.ok).toBe(true);
    expect(answer.xml).toContain('<cb:id>out-1</cb:id>');
    expect(answer.xml).toContain('<cb:status>STORED</cb:status>');
  });

  it('acknowledges a repeated outcome without storing it again', async () => {
    await send(signByDms(renderOutcome(OUTCOME, 'x-1')));
    const again = await send(signByDms(renderOutcome(OUTCOME, 'x-2')));
    expect(again.status).toBe(200);
    expect(again.xml).toContain('<cb:status>ALREADY_STORED</cb:status>');
    expect(stored).toHaveLength(1);
  });

  it('reads a refusal with its code and reason', async () => {
    const refused = { ...OUTCOME, decision: { kind: 'refused' as const, code: 'RECORD_CONFLICT', reason: 'Запис суперечить наявному' } };
    expect((await send(signByDms(renderOutcome(refused, 'x-1')))).status).toBe(200);
    expect(stored[0]?.decision).toEqual(refused.decision);
  });

  it('refuses an outcome for a message it never sent: MESSAGE_UNKNOWN', async () => {
    const answer = await send(signByDms(renderOutcome({ ...OUTCOME, messageId: 'msg-404' }, 'x-1')));
    expect(answer).toMatchObject({ status: 500, faultcode: 'Client', code: 'MESSAGE_UNKNOWN' });
    expect(stored).toEqual([]);
  });

  it('hands a verified notice to the sink with its signed message and signer', async () => {
    const xml = signByDms(renderNotice(NOTICE, 'x-1'));
    const answer = await send(xml);
    expect(answer.status).toBe(200);
    expect(noticed).toEqual([
      { ...NOTICE, person: { ...NOTICE.person, rnokpp: null, patronymic: null }, document: null, messageXml: xml, signer: expect.stringContaining('mock DMS') },
    ]);
  });

  it('answers a Server fault while notices cannot be stored, so DMS sends it again', async () => {
    sinkDown = true;
    expect(await send(signByDms(renderNotice(NOTICE, 'x-1')))).toMatchObject({ status: 500, faultcode: 'Server', code: 'NOTICES_UNAVAILABLE' });
  });

  const refusals: Array<[string, () => string, string]> = [
    ['an unsigned message', () => renderOutcome(OUTCOME, 'x-1'), 'SIGNATURE_MISSING'],
    ['a signature that does not match (content changed after signing)', () => signByDms(renderOutcome(OUTCOME, 'x-1')).replace('EDDR-20261123-0000001', 'EDDR-20261123-0000002'), 'SIGNATURE_INVALID'],
    ['a signer DMS\'s CA did not issue', () => signByImpostor(renderOutcome(OUTCOME, 'x-1')), 'CERTIFICATE_UNTRUSTED'],
    ['a notice of an unknown kind', () => signByDms(renderNotice({ ...NOTICE, kind: 'person_moved_to_mars' }, 'x-1')), 'NOTICE_KIND_UNKNOWN'],
    ['a notice with a malformed УНЗР', () => signByDms(renderNotice({ ...NOTICE, person: { ...NOTICE.person, unzr: '1990-0127' } }, 'x-1')), 'UNZR_FORMAT'],
    ['a notice with a wrong УНЗР check digit', () => signByDms(renderNotice({ ...NOTICE, person: { ...NOTICE.person, unzr: '19900127-00025' } }, 'x-1')), 'UNZR_CHECK_DIGIT'],
    ['a notice with a malformed РНОКПП', () => signByDms(renderNotice({ ...NOTICE, person: { ...NOTICE.person, rnokpp: '12345' } }, 'x-1')), 'RNOKPP_FORMAT'],
    ['a message from another client than DMS', () => signByDms(renderNotice(NOTICE, 'x-1', { ...DMS_IDENTITY, memberCode: '11111111' })), 'XROAD_HEADER_INVALID'],
    ['an outcome without its decision', () => signByDms(renderOutcome(OUTCOME, 'x-1').replace(/<cb:registered>.*<\/cb:registered>/, '')), 'CALLBACK_INVALID'],
    ['a DTD', () => `<!DOCTYPE x [<!ENTITY a "b">]>${renderOutcome(OUTCOME, 'x-1')}`, 'DTD_FORBIDDEN'],
    ['not XML', () => 'hello', 'MALFORMED_XML'],
    ['a message over the size limit', () => signByDms(renderOutcome({ ...OUTCOME, decision: { kind: 'refused', code: 'X', reason: 'я'.repeat(200_000) } }, 'x-1')), 'MESSAGE_TOO_LARGE'],
  ];
  for (const [what, make, code] of refusals) {
    it(`refuses ${what} with a signed Client fault ${code}, storing nothing`, async () => {
      const answer = await send(make());
      expect(answer).toMatchObject({ status: 500, faultcode: 'Client', code });
      expect(verifyEnvelope(answer.xml, { caPems: [gateway.caPem] }).ok).toBe(true);
      expect(stored).toEqual([]);
      expect(noticed).toEqual([]);
    });
  }
});
