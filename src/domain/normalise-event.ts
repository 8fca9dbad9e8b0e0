// The normalised copy of an event: identifiers and documents in canonical form. Rules check this
// copy and DMS receives it; the register's original is never changed.

import type { Address, RegistrationEvent } from './event.ts';
import { normaliseDocument } from './documents.ts';
import { normaliseKatottg } from './katottg.ts';
import { normaliseRnokpp } from './rnokpp.ts';
import { normaliseUnzr } from './unzr.ts';

function normaliseAddress(address: Address): Address {
  return { ...address, katottg: normaliseKatottg(address.katottg) };
}

/**
 * A deep copy of JSON data (an event as parsed from its body): a fraction of structuredClone's cost,
 * which a request paid. `__proto__` as a key of the data stays a key of the copy.
 */
function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = copyJson((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(copy, key, { value: child, enumerable: true, writable: true, configurable: true });
    else copy[key] = child;
  }
  return copy as T;
}

export function normaliseEvent(event: RegistrationEvent): RegistrationEvent {
  const copy: RegistrationEvent = copyJson(event);
  if (copy.person.unzr !== undefined) copy.person.unzr = normaliseUnzr(copy.person.unzr);
  if (copy.person.rnokpp !== undefined) copy.person.rnokpp = normaliseRnokpp(copy.person.rnokpp);
  copy.document = normaliseDocument(copy.document);
  if (copy.birthCertificate) copy.birthCertificate = normaliseDocument(copy.birthCertificate);
  copy.address = normaliseAddress(copy.address);
  if (copy.previousAddress) copy.previousAddress = normaliseAddress(copy.previousAddress);
  const applicant = copy.applicant;
  if (applicant?.unzr !== undefined) applicant.unzr = normaliseUnzr(applicant.unzr);
  if (applicant?.document) applicant.document = normaliseDocument(applicant.document);
  return copy;
}
