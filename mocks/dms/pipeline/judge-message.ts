// Steps 2–5 for a message id seen for the first time. The order of the verdicts is the order of the
// checks — headers, signature, body schema, business rules, replay — although the header and body
// XSD checks share one validation after the signature has been verified.
import { XMLSerializer } from '@xmldom/xmldom';
import type { Document } from '@xmldom/xmldom';
import { businessRejection } from '../checks/business-checks.ts';
import { isServiceCode, versionOfNamespace } from '../model.ts';
import type { MessageFacts, Outcome, Rejection } from '../model.ts';
import { CHECK_NS } from '../schema/schema-files.ts';
import type { SchemaValidator } from '../schema/schema-validator.ts';
import type { Ledger } from '../state/ledger.ts';
import type { RetiredVersions } from '../state/retired-versions.ts';
import { acknowledged, headerRejection, rejected } from './outcomes.ts';
import { signedPayload } from './signed-payload.ts';
import type { HeaderReading } from './xroad-headers.ts';

export interface JudgeDeps {
  validator: SchemaValidator;
  ledger: Ledger;
  versions: RetiredVersions;
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
  // The body's namespace is its contract version; X-Road names the same version in serviceVersion.
  const version = versionOfNamespace(signed.payload.namespaceURI);
  if (version === null || version !== headers.serviceVersion) {
    return { code: 'SERVICE_BODY_MISMATCH', reason: `Body у версії контракту ${version ?? '—'}, а serviceVersion — ${headers.serviceVersion ?? '—'}` };
  }
  if (deps.versions.isRetired(version)) {
    return { code: 'CONTRACT_VERSION_RETIRED', reason: `Версію контракту ${version} більше не обслуговують; надішліть подію в новішій версії` };
  }
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
  // An event (its gatewayEventId, the same in every contract version) registers once: under a new
  // xrd:id — say, re-made in a newer version — it is answered DUPLICATE with the original receipt.
  // Checked right before registering, with no await in between, so two copies cannot both pass.
  const earlier = deps.ledger.registrationOf(facts.gatewayEventId);
  if (earlier) {
    deps.ledger.rememberRepeat(messageId, earlier);
    return acknowledged('DUPLICATE', earlier, headers.echoed);
  }
  const receipt = deps.ledger.register(messageId, facts.gatewayEventId, serviceCode);
  return acknowledged('ACCEPTED', receipt, headers.echoed);
}
