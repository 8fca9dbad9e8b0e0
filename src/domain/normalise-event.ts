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

export function normaliseEvent(event: RegistrationEvent): RegistrationEvent {
  const copy: RegistrationEvent = structuredClone(event);
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
