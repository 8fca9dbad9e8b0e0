// Turns outcomes into HTTP responses, and records how each one will look in the journal.
import { createHash } from 'node:crypto';
import type { JournalEntry } from '../state/journal.ts';
import type { Outcome } from '../model.ts';
import { renderAck, renderCanonicalAck, renderClientFault, renderServerFault } from './render.ts';
import type { AckInput } from './render.ts';
import type { AnswerSigner } from './sign-answer.ts';

export const SOAP_CONTENT_TYPE = 'text/xml; charset=utf-8';

export type AnswerFields = Pick<JournalEntry, 'verdict' | 'code' | 'reason' | 'receipt' | 'httpStatus'>;

export function xmlResponse(body: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': SOAP_CONTENT_TYPE, ...headers } });
}

/** base64 SHA-512 of the request exactly as received: the X-Road requestHash. */
export function requestHash(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('base64');
}

/** Signed, the acknowledgement is written canonically when it can be, so it is not canonicalized again. */
function ackXml(input: AckInput, sign: AnswerSigner | undefined): string {
  if (!sign) return renderAck(input);
  const canonical = renderCanonicalAck(input);
  return canonical === null ? sign(renderAck(input)) : sign.canonical(canonical);
}

/** `sign`: DMS's signature over acknowledgements and rejections, when the mock has a key. */
export function answerFor(outcome: Outcome, bytes: Uint8Array, sign?: AnswerSigner): { response: Response; fields: AnswerFields } {
  switch (outcome.kind) {
    case 'ack': {
      const xml = ackXml({ ...outcome, requestHash: requestHash(bytes) }, sign);
      const verdict = outcome.status === 'ACCEPTED' ? 'accepted' : 'duplicate';
      return { response: xmlResponse(xml, 200), fields: { verdict, receipt: outcome.receipt.receiptNumber, httpStatus: 200 } };
    }
    case 'rejected': {
      const { code, reason } = outcome.rejection;
      const fields: AnswerFields = { verdict: 'rejected', code, reason, httpStatus: outcome.httpStatus };
      const fault = renderClientFault(outcome.rejection, outcome.reg);
      return { response: xmlResponse(sign ? sign(fault) : fault, outcome.httpStatus), fields };
    }
    case 'server_error':
      return {
        response: xmlResponse(renderServerFault(), 500),
        fields: { verdict: 'fault', code: 'INTERNAL_ERROR', reason: outcome.reason, httpStatus: 500 },
      };
  }
}
