// The SOAP 1.1 envelope of X-Road message protocol 4.0 around the request element of a DMS
// contract version (every version binds its namespace to the prefix `reg`). The Body carries
// Id="Body" so the signature can reference it; the signer appends ds:Signature as the last header.
import type { XRoadIdentity } from '../config/config.ts';
import { escapeXml } from '../xml/escape.ts';
import { NS } from '../xml/namespaces.ts';
import { parent, render, text, type XmlElement } from '../xml/writer.ts';

export const BODY_ID = 'Body';
export const PROTOCOL_VERSION = '4.0';

export interface XRoadHeaders {
  client: XRoadIdentity;
  service: XRoadIdentity & { serviceCode: string; serviceVersion: string };
  /** Unique per delivery and constant across its retries: DMS's idempotency key. */
  messageId: string;
  userId?: string;
  /** The application that caused the request: the register's own event id. */
  issue?: string;
}

const idText = (name: string, value: string | undefined) => text(`id:${name}`, value, escapeXml);

function identity(name: string, objectType: string, parts: Array<XmlElement | null>): XmlElement | null {
  return parent(`xrd:${name}`, parts, { attributes: `id:objectType="${objectType}"` });
}

export function buildEnvelope(headers: XRoadHeaders, requestElement: XmlElement, registrationNamespace: string): string {
  const { client, service } = headers;
  const header = parent('SOAP-ENV:Header', [
    identity('client', client.subsystemCode ? 'SUBSYSTEM' : 'MEMBER', [
      idText('xRoadInstance', client.xRoadInstance),
      idText('memberClass', client.memberClass),
      idText('memberCode', client.memberCode),
      idText('subsystemCode', client.subsystemCode),
    ]),
    identity('service', 'SERVICE', [
      idText('xRoadInstance', service.xRoadInstance),
      idText('memberClass', service.memberClass),
      idText('memberCode', service.memberCode),
      idText('subsystemCode', service.subsystemCode),
      idText('serviceCode', service.serviceCode),
      idText('serviceVersion', service.serviceVersion),
    ]),
    text('xrd:id', headers.messageId, escapeXml),
    text('xrd:userId', headers.userId, escapeXml),
    text('xrd:issue', headers.issue, escapeXml),
    text('xrd:protocolVersion', PROTOCOL_VERSION, escapeXml),
  ]);
  const body = parent('SOAP-ENV:Body', [requestElement], { attributes: `Id="${BODY_ID}"` });
  const envelope = parent('SOAP-ENV:Envelope', [header, body], {
    attributes: `xmlns:SOAP-ENV="${NS.soap}" xmlns:xrd="${NS.xrd}" xmlns:id="${NS.id}" xmlns:reg="${registrationNamespace}"`,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(envelope)}\n`;
}
