import { describe, expect, it } from 'vitest';
import { BIRTH_CERTIFICATE_RULES, DECLARATION_RULES, inForceOn, IN_FORCE, type Dated } from './law-in-force.ts';

const nextDay = (date: string): string => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);

describe.each([
  ['birth certificate', BIRTH_CERTIFICATE_RULES as readonly Dated[]],
  ['declaration', DECLARATION_RULES as readonly Dated[]],
])('dated table: %s', (_name, table) => {
  it('runs without gaps or overlaps up to the rule in force, each row with its source', () => {
    for (let i = 1; i < table.length; i++) expect(nextDay(table[i - 1]!.to)).toBe(table[i]!.from);
    expect(table.at(-1)!.to).toBe(IN_FORCE);
    for (const row of table) expect(row.source).toMatch(/seed 002|Law 1871-IX|CMU 265/);
  });
});

describe('the law in force on the event date', () => {
  it('asks for the birth certificate under 16 before CMU 265 and under 14 from it', () => {
    expect(inForceOn(BIRTH_CERTIFICATE_RULES, '2021-06-15')?.requiredUnder).toBe(16);
    expect(inForceOn(BIRTH_CERTIFICATE_RULES, '2022-02-06')?.requiredUnder).toBe(16);
    expect(inForceOn(BIRTH_CERTIFICATE_RULES, '2022-02-07')?.requiredUnder).toBe(14);
    expect(inForceOn(BIRTH_CERTIFICATE_RULES, '2026-11-23')?.requiredUnder).toBe(14);
  });

  it('knows declaration from 1 December 2021 (Law 1871-IX)', () => {
    expect(inForceOn(DECLARATION_RULES, '2021-11-30')?.available).toBe(false);
    expect(inForceOn(DECLARATION_RULES, '2021-12-01')?.available).toBe(true);
  });
});
