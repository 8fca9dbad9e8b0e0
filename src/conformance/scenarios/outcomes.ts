// Final outcomes from ЄДДР: after DMS acknowledges (`delivered`), the mock DMS decides later and pushes
// the decision to the gateway: `registered` with a record reference, or, scripted through the mock's
// fault config (`outcomes`), `refused` with DMS's code and reason; a refusal does not hold back the
// person's next event. Where the mock makes no outcomes (unreachable, no DMS key, no way to reach the
// gateway), the scenarios are skipped with the reason, not failed.
import { newPerson, syntheticCitizen } from '../contract-events.ts';
import { DELIVERED, FINAL, type EventView, type Kit } from '../kit.ts';
import { check, skip, Verdict, type ScenarioSource } from '../scenario.ts';

const at = (minute: number) => `2026-11-20T14:${String(minute).padStart(2, '0')}:00+02:00`;
const DECIDED = ['registered', 'refused'];
const CODE = 'RECORD_CONFLICT';
const REASON = 'Запис суперечить наявному (conformance kit)';

/** Skips unless the mock answers. */
async function needMock(kit: Kit): Promise<void> {
  const unreachable = await kit.mockUnreachable();
  if (unreachable) skip(`${unreachable}: final outcomes come from it (give --mock the mock DMS the gateway delivers to)`);
}

/** Posts an event and waits for DMS's acknowledgement, then for ЄДДР's decision; skips when no decision can come. */
async function deliveredThenDecided(kit: Kit, body: unknown): Promise<EventView> {
  const posted = await kit.postEvent(body);
  check(posted.status === 202, `the post got ${posted.status} ${String(posted.json.code ?? '')}`);
  const id = String(posted.json.id);
  const delivered = await kit.waitFor(id, FINAL);
  check(DELIVERED.includes(delivered.status), `expected delivered, the event is ${delivered.status}`);
  const view = await kit.waitFor(id, DECIDED, kit.outcomeTimeoutMs);
  if (DECIDED.includes(view.status)) return view;
  await kit.mockMessages(view.delivery.messageId);
  const seconds = kit.outcomeTimeoutMs / 1000;
  const item = await kit.outboxItem({ gatewayEventId: id });
  if (!item) skip(`no final outcome within ${seconds} s and none in the mock's outbox: outcomes are off at this mock (it makes them only with its DMS answer key), or --mock is not the mock the gateway delivers to`);
  if (item.state === 'pending' && item.attempts === 0) skip(`the mock has decided (${item.detail}) but sends it only at its decision time, later than --outcome-timeout ${seconds} s: raise --outcome-timeout or lower the mock's MOCK_DMS_OUTCOME_DELAY_MS`);
  if (item.state === 'pending') skip(`the mock holds the outcome in its outbox, not yet acknowledged by the gateway after ${item.attempts} attempt(s)${item.lastError ? ` (${item.lastError})` : ''}: the mock cannot reach the gateway's DMS channel (MOCK_DMS_CALLBACK_URL, DMS_CA_FILE)`);
  throw new Verdict(`the mock's outcome is ${item.state}${item.refusal ? ` (${JSON.stringify(item.refusal)})` : ''}, but after ${seconds} s the event is still ${view.status}`);
}

export const outcomeScenarios: ScenarioSource = (run) => [
  {
    group: 'final outcomes from ЄДДР',
    name: 'a delivered event ends registered, with ЄДДР’s record reference',
    async run(kit) {
      await needMock(kit);
      const view = await deliveredThenDecided(kit, syntheticCitizen(run, newPerson(), 'registered', at(1)));
      check(view.status === 'registered', `expected registered, the event is ${view.status}${view.outcome?.code ? ` (${view.outcome.code})` : ''}`);
      check(view.outcome?.kind === 'registered', `the outcome is ${JSON.stringify(view.outcome)}`);
      check(typeof view.outcome.recordRef === 'string' && view.outcome.recordRef !== '', 'the outcome carries no recordRef');
      check(view.outcome.receiptNumber === view.receipt?.number, `the outcome names receipt ${view.outcome.receiptNumber}, the event ${view.receipt?.number}`);
      await kit.mockMessages(view.delivery.messageId);
      return { passed: true, why: `registered, ЄДДР record ${view.outcome.recordRef} for receipt ${view.receipt?.number}` };
    },
  },
  {
    group: 'final outcomes from ЄДДР',
    name: 'a refusal scripted at the mock ends refused with DMS’s code and reason; the person’s next event is not held back',
    async run(kit) {
      await needMock(kit);
      const person = newPerson();
      // The script applies to the next message the mock registers: the kit's own, on a quiet gateway.
      await kit.setFaults({ outcomes: { sequence: [{ type: 'refuse', code: CODE, reason: REASON, delayMs: 200 }] } });
      let refused: EventView;
      try {
        refused = await deliveredThenDecided(kit, syntheticCitizen(run, person, 'refused', at(2)));
      } finally {
        await kit.clearFaults();
      }
      check(refused.status === 'refused', `expected refused, the event is ${refused.status} (is other traffic reaching the mock? its script refuses the next registered message)`);
      check(refused.outcome?.kind === 'refused' && refused.outcome.code === CODE, `expected the outcome refused ${CODE}, got ${JSON.stringify(refused.outcome)}`);
      check(refused.outcome.reason === REASON, `expected the reason “${REASON}”, got “${refused.outcome.reason}”`);
      const next = await kit.postEvent(syntheticCitizen(run, person, 'after-refused', at(3)));
      check(next.status === 202, `the person's next event got ${next.status} ${String(next.json.code ?? '')}`);
      const after = await kit.waitFor(String(next.json.id), [...FINAL, 'blocked'], kit.outcomeTimeoutMs);
      check(after.status !== 'blocked', `the person's next event is blocked behind the refusal (blockedBy ${JSON.stringify(after.blockedBy)})`);
      check(DELIVERED.includes(after.status), `the person's next event is ${after.status}, expected delivered or registered`);
      return { passed: true, why: `refused ${CODE} “${REASON}”; the person's next event is ${after.status}` };
    },
  },
];
