// Whether the fee sent matches the law (Law 1871-IX art. 6; seed 002): the on-time amount within
// 30 calendar days of arrival (or of leaving), the late one after; a move pays once; a newborn
// registered within three months of the birth registration pays nothing.

import { addMonths, daysBetween } from './dates.ts';
import type { RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { FEE_SCHEDULE, feeAmounts, feePeriodOn, formatKopiyky, kopiykyOf, type FeePeriod } from './fee-schedule.ts';
import { finding, type Finding } from './findings.ts';
import type { RuleContext } from './rule-context.ts';

export const ON_TIME_DAYS = 30;
export const NEWBORN_EXEMPTION_MONTHS = 3;
/** Family Code art. 144: a birth is registered within a month; used when ДРАЦС data is absent. */
export const BIRTH_REGISTRATION_MONTHS = 1;

/** A registration within three months of the birth registration owes no fee. */
export function isNewbornExempt(event: RegistrationEvent, facts: EventFacts): boolean {
  if (!facts.isRegistration || !facts.birthDateUsable) return false;
  const registeredOn = event.birthRegistration?.registeredOn;
  const limit = registeredOn !== undefined
    ? addMonths(registeredOn, NEWBORN_EXEMPTION_MONTHS)
    : addMonths(event.person.birthDate, NEWBORN_EXEMPTION_MONTHS + BIRTH_REGISTRATION_MONTHS);
  return facts.eventDate <= limit;
}

interface Candidate {
  kopiyky: number;
  label: { uk: string; en: string };
  period: FeePeriod;
}

/** The amounts the law allows on the event date or the payment date; both when timing is unknown. */
function candidates(event: RegistrationEvent, facts: EventFacts, schedule: readonly FeePeriod[]): Candidate[] {
  const onTime = event.arrivedOn === undefined ? undefined : daysBetween(event.arrivedOn, facts.eventDate) <= ON_TIME_DAYS;
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
    if (onTime !== false) add({ kopiyky: amounts.onTime, period, label: { uk: 'у строк', en: 'on time' } });
    if (onTime !== true) add({ kopiyky: amounts.late, period, label: { uk: 'із порушенням строку', en: 'late' } });
  }
  return [...out.values()];
}

function exemptionFindings(event: RegistrationEvent, facts: EventFacts): Finding[] {
  if (event.fee.kind !== 'exempt') return [];
  const { ground } = event.fee;
  if (ground === 'newborn' && !isNewbornExempt(event, facts)) {
    return [finding('FEE_EXEMPTION_NOT_APPLICABLE', '/fee/ground',
      'Звільнення для новонародженої дитини діє лише за реєстрації протягом трьох місяців після державної реєстрації народження.',
      'The newborn exemption applies only within three months of the birth registration.')];
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
  if (isNewbornExempt(event, facts)) {
    out.push(finding('FEE_NOT_DUE', '/fee/kind',
      'За реєстрацію новонародженої дитини протягом трьох місяців після реєстрації народження збір не справляється: fee.kind = exempt, ground = newborn.',
      'A newborn registered within three months of the birth registration owes no fee: fee.kind exempt, ground newborn.'));
    return out;
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
    `Сума збору не відповідає тарифу на дату реєстрації: очікується ${expected('uk')}; строк — ${ON_TIME_DAYS} днів від прибуття.`,
    `The fee does not match the rate on the registration date: expected ${expected('en')}; on time means within ${ON_TIME_DAYS} days of arrival.`);
  // Where our own table is unconfirmed, the doubt goes to the register.
  out.push(options.every((o) => o.period.confirmed) ? mismatch : { ...mismatch, severity: 'warning' });
  return out;
}

export function checkFees(event: RegistrationEvent, facts: EventFacts, ctx: RuleContext): Finding[] {
  const schedule = ctx.feeSchedule ?? FEE_SCHEDULE;
  return [...exemptionFindings(event, facts), ...paymentFindings(event, facts, schedule)];
}
