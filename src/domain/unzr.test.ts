import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeUnzr, normaliseUnzr, unzrCheckDigit, unzrDate, unzrProblem } from './unzr.ts';

const arbitraryBirthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-11-23T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const arbitraryUnzr = fc.tuple(arbitraryBirthDate, fc.integer({ min: 1, max: 9999 })).map(([date, serial]) => makeUnzr(date, serial));

describe('УНЗР', () => {
  it.each(['19550212-01110', '19910824-00015', '20000101-00020'])('accepts the valid %s from domain.md', (unzr) => {
    expect(unzrProblem(unzr)).toBeUndefined();
  });

  it('computes the worked example: 1955021201 11 → check digit 0', () => {
    expect(unzrCheckDigit('195502120111')).toBe(0);
    expect(unzrDate('19550212-01110')).toBe('1955-02-12');
  });

  it.each([
    ['19550212-0111', 'UNZR_FORMAT'],
    ['1955021201110', 'UNZR_FORMAT'], // canonical form only; normaliseUnzr adds the hyphen
    ['19550212_01110', 'UNZR_FORMAT'],
    ['19550230-01110', 'UNZR_DATE_INVALID'],
    ['19551312-01110', 'UNZR_DATE_INVALID'],
    ['19550212-00000', 'UNZR_SERIAL_ZERO'],
    ['19550212-01111', 'UNZR_CHECK_DIGIT'],
    ['19910824-00016', 'UNZR_CHECK_DIGIT'],
  ])('%s → %s', (unzr, code) => {
    expect(unzrProblem(unzr)).toBe(code);
  });

  it.each([
    ['  19550212-01110 ', '19550212-01110'],
    ['1955021201110', '19550212-01110'],
    ['19550212–01110', '19550212-01110'], // en dash
    ['19550212 01110', '19550212-01110'],
    ['1955-02-12', '1955-02-12'], // not an УНЗР: left for the check to reject
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseUnzr(raw)).toBe(expected);
  });

  it('passes every generated valid УНЗР', () => {
    fc.assert(fc.property(arbitraryUnzr, (unzr) => unzrProblem(unzr) === undefined));
  });

  it('fails any single-digit change (weights 7, 3, 1 are coprime with 10)', () => {
    const change = fc.tuple(arbitraryUnzr, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }));
    fc.assert(
      fc.property(change, ([unzr, position, delta]) => {
        const digits = unzr.replace('-', '');
        const changed = digits.slice(0, position) + String((Number(digits[position]) + delta) % 10) + digits.slice(position + 1);
        return unzrProblem(`${changed.slice(0, 8)}-${changed.slice(8)}`) !== undefined;
      }),
    );
  });
});

describe('normalising what is not a УНЗР', () => {
  it('leaves it as written, only trimmed, for the format check to name', () => {
    expect(normaliseUnzr('  not-a-unzr  ')).toBe('not-a-unzr');
    expect(unzrProblem(normaliseUnzr(' 12345 '))).toBe('UNZR_FORMAT');
  });
});
