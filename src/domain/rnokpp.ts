// РНОКПП, the taxpayer number: 10 digits. Digits 1–5 count days since 31.12.1899 (the birth date),
// digit 9 is odd for men and even for women, digit 10 = (Σ dᵢ·wᵢ, w = −1,5,7,9,4,6,10,5,7) mod 11 mod 10.
// The final "mod 10" folds 10 onto 0, so a few single-digit typos keep the check digit: the birth-date
// comparison catches most of those in digits 1–5.

import { addDays } from './dates.ts';
import { removeSpaces } from './normalise.ts';

const WEIGHTS = [-1, 5, 7, 9, 4, 6, 10, 5, 7] as const;
const EPOCH = '1899-12-31';

export type RnokppProblem = 'RNOKPP_FORMAT' | 'RNOKPP_CHECK_DIGIT';

export function normaliseRnokpp(raw: string): string {
  return removeSpaces(raw.normalize('NFC'));
}

export function rnokppCheckDigit(nineDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * WEIGHTS[i]!;
  return (((sum % 11) + 11) % 11) % 10;
}

export function rnokppProblem(rnokpp: string): RnokppProblem | undefined {
  if (!/^\d{10}$/.test(rnokpp)) return 'RNOKPP_FORMAT';
  if (rnokppCheckDigit(rnokpp) !== Number(rnokpp[9])) return 'RNOKPP_CHECK_DIGIT';
  return undefined;
}

export function rnokppBirthDate(rnokpp: string): string {
  return addDays(EPOCH, Number(rnokpp.slice(0, 5)));
}

export function rnokppSex(rnokpp: string): 'male' | 'female' {
  return Number(rnokpp[8]) % 2 === 1 ? 'male' : 'female';
}

/** Builds a valid РНОКПП for a birth date, a 3-digit serial and a sex: for tests and examples. */
export function makeRnokpp(birthDate: string, serial: number, sex: 'male' | 'female'): string {
  const days = Math.round((Date.parse(birthDate) - Date.parse(EPOCH)) / 86_400_000);
  const sexDigit = (serial % 5) * 2 + (sex === 'male' ? 1 : 0);
  const nine = String(days).padStart(5, '0') + String(serial % 1000).padStart(3, '0') + String(sexDigit);
  return nine + String(rnokppCheckDigit(nine));
}
