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

describe('УНЗР, exact shape and exact reasons', () => {
  it.each([
    ['x19910824-00015', 'формат має бути YYYYMMDD-NNNNC'],
    ['19910824-000150', 'формат має бути YYYYMMDD-NNNNC'],
    ['19910824-0001', 'формат має бути YYYYMMDD-NNNNC'],
    ['1991082a-00015', 'формат має бути YYYYMMDD-NNNNC'],
  ])('refuses the shape of %s', (unzr, reason) => {
    expect(unzrProblem(unzr, '1991-08-24')).toBe(reason);
  });

  it('refuses a birth date that is not an xs:date, and one with text before it', () => {
    expect(unzrProblem('19910824-00015', 'unknown')).toBe('перші 8 цифр не збігаються з датою народження');
    expect(unzrProblem('19910824-00015', 'x1991-08-24')).toBe('перші 8 цифр не збігаються з датою народження');
  });

  it('accepts a birth date with a time zone after it', () => {
    expect(unzrProblem('19910824-00015', '1991-08-24+02:00')).toBeNull();
  });

  it('names serial 0000 and a wrong check digit exactly', () => {
    expect(unzrProblem('19910824-00000', '1991-08-24')).toBe('порядковий номер 0000 неможливий');
    expect(unzrProblem('19910824-00016', '1991-08-24')).toBe('неправильна контрольна цифра');
  });

  it('weighs every digit: the check digit of other numbers', () => {
    // 2·7+0·3+0·1+0·7+0·3+1·1+0·7+1·3+0·1+0·7+0·3+2·1 = 20
    expect(unzrCheckDigit('200001010002')).toBe(0);
    // 1·7+9·3+9·1+1·7+0·3+8·1+2·7+4·3+0·1+0·7+0·3+1·1 = 85
    expect(unzrCheckDigit('199108240001')).toBe(5);
    expect(unzrCheckDigit('000000000001')).toBe(1);
    expect(unzrCheckDigit('000000000010')).toBe(3);
    expect(unzrCheckDigit('000000000100')).toBe(7);
  });
});
