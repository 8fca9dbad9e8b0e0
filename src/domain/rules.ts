// The Ukrainian rules at the door: applyRules runs on a schema-valid event, returns every issue
// (refuse: 422, the first names the problem) and every warning (accept and store), and the
// normalised copy the gateway stores and delivers. Codes and examples: contracts/events/v1/RULES.md.

import type { Issue } from '../errors.ts';
import { checkAddresses } from './addresses.ts';
import { checkConsent } from './consent.ts';
import { checkDeclaration } from './declaration.ts';
import { checkDeregistration } from './deregistration.ts';
import { checkDocuments } from './document-rules.ts';
import { checkEmalyatko } from './emalyatko.ts';
import type { RegistrationEvent, Warning } from './event.ts';
import { eventFacts } from './event-facts.ts';
import { checkFees } from './fees.ts';
import type { Finding } from './findings.ts';
import { checkIdentifiers } from './identifiers.ts';
import { normaliseEvent } from './normalise-event.ts';
import { checkPeople } from './people.ts';
import type { RuleContext } from './rule-context.ts';
import { checkTiming } from './timing.ts';

export type { RuleContext } from './rule-context.ts';

export interface RuleResult {
  issues: Issue[];
  warnings: Warning[];
  /** Normalised copy; the input is never mutated. */
  event: RegistrationEvent;
}

function isBlocking(found: Finding, ctx: RuleContext): boolean {
  return found.severity === 'error' || (found.severity === 'fee' && ctx.feeMismatch === 'reject');
}

const plain = ({ code, pointer, message }: Finding): Issue => ({ code, pointer, message });

/** Every finding, in order: what the event claims about time, who, where, with what, and the fee. */
export function findAll(event: RegistrationEvent, ctx: RuleContext): Finding[] {
  const facts = eventFacts(event, ctx);
  return [
    ...checkTiming(event, facts, ctx),
    ...checkDeclaration(event, facts),
    ...checkIdentifiers(event, facts),
    ...checkAddresses(event),
    ...checkDocuments(event, facts),
    ...checkPeople(event, facts),
    ...checkConsent(event, facts),
    ...checkEmalyatko(event, facts),
    ...checkDeregistration(event, facts),
    ...checkFees(event, facts, ctx),
  ];
}

/** Expects a schema-valid event (real dates, known enums); the schema stage runs first. */
export function applyRules(event: RegistrationEvent, ctx: RuleContext): RuleResult {
  const normalised = normaliseEvent(event);
  const findings = findAll(normalised, ctx);
  return {
    issues: findings.filter((f) => isBlocking(f, ctx)).map(plain),
    warnings: findings.filter((f) => !isBlocking(f, ctx)).map(plain),
    event: normalised,
  };
}
