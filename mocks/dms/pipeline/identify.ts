// Best-effort reading of a message's id and service, for the journal of a request that a fault
// answers before it is processed. Nothing here decides a verdict.
import type { MessageFacts } from '../model.ts';
import { openEnvelope } from './open-envelope.ts';
import { requestNamespace } from './process-message.ts';
import { readXRoadHeaders } from './xroad-headers.ts';

export function identify(text: string): MessageFacts {
  const facts: MessageFacts = { messageId: null, serviceCode: null, gatewayEventId: null };
  try {
    const opened = openEnvelope(text.replace(/^\uFEFF/, ''));
    if (!opened.ok) return facts;
    const headers = readXRoadHeaders(opened.header);
    return { ...facts, messageId: headers.messageId, serviceCode: headers.serviceCode, namespace: requestNamespace(opened.body) };
  } catch {
    return facts;
  }
}
