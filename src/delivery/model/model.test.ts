import { describe, expect, it } from 'vitest';
import { actorLabel } from './actors.ts';
import { attemptInFlight, cancelApplies, retryKind } from './operator-actions.ts';
import { DELIVERY_STATUSES, emptyCounts, holdsBack, visibleStatus } from './status.ts';

describe('delivery status', () => {
  it('shows a pending delivery as blocked only behind an earlier rejected or failed one', () => {
    expect(visibleStatus('accepted', ['rejected'])).toBe('blocked');
    expect(visibleStatus('retrying', ['delivered', 'failed'])).toBe('blocked');
    expect(visibleStatus('accepted', ['retrying', 'delivered', 'cancelled'])).toBe('accepted');
    expect(visibleStatus('accepted', [])).toBe('accepted');
  });

  it('never calls a finished delivery blocked', () => {
    for (const status of ['delivered', 'rejected', 'failed', 'cancelled'] as const) expect(visibleStatus(status, ['failed'])).toBe(status);
  });

  it('shows a delivered message as its final outcome, and only a delivered one', () => {
    expect(visibleStatus('delivered', [], 'registered')).toBe('registered');
    expect(visibleStatus('delivered', ['failed'], 'refused')).toBe('refused');
    expect(visibleStatus('delivered', [], null)).toBe('delivered');
    expect(visibleStatus('retrying', [], 'registered')).toBe('retrying');
    expect(visibleStatus('accepted', ['rejected'], 'registered')).toBe('blocked');
  });

  it('lets only delivered and cancelled events release the later ones of the person', () => {
    expect(DELIVERY_STATUSES.filter((s) => !holdsBack(s))).toEqual(['delivered', 'cancelled']);
  });

  it('counts every visible status from zero', () => {
    expect(emptyCounts()).toEqual({ accepted: 0, retrying: 0, blocked: 0, delivered: 0, registered: 0, refused: 0, rejected: 0, failed: 0, cancelled: 0 });
  });
});

describe('operator actions', () => {
  it('resends a rejected delivery as a new message and retries a failed or retrying one as the same', () => {
    expect(retryKind('rejected')).toBe('new_message');
    expect(retryKind('failed')).toBe('same_message');
    expect(retryKind('retrying')).toBe('same_message');
    for (const status of ['accepted', 'delivered', 'cancelled'] as const) expect(retryKind(status)).toBeNull();
  });

  it('cancels anything not delivered or already cancelled', () => {
    expect(DELIVERY_STATUSES.filter(cancelApplies)).toEqual(['accepted', 'retrying', 'rejected', 'failed']);
  });

  it('holds an action back while a lease runs', () => {
    expect(attemptInFlight(null, 10)).toBe(false);
    expect(attemptInFlight(11, 10)).toBe(true);
    expect(attemptInFlight(10, 10)).toBe(false);
  });

  it('names actors in the audit log', () => {
    expect(actorLabel({ kind: 'operator', id: 'o', name: 'olena' })).toBe('operator:olena');
    expect(actorLabel({ kind: 'register', id: 'r', code: '26376375' })).toBe('register:26376375');
    expect(actorLabel({ kind: 'replay', jobId: 'j', requestedBy: 'operator:olena' })).toBe('replay:j (operator:olena)');
    expect(actorLabel({ kind: 'system' })).toBe('system');
  });
});
