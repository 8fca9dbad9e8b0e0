// What the journal learns of a message that a fault answers before processing: its id, service and
// contract namespace when they can be read, nulls otherwise, and never an exception.
import { describe, expect, it } from 'vitest';
import { NS } from '../../../src/xml/namespaces.ts';
import { REGISTER_RESIDENCE_BODY, buildEnvelope } from '../test-support/messages.ts';
import { identify } from './identify.ts';

const NOTHING = { messageId: null, serviceCode: null, gatewayEventId: null };

describe('identify', () => {
  it('reads the id, serviceCode and namespace of a message, signed or not, never its event id', () => {
    expect(identify(buildEnvelope({ messageId: 'm-1', serviceCode: 'RegisterStay' }))).toStrictEqual({
      messageId: 'm-1',
      serviceCode: 'RegisterStay',
      gatewayEventId: null,
      namespace: NS.reg,
    });
  });

  it('reads through a byte order mark', () => {
    expect(identify(`\uFEFF${buildEnvelope({ messageId: 'm-2' })}`)).toMatchObject({ messageId: 'm-2', namespace: NS.reg });
  });

  it('reads the v2 namespace, and null for a namespace that is no contract version', () => {
    expect(identify(buildEnvelope({ body: REGISTER_RESIDENCE_BODY.replace(NS.reg, NS.regV2) })).namespace).toBe(NS.regV2);
    expect(identify(buildEnvelope({ body: REGISTER_RESIDENCE_BODY.replace(NS.reg, 'urn:example:x') })).namespace).toBeNull();
  });

  it('reads what it can from broken headers', () => {
    expect(identify(buildEnvelope({ messageId: 'm-3', serviceCode: 'Unknown', protocolVersion: '1.0' }))).toMatchObject({
      messageId: 'm-3',
      serviceCode: 'Unknown',
    });
  });

  it.each([
    ['malformed XML', '<SOAP-ENV:Envelope'],
    ['a DTD', '<!DOCTYPE x><x/>'],
    ['another root element', '<x/>'],
  ])('gives nothing for %s', (_name, text) => {
    expect(identify(text)).toStrictEqual(NOTHING);
  });
});
