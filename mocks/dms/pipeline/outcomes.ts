// Constructors for the outcomes the pipeline returns, so every step builds them the same way.
import type { Outcome, Receipt, Rejection } from '../model.ts';

/** SOAP 1.1 (section 6.2) sends every fault with HTTP 500; only the transport checks differ. */
export function rejected(rejection: Rejection, httpStatus = 500, replayed = false): Outcome {
  return { kind: 'rejected', rejection, httpStatus, replayed };
}

export function acknowledged(status: 'ACCEPTED' | 'DUPLICATE', receipt: Receipt, echoedHeaders: string[]): Outcome {
  return { kind: 'ack', status, receipt, echoedHeaders };
}

export function headerRejection(problems: string[]): Rejection {
  return { code: 'XROAD_HEADER_INVALID', reason: problems.join('; ') };
}
