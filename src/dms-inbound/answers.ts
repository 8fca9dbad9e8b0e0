// The gateway's answers to DMS on the DMS → gateway channel, signed with the gateway's own key
// (signEnvelope) so that DMS can tell them from a forgery: an acknowledgement of one outcome or
// notice, or a SOAP fault (Client: refused for good, stored nowhere; Server: try again later).
// Written in exclusive canonical form, as signEnvelope needs.
import type { SigningKey } from '../signing/keys.ts';
import { signEnvelope } from '../signing/sign.ts';
import { escapeXml } from '../xml/escape.ts';
import { NS } from '../xml/namespaces.ts';
import { parent, render, text, type XmlElement } from '../xml/writer.ts';

const CB = `xmlns:cb="${NS.cb}"`;

function envelope(messageId: string | null, bodyChild: XmlElement | null): string {
  const header = parent('SOAP-ENV:Header', [text('xrd:id', messageId, escapeXml, `xmlns:xrd="${NS.xrd}"`)], { keepEmpty: true });
  const body = parent('SOAP-ENV:Body', [bodyChild]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(parent('SOAP-ENV:Envelope', [header, body], { attributes: `xmlns:SOAP-ENV="${NS.soap}"` }))}\n`;
}

/** `id`: the outcome or notice id acknowledged; `stored`: false when it was already stored before. */
export function acknowledgement(key: SigningKey, messageId: string, ack: { kind: 'outcome' | 'notice'; id: string; stored: boolean }): string {
  const element = parent('cb:Acknowledged', [text('cb:kind', ack.kind, escapeXml), text('cb:id', ack.id, escapeXml), text('cb:status', ack.stored ? 'STORED' : 'ALREADY_STORED', escapeXml)], {
    attributes: CB,
  });
  return signEnvelope(envelope(messageId, element), key);
}

export type FaultKind = 'Client' | 'Server';

export function fault(key: SigningKey, messageId: string | null, kind: FaultKind, code: string, reason: string): string {
  const element = parent('SOAP-ENV:Fault', [
    text('faultcode', `SOAP-ENV:${kind}`, escapeXml),
    text('faultstring', reason, escapeXml),
    parent('detail', [parent('cb:error', [text('cb:code', code, escapeXml), text('cb:reason', reason, escapeXml)], { attributes: CB })]),
  ]);
  return signEnvelope(envelope(messageId, element), key);
}
