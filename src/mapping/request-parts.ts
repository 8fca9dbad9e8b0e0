// Request elements that every DMS contract version writes the same way. Each version binds its own
// namespace to the prefix `reg` (see xroad-envelope.ts), so these builders serve all of them.
import type { Address, BasisDocument, EventType, RegistrationEvent } from '../domain/event.ts';
import { escapeXml } from '../xml/escape.ts';
import { parent, text, type XmlElement } from '../xml/writer.ts';

/** serviceCode (= the request element's name) of each event type; a Record, so a new type does not compile unmapped. */
export const SERVICE_CODES: Record<EventType, string> = {
  'residence.registered': 'RegisterResidence',
  'stay.registered': 'RegisterStay',
  'residence.deregistered': 'DeregisterResidence',
  'stay.deregistered': 'DeregisterStay',
  'residence.moved': 'RegisterResidenceWithDeregistration',
  'residence.declared': 'DeclareResidence',
};

export const t = (name: string, value: string | boolean | undefined | null) => text(`reg:${name}`, value, escapeXml);
export const p = (name: string, children: Array<XmlElement | null>) => parent(`reg:${name}`, children);

export function required<T>(value: T | undefined, field: string): T {
  // The event contract's schema makes these fields mandatory for the event type; reaching here
  // without one means an unvalidated event was mapped.
  if (value === undefined) throw new Error(`event has no ${field}`);
  return value;
}

export function address(name: string, a: Address): XmlElement | null {
  return p(name, [t('katottg', a.katottg), t('street', a.street), t('building', a.building), t('block', a.block), t('apartment', a.apartment), t('postalCode', a.postalCode)]);
}

export function basis(name: string, b: BasisDocument | undefined): XmlElement | null {
  if (!b) return null;
  return p(name, [t('kind', b.kind), t('number', b.number), t('issuedOn', b.issuedOn), t('issuer', b.issuer)]);
}

export function register(r: RegistrationEvent['register']): XmlElement | null {
  return p('register', [t('code', r.code), t('name', r.name)]);
}

export function birthRegistration(b: RegistrationEvent['birthRegistration']): XmlElement | null {
  return b ? p('birthRegistration', [t('actRecordNumber', b.actRecordNumber), t('registeredOn', b.registeredOn), t('office', b.office)]) : null;
}

/**
 * Takes what is left of an event object after destructuring every field a mapping writes: when the
 * event contract gains a field, the rest is no longer empty and the mapping does not compile until
 * someone decides where the field goes.
 */
export function everyFieldMapped(rest: Record<string, never>): void {
  void rest;
}
