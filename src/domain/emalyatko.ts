// «єМалятко» (CMU 691; seeds/002_82faffbd1df109ee.txt l.105, l.123-129, l.195, l.205): a newborn's
// residence registered from ДРАЦС data. It is a residence registration of a child — since Law 1871-IX
// also a declaration — and the birth act record is what it rests on. Its fee is paid and recorded
// (fees.ts).

import type { RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { finding, type Finding } from './findings.ts';
import { MIN_AGE_TO_APPLY } from './people.ts';

export function checkEmalyatko(event: RegistrationEvent, facts: EventFacts): Finding[] {
  const out: Finding[] = [];
  const registration = event.birthRegistration;
  if (registration && (registration.registeredOn < event.person.birthDate || registration.registeredOn > facts.eventDate)) {
    out.push(finding('BIRTH_REGISTRATION_DATE_INCONSISTENT', '/birthRegistration/registeredOn',
      'Дата державної реєстрації народження має бути не раніше дати народження і не пізніше реєстраційної дії.',
      'The birth was registered before the child was born or after the registration act: check the date.'));
  }
  if (event.channel !== 'emalyatko') return out;
  if (!registration) {
    out.push(finding('EMALYATKO_BIRTH_REGISTRATION_REQUIRED', '/birthRegistration',
      'Реєстрація за «єМалятко» здійснюється виключно за даними ДРАЦС: передайте актовий запис про народження (birthRegistration).',
      'An єМалятко registration rests on ДРАЦС data: send the birth act record (birthRegistration).'));
  }
  if (event.type !== 'residence.registered' && event.type !== 'residence.declared') {
    out.push(finding('EMALYATKO_EVENT_TYPE', '/type',
      '«єМалятко» — це лише реєстрація (декларування) місця проживання дитини (type = residence.registered або residence.declared).',
      'єМалятко only registers (declares) a child’s place of residence (type residence.registered or residence.declared).'));
  }
  if (facts.birthDateUsable && facts.age >= MIN_AGE_TO_APPLY) {
    out.push(finding('EMALYATKO_CHILD_TOO_OLD', '/person/birthDate',
      'За «єМалятко» реєструють місце проживання дитини до 14 років; для старшої особи оберіть канал cnap або electronic.',
      'єМалятко registers children under 14; for an older person use the cnap or electronic channel.'));
  }
  return out;
}
