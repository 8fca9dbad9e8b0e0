// Valid Ukrainian identifiers for generated people, written from the published rules rather than
// imported from src/domain, so that the generator's test cross-checks the gateway's validators.
//   УНЗР    YYYYMMDD-NNNNC: birth date, serial 0001–9999, C = Σ digit × (7, 3, 1 repeating) mod 10
//   РНОКПП  10 digits: days since 1899-12-31, 3-digit serial, sex digit (odd = male),
//           C = (Σ dᵢ × (−1, 5, 7, 9, 4, 6, 10, 5, 7)) mod 11 mod 10
const DAY_MS = 86_400_000;

export function makeUnzr(birthDate: string, serial: number): string {
  if (serial < 1 || serial > 9999) throw new Error('УНЗР serial is 0001–9999');
  const digits = birthDate.replaceAll('-', '') + String(serial).padStart(4, '0');
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (weights[i % 3] as number);
  return `${digits.slice(0, 8)}-${digits.slice(8)}${sum % 10}`;
}

export function makeRnokpp(birthDate: string, serial: number, sex: 'male' | 'female'): string {
  const days = Math.round((Date.parse(`${birthDate}T00:00:00Z`) - Date.parse('1899-12-31T00:00:00Z')) / DAY_MS);
  const sexDigit = 2 * (serial % 5) + (sex === 'male' ? 1 : 0);
  const nine = `${String(days).padStart(5, '0')}${String(serial % 1000).padStart(3, '0')}${sexDigit}`;
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (weights[i] as number);
  return nine + String((((sum % 11) + 11) % 11) % 10);
}
