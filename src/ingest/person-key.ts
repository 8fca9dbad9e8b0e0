// Which person an event is about, as a keyed hash: events of one person are delivered in order,
// and operators can find them by УНЗР, without the УНЗР being stored in clear for that purpose.
import { createHmac } from 'node:crypto';
import type { RegistrationEvent } from '../domain/event.ts';

export function personKey(secret: string, person: Pick<RegistrationEvent, 'person' | 'document'>): string {
  // Without an УНЗР (e.g. an asylum applicant's довідка), the document and the birth date stand in.
  const { unzr, birthDate } = person.person;
  const doc = person.document;
  return keyed(secret, unzr ? `unzr:${unzr}` : `doc:${doc.type}:${doc.series ?? ''}${doc.number}:${birthDate}`);
}

/** The lookup key operators use when they search by УНЗР. */
export function personKeyForUnzr(secret: string, unzr: string): string {
  return keyed(secret, `unzr:${unzr}`);
}

function keyed(secret: string, identity: string): string {
  return createHmac('sha256', secret).update(identity).digest('base64url');
}
