// Step 6 for a message id that already has a verdict: a rejection is replayed as it was; an
// acceptance becomes DUPLICATE with the original receipt — but only for a properly signed repeat of
// the same event. The same id carrying another event is a gateway bug that DUPLICATE would hide
// (the second event would be marked delivered and lost), so it is refused and not remembered.
import type { Document } from '@xmldom/xmldom';
import type { MessageFacts, Outcome } from '../model.ts';
import type { Remembered } from '../state/ledger.ts';
import { acknowledged, headerRejection, rejected } from './outcomes.ts';
import { signedPayload } from './signed-payload.ts';
import type { Trust } from './signed-payload.ts';
import type { HeaderReading } from './xroad-headers.ts';

export function replayVerdict(remembered: Remembered, text: string, doc: Document, headers: HeaderReading, facts: MessageFacts, trust: Trust): Outcome {
  if (remembered.kind === 'rejected') return rejected(remembered.rejection, 500, true);
  const { receipt } = remembered;
  if (headers.problems.length > 0) return rejected(headerRejection(headers.problems));
  const signed = signedPayload(text, trust, doc);
  if (!signed.ok) return rejected(signed.rejection);
  facts.gatewayEventId = signed.gatewayEventId;
  if (signed.gatewayEventId !== receipt.gatewayEventId) {
    return rejected({
      code: 'MESSAGE_ID_REUSED',
      reason: `xrd:id уже зареєстровано для gatewayEventId ${receipt.gatewayEventId} (квитанція ${receipt.receiptNumber})`,
    });
  }
  return acknowledged('DUPLICATE', receipt, headers.echoed);
}
