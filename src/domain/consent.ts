// The other parent's consent (seed 002): when parents live at different addresses, registering or
// deregistering a child under 14 at one parent's address needs the other's consent; online it is
// given with a qualified e-signature (the parent's own or a notary's).

import type { RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { finding, type Finding } from './findings.ts';
import { MIN_AGE_TO_APPLY } from './people.ts';

/** Forms acceptable in an electronic application; court and guardianship decisions replace consent. */
const ELECTRONIC_FORMS: ReadonlySet<string> = new Set([
  'qualified_e_signature',
  'notarized_e_signature',
  'court_decision',
  'guardianship_decision',
]);

export function checkConsent(event: RegistrationEvent, facts: EventFacts): Finding[] {
  const applicant = event.applicant;
  if (!applicant) return [];
  const consent = applicant.otherParentConsent;
  const out: Finding[] = [];
  const childUnder14 = facts.birthDateUsable && facts.age < MIN_AGE_TO_APPLY;
  if (childUnder14 && facts.personApplies && applicant.role === 'parent' && applicant.parentsLiveApart === true && !consent) {
    out.push(finding('CONSENT_REQUIRED', '/applicant/otherParentConsent',
      'Батьки зареєстровані за різними адресами: потрібна згода другого з батьків (або рішення суду чи органу опіки) — передайте її в otherParentConsent.',
      'The parents live at different addresses: the other parent’s consent (or a court or guardianship decision) is required in otherParentConsent.'));
  }
  if (consent && event.channel === 'electronic' && !ELECTRONIC_FORMS.has(consent.form)) {
    out.push(finding('CONSENT_FORM_NOT_ALLOWED', '/applicant/otherParentConsent/form',
      'В електронній заяві згода другого з батьків підтверджується його кваліфікованим електронним підписом або засвідчується КЕП нотаріуса.',
      'In an electronic application the other parent consents with their qualified e-signature or a notary’s.'));
  }
  if (consent && consent.givenOn > facts.eventDate) {
    out.push(finding('CONSENT_AFTER_EVENT', '/applicant/otherParentConsent/givenOn',
      'Згоду другого з батьків датовано пізніше за реєстраційну дію: вона має бути до неї.',
      'The other parent’s consent is dated after the registration act; it must come before.'));
  }
  return out;
}
