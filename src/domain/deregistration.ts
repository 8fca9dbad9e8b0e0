// The closed list of deregistration grounds (seed 002) and the document each one rests on.

import type { BasisDocumentKind, DeregistrationGround, RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { finding, type Finding } from './findings.ts';

/** Basis documents a ground accepts; an empty list means the person's application alone suffices. */
export const BASIS_BY_GROUND: Readonly<Record<DeregistrationGround, readonly BasisDocumentKind[]>> = {
  application: [],
  court_decision: ['court_decision'],
  death_certificate: ['death_certificate'],
  // A DMS notice names the deceased's passport or a legalised foreign death document.
  dms_death_notice: ['dms_notice', 'foreign_death_document'],
  permit_expired: ['permit_expiry_notice'],
  permit_cancelled: ['permit_cancellation_decision'],
  social_institution_stay_ended: ['social_institution_notice'],
  // Lease ended, studies ended (dormitory), dwelling sold, "and other documents defined by law".
  dwelling_right_ended: ['lease_end', 'studies_end', 'dwelling_alienation', 'other'],
  emigration: ['emigration_notice'],
};

/** Grounds that exist only for foreigners and stateless persons (their permits). */
const NON_CITIZEN_GROUNDS: ReadonlySet<DeregistrationGround> = new Set(['permit_expired', 'permit_cancelled']);

export function checkDeregistration(event: RegistrationEvent, facts: EventFacts): Finding[] {
  const deregistration = event.deregistration;
  if (!deregistration) return [];
  const out: Finding[] = [];
  const { ground, basisDocument, guardianshipApproval } = deregistration;
  const kinds = BASIS_BY_GROUND[ground];
  if (kinds.length > 0 && !basisDocument) {
    out.push(finding('DEREGISTRATION_BASIS_REQUIRED', '/deregistration/basisDocument',
      `Для зняття з реєстрації з цієї підстави потрібен документ-підстава (${kinds.join(', ')}): передайте його в basisDocument.`,
      `This deregistration ground rests on a basis document (${kinds.join(', ')}): send it in basisDocument.`));
  } else if (basisDocument && kinds.length > 0 && !kinds.includes(basisDocument.kind)) {
    out.push(finding('DEREGISTRATION_BASIS_KIND', '/deregistration/basisDocument/kind',
      `Документ цього виду не є підставою для зняття з реєстрації з обраної підстави; очікується: ${kinds.join(', ')}.`,
      `This kind of document does not support the chosen ground; expected: ${kinds.join(', ')}.`));
  }
  if (NON_CITIZEN_GROUNDS.has(ground) && event.person.category === 'citizen') {
    out.push(finding('DEREGISTRATION_GROUND_NOT_FOR_CATEGORY', '/deregistration/ground',
      'Закінчення строку дії або скасування посвідки — підстава лише для іноземців та осіб без громадянства.',
      'An expired or cancelled permit is a ground for foreigners and stateless persons only.'));
  }
  // A guardian applying for an orphan or a ward needs the guardianship body's approval.
  if (facts.personApplies && event.applicant?.role === 'legal_representative' && !guardianshipApproval) {
    out.push(finding('DEREGISTRATION_GUARDIANSHIP_APPROVAL_REQUIRED', '/deregistration/guardianshipApproval',
      'Зняття з реєстрації дитини, позбавленої батьківського піклування, або особи під опікою здійснюється за погодженням органу опіки і піклування: передайте його в guardianshipApproval.',
      'Deregistering a child without parental care or a person under guardianship needs the guardianship body’s approval in guardianshipApproval.'));
  }
  if (guardianshipApproval && guardianshipApproval.kind !== 'guardianship_approval') {
    out.push(finding('DEREGISTRATION_GUARDIANSHIP_APPROVAL_KIND', '/deregistration/guardianshipApproval/kind',
      'У полі guardianshipApproval може бути лише погодження органу опіки і піклування (kind = guardianship_approval).',
      'guardianshipApproval may only hold the guardianship body’s approval (kind guardianship_approval).'));
  }
  return out;
}
