import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isSettlementLevelOrBelow,
  katottgProblem,
  normaliseCategory,
  normaliseKatottg,
  OBLAST_CODES,
  parseKatottg,
  sameCategory,
} from './katottg.ts';

describe('КАТОТТГ', () => {
  it.each([
    ['UA80000000000093317', 'Київ', true],
    ['UA32020010010081183', 'м. Біла Церква', true],
    ['UA63080090010026457', 'м. Куп’янськ', true],
    ['UA32020010000093088', 'Білоцерківська громада', false],
    ['UA63080090000067457', 'Куп’янська громада', false],
    // The exclusion zone: settlements straight under the oblast, with no raion or hromada.
    ['UA32000000010085013', 'м. Прип’ять', true],
    ['UA32000000020050699', 'м. Чорнобиль', true],
  ])('%s (%s) is well formed; settlement level: %s', (code, _name, settlement) => {
    expect(katottgProblem(code)).toBeUndefined();
    expect(isSettlementLevelOrBelow(code)).toBe(settlement);
  });

  it('splits a code into its levels', () => {
    expect(parseKatottg('UA32020010010081183')).toEqual({
      oblast: '32', raion: '02', hromada: '001', settlement: '001', district: '00', objectId: '81183',
    });
  });

  it.each([
    ['3210300000', 'KATOTTG_FORMAT'], // a КОАТУУ code
    ['UA3202001001008118', 'KATOTTG_FORMAT'],
    ['UA32020010010081183X', 'KATOTTG_FORMAT'],
    ['UA99020010010081183', 'KATOTTG_OBLAST_UNKNOWN'],
    ['UA00000000000012345', 'KATOTTG_OBLAST_UNKNOWN'],
    ['UA32000010010081183', 'KATOTTG_LEVELS_INCONSISTENT'], // hromada without raion
    ['UA32020000010081183', 'KATOTTG_LEVELS_INCONSISTENT'], // settlement without hromada
    ['UA32020010000181183', 'KATOTTG_LEVELS_INCONSISTENT'], // district without settlement
    ['UA80010000000093317', 'KATOTTG_LEVELS_INCONSISTENT'], // Kyiv has no raions
    ['UA32000000010185013', 'KATOTTG_LEVELS_INCONSISTENT'], // a city district under an exclusion-zone settlement
    ['UA32020000010081183', 'KATOTTG_LEVELS_INCONSISTENT'], // a settlement under a raion but no hromada
    ['UA32000010000081183', 'KATOTTG_LEVELS_INCONSISTENT'], // a hromada under no raion
  ])('%s → %s', (code, problem) => {
    expect(katottgProblem(code)).toBe(problem);
  });

  it.each([
    [' ua32020010010081183 ', 'UA32020010010081183'],
    ['УА32020010010081183', 'UA32020010010081183'], // Cyrillic У and А
    ['UА32020010010081183', 'UA32020010010081183'], // Cyrillic А only
  ])('normalises %j', (raw, expected) => {
    expect(normaliseKatottg(raw)).toBe(expected);
  });

  it('treats Latin look-alike category letters as the Cyrillic ones', () => {
    expect(normaliseCategory('M')).toBe('М');
    expect(normaliseCategory('c')).toBe('С');
    expect(normaliseCategory('X')).toBe('Х');
    expect(normaliseCategory('B')).toBe('В');
    expect(normaliseCategory('Z')).toBeUndefined();
    expect(sameCategory('M', 'М')).toBe(true);
    expect(sameCategory('T', 'Х')).toBe(false);
  });

  it('accepts every generated settlement-level code', () => {
    const nonZero = (digits: number) => fc.integer({ min: 1, max: 10 ** digits - 1 }).map((n) => String(n).padStart(digits, '0'));
    const regular = [...OBLAST_CODES].filter((o) => o !== '80' && o !== '85');
    const code = fc
      .tuple(fc.constantFrom(...regular), nonZero(2), nonZero(3), nonZero(3), fc.constantFrom('00', '01', '12'), fc.integer({ min: 0, max: 99999 }))
      .map(([o, r, h, s, d, id]) => `UA${o}${r}${h}${s}${d}${String(id).padStart(5, '0')}`);
    fc.assert(fc.property(code, (c) => katottgProblem(c) === undefined && isSettlementLevelOrBelow(c)));
  });
});

describe('a code that does not parse', () => {
  it('is no place a person can live at', () => {
    expect(isSettlementLevelOrBelow('UA3202001001008118')).toBe(false);
    expect(isSettlementLevelOrBelow('')).toBe(false);
  });
});
