// Steps 3 and its companion: verify the signature with the pinned CAs and take the one request
// element out of the Body that verifyEnvelope returned — that Body and nothing else, so what is
// validated and registered is what was signed. The element's namespace is its contract version.
import type { Document, Element } from '@xmldom/xmldom';
import { NS } from '../../../src/xml/namespaces.ts';
import { verifyEnvelope } from '../../../src/signing/verify.ts';
import type { Rejection } from '../model.ts';
import { childText, elementChildren, hasOwnText } from '../soap/dom.ts';

export type SignedPayload =
  | { ok: true; payload: Element; gatewayEventId: string | null }
  | { ok: false; rejection: Rejection; stage: 'signature' | 'body' };

export interface Trust {
  caPems: string[];
  now: Date;
}

/** `doc`: the text as openEnvelope parsed it, so that it is not parsed again. */
export function signedPayload(text: string, trust: Trust, doc?: Document): SignedPayload {
  const verified = verifyEnvelope(text, trust, doc);
  if (!verified.ok) return { ok: false, rejection: { code: verified.code, reason: verified.reason }, stage: 'signature' };
  const children = elementChildren(verified.body);
  const [payload] = children;
  if (!payload || children.length > 1 || hasOwnText(verified.body)) {
    const reason = `SOAP Body має містити рівно один елемент запиту, знайдено ${children.length}`;
    return { ok: false, rejection: { code: 'SCHEMA_INVALID', reason }, stage: 'body' };
  }
  return { ok: true, payload, gatewayEventId: childText(payload, payload.namespaceURI ?? NS.reg, 'gatewayEventId') ?? null };
}
