// The closed list of deregistration grounds and the document each one rests on. Source:
// seeds/002_82faffbd1df109ee.txt (seed 002) l.132-160; the permit grounds l.140; the guardianship
// body's approval l.146.

import type { BasisDocument, BasisDocumentKind, DeregistrationGround, DocumentType, RegistrationEvent } from './event.ts';
import type { EventFacts } from './event-facts.ts';
import { finding, type Finding } from './findings.ts';

/** Basis documents a ground accepts; an empty list means the person's application alone suffices. */
export const BASIS_BY_GROUND: Readonly<Record<DeregistrationGround, readonly BasisDocumentKind[]>> = {
  application: [],
  court_decision: ['court_decision'],
  death_certificate: ['death_certificate'],
  // A DMS notice names the deceased's passport or a legalised foreign death document.
  dms_death_notice: ['dms_notice', 'foreign_death_document'],
  // Seed 002 l.140: DMS's information that the temporary residence permit expired, or a copy of the
  // decision cancelling it; a separate ground: the immigration permit and the permanent residence
  // permit cancelled.
  permit_expired: ['permit_expiry_notice'],
  permit_cancelled: ['permit_cancellation_decision'],
  immigration_permit_cancelled: ['permit_cancellation_decision'],
  social_institution_stay_ended: ['social_institution_notice'],
  // Lease ended, studies ended (dormitory), dwelling sold, "and other documents defined by law".
  dwelling_right_ended: ['lease_end', 'studies_end', 'dwelling_alienation', 'other'],
  emigration: ['emigration_notice'],
};

/** The permit grounds (seed 002 l.140) and the permit the person must hold for each. */
export const PERMIT_BY_GROUND: Readonly<Partial<Record<DeregistrationGround, DocumentType>>> = {
  permit_expired: 'temporary_residence_permit',
  permit_cancelled: 'temporary_residence_permit',
  immigration_permit_cancelled: 'permanent_residence_permit',
};

function permitFindings(event: RegistrationEvent, ground: DeregistrationGround, facts: EventFacts): Finding[] {
  const permit = PERMIT_BY_GROUND[ground];
  if (permit === undefined) return [];
  const doc = event.document;
  if (event.person.category === 'citizen') {
    return [finding('DEREGISTRATION_GROUND_NOT_FOR_CATEGORY', '/deregistration/ground',
      'Закінчення строку дії або скасування посвідки — підстава лише для іноземців та осіб без громадянства.',
      'An expired or cancelled permit is a ground for foreigners and stateless persons only.')];
  }
  // A child's registration may rest on the birth certificate; the parents' permit is then the basis.
  if (doc.type === 'birth_certificate') return [];
  if (doc.type !== permit) {
    const [uk, en] = permit === 'temporary_residence_permit'
      ? ['посвідки на тимчасове проживання (для посвідки на постійне проживання — immigration_permit_cancelled)', 'a temporary residence permit (for a permanent residence permit use immigration_permit_cancelled)']
      : ['посвідки на постійне проживання (скасування дозволу на імміграцію)', 'a permanent residence permit (the immigration permit cancelled)'];
    return [finding('DEREGISTRATION_GROUND_NOT_FOR_DOCUMENT', '/deregistration/ground',
      `Ця підстава зняття з реєстрації стосується лише власника ${uk}; документ особи інший.`,
      `This ground applies to the holder of ${en} only; the person's document is another one.`)];
  }
  // Expired only once its last day has passed (a permit is valid through validUntil).
  if (ground === 'permit_expired' && (doc.validUntil === undefined || doc.validUntil >= facts.eventDate)) {
    return [finding('DEREGISTRATION_PERMIT_NOT_EXPIRED', '/document/validUntil',
      'Підстава permit_expired можлива лише після закінчення строку дії посвідки: передайте document.validUntil, раніший за дату зняття з реєстрації.',
      'permit_expired applies only once the permit has run out: send document.validUntil earlier than the deregistration date.')];
  }
  return [];
}

function basisFindings(ground: DeregistrationGround, basisDocument: BasisDocument | undefined): Finding[] {
  const kinds = BASIS_BY_GROUND[ground];
  if (kinds.length > 0 && !basisDocument) {
    return [finding('DEREGISTRATION_BASIS_REQUIRED', '/deregistration/basisDocument',
      `Для зняття з реєстрації з цієї підстави потрібен документ-підстава (${kinds.join(', ')}): передайте його в basisDocument.`,
      `This deregistration ground rests on a basis document (${kinds.join(', ')}): send it in basisDocument.`)];
  }
  if (basisDocument && kinds.length > 0 && !kinds.includes(basisDocument.kind)) {
    return [finding('DEREGISTRATION_BASIS_KIND', '/deregistration/basisDocument/kind',
      `Документ цього виду не є підставою для зняття з реєстрації з обраної підстави; очікується: ${kinds.join(', ')}.`,
      `This kind of document does not support the chosen ground; expected: ${kinds.join(', ')}.`)];
  }
  return [];
}

/**
 * A move (or a declaration that removes the previous place at once) deregisters the person from the
 * previous address: for a ward the guardian needs the guardianship body's approval (seed 002 l.146),
 * carried in deregistration.guardianshipApproval.
 */
function moveApprovalFindings(event: RegistrationEvent): Finding[] {
  const moves = event.type === 'residence.moved' || (event.type === 'residence.declared' && event.previousAddress !== undefined);
  if (!moves || event.applicant?.role !== 'legal_representative' || event.deregistration?.guardianshipApproval) return [];
  return [finding('MOVE_GUARDIANSHIP_APPROVAL_REQUIRED', '/deregistration/guardianshipApproval',
    'Опікун змінює місце проживання підопічного (дитини-сироти, дитини, позбавленої батьківського піклування, особи під опікою), тобто знімає його з попереднього місця: потрібне погодження органу опіки і піклування в deregistration.guardianshipApproval.',
    'A guardian moving a ward (an orphan, a child without parental care, a person under guardianship) deregisters them from the previous address: the guardianship body’s approval is required in deregistration.guardianshipApproval.')];
}

export function checkDeregistration(event: RegistrationEvent, facts: EventFacts): Finding[] {
  const out = moveApprovalFindings(event);
  const deregistration = event.deregistration;
  if (!deregistration) return out;
  const { ground, basisDocument, guardianshipApproval } = deregistration;
  out.push(...basisFindings(ground, basisDocument), ...permitFindings(event, ground, facts));
  // A guardian deregistering an orphan or a ward needs the guardianship body's approval (l.146).
  if (facts.isDeregistration && facts.personApplies && event.applicant?.role === 'legal_representative' && !guardianshipApproval) {
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
