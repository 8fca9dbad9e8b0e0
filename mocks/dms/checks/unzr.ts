// УНЗР (record number in ЄДДР): YYYYMMDD-NNNNC — date of birth, a serial 0001–9999, a check digit
// computed ICAO 9303 style: the 12 digits times 7, 3, 1 repeating, sum mod 10. Written here from the
// definition, not shared with the gateway: the mock is an independent second opinion.
const SHAPE = /^(\d{8})-(\d{4})(\d)$/;
const WEIGHTS = [7, 3, 1] as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

export function unzrCheckDigit(twelveDigits: string): number {
  let sum = 0;
  for (let i = 0; i < twelveDigits.length; i++) sum += Number(twelveDigits[i]) * WEIGHTS[i % 3]!;
  return sum % 10;
}

/** Why this УНЗР cannot belong to a person born on `birthDate` (xs:date), or null when it can. */
export function unzrProblem(unzr: string, birthDate: string): string | null {
  const parts = SHAPE.exec(unzr);
  if (!parts) return 'формат має бути YYYYMMDD-NNNNC';
  const [, datePart = '', serial = '', check = ''] = parts;
  const born = DATE.exec(birthDate);
  if (!born || datePart !== `${born[1]}${born[2]}${born[3]}`) return 'перші 8 цифр не збігаються з датою народження';
  if (serial === '0000') return 'порядковий номер 0000 неможливий';
  if (unzrCheckDigit(datePart + serial) !== Number(check)) return 'неправильна контрольна цифра';
  return null;
}
