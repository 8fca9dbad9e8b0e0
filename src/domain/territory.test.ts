// A register's territory: a КАТОТТГ code covers itself and every unit below it in the codifier.
import { describe, expect, it } from 'vitest';
import { katottgProblem } from './katottg.ts';
import { katottgCovers, withinTerritory } from './territory.ts';

// Real codes from the examples and katottg.test.ts; the oblast's, the raion's and the districts'
// object ids are illustrative (only the levels count for coverage, and the codes are well formed).
const KYIV_OBLAST = 'UA32000000000030281';
const BILA_TSERKVA_RAION = 'UA32020000000063812';
const BILA_TSERKVA_HROMADA = 'UA32020010000093088';
const BILA_TSERKVA = 'UA32020010010081183';
const BILA_TSERKVA_DISTRICT = 'UA32020010010181184';
const ANOTHER_SETTLEMENT_OF_THE_HROMADA = 'UA32020010020012345';
const CHORNOBYL = 'UA32000000020050699';
const KUPIANSK = 'UA63080090010026457';
const KYIV = 'UA80000000000093317';
const KYIV_DISTRICT = 'UA80000000000126643';

describe('a КАТОТТГ code covers', () => {
  it('uses well-formed codes', () => {
    const all = [KYIV_OBLAST, BILA_TSERKVA_RAION, BILA_TSERKVA_HROMADA, BILA_TSERKVA, BILA_TSERKVA_DISTRICT, ANOTHER_SETTLEMENT_OF_THE_HROMADA, CHORNOBYL, KUPIANSK, KYIV, KYIV_DISTRICT];
    expect(all.filter((c) => katottgProblem(c) !== undefined)).toEqual([]);
  });

  it.each([
    [BILA_TSERKVA, BILA_TSERKVA, true],
    [BILA_TSERKVA_HROMADA, BILA_TSERKVA, true],
    [BILA_TSERKVA_HROMADA, ANOTHER_SETTLEMENT_OF_THE_HROMADA, true],
    [BILA_TSERKVA_RAION, BILA_TSERKVA, true],
    [KYIV_OBLAST, BILA_TSERKVA, true],
    [KYIV_OBLAST, CHORNOBYL, true],
    [BILA_TSERKVA, BILA_TSERKVA_DISTRICT, true],
    [KYIV, KYIV_DISTRICT, true],
    // not what is beside or above it
    [BILA_TSERKVA, ANOTHER_SETTLEMENT_OF_THE_HROMADA, false],
    [BILA_TSERKVA, BILA_TSERKVA_HROMADA, false],
    [BILA_TSERKVA_HROMADA, KUPIANSK, false],
    [KYIV_OBLAST, KYIV, false],
    [KYIV, BILA_TSERKVA, false],
    // the exclusion zone's settlement (no raion, no hromada) is not a hromada's settlement numbered alike
    [CHORNOBYL, ANOTHER_SETTLEMENT_OF_THE_HROMADA, false],
    [BILA_TSERKVA_RAION, CHORNOBYL, false],
  ])('%s covers %s: %s', (area, code, covered) => {
    expect(katottgCovers(area, code)).toBe(covered);
  });

  it('counts no territory as all of Ukraine, and several codes as their union', () => {
    expect(withinTerritory([], KUPIANSK)).toBe(true);
    expect(withinTerritory([BILA_TSERKVA_HROMADA, KYIV], KYIV_DISTRICT)).toBe(true);
    expect(withinTerritory([BILA_TSERKVA_HROMADA, KYIV], KUPIANSK)).toBe(false);
  });
});

describe('a code that does not parse', () => {
  it('is within no area, and contains none', () => {
    expect(katottgCovers(KYIV_OBLAST, 'UA3200000000003028')).toBe(false);
    expect(katottgCovers(KYIV_OBLAST, 'not a code')).toBe(false);
    expect(katottgCovers('not a code', KYIV_OBLAST)).toBe(false);
    expect(withinTerritory([KYIV_OBLAST], 'UA32-garbage')).toBe(false);
  });
});
