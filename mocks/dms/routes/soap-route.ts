// POST / and POST /dms: the SOAP endpoint. Each request takes its fault decision on arrival, is
// processed unless a "before" fault answers for it, and is journaled before the answer leaves.
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { FaultSpec } from '../faults/fault-config.ts';
import type { FaultPlan } from '../faults/fault-plan.ts';
import { DEFAULT_REJECT_REASON, injectFault } from '../faults/inject-fault.ts';
import type { AnsweringFault } from '../faults/inject-fault.ts';
import { identify } from '../pipeline/identify.ts';
import { processMessage } from '../pipeline/process-message.ts';
import type { PipelineDeps } from '../pipeline/process-message.ts';
import { answerFor, xmlResponse } from '../soap/http-answers.ts';
import { renderClientFault } from '../soap/render.ts';
import type { AnswerSigner } from '../soap/sign-answer.ts';
import type { Journal } from '../state/journal.ts';
import { soapBodyLimit } from './body-limit.ts';
import { recorder } from './recorder.ts';
import type { Arrival } from './recorder.ts';

export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface SoapRouteDeps extends PipelineDeps {
  journal: Journal;
  faults: FaultPlan;
  /** Signs acknowledgements and rejections when the mock has a DMS key. */
  signAnswer?: AnswerSigner;
}

const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const NO_FACTS = { messageId: null, serviceCode: null, gatewayEventId: null };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function answering(fault: FaultSpec | null, when: 'before' | 'after'): fault is AnsweringFault {
  return fault !== null && fault.type !== 'none' && fault.type !== 'delay' && fault.when === when;
}

function delayMs(fault: FaultSpec | null, when: 'before' | 'after'): number {
  return fault?.type === 'delay' && fault.when === when ? fault.ms : 0;
}

export function soapRoute(deps: SoapRouteDeps): Hono {
  const record = recorder(deps.journal, deps.logger);

  // The first verdict for a message id is final: DMS never refuses a message it has registered, so a
  // rejection drawn for an id already accepted (its acknowledgement was lost) does not apply.
  function rejectsRegistered(fault: AnsweringFault, raw: string): boolean {
    const id = fault.type === 'reject' ? identify(raw).messageId : null;
    const verdict = id === null ? undefined : deps.ledger.recall(id);
    return verdict !== undefined && verdict.kind !== 'rejected';
  }

  // A fault that answers instead of processing. A scripted rejection is a verdict like any other:
  // the same id sent again gets it again.
  function answerBefore(c: Context, fault: AnsweringFault, arrival: Arrival): Promise<Response> {
    const facts = identify(arrival.raw);
    if (fault.type === 'reject' && facts.messageId) {
      deps.ledger.rememberRejection(facts.messageId, { code: fault.code, reason: fault.reason ?? DEFAULT_REJECT_REASON });
    }
    const answer = injectFault(fault, c.env, facts.serviceCode, deps.logger, facts.namespace ?? undefined, deps.signAnswer);
    record(arrival, facts, { ...answer.fields, fault });
    return answer.respond();
  }

  async function endpoint(c: Context): Promise<Response> {
    const arrivedAt = deps.now();
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const arrival = { raw: lenientUtf8.decode(bytes), receivedAt: arrivedAt };
    const fault = deps.faults.next();
    if (answering(fault, 'before') && !rejectsRegistered(fault, arrival.raw)) return answerBefore(c, fault, arrival);
    const delayBefore = delayMs(fault, 'before');
    if (delayBefore > 0) await sleep(delayBefore);

    const request = { bytes, contentType: c.req.header('content-type'), soapAction: c.req.header('soapaction') };
    const { facts, outcome } = await processMessage(request, deps);
    const normal = answerFor(outcome, bytes, deps.signAnswer);
    if (answering(fault, 'after')) {
      // Processed and registered; only the answer is lost.
      const answer = injectFault(fault, c.env, facts.serviceCode, deps.logger, facts.namespace ?? undefined, deps.signAnswer);
      const processedAs = normal.fields.verdict === 'fault' ? undefined : normal.fields.verdict;
      record(arrival, facts, { ...answer.fields, receipt: normal.fields.receipt, processedAs, fault });
      return answer.respond();
    }
    const delayAfter = delayMs(fault, 'after');
    if (delayAfter > 0) await sleep(delayAfter);
    record(arrival, facts, { ...normal.fields, ...(fault ? { fault } : {}) });
    return normal.response;
  }

  const limit = soapBodyLimit({
    maxSize: MAX_MESSAGE_BYTES,
    onError: () => {
      const rejection = { code: 'MESSAGE_TOO_LARGE', reason: `Повідомлення більше за ${MAX_MESSAGE_BYTES} байтів` };
      record({ raw: '', receivedAt: deps.now() }, NO_FACTS, { verdict: 'rejected', ...rejection, httpStatus: 413 });
      return xmlResponse(deps.signAnswer ? deps.signAnswer(renderClientFault(rejection)) : renderClientFault(rejection), 413);
    },
  });

  return new Hono().post('/', limit, endpoint).post('/dms', limit, endpoint);
}
