// Delivery outcomes under the mock DMS's faults (its admin API): a 503 is retried, a Client fault
// rejects, a later event of a rejected person is blocked, and one person's events reach DMS in order.
// Faults apply to whatever the mock receives next: run the kit on a gateway with no other traffic.
import { newPerson, syntheticCitizen } from '../contract-events.ts';
import { DELIVERED, FINAL, type Kit } from '../kit.ts';
import { check, type Scenario, type ScenarioSource } from '../scenario.ts';

const at = (minute: number) => `2026-11-20T13:${String(minute).padStart(2, '0')}:00+02:00`;

async function withFaults<T>(kit: Kit, faults: unknown, body: () => Promise<T>): Promise<T> {
  await kit.setFaults(faults);
  try {
    return await body();
  } finally {
    await kit.clearFaults();
  }
}

export const deliveryScenarios: ScenarioSource = (run) => {
  const rejected = newPerson();
  const scenarios: Scenario[] = [
    {
      group: 'delivery under faults',
      name: 'a 503 from DMS is retried, then delivered',
      async run(kit) {
        const view = await withFaults(kit, { sequence: [{ type: 'status', status: 503 }, { type: 'none' }] }, async () => {
          const posted = await kit.postEvent(syntheticCitizen(run, newPerson(), 'retry', at(1)));
          check(posted.status === 202, `the post got ${posted.status}`);
          return kit.waitFor(String(posted.json.id), FINAL);
        });
        check(DELIVERED.includes(view.status), `expected delivered, the event is ${view.status}`);
        const outcomes = view.attempts.map((a) => `${a.outcome} ${a.httpStatus ?? ''}`.trim());
        check(outcomes[0] === 'retryable 503' && outcomes.at(-1) === 'delivered 200', `attempts: ${outcomes.join(', ')}`);
        await kit.mockMessages(view.delivery.messageId);
        return { passed: true, why: `attempts: ${outcomes.join(' → ')}` };
      },
    },
    {
      group: 'delivery under faults',
      name: 'a Client fault from DMS rejects the event, with DMS’s code',
      async run(kit) {
        const view = await withFaults(kit, { sequence: [{ type: 'reject', code: 'PERSON_DECEASED', reason: 'Conformance kit: a rejection on its merits' }] }, async () => {
          const posted = await kit.postEvent(syntheticCitizen(run, rejected, 'reject', at(2)));
          check(posted.status === 202, `the post got ${posted.status}`);
          return kit.waitFor(String(posted.json.id), FINAL);
        });
        check(view.status === 'rejected', `expected rejected, the event is ${view.status}`);
        check(view.rejection?.code === 'PERSON_DECEASED', `rejection: ${JSON.stringify(view.rejection)}`);
        await kit.mockMessages(view.delivery.messageId);
        return { passed: true, why: `rejected with ${view.rejection.code}` };
      },
    },
    {
      group: 'delivery under faults',
      name: 'a later event of the rejected person is blocked behind it',
      async run(kit) {
        const posted = await kit.postEvent(syntheticCitizen(run, rejected, 'blocked', at(3)));
        check(posted.status === 202, `the post got ${posted.status}`);
        const view = await kit.waitFor(String(posted.json.id), ['blocked', ...FINAL]);
        check(view.status === 'blocked', `expected blocked, the event is ${view.status}`);
        check(view.blockedBy?.status === 'rejected', `blockedBy: ${JSON.stringify(view.blockedBy)}`);
        return { passed: true, why: `blocked behind ${view.blockedBy.eventId ?? 'an earlier event'} (rejected)` };
      },
    },
    {
      group: 'ordering per person',
      name: 'one person’s events reach DMS in order, even when the first needs a retry',
      async run(kit) {
        const person = newPerson();
        const ids = await withFaults(kit, { sequence: [{ type: 'status', status: 503 }] }, async () => {
          const out: string[] = [];
          for (const minute of [4, 5, 6]) {
            const posted = await kit.postEvent(syntheticCitizen(run, person, 'order', at(minute)));
            check(posted.status === 202, `a post got ${posted.status}`);
            out.push(String(posted.json.id));
          }
          return out;
        });
        const sequence: number[] = [];
        for (const id of ids) {
          const view = await kit.waitFor(id, FINAL);
          check(DELIVERED.includes(view.status), `event ${id} is ${view.status}`);
          const entries = await kit.mockMessages(view.delivery.messageId);
          const accepted = entries.find((e) => e.verdict === 'accepted');
          check(accepted, `no acknowledged message for ${id} at the mock`);
          sequence.push(accepted.seq);
        }
        check(sequence.every((s, i) => i === 0 || s > (sequence[i - 1] as number)), `acknowledged out of order: journal entries ${sequence.join(', ')}`);
        return { passed: true, why: `acknowledged in order (mock journal entries ${sequence.join(' < ')}), the first after a 503` };
      },
    },
  ];
  return scenarios;
};
