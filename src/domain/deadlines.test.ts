import { describe, expect, it } from 'vitest';
import { emalyatkoDeadline, permitStageDeadline } from './deadlines.ts';

describe('seed 004 stage deadlines', () => {
  it.each([
    ['identityVerification', 'standard', '2026-12-02'],
    ['identityVerification', 'simplified', '2026-11-24'],
    ['decisionWithQueries', 'standard', '2026-12-07'],
    ['issuance', 'standard', '2026-12-14'],
    ['issuance', 'simplified', '2026-11-26'],
    ['printingDataTransfer', 'simplified', '2026-11-23'],
    ['refusalHandover', 'simplified', '2026-11-30'], // no simplified figure: the standard 5 days
  ] as const)('%s (%s) from Monday 2026-11-23 → %s', (stage, procedure, due) => {
    expect(permitStageDeadline(stage, '2026-11-23', procedure)).toBe(due);
  });

  it('uses the peacetime calendar when asked', () => {
    expect(permitStageDeadline('agencyQueryAnswer', '2026-12-23', 'standard', 'peacetime')).toBe('2026-12-29');
  });

  it('єМалятко: the same day, or the next working day after hours', () => {
    expect(emalyatkoDeadline('2026-11-20', false)).toBe('2026-11-20');
    expect(emalyatkoDeadline('2026-11-20', true)).toBe('2026-11-23');
  });
});
