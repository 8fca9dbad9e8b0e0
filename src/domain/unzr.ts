// УНЗР, the record number in ЄДДР: YYYYMMDD-NNNNC — date of birth, serial 0001–9999, check digit.
// Check digit: the 12 digits weighted 7, 3, 1 repeating, summed, mod 10 (the ICAO 9303 method).
// Every weight is coprime with 10, so any single mistyped digit changes the check digit.

import { isIsoDate } from './dates.ts';
import { removeSpaces, unifyDashes } from './normalise.ts';

const CANONICAL = /^(\d{8})-(\d{4})(\d)$/;
const LOOSE = /^(\d{8})-?(\d{5})$/;
const WEIGHTS = [7, 3, 1] as const;

export type UnzrProblem = 'UNZR_FORMAT' | 'UNZR_DATE_INVALID' | 'UNZR_SERIAL_ZERO' | 'UNZR_CHECK_DIGIT';

/** Canonical `YYYYMMDD-NNNNC`: spaces dropped, any dash made a hyphen, a missing hyphen added. */
export function normaliseUnzr(raw: string): string {
  const compact = removeSpaces(unifyDashes(raw.normalize('NFC')));
  const match = LOOSE.exec(compact);
  return match ? `${match[1]}-${match[2]}` : raw.trim();
}

/** Check digit for the 12 digits of date and serial. */
export function unzrCheckDigit(twelveDigits: string): number {
  let sum = 0;
  for (let i = 0; i < twelveDigits.length; i++) sum += Number(twelveDigits[i]) * WEIGHTS[i % 3]!;
  return sum % 10;
}

/** The birth date an УНЗР encodes, as YYYY-MM-DD (not checked for validity). */
export function unzrDate(unzr: string): string {
  return `${unzr.slice(0, 4)}-${unzr.slice(4, 6)}-${unzr.slice(6, 8)}`;
}

/** What is wrong with a canonical УНЗР by itself, or undefined when it is well formed. */
export function unzrProblem(unzr: string): UnzrProblem | undefined {
  const match = CANONICAL.exec(unzr);
  if (!match) return 'UNZR_FORMAT';
  const [, date, serial, check] = match as unknown as [string, string, string, string];
  if (!isIsoDate(unzrDate(unzr))) return 'UNZR_DATE_INVALID';
  if (serial === '0000') return 'UNZR_SERIAL_ZERO';
  if (unzrCheckDigit(date + serial) !== Number(check)) return 'UNZR_CHECK_DIGIT';
  return undefined;
}

/** Builds a valid УНЗР from a birth date and serial: for tests and examples. */
export function makeUnzr(birthDate: string, serial: number): string {
  const digits = birthDate.replaceAll('-', '') + String(serial).padStart(4, '0');
  return `${digits.slice(0, 8)}-${digits.slice(8)}${unzrCheckDigit(digits)}`;
}
