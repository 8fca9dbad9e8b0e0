// The checks must catch what they claim to: each kind of violation, made up by hand.
import { describe, expect, it } from 'vitest';
import { INJECTED_REJECTION_CODE } from './faults.ts';
import type { EventView } from './gateway-api.ts';
import type { MockRegistration } from './mock-admin.ts';
import { RunRecord } from './record.ts';
import type { Settled } from './settle.ts';
import type { PlannedEvent } from './timeline.ts';
import { verify } from './verify.ts';

function event(n: number, person: string, minute: number): PlannedEvent {
  return { ref: `26376375:CH1-${n}`, registerIndex: 0, personRef: person, occurredAtMs: minute * 60_000, body: {} as PlannedEvent['body'] };
}

function view(id: string, status: string, extra: Partial<EventView> = {}): EventView {
  return {
    id,
    eventId: id,
    status,
    occurredAt: '',
    delivery: { messageId: `m-${id}`, attempts: 1, lastError: null, cancelReason: null },
    receipt: null,
    rejection: null,
    ...extra,
  };
}

const reg = (id: string, counter: number, messageId = `m-${id}`): MockRegistration => ({
  receiptNumber: `DMS-20261123-${String(counter).padStart(6, '0')}`,
  registeredAt: '',
  messageId,
  gatewayEventId: id,
  serviceCode: 'RegisterResidence',
});

/** Accepted events with their final views; a delivered one carries the receipt DMS gave it first. */
function setting(statuses: Record<string, string>, extra: Record<string, Partial<EventView>> = {}, registrations: MockRegistration[] = []) {
  const record = new RunRecord();
  const settled: Settled = { views: new Map(), unknown: [], stuck: [] };
  Object.keys(statuses).forEach((id, i) => {
    record.accept(event(i, id.startsWith('a') ? 'p1' : 'p2', i), id, 202);
    const status = statuses[id] as string;
    const receipt = registrations.find((r) => r.gatewayEventId === id);
    const delivered = status === 'registered' || status === 'refused';
    settled.views.set(
      id,
      view(id, status, {
        ...(delivered && receipt ? { receipt: { number: receipt.receiptNumber, status: 'ACCEPTED' }, outcome: { kind: status, receiptNumber: receipt.receiptNumber } } : {}),
        ...extra[id],
      }),
    );
  });
  return { record, settled, registrations };
}

describe('verify', () => {
  it('passes a clean run and counts the operator\'s cancellations', () => {
    const { record, settled, registrations } = setting({ '1': 'registered', '2': 'cancelled', '3': 'registered' }, { '2': { rejection: { code: INJECTED_REJECTION_CODE, reason: '' } } }, [reg('1', 1), reg('3', 2)]);
    const v = verify({ record, settled, registrations, businessDuplicates: [] });
    expect(v.violations).toEqual([]);
    expect(v.counts).toMatchObject({ accepted: 3, delivered: 2, registered: 2, refused: 0, rejected: 1, cancelled: 1, duplicates: 0, lost: 0, orderViolations: 0 });
  });

  it('finds a business duplicate, an event nobody accepted, and a resend that made a second event', () => {
    const { record, settled, registrations } = setting({ '1': 'registered' }, {}, [reg('1', 1), reg('1', 2, 'm-other'), reg('999', 3)]);
    record.violation('register_duplicate', '26376375:CH1-0', 'resent eventId: HTTP 202');
    const v = verify({ record, settled, registrations, businessDuplicates: [] });
    expect(v.counts.duplicates).toBe(3);
  });

  it('finds lost events: unknown to the gateway, or delivered without a registration', () => {
    const { record, settled } = setting({ '1': 'registered', '2': 'registered' });
    settled.unknown.push(record.accepted.get('26376375:CH1-1')!);
    settled.views.delete('2');
    const v = verify({ record, settled, registrations: [], businessDuplicates: [] });
    expect(v.counts.lost).toBe(2);
  });

  it('finds events registered out of their person\'s order', () => {
    // a1 happened before a2 (the plan's minutes), DMS registered a2 first.
    const { record, settled, registrations } = setting({ a1: 'registered', a2: 'registered', b1: 'registered' }, {}, [reg('a1', 5), reg('a2', 4), reg('b1', 1)]);
    const v = verify({ record, settled, registrations, businessDuplicates: [] });
    expect(v.counts.orderViolations).toBe(1);
    expect(v.violations).toEqual([expect.stringMatching(/^order: person p1: .*CH1-1/)]);
  });

  it('tells the mock answering a rejection after registering apart from a gateway that registered a cancelled event', () => {
    const rejected = { rejection: { code: INJECTED_REJECTION_CODE, reason: '' } };
    const { record, settled } = setting({ '1': 'cancelled', '2': 'cancelled' }, { '1': rejected, '2': rejected });
    const v = verify({ record, settled, registrations: [reg('1', 1), reg('2', 2, 'm-new')], businessDuplicates: [] });
    expect(v.counts.rejectedAfterAck).toBe(1);
    expect(v.violations).toEqual([expect.stringMatching(/^cancelled but registered: .*CH1-1/)]);
  });

  it('reports stuck and failed events', () => {
    const { record, settled } = setting({ '1': 'failed', '2': 'retrying' });
    settled.stuck.push({ event: record.accepted.get('26376375:CH1-1')!, status: 'retrying' });
    const v = verify({ record, settled, registrations: [], businessDuplicates: [] });
    expect(v.counts).toMatchObject({ failed: 1, stuck: 1 });
  });
});
