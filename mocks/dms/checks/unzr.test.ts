import { describe, expect, it } from 'vitest';
import { unzrCheckDigit, unzrProblem } from './unzr.ts';

describe('УНЗР', () => {
  it.each([
    ['19550212-01110', '1955-02-12'],
    ['19910824-00015', '1991-08-24'],
    ['20000101-00020', '2000-01-01'],
  ])('accepts %s', (unzr, birthDate) => {
    expect(unzrProblem(unzr, birthDate)).toBeNull();
  });

  it('computes the check digit with weights 7, 3, 1', () => {
    // 1·7+9·3+5·1+5·7+0·3+2·1+1·7+2·3+0·1+1·7+1·3+1·1 = 100
    expect(unzrCheckDigit('195502120111')).toBe(0);
  });

  it.each([
    ['1991082400015', '1991-08-24', 'формат'],
    ['19910824-00016', '1991-08-24', 'контрольна'],
    ['19910824-00015', '1991-08-25', 'дат'],
    ['19910824-00000', '1991-08-24', '0000'],
  ])('refuses %s for %s', (unzr, birthDate, why) => {
    expect(unzrProblem(unzr, birthDate)).toContain(why);
  });
});
