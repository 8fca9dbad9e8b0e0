import { describe, expect, it } from 'vitest';
import { ageOn, isYoungerThan } from './ages.ts';

describe('ages', () => {
  it.each([
    ['2012-11-23', '2026-11-23', 14],
    ['2012-11-24', '2026-11-23', 13],
    ['2010-11-23', '2026-11-22', 15],
    ['1988-03-15', '2026-11-20', 38],
    ['2012-02-29', '2026-02-28', 14], // a leap-day birthday falls on 28 February in common years
    ['2012-02-29', '2026-02-27', 13],
    ['2026-10-20', '2026-11-21', 0],
  ])('born %s, on %s: %i', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it('says whether someone is younger than a limit', () => {
    expect(isYoungerThan('2012-11-24', 14, '2026-11-23')).toBe(true);
    expect(isYoungerThan('2012-11-23', 14, '2026-11-23')).toBe(false);
  });
});
