// Declaration of the place of residence (декларування), Law 1871-IX, in force 01.12.2021: beside
// registration, a person declares where they live (in person or online, e.g. through Дія); declaring a
// new place removes the previous declared or registered one at the same time (previousAddress). It
// follows the rules of a residence registration (documents, applicants, fee); it cannot predate the law.

import type { RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { finding, type Finding } from './findings.ts';
import { DECLARATION_RULES, inForceOn } from './law-in-force.ts';

export function checkDeclaration(event: RegistrationEvent, facts: EventFacts): Finding[] {
  if (event.type !== 'residence.declared') return [];
  if (inForceOn(DECLARATION_RULES, facts.eventDate)?.available === true) return [];
  return [finding('DECLARATION_BEFORE_LAW', '/type',
    'Декларування місця проживання існує з 1 грудня 2021 року (Закон № 1871-IX); раніше місце проживання лише реєстрували: для дії до цієї дати використайте residence.registered або residence.moved.',
    'Declaration of the place of residence exists from 1 December 2021 (Law 1871-IX); before that residence was registered: for an act before that date use residence.registered or residence.moved.')];
}
