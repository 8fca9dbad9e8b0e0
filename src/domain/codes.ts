// Every code the domain rules can produce, with how it counts. Vendors match on these strings:
// they never change meaning; new situations get new codes. RULES.md documents each one.
//   error   — the event is refused (422) and nothing is stored;
//   warning — accepted, stored with the event and returned in the 202 body;
//   fee     — a warning by default, an error when the gateway is configured with feeMismatch = reject.

export type Severity = 'error' | 'warning' | 'fee';

export const RULE_CODES = {
  OCCURRED_AT_IN_FUTURE: 'error',
  PERSON_BIRTH_DATE_IN_FUTURE: 'error',
  PERSON_BIRTH_DATE_IMPLAUSIBLE: 'error',
  PERSON_BORN_AFTER_EVENT: 'error',
  ARRIVED_ON_AFTER_EVENT: 'error',
  ARRIVED_ON_BEFORE_BIRTH: 'error',

  UNZR_REQUIRED: 'error',
  UNZR_FORMAT: 'error',
  UNZR_DATE_INVALID: 'error',
  UNZR_DATE_IN_FUTURE: 'error',
  UNZR_SERIAL_ZERO: 'error',
  UNZR_CHECK_DIGIT: 'error',
  UNZR_BIRTH_DATE_MISMATCH: 'error',

  RNOKPP_FORMAT: 'error',
  RNOKPP_CHECK_DIGIT: 'error',
  RNOKPP_BIRTH_DATE_MISMATCH: 'error',
  RNOKPP_SEX_MISMATCH: 'warning',

  KATOTTG_FORMAT: 'error',
  KATOTTG_OBLAST_UNKNOWN: 'error',
  KATOTTG_LEVELS_INCONSISTENT: 'error',
  KATOTTG_NOT_SETTLEMENT_LEVEL: 'error',
  ADDRESS_MOVE_SAME: 'error',

  DOCUMENT_SERIES_REQUIRED: 'error',
  DOCUMENT_SERIES_UNEXPECTED: 'error',
  DOCUMENT_SERIES_FORMAT: 'error',
  DOCUMENT_NUMBER_FORMAT: 'error',
  DOCUMENT_NOT_FOR_CATEGORY: 'error',
  DOCUMENT_STAY_ONLY: 'error',
  DOCUMENT_BIRTH_CERTIFICATE_AGE: 'error',
  DOCUMENT_TYPE_MISMATCH: 'error',
  DOCUMENT_ISSUED_AFTER_EVENT: 'error',
  DOCUMENT_ISSUED_BEFORE_BIRTH: 'error',
  DOCUMENT_VALIDITY_BEFORE_ISSUE: 'error',
  DOCUMENT_PERMIT_EXPIRED: 'error',
  DOCUMENT_EXPIRED: 'warning',
  BIRTH_CERTIFICATE_REQUIRED: 'error',

  PERSON_UNDER_14_ALONE: 'error',
  PERSON_CITIZENSHIP_CONFLICT: 'error',
  APPLICANT_ROLE_NOT_ALLOWED: 'error',
  APPLICANT_UNDER_14: 'error',
  APPLICANT_AUTHORITY_REQUIRED: 'error',
  APPLICANT_SAME_AS_PERSON: 'error',
  APPLICANT_AUTHORITY_KIND: 'error',
  APPLICANT_DOCUMENT_REQUIRED: 'error',
  ELECTRONIC_CHILD_APPLICANT_NOT_PARENT: 'error',
  CONSENT_REQUIRED: 'error',
  CONSENT_FORM_NOT_ALLOWED: 'error',
  CONSENT_AFTER_EVENT: 'error',

  EMALYATKO_BIRTH_REGISTRATION_REQUIRED: 'error',
  EMALYATKO_EVENT_TYPE: 'error',
  EMALYATKO_CHILD_TOO_OLD: 'error',
  BIRTH_REGISTRATION_DATE_INCONSISTENT: 'error',

  DEREGISTRATION_BASIS_REQUIRED: 'error',
  DEREGISTRATION_BASIS_KIND: 'error',
  DEREGISTRATION_GROUND_NOT_FOR_CATEGORY: 'error',
  DEREGISTRATION_GUARDIANSHIP_APPROVAL_REQUIRED: 'error',
  DEREGISTRATION_GUARDIANSHIP_APPROVAL_KIND: 'error',
  DEREGISTRATION_GROUND_NOT_FOR_DOCUMENT: 'error',
  DEREGISTRATION_PERMIT_NOT_EXPIRED: 'error',
  MOVE_GUARDIANSHIP_APPROVAL_REQUIRED: 'error',

  DECLARATION_BEFORE_LAW: 'error',

  FEE_AMOUNT_MISMATCH: 'fee',
  // FEE_NOT_DUE (a newborn "owed no fee") is retired: seed 002 records the newborn's fee as paid.
  FEE_NEWBORN_NOT_EXEMPT: 'fee',
  FEE_NOT_CHARGED_FOR_STAY: 'fee',
  FEE_EXEMPTION_NOT_APPLICABLE: 'fee',
  FEE_PAID_AFTER_EVENT: 'error',
  FEE_SCHEDULE_MISSING: 'warning',
} as const satisfies Record<string, Severity>;

export type RuleCode = keyof typeof RULE_CODES;

export function isRuleCode(code: string): code is RuleCode {
  return Object.hasOwn(RULE_CODES, code);
}

/**
 * Codes that depend on the register's configuration, not on the event alone: checked at ingest
 * (src/ingest/ingest-event.ts), documented in RULES.md section 1 with their status.
 */
export const REGISTER_CONFIG_CODES = {
  /** The event's address is outside the КАТОТТГ codes the register serves (src/domain/territory.ts). */
  ADDRESS_OUTSIDE_TERRITORY: 422,
  /** `deregistration.noticeId` names no notice routed to this register (src/store/notices.ts). */
  NOTICE_UNKNOWN: 422,
} as const;
