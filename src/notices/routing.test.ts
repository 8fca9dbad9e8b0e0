import { describe, expect, it } from 'vitest';
import { noticeRecipients } from './routing.ts';

// Київська обл. (oblast), Білоцерківська громада (hromada), a settlement in it; Харківська обл.
const KYIV_OBLAST = 'UA32000000000030281';
const BILA_TSERKVA_HROMADA = 'UA32020010000093088';
const IN_BILA_TSERKVA = 'UA32020010010081183';
const KHARKIV_OBLAST = 'UA63000000000041885';

describe('notice routing by territory', () => {
  const territories = new Map<string, string[]>([
    ['oblast-register', [KYIV_OBLAST]],
    ['hromada-register', [BILA_TSERKVA_HROMADA]],
    ['kharkiv-register', [KHARKIV_OBLAST]],
    ['all-of-ukraine', []],
  ]);

  it('goes to every register whose territory covers the address', () => {
    expect(noticeRecipients(territories, IN_BILA_TSERKVA).sort()).toEqual(['hromada-register', 'oblast-register']);
  });

  it('goes to none when no territory covers it', () => {
    expect(noticeRecipients(territories, 'UA80000000000093317')).toEqual([]);
  });

  it('never goes to a register configured without codes (all of Ukraine for events)', () => {
    expect(noticeRecipients(new Map([['all-of-ukraine', []]]), IN_BILA_TSERKVA)).toEqual([]);
  });

  it('goes to none without a КАТОТТГ code', () => {
    expect(noticeRecipients(territories, null)).toEqual([]);
  });
});
