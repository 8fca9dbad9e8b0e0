// Facts about an event that several rules need, worked out once.

import { ageOn } from './ages.ts';
import { kyivDateOf } from './dates.ts';
import type { DeregistrationGround, RegistrationEvent } from './event.ts';
import type { RuleContext } from './rule-context.ts';

const PERSONAL_GROUNDS: ReadonlySet<DeregistrationGround> = new Set(['application', 'emigration']);

export interface EventFacts {
  today: string;
  /** The Europe/Kyiv date of occurredAt: the day the register acted. */
  eventDate: string;
  isRegistration: boolean;
  isDeregistration: boolean;
  /**
   * The person (or someone on their behalf) asked for this: every registration, a deregistration on
   * application and one for emigration (the notice comes with the person's application, seed 002).
   * Court decisions, death certificates, DMS notices and owners' or institutions' requests are not.
   */
  personApplies: boolean;
  /** False when the birth date is after the event: age-based rules then stay silent. */
  birthDateUsable: boolean;
  /** Age in full years on the event date (meaningful only when birthDateUsable). */
  age: number;
}

export function eventFacts(event: RegistrationEvent, ctx: RuleContext): EventFacts {
  const eventDate = kyivDateOf(event.occurredAt);
  const isDeregistration = event.type === 'residence.deregistered' || event.type === 'stay.deregistered';
  const birthDateUsable = event.person.birthDate <= eventDate;
  return {
    today: ctx.today,
    eventDate,
    isRegistration: !isDeregistration,
    isDeregistration,
    personApplies: !isDeregistration || PERSONAL_GROUNDS.has(event.deregistration?.ground ?? 'application'),
    birthDateUsable,
    age: birthDateUsable ? ageOn(event.person.birthDate, eventDate) : -1,
  };
}
