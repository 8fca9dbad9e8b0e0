// The normalized registration event, contract v1, as TypeScript sees it.
// contracts/events/v1/event.schema.json is the source of truth; these types mirror it.

export const EVENT_TYPES = [
  'residence.registered',
  'stay.registered',
  'residence.deregistered',
  'stay.deregistered',
  'residence.moved',
  // Law 1871-IX (in force 01.12.2021): declaration of the place of residence, beside registration.
  'residence.declared',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type PersonCategory = 'citizen' | 'foreigner' | 'stateless' | 'refugee' | 'protection';

export type DocumentType =
  | 'passport_booklet'
  | 'id_card'
  | 'temporary_certificate'
  | 'temporary_residence_permit'
  | 'permanent_residence_permit'
  | 'refugee_certificate'
  | 'additional_protection_certificate'
  | 'temporary_protection_certificate'
  | 'asylum_applicant_certificate'
  | 'birth_certificate';

export type DeregistrationGround =
  | 'application'
  | 'court_decision'
  | 'death_certificate'
  | 'dms_death_notice'
  | 'permit_expired'
  | 'permit_cancelled'
  | 'immigration_permit_cancelled'
  | 'social_institution_stay_ended'
  | 'dwelling_right_ended'
  | 'emigration';

export type BasisDocumentKind =
  | 'court_decision'
  | 'death_certificate'
  | 'dms_notice'
  | 'foreign_death_document'
  | 'permit_expiry_notice'
  | 'permit_cancellation_decision'
  | 'social_institution_notice'
  | 'lease_end'
  | 'studies_end'
  | 'dwelling_alienation'
  | 'emigration_notice'
  | 'guardianship_approval'
  | 'power_of_attorney'
  | 'other';

export type Channel = 'cnap' | 'emalyatko' | 'electronic';

export interface IdentityDocument {
  type: DocumentType;
  series?: string;
  number: string;
  issuedOn?: string;
  issuer?: string;
  validUntil?: string;
}

export interface BasisDocument {
  kind: BasisDocumentKind;
  number: string;
  issuedOn: string;
  issuer?: string;
}

export interface Address {
  katottg: string;
  street: string;
  building: string;
  block?: string;
  apartment?: string;
  postalCode?: string;
}

export interface Person {
  unzr?: string;
  rnokpp?: string;
  lastName: string;
  firstName: string;
  patronymic?: string;
  sex?: 'male' | 'female';
  birthDate: string;
  birthPlace: string;
  category: PersonCategory;
  citizenship?: string;
}

export interface Applicant {
  role: 'parent' | 'legal_representative' | 'representative';
  lastName: string;
  firstName: string;
  patronymic?: string;
  unzr?: string;
  birthDate?: string;
  document?: IdentityDocument;
  authority?: BasisDocument;
  parentsLiveApart?: boolean;
  otherParentConsent?: {
    form:
      | 'in_person'
      | 'certified_written'
      | 'qualified_e_signature'
      | 'notarized_e_signature'
      | 'court_decision'
      | 'guardianship_decision';
    givenOn: string;
  };
}

export type Fee =
  | { kind: 'paid'; amount: string; receiptCode?: string; paidOn?: string }
  | { kind: 'exempt'; ground: 'newborn' | 'law' | 'included_in_move' };

export interface RegistrationEvent {
  eventId: string;
  type: EventType;
  occurredAt: string;
  arrivedOn?: string;
  register: { code: string; name?: string };
  person: Person;
  document: IdentityDocument;
  birthCertificate?: IdentityDocument;
  birthRegistration?: { actRecordNumber: string; registeredOn: string; office: string };
  address: Address;
  previousAddress?: Address;
  deregistration?: {
    ground: DeregistrationGround;
    basisDocument?: BasisDocument;
    guardianshipApproval?: BasisDocument;
    /** DMS's id of the notice that caused the deregistration (GET /v1/notices). */
    noticeId?: string;
  };
  applicant?: Applicant;
  fee: Fee;
  channel: Channel;
}

/** A non-blocking finding stored with the event and returned in the 202 body. */
export interface Warning {
  code: string;
  pointer: string;
  message: { uk: string; en: string };
}
