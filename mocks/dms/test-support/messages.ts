// Builds request envelopes the way a conforming gateway would, with knobs for each way to get one
// wrong. The body comes from fixtures/register-residence.xml unless a test passes its own.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalizeEnvelope } from '../../../src/signing/canonical.ts';
import { signEnvelope } from '../../../src/signing/sign.ts';
import type { SigningKey } from '../../../src/signing/keys.ts';
import { NS } from '../../../src/xml/namespaces.ts';

export const REGISTER_RESIDENCE_BODY = readFileSync(new URL('../fixtures/register-residence.xml', import.meta.url), 'utf8').trim();
export const FIXTURE_EVENT_ID = '0193a2c4-5b6e-7f00-8a1b-2c3d4e5f6a7b';
export const CLIENT_MEMBER_CODE = '26376375';

export interface EnvelopeOptions {
  messageId?: string;
  serviceCode?: string;
  serviceVersion?: string;
  clientObjectType?: string;
  clientMemberCode?: string;
  userId?: string | null;
  issue?: string | null;
  /** null leaves the header out. */
  protocolVersion?: string | null;
  /** The request element; defaults to the RegisterResidence fixture. */
  body?: string;
  /** Extra XML inserted at the end of the X-Road headers (before the signature). */
  extraHeaders?: string;
  /**
   * Replaces the fixture's gatewayEventId in the body. A new one for every message unless given, as
   * the gateway gives every event its own: the mock answers an event registered before DUPLICATE.
   */
  gatewayEventId?: string;
}

const optional = (name: string, value: string | null | undefined) => (value == null ? '' : `<xrd:${name}>${value}</xrd:${name}>`);

export function buildEnvelope(o: EnvelopeOptions = {}): string {
  const serviceCode = o.serviceCode ?? 'RegisterResidence';
  const body = (o.body ?? REGISTER_RESIDENCE_BODY).replace(FIXTURE_EVENT_ID, o.gatewayEventId ?? randomUUID());
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS.soap}" xmlns:xrd="${NS.xrd}" xmlns:id="${NS.id}" xmlns:reg="${NS.reg}">
 <SOAP-ENV:Header>
  <xrd:client id:objectType="${o.clientObjectType ?? 'SUBSYSTEM'}"><id:xRoadInstance>SEVDEIR-TEST</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>${o.clientMemberCode ?? CLIENT_MEMBER_CODE}</id:memberCode><id:subsystemCode>RTG</id:subsystemCode></xrd:client>
  <xrd:service id:objectType="SERVICE"><id:xRoadInstance>SEVDEIR-TEST</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>37508470</id:memberCode><id:subsystemCode>VIS</id:subsystemCode><id:serviceCode>${serviceCode}</id:serviceCode><id:serviceVersion>${o.serviceVersion ?? 'v1'}</id:serviceVersion></xrd:service>
  <xrd:id>${o.messageId ?? randomUUID()}</xrd:id>
  ${optional('userId', o.userId === undefined ? 'UA26376375' : o.userId)}
  ${optional('issue', o.issue === undefined ? 'DOKPROF-2026-000123' : o.issue)}
  ${optional('protocolVersion', o.protocolVersion === undefined ? '4.0' : o.protocolVersion)}${o.extraHeaders ?? ''}
 </SOAP-ENV:Header>
 <SOAP-ENV:Body Id="Body">${body}</SOAP-ENV:Body>
</SOAP-ENV:Envelope>
`;
}

/** Signed as the gateway signs: the whole message, headers and Body (canonicalized first, as sign.ts needs). */
export function signedEnvelope(key: SigningKey, options: EnvelopeOptions = {}): string {
  return signEnvelope(canonicalizeEnvelope(buildEnvelope(options)), key);
}

/** Replaces one exact piece of the fixture body, failing loudly when the fixture has changed. */
export function bodyWith(from: string, to: string, body = REGISTER_RESIDENCE_BODY): string {
  if (!body.includes(from)) throw new Error(`fixture does not contain ${from}`);
  return body.replace(from, to);
}

export function soapInit(xml: string | Uint8Array, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', body: xml, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', ...headers } };
}
