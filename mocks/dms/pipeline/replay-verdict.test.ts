// Replaying a remembered verdict directly: a rejection comes back marked replayed; an acceptance or
// a repeat becomes DUPLICATE only for a properly signed copy of the same event.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { MessageFacts, Receipt } from '../model.ts';
import { createTestPki } from '../test-support/pki.ts';
import { buildEnvelope, signedEnvelope } from '../test-support/messages.ts';
import type { EnvelopeOptions } from '../test-support/messages.ts';
import { openEnvelope } from './open-envelope.ts';
import { replayVerdict } from './replay-verdict.ts';
import type { Remembered } from '../state/ledger.ts';
import { readXRoadHeaders } from './xroad-headers.ts';

const pki = createTestPki();
afterAll(() => pki.cleanup());

const EVENT = randomUUID();
const receipt: Receipt = { receiptNumber: 'DMS-20261130-000007', registeredAt: '2026-11-30T01:00:00.000Z', messageId: 'm-1', gatewayEventId: EVENT, serviceCode: 'RegisterResidence' };

function replay(remembered: Remembered, text: string) {
  const opened = openEnvelope(text);
  if (!opened.ok) throw new Error(opened.rejection.reason);
  const headers = readXRoadHeaders(opened.header);
  const facts: MessageFacts = { messageId: 'm-1', serviceCode: 'RegisterResidence', gatewayEventId: null };
  return { outcome: replayVerdict(remembered, text, opened.doc, headers, facts, { caPems: [pki.caPem], now: new Date() }), facts, headers };
}
const signed = (o: EnvelopeOptions = {}) => signedEnvelope(pki.rsa, { messageId: 'm-1', gatewayEventId: EVENT, ...o });

describe('replayVerdict', () => {
  it('replays a rejection as it was, marked replayed, whatever the repeat carries', () => {
    const rejection = { code: 'UNZR_INVALID', reason: 'УНЗР особи: неправильна контрольна цифра' };
    expect(replay({ kind: 'rejected', rejection }, buildEnvelope({ protocolVersion: '9' })).outcome).toEqual({
      kind: 'rejected',
      rejection,
      httpStatus: 500,
      replayed: true,
    });
  });

  it.each(['accepted', 'repeated'] as const)('answers a signed copy of an %s event DUPLICATE with the original receipt and its own headers', (kind) => {
    const { outcome, facts, headers } = replay({ kind, receipt }, signed());
    expect(outcome).toEqual({ kind: 'ack', status: 'DUPLICATE', receipt, echoedHeaders: headers.echoed });
    expect(facts.gatewayEventId).toBe(EVENT);
  });

  it('refuses a copy with broken headers, not replayed', () => {
    expect(replay({ kind: 'accepted', receipt }, signed({ serviceVersion: 'v5' })).outcome).toEqual({
      kind: 'rejected',
      rejection: { code: 'XROAD_HEADER_INVALID', reason: 'serviceVersion "v5", очікується одна з v1, v2' },
      httpStatus: 500,
      replayed: false,
    });
  });

  it('refuses an unsigned copy with the signature check\'s code, not replayed', () => {
    const { outcome, facts } = replay({ kind: 'accepted', receipt }, buildEnvelope({ messageId: 'm-1', gatewayEventId: EVENT }));
    expect(outcome).toMatchObject({ kind: 'rejected', rejection: { code: 'SIGNATURE_MISSING' }, httpStatus: 500, replayed: false });
    expect(facts.gatewayEventId).toBeNull();
  });

  it('refuses the id carrying another event MESSAGE_ID_REUSED, naming the registered event and receipt', () => {
    const other = randomUUID();
    const { outcome, facts } = replay({ kind: 'accepted', receipt }, signed({ gatewayEventId: other }));
    expect(outcome).toEqual({
      kind: 'rejected',
      rejection: { code: 'MESSAGE_ID_REUSED', reason: `xrd:id уже зареєстровано для gatewayEventId ${EVENT} (квитанція DMS-20261130-000007)` },
      httpStatus: 500,
      replayed: false,
    });
    expect(facts.gatewayEventId).toBe(other);
  });
});
