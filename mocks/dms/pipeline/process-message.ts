// The SOAP message pipeline: HTTP checks, envelope, X-Road headers, then — one message id at a
// time — either the remembered verdict or a fresh judgement. Never throws: an unexpected failure
// is a retryable Server fault, never a crash and never a remembered verdict.
import type { Logger } from 'pino';
import type { Element } from '@xmldom/xmldom';
import { versionOfNamespace, type MessageFacts, type Outcome } from '../model.ts';
import { elementChildren } from '../soap/dom.ts';
import type { KeyedLock } from '../state/keyed-lock.ts';
import { decodeRequest } from './decode-request.ts';
import type { IncomingSoap } from './decode-request.ts';
import { judgeMessage } from './judge-message.ts';
import type { JudgeDeps } from './judge-message.ts';
import { openEnvelope } from './open-envelope.ts';
import { headerRejection, rejected } from './outcomes.ts';
import { readXRoadHeaders } from './xroad-headers.ts';
import { replayVerdict } from './replay-verdict.ts';

export interface PipelineDeps extends JudgeDeps {
  locks: KeyedLock;
  logger: Logger;
}

export interface Processed {
  facts: MessageFacts;
  outcome: Outcome;
}

async function run(request: IncomingSoap, facts: MessageFacts, deps: PipelineDeps): Promise<Outcome> {
  const decoded = decodeRequest(request);
  if (!decoded.ok) return rejected(decoded.rejection, decoded.httpStatus);
  const opened = openEnvelope(decoded.text);
  if (!opened.ok) return rejected(opened.rejection);
  facts.namespace = requestNamespace(opened.body);
  const headers = readXRoadHeaders(opened.header);
  facts.messageId = headers.messageId;
  facts.serviceCode = headers.serviceCode;
  const messageId = headers.messageId;
  // Without an id there is nothing to remember the verdict by.
  if (messageId === null) return rejected(headerRejection(headers.problems));
  return deps.locks.run(messageId, async () => {
    const remembered = deps.ledger.recall(messageId);
    if (!remembered) return judgeMessage(messageId, decoded.text, opened.doc, headers, facts, deps);
    return replayVerdict(remembered, decoded.text, opened.doc, headers, facts, { caPems: deps.trustedCaPems, now: deps.now() });
  });
}

/** The namespace of the request element if it is a known contract version's: the answer's elements go in it. */
export function requestNamespace(body: Element): string | null {
  const ns = elementChildren(body)[0]?.namespaceURI ?? null;
  return versionOfNamespace(ns) === null ? null : ns;
}

export async function processMessage(request: IncomingSoap, deps: PipelineDeps): Promise<Processed> {
  const facts: MessageFacts = { messageId: null, serviceCode: null, gatewayEventId: null };
  try {
    const outcome = await run(request, facts, deps);
    return { facts, outcome: outcome.kind === 'server_error' || !facts.namespace ? outcome : { ...outcome, reg: facts.namespace } };
  } catch (err) {
    deps.logger.error({ err, messageId: facts.messageId }, 'mock DMS failed to process a message');
    return { facts, outcome: { kind: 'server_error', reason: err instanceof Error ? err.message : String(err) } };
  }
}
