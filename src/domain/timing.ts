// Dates that cannot be right whatever the register meant: an act in the future, a person born
// after the act or in the future, an arrival after the registration.

import { ageOn } from './ages.ts';
import { kyivDateOf } from './dates.ts';
import type { RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { finding, type Finding } from './findings.ts';
import type { RuleContext } from './rule-context.ts';

/** Register clocks drift; an act a few minutes "in the future" is a clock, not a lie. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Older than anyone documented alive (122): a placeholder date such as 1900-01-01. */
export const MAX_PLAUSIBLE_AGE = 125;

function occurredInFuture(occurredAt: string, ctx: RuleContext): boolean {
  if (ctx.now !== undefined) return Date.parse(occurredAt) > Date.parse(ctx.now) + CLOCK_SKEW_MS;
  return kyivDateOf(occurredAt) > ctx.today;
}

export function checkTiming(event: RegistrationEvent, facts: EventFacts, ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const { birthDate } = event.person;
  if (occurredInFuture(event.occurredAt, ctx)) {
    out.push(finding('OCCURRED_AT_IN_FUTURE', '/occurredAt',
      'Дата й час події ще не настали: перевірте годинник системи реєстру та зазначений часовий пояс.',
      'occurredAt is in the future: check the register system clock and the UTC offset sent.'));
  }
  if (birthDate > facts.today) {
    out.push(finding('PERSON_BIRTH_DATE_IN_FUTURE', '/person/birthDate',
      'Дата народження ще не настала.', 'The birth date is in the future.'));
  } else if (!facts.birthDateUsable) {
    out.push(finding('PERSON_BORN_AFTER_EVENT', '/person/birthDate',
      'Дата народження пізніша за дату реєстраційної дії.', 'The person was born after the date of the registration act.'));
  } else if (ageOn(birthDate, facts.eventDate) > MAX_PLAUSIBLE_AGE) {
    out.push(finding('PERSON_BIRTH_DATE_IMPLAUSIBLE', '/person/birthDate',
      `Особі за цією датою народження понад ${MAX_PLAUSIBLE_AGE} років: ймовірно, введено умовну дату. Вкажіть справжню дату з документа.`,
      `This birth date makes the person older than ${MAX_PLAUSIBLE_AGE}: probably a placeholder. Send the date from the document.`));
  }
  const arrived = event.arrivedOn;
  if (arrived !== undefined && facts.isRegistration && arrived > facts.eventDate) {
    out.push(finding('ARRIVED_ON_AFTER_EVENT', '/arrivedOn',
      'Дата прибуття пізніша за дату реєстрації: зареєструвати можна лише після прибуття.',
      'The arrival date is after the registration date: a person is registered only after arriving.'));
  }
  if (arrived !== undefined && arrived < birthDate) {
    out.push(finding('ARRIVED_ON_BEFORE_BIRTH', '/arrivedOn',
      'Дата прибуття (вибуття) раніша за дату народження.', 'The arrival (departure) date is before the birth date.'));
  }
  return out;
}
