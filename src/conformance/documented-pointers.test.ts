import { describe, expect, it } from 'vitest';
import { documentedPointers, pointerMatches } from './documented-pointers.ts';
import { CONTRACT_DIR } from './run.ts';

describe('documentedPointers', () => {
  const pointers = documentedPointers(CONTRACT_DIR);

  it('reads the Pointer column of RULES.md, and only that column', () => {
    expect(pointers.get('PERSON_BIRTH_DATE_IN_FUTURE')).toBe('/person/birthDate');
    expect(pointers.get('DOCUMENT_NUMBER_FORMAT')).toBe('…/number');
    expect(pointers.get('CONSENT_FORM_NOT_ALLOWED')).toBe('/applicant/otherParentConsent/form');
    expect(pointers.has('ADDRESS_MOVE_SAME')).toBe(false); // its table has no Pointer column
    expect(pointers.size).toBeGreaterThan(30);
  });

  it('matches "…/number" at the end of any document, and other pointers exactly', () => {
    expect(pointerMatches('…/number', '/birthCertificate/number')).toBe(true);
    expect(pointerMatches('…/number', '/document/series')).toBe(false);
    expect(pointerMatches('/person/birthDate', '/person/birthDate')).toBe(true);
    expect(pointerMatches('/person/birthDate', '/applicant/birthDate')).toBe(false);
  });
});
