// Sandbox or live, as the key says: an event posted with a test key (`rtg_test_…`) is answered and
// shown `sandbox: true` (it goes to the gateway's sandbox mock DMS, never to DMS); one posted with a
// live key `sandbox: false`. The report's header says which the run was.
import { newPerson, syntheticCitizen } from '../contract-events.ts';
import { FINAL } from '../kit.ts';
import { check, type ScenarioSource } from '../scenario.ts';

export const sandboxScenarios: ScenarioSource = (run) => [
  {
    group: 'sandbox',
    name: 'events are marked sandbox exactly when the key is a test key (rtg_test_…)',
    async run(kit) {
      const expected = kit.sandbox;
      const posted = await kit.postEvent(syntheticCitizen(run, newPerson(), 'sandbox', '2026-11-20T15:00:00+02:00'));
      check(posted.status === 202, `the post got ${posted.status} ${String(posted.json.code ?? '')}`);
      check(posted.json.sandbox === expected, `the answer says sandbox: ${String(posted.json.sandbox)}, expected ${expected} for a ${expected ? 'test' : 'live'} key`);
      const view = await kit.waitFor(String(posted.json.id), FINAL);
      check(view.sandbox === expected, `GET /v1/events/{id} says sandbox: ${String(view.sandbox)}, expected ${expected}`);
      return { passed: true, why: expected ? 'test key: answered and shown sandbox: true (delivered to the gateway’s sandbox mock DMS)' : 'live key: answered and shown sandbox: false' };
    },
  },
];
