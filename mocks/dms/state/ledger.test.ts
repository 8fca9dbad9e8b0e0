// The ledger's counts (what /__admin/stats shows without listing every receipt) must say what its
// lists say, through registrations, repeats, rejections, a business duplicate and a clear.
import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger.ts';

const NOW = new Date('2026-11-30T10:00:00Z');

function countsFromLists(ledger: Ledger) {
  const receipts = ledger.receipts();
  return { accepted: receipts.length, events: new Set(receipts.map((r) => r.gatewayEventId)).size };
}

describe('Ledger counts', () => {
  it('count accepted message ids and registered events as the receipts list does', () => {
    const ledger = new Ledger(() => NOW);
    expect([ledger.acceptedCount(), ledger.registeredEventCount()]).toEqual([0, 0]);
    const first = ledger.register('m1', 'e1', 'RegisterResidence');
    ledger.register('m2', 'e2', 'RegisterResidence');
    ledger.rememberRejection('m3', { code: 'SCHEMA_INVALID', reason: 'x' });
    ledger.rememberRepeat('m4', first);
    expect(countsFromLists(ledger)).toEqual({ accepted: 2, events: 2 });
    expect([ledger.acceptedCount(), ledger.registeredEventCount()]).toEqual([2, 2]);
    expect(ledger.businessDuplicates()).toEqual([]);
  });

  it('list an event registered under two message ids as a business duplicate, in order, and forget it on clear', () => {
    const ledger = new Ledger(() => NOW);
    ledger.register('m1', 'e1', 'RegisterResidence');
    ledger.register('m2', 'e2', 'RegisterResidence');
    ledger.register('m3', 'e1', 'RegisterResidence');
    const duplicates = ledger.businessDuplicates();
    expect(duplicates).toEqual([{ gatewayEventId: 'e1', messageIds: ['m1', 'm3'] }]);
    ledger.register('m4', 'e1', 'RegisterResidence');
    // A list handed out earlier does not change under its holder.
    expect(duplicates[0]!.messageIds).toEqual(['m1', 'm3']);
    expect(ledger.businessDuplicates()).toEqual([{ gatewayEventId: 'e1', messageIds: ['m1', 'm3', 'm4'] }]);
    expect(ledger.registrationOf('e1')?.messageId).toBe('m1');
    expect([ledger.acceptedCount(), ledger.registeredEventCount()]).toEqual([4, 2]);
    expect(countsFromLists(ledger)).toEqual({ accepted: 4, events: 2 });

    ledger.clear();
    expect([ledger.acceptedCount(), ledger.registeredEventCount(), ledger.businessDuplicates()]).toEqual([0, 0, []]);
    ledger.register('m5', 'e1', 'RegisterResidence');
    expect([ledger.acceptedCount(), ledger.registeredEventCount(), ledger.businessDuplicates()]).toEqual([1, 1, []]);
  });
});
