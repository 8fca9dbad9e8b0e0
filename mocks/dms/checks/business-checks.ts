// Step 5: the checks DMS itself would make on a schema-valid body, in a fixed order; the first one
// that fails is the rejection. Reasons name the field, never its value (no personal data in logs).
import type { Element } from '@xmldom/xmldom';
import { NS } from '../../../src/xml/namespaces.ts';
import { versionOfNamespace, type Rejection } from '../model.ts';
import { childNamed, childText } from '../soap/dom.ts';
import { sameAddress } from './addresses.ts';
import { unzrProblem } from './unzr.ts';

export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface BusinessContext {
  serviceCode: string;
  clientMemberCode: string | null;
  now: Date;
}

type Check = (payload: Element, ctx: BusinessContext) => Rejection | null;

/** Every version has the same elements, each in its own namespace: the request element's. */
const ns = (el: Element): string => el.namespaceURI ?? NS.reg;

const serviceMatchesBody: Check = (payload, { serviceCode }) =>
  versionOfNamespace(payload.namespaceURI) !== null && payload.localName === serviceCode
    ? null
    : { code: 'SERVICE_BODY_MISMATCH', reason: `Body містить reg:${payload.localName}, а serviceCode — ${serviceCode}` };

const registerIsClient: Check = (payload, { clientMemberCode }) => {
  const register = childNamed(payload, ns(payload), 'register');
  const code = register ? childText(register, ns(payload), 'code') : undefined;
  return code === clientMemberCode
    ? null
    : { code: 'REGISTER_MISMATCH', reason: `reg:register/reg:code (${code ?? '—'}) ≠ memberCode клієнта X-Road (${clientMemberCode ?? '—'})` };
};

function unzrOf(holder: Element | undefined, who: string): Rejection | null {
  const unzr = holder ? childText(holder, ns(holder), 'unzr') : undefined;
  const birthDate = holder ? childText(holder, ns(holder), 'birthDate') : undefined;
  if (unzr === undefined || birthDate === undefined) return null;
  const problem = unzrProblem(unzr, birthDate);
  return problem ? { code: 'UNZR_INVALID', reason: `УНЗР ${who}: ${problem}` } : null;
}

const unzrIsValid: Check = (payload) =>
  unzrOf(childNamed(payload, ns(payload), 'person'), 'особи') ?? unzrOf(childNamed(payload, ns(payload), 'applicant'), 'заявника');

/** xs:dateTime without a time zone is read as UTC. */
export function parseDateTime(value: string): number {
  return Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(value) ? value : `${value}Z`);
}

const occurredInPast: Check = (payload, { now }) => {
  const at = parseDateTime(childText(payload, ns(payload), 'occurredAt') ?? '');
  return at > now.getTime() + CLOCK_SKEW_MS
    ? { code: 'OCCURRED_IN_FUTURE', reason: 'reg:occurredAt пізніше за поточний час більш ніж на 5 хвилин' }
    : null;
};

const addressChanges: Check = (payload) => {
  if (payload.localName !== 'RegisterResidenceWithDeregistration') return null;
  const next = childNamed(payload, ns(payload), 'address');
  const previous = childNamed(payload, ns(payload), 'previousAddress');
  return next && previous && sameAddress(next, previous, ns(payload))
    ? { code: 'SAME_ADDRESS', reason: 'reg:address збігається з reg:previousAddress' }
    : null;
};

const CHECKS: Check[] = [serviceMatchesBody, registerIsClient, unzrIsValid, occurredInPast, addressChanges];

export function businessRejection(payload: Element, ctx: BusinessContext): Rejection | null {
  for (const check of CHECKS) {
    const rejection = check(payload, ctx);
    if (rejection) return rejection;
  }
  return null;
}
