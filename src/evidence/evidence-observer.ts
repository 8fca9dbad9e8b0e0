// Writes every exchange with DMS to the evidence log: the signed bytes sent, DMS's answer, who
// signed, and the outcome, each chained to the entry before.
import type { AttemptObserver } from '../delivery/attempt.ts';
import type { OperationsStore } from '../store/operations-store.ts';
import { sha256Hex } from './chain.ts';

export function evidenceObserver(store: OperationsStore, signerFingerprint: string): AttemptObserver {
  return {
    exchanged: async (x) => {
      await store.appendEvidence({
        at: x.at,
        eventId: x.delivery.eventId,
        messageId: x.delivery.messageId,
        attempt: x.attempt,
        outcome: x.outcome,
        httpStatus: x.httpStatus,
        signer: signerFingerprint,
        requestDigest: sha256Hex(x.requestXml),
        requestBody: x.requestXml,
        responseDigest: x.answer === null ? null : sha256Hex(x.answer),
        responseBody: x.answer,
      });
    },
  };
}
