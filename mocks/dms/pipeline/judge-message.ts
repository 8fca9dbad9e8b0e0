// Steps 2–5 for a message id seen for the first time. The order of the verdicts is the order of the
// checks — headers, signature, body schema, business rules, replay — although the header and body
// XSD checks share one validation after the signature has been verified.
import { XMLSerializer } from '@xmldom/xmldom';
import type { Document } from '@xmldom/xmldom';
import { businessRejection } from '../checks/business-checks.ts';
import { isServiceCode } from '../model.ts';
import type { MessageFacts, Outcome, Rejection } from '../model.ts';
import { CHECK_NS } from '../schema/schema-files.ts';
import type { SchemaValidator } from '../schema/schema-validator.ts';
import type { Ledger } from '../state/ledger.ts';
import { acknowledged, headerRejection, rejected } from './outcomes.ts';
import { signedPayload } from './signed-payload.ts';
import type { HeaderReading } from './xroad-headers.ts';

export interface JudgeDeps {
  validator: SchemaValidator;
  ledger: Ledger;
  trustedCaPems: string[];
  now: () => Date;
}

export function headersDocument(echoed: string[]): string {
  return `<c:requestHeaders xmlns:c="${CHECK_NS}">\n${echoed.join('\n')}\n</c:requestHeaders>`;
}

function schemaRejection(errors: string[]): Rejection {
  return { code: 'SCHEMA_INVALID', reason: errors.join('; ') };
}

async function firstRejection(text: string, doc: Document, headers: HeaderReading, facts: MessageFacts, deps: JudgeDeps): Promise<Rejection | null> {
  if (headers.problems.length > 0) return headerRejection(headers.problems);
  const signed = signedPayload(text, { caPems: deps.trustedCaPems, now: deps.now() }, doc);
  if (signed.ok) facts.gatewayEventId = signed.gatewayEventId;
  const body = signed.ok ? new XMLSerializer().serializeToString(signed.payload) : null;
  const schema = await deps.validator.validate({ headers: headersDocument(headers.echoed), body });
  if (schema.headerErrors.length > 0) return headerRejection(schema.headerErrors);
  if (!signed.ok) return signed.rejection;
  if (schema.bodyErrors.length > 0) return schemaRejection(schema.bodyErrors);
  return businessRejection(signed.payload, {
    serviceCode: headers.serviceCode ?? '',
    clientMemberCode: headers.clientMemberCode,
    now: deps.now(),
  });
}

export async function judgeMessage(messageId: string, text: string, doc: Document, headers: HeaderReading, facts: MessageFacts, deps: JudgeDeps): Promise<Outcome> {
  const rejection = await firstRejection(text, doc, headers, facts, deps);
  if (rejection) {
    deps.ledger.rememberRejection(messageId, rejection);
    return rejected(rejection);
  }
  const serviceCode = headers.serviceCode;
  // Both are guaranteed by the checks above (known serviceCode, schema-valid gatewayEventId).
  if (!serviceCode || !isServiceCode(serviceCode) || !facts.gatewayEventId) throw new Error('accepted message without serviceCode or gatewayEventId');
  // A signed Body (named by its gatewayEventId) registers once: under a new xrd:id it is a replay.
  // Checked right before registering, with no await in between, so two copies cannot both pass.
  const earlier = deps.ledger.registrationOf(facts.gatewayEventId);
  if (earlier) {
    const replayed = {
      code: 'MESSAGE_REPLAYED',
      reason: `Подію gatewayEventId ${facts.gatewayEventId} уже зареєстровано під xrd:id ${earlier.messageId} (квитанція ${earlier.receiptNumber})`,
    };
    deps.ledger.rememberRejection(messageId, replayed);
    return rejected(replayed);
  }
  const receipt = deps.ledger.register(messageId, facts.gatewayEventId, serviceCode);
  return acknowledged('ACCEPTED', receipt, headers.echoed);
}
