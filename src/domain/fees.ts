// Whether the fee sent matches the law in force on the event date (fee-schedule.ts holds the dated
// table). Source: seeds/002_82faffbd1df109ee.txt (seed 002) l.179-184: a fee for registering and
// deregistering a place of *residence* (a place of stay pays none), on time or late; a move pays once.
// Seed 002 l.105: for a newborn (єМалятко) «сплата адміністративного збору фіксується» — the fee is
// paid and recorded, not waived; the three months after the birth's state registration are its
// on-time period (domain.md "Fees"). Law 1871-IX: a deregistration pays the on-time rate whenever filed.

import { addMonths, daysBetween } from './dates.ts';
import type { RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { FEE_SCHEDULE, feeAmounts, feePeriodOn, formatKopiyky, kopiykyOf, type FeePeriod } from './fee-schedule.ts';
import { finding, type Finding } from './findings.ts';
import type { RuleContext } from './rule-context.ts';

export const ON_TIME_DAYS = 30;
/** A newborn registered within three months of the birth's state registration is on time. */
export const NEWBORN_ON_TIME_MONTHS = 3;
/** Family Code art. 144: a birth is registered within a month; used when ДРАЦС data is absent. */
export const BIRTH_REGISTRATION_MONTHS = 1;

/** A registration within three months of the birth registration: the newborn's on-time period. */
export function isNewbornOnTime(event: RegistrationEvent, facts: EventFacts): boolean {
  if (!facts.isRegistration || !facts.birthDateUsable) return false;
  const registeredOn = event.birthRegistration?.registeredOn;
  const limit = registeredOn !== undefined
    ? addMonths(registeredOn, NEWBORN_ON_TIME_MONTHS)
    : addMonths(event.person.birthDate, NEWBORN_ON_TIME_MONTHS + BIRTH_REGISTRATION_MONTHS);
  return facts.eventDate <= limit;
}

export function isStay(event: RegistrationEvent): boolean {
  return event.type === 'stay.registered' || event.type === 'stay.deregistered';
}

interface Candidate {
  kopiyky: number;
  label: { uk: string; en: string };
  period: FeePeriod;
}

/** True, false, or undefined when the event does not say (no arrival date, not a newborn). */
function onTime(event: RegistrationEvent, facts: EventFacts): boolean | undefined {
  if (isNewbornOnTime(event, facts)) return true;
  return event.arrivedOn === undefined ? undefined : daysBetween(event.arrivedOn, facts.eventDate) <= ON_TIME_DAYS;
}

/** The amounts the law allows on the event date or the payment date; both when timing is unknown. */
function candidates(event: RegistrationEvent, facts: EventFacts, schedule: readonly FeePeriod[]): Candidate[] {
  const timely = onTime(event, facts);
  const paidOn = event.fee.kind === 'paid' ? event.fee.paidOn : undefined;
  const dates = paidOn === undefined || paidOn === facts.eventDate ? [facts.eventDate] : [facts.eventDate, paidOn];
  const out = new Map<string, Candidate>();
  const add = (candidate: Candidate): void => {
    out.set(`${candidate.kopiyky}/${candidate.label.en}`, candidate);
  };
  for (const date of dates) {
    const period = feePeriodOn(date, schedule);
    if (!period) continue;
    const amounts = feeAmounts(period);
    // Under Law 1871-IX a late deregistration still pays the on-time rate.
    const lateRateApplies = facts.isRegistration || period.lateRateOnDeregistration;
    if (timely !== false || !lateRateApplies) add({ kopiyky: amounts.onTime, period, label: { uk: 'у строк', en: 'on time' } });
    if (timely !== true && lateRateApplies) add({ kopiyky: amounts.late, period, label: { uk: 'із порушенням строку', en: 'late' } });
  }
  return [...out.values()];
}

function exemptionFindings(event: RegistrationEvent): Finding[] {
  if (event.fee.kind !== 'exempt') return [];
  const { ground } = event.fee;
  if (ground === 'newborn') {
    return [finding('FEE_NEWBORN_NOT_EXEMPT', '/fee/ground',
      'За реєстрацію місця проживання новонародженої дитини (зокрема за «єМалятко») адміністративний збір сплачується і фіксується; три місяці після державної реєстрації народження — це строк, а не звільнення. Передайте fee.kind = paid із сумою «у строк».',
      'A newborn’s residence registration (єМалятко included) pays the fee, which is recorded; the three months after the birth registration are the on-time period, not an exemption. Send fee.kind paid with the on-time amount.')];
  }
  if (ground === 'included_in_move' && event.type !== 'residence.deregistered') {
    return [finding('FEE_EXEMPTION_NOT_APPLICABLE', '/fee/ground',
      'Підстава included_in_move стосується лише зняття з реєстрації, поєднаного з реєстрацією на новому місці: збір сплачують один раз — за реєстрацію.',
      'included_in_move is only for the deregistration half of a move: the one fee is paid with the registration.')];
  }
  return [];
}

function paymentFindings(event: RegistrationEvent, facts: EventFacts, schedule: readonly FeePeriod[]): Finding[] {
  if (event.fee.kind !== 'paid') return [];
  const out: Finding[] = [];
  const { amount, paidOn } = event.fee;
  if (paidOn !== undefined && paidOn > facts.eventDate) {
    out.push(finding('FEE_PAID_AFTER_EVENT', '/fee/paidOn',
      'Збір сплачено пізніше за реєстраційну дію: квитанцію подають разом із заявою. Перевірте дату сплати.',
      'The fee was paid after the registration act, but the receipt comes with the application. Check the payment date.'));
  }
  const options = candidates(event, facts, schedule);
  if (options.length === 0) {
    out.push(finding('FEE_SCHEDULE_MISSING', '/fee/amount',
      'Шлюз не має тарифу адміністративного збору на цю дату, тож суму не перевірено. Подію прийнято.',
      'The gateway has no fee table for this date, so the amount was not checked. Accepted.'));
    return out;
  }
  if (options.some((option) => option.kopiyky === kopiykyOf(amount))) return out;
  const expected = (lang: 'uk' | 'en'): string =>
    options.map((o) => `${formatKopiyky(o.kopiyky)} ${lang === 'uk' ? 'грн' : 'UAH'} (${o.label[lang]})`).join(lang === 'uk' ? ' або ' : ' or ');
  const mismatch = finding('FEE_AMOUNT_MISMATCH', '/fee/amount',
    `Сума збору не відповідає тарифу на дату реєстрації: очікується ${expected('uk')}; строк — ${ON_TIME_DAYS} днів від прибуття (для новонародженої дитини — ${NEWBORN_ON_TIME_MONTHS} місяці від реєстрації народження).`,
    `The fee does not match the rate on the registration date: expected ${expected('en')}; on time means within ${ON_TIME_DAYS} days of arrival (for a newborn, ${NEWBORN_ON_TIME_MONTHS} months of the birth registration).`);
  // Where our own table is unconfirmed, the doubt goes to the register.
  out.push(options.every((o) => o.period.confirmed) ? mismatch : { ...mismatch, severity: 'warning' });
  return out;
}

/** A place of stay is registered and deregistered free of charge: no amount is due, any exemption passes. */
function stayFindings(event: RegistrationEvent): Finding[] {
  if (event.fee.kind !== 'paid') return [];
  return [finding('FEE_NOT_CHARGED_FOR_STAY', '/fee/kind',
    'За реєстрацію та зняття з реєстрації місця перебування адміністративний збір не справляється (збір встановлено за місце проживання): передайте fee.kind = exempt, ground = law.',
    'Registering or deregistering a place of stay is free (the fee is for a place of residence): send fee.kind exempt, ground law.')];
}

export function checkFees(event: RegistrationEvent, facts: EventFacts, ctx: RuleContext): Finding[] {
  if (isStay(event)) return stayFindings(event);
  const schedule = ctx.feeSchedule ?? FEE_SCHEDULE;
  return [...exemptionFindings(event), ...paymentFindings(event, facts, schedule)];
}
