// Principals and events for the console's render tests: two registers, three operator roles, and
// events in the statuses an operator on duty meets.
import type { Principal } from '../../../src/auth/principal.ts';
import type { EventWithAudit } from '../../../src/operations/operations.ts';
import type { DeliveryStatus, EventStatus } from '../../../src/delivery/model/status.ts';
import type { Operator, Register } from '../../../src/store/access.ts';

export const T0 = Date.UTC(2026, 10, 23, 8, 0, 0); // 23.11.2026 10:00 in Kyiv

export const REGISTERS: Register[] = [
  { id: 'reg-1', code: 'KYIV-01', name: 'Реєстр громади 1', createdAt: T0 },
  { id: 'reg-2', code: 'LVIV-02', name: 'Реєстр громади 2', createdAt: T0 },
];

const operator = (role: Operator['role']): Operator => ({ id: `op-${role}`, name: `${role}-on-duty`, role, createdAt: T0 });

/** Secret (what is pasted at sign-in) → principal. */
export const SECRETS: Record<string, Principal> = {
  'tok-admin': { kind: 'operator', operator: operator('admin') },
  'tok-operator': { kind: 'operator', operator: operator('operator') },
  'tok-viewer': { kind: 'operator', operator: operator('viewer') },
  'key-kyiv': { kind: 'register', register: REGISTERS[0] as Register },
  'key-lviv': { kind: 'register', register: REGISTERS[1] as Register },
};

function deliveryStatusOf(status: EventStatus): DeliveryStatus {
  if (status === 'blocked') return 'accepted';
  return status === 'registered' || status === 'refused' ? 'delivered' : status;
}

export function fixtureEvent(n: number, registerId: string, status: EventStatus, delivery: DeliveryStatus = deliveryStatusOf(status)): EventWithAudit {
  const id = `evt-${n}`;
  const failedAttempt = { number: 1, startedAt: T0 + n * 1000, durationMs: 212, outcome: 'retryable' as const, httpStatus: 503, errorClass: 'http_5xx', detail: 'HTTP 503', responseExcerpt: null, messageId: null, contract: 'dms-registration-v1' };
  return {
    id,
    registerId,
    registerCode: REGISTERS.find((r) => r.id === registerId)?.code ?? '',
    registerEventId: `RE-${n}`,
    type: 'residence.deregistered',
    occurredAt: '2026-11-23T09:00:00+02:00',
    receivedAt: T0 + n * 1000,
    warnings: [],
    status,
    sandbox: false,
    delivery: {
      id: `dlv-${n}`,
      messageId: `msg-${n}`,
      contract: 'dms-registration-v1',
      status: delivery,
      waitingFor: status === 'blocked' ? { eventId: 'evt-2', status: 'failed' } : null,
      cancelReason: null,
      attempts: status === 'accepted' || status === 'blocked' ? 0 : 1,
      nextAttemptAt: null,
      receipt: delivery === 'delivered' ? { number: 'DMS-20261123-000001', status: 'ACCEPTED', registeredAt: '2026-11-23T10:00:01+02:00' } : null,
      rejection: status === 'rejected' ? { code: 'PERSON_NOT_FOUND', reason: 'Особу не знайдено в ЄДДР' } : null,
      lastError: status === 'failed' ? 'HTTP 503' : null,
      finishedAt: ['delivered', 'rejected', 'failed'].includes(delivery) ? T0 + n * 1000 + 500 : null,
    },
    attempts: status === 'accepted' || status === 'blocked' ? [] : [failedAttempt],
    outcome:
      status === 'registered' || status === 'refused'
        ? {
            outcomeId: `out-${n}`,
            kind: status,
            receiptNumber: 'DMS-20261123-000001',
            recordRef: status === 'registered' ? `EDDR-${n}` : null,
            code: status === 'refused' ? 'RECORD_CONFLICT' : null,
            reason: status === 'refused' ? 'Запис суперечить наявному' : null,
            decidedAt: '2026-11-23T10:00:04+02:00',
            receivedAt: T0 + n * 1000 + 4000,
          }
        : null,
    audit: [],
  };
}

/** Fresh copies for every test: the fake Operations changes them. */
export function seedEvents(): EventWithAudit[] {
  return [
    fixtureEvent(1, 'reg-1', 'delivered'),
    fixtureEvent(2, 'reg-1', 'failed'),
    fixtureEvent(3, 'reg-1', 'blocked'),
    fixtureEvent(4, 'reg-2', 'rejected'),
    fixtureEvent(5, 'reg-2', 'retrying'),
  ];
}

export const SIGNED_XML = '<soap:Envelope><soap:Body Id="body"><dms:Person><dms:LastName>Шевченко</dms:LastName><dms:UNZR>19900127-07422</dms:UNZR></dms:Person></soap:Body></soap:Envelope>';
export const MASKED_XML = SIGNED_XML.replace('Шевченко', '•••').replace('19900127-07422', '•••');
