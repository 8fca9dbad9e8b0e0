import { describe, expect, it } from 'vitest';
import { canonicalText, removeSpaces, toCyrillicLookalikes, toRomanLookalikes, unifyDashes } from './normalise.ts';

describe('normalise', () => {
  it('trims, composes and upper-cases', () => {
    expect(canonicalText('  і\u0308к ')).toBe('ЇК');
  });
  it('turns Latin look-alikes Cyrillic and leaves real Cyrillic alone', () => {
    expect(toCyrillicLookalikes('ABCEHIKMOPTX')).toBe('АВСЕНІКМОРТХ');
    expect(toCyrillicLookalikes('ЖҐЄ')).toBe('ЖҐЄ');
    expect(toCyrillicLookalikes('DZ')).toBe('DZ');
  });
  it('turns Cyrillic look-alikes into Roman numerals', () => {
    expect(toRomanLookalikes('ІХ')).toBe('IX');
  });
  it('unifies dashes and drops spaces, including zero-width ones', () => {
    expect(unifyDashes('a‐b‑c–d—e−f')).toBe('a-b-c-d-e-f');
    expect(removeSpaces(' 12\u00a034\u200b56 ')).toBe('123456');
  });
});
