import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRnokpp, normaliseRnokpp, rnokppBirthDate, rnokppCheckDigit, rnokppProblem, rnokppSex } from './rnokpp.ts';

const arbitraryRnokpp = fc
  .tuple(
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-11-23T00:00:00Z'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
    fc.constantFrom('male' as const, 'female' as const),
  )
  .map(([date, serial, sex]) => makeRnokpp(date.toISOString().slice(0, 10), serial, sex));

/** Σ dᵢ·wᵢ mod 11 before the final fold onto 0–9. */
function residue(nine: string): number {
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(nine[i]), 0);
  return ((sum % 11) + 11) % 11;
}

describe('РНОКПП', () => {
  it.each(['1759013776', '3184710691', '3652504575'])('accepts the valid %s from domain.md', (rnokpp) => {
    expect(rnokppProblem(rnokpp)).toBeUndefined();
  });

  it('rejects the invalid 1759013770 from domain.md', () => {
    expect(rnokppProblem('1759013770')).toBe('RNOKPP_CHECK_DIGIT');
  });

  it.each([
    ['1759013776', '1948-02-28', 'male'],
    ['3652504575', '2000-01-01', 'male'],
    ['3390945700', '1992-11-02', 'female'],
  ])('%s encodes birth date %s and sex %s', (rnokpp, birthDate, sex) => {
    expect(rnokppBirthDate(rnokpp)).toBe(birthDate);
    expect(rnokppSex(rnokpp)).toBe(sex);
  });

  it.each([
    ['175901377', 'RNOKPP_FORMAT'],
    ['17590137760', 'RNOKPP_FORMAT'],
    ['АВ123456', 'RNOKPP_FORMAT'],
    ['1759O13776', 'RNOKPP_FORMAT'],
    ['1759013775', 'RNOKPP_CHECK_DIGIT'],
  ])('%s → %s', (rnokpp, code) => {
    expect(rnokppProblem(rnokpp)).toBe(code);
  });

  it('drops spaces when normalising', () => {
    expect(normaliseRnokpp(' 17590 13776 ')).toBe('1759013776');
  });

  it('passes every generated valid РНОКПП and keeps its birth date and sex', () => {
    fc.assert(fc.property(arbitraryRnokpp, (rnokpp) => rnokppProblem(rnokpp) === undefined));
    expect(makeRnokpp('1992-11-02', 45, 'female')).toMatch(/^33909045\d\d$/);
  });

  it('makes a РНОКПП that reads back as the birth date and sex it was made for', () => {
    for (const sex of ['male', 'female'] as const) {
      for (const serial of [0, 7, 123]) {
        const rnokpp = makeRnokpp('1992-11-02', serial, sex);
        expect(rnokppSex(rnokpp)).toBe(sex);
        expect(rnokppBirthDate(rnokpp)).toBe('1992-11-02');
      }
    }
  });

  it('fails any change of the check digit', () => {
    fc.assert(
      fc.property(arbitraryRnokpp, fc.integer({ min: 1, max: 9 }), (rnokpp, delta) => {
        const changed = rnokpp.slice(0, 9) + String((Number(rnokpp[9]) + delta) % 10);
        return rnokppProblem(changed) === 'RNOKPP_CHECK_DIGIT';
      }),
    );
  });

  it('fails a single-digit change elsewhere, except where mod 10 folds residue 10 onto 0', () => {
    const change = fc.tuple(arbitraryRnokpp, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }));
    fc.assert(
      fc.property(change, ([rnokpp, position, delta]) => {
        const changedNine = rnokpp.slice(0, position) + String((Number(rnokpp[position]) + delta) % 10) + rnokpp.slice(position + 1, 9);
        const folded = new Set([residue(rnokpp.slice(0, 9)), residue(changedNine)]);
        const undetectable = folded.has(0) && folded.has(10);
        return (rnokppProblem(changedNine + rnokpp[9]) === undefined) === undetectable;
      }),
    );
    expect(rnokppCheckDigit('175901377')).toBe(6);
  });
});
