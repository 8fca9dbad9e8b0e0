// Idempotency-Key as the README promises: a replay gets the first answer, the key with another body
// is 422, a key still running is 409, no key is 400. Each waits for its event to be delivered, so none
// is still in flight when the fault scenarios script the mock's next answers.
import { randomUUID } from 'node:crypto';
import { newPerson, syntheticCitizen } from '../contract-events.ts';
import { FINAL, type Answer, type Kit } from '../kit.ts';
import { check, type ScenarioSource } from '../scenario.ts';

const settled = (kit: Kit, answer: Answer) => kit.waitFor(String(answer.json.id), FINAL);

const AT = '2026-11-20T12:00:00+02:00';

export const idempotencyScenarios: ScenarioSource = (run) => [
  {
    group: 'idempotency',
    name: 'the same key and body replay the first answer',
    async run(kit) {
      const key = randomUUID();
      const event = syntheticCitizen(run, newPerson(), 'replay', AT);
      const first = await kit.postEvent(event, { idempotencyKey: key });
      check(first.status === 202, `the first post got ${first.status}`);
      const again = await kit.postEvent(event, { idempotencyKey: key });
      check(again.status === first.status, `the replay got ${again.status}, the first ${first.status}`);
      check(again.text === first.text, 'the replay’s body differs from the first answer');
      check(again.headers.get('idempotent-replayed') === 'true', 'the replay has no Idempotent-Replayed: true');
      await settled(kit, first);
      return { passed: true, why: `${again.status} replayed with the same body and Idempotent-Replayed: true` };
    },
  },
  {
    group: 'idempotency',
    name: 'the same key with another body is 422 IDEMPOTENCY_KEY_REUSED',
    async run(kit) {
      const key = randomUUID();
      const person = newPerson();
      const first = await kit.postEvent(syntheticCitizen(run, person, 'reuse', AT), { idempotencyKey: key });
      check(first.status === 202, `the first post got ${first.status}`);
      const other = await kit.postEvent(syntheticCitizen(run, person, 'reuse', AT), { idempotencyKey: key });
      check(other.status === 422 && other.json.code === 'IDEMPOTENCY_KEY_REUSED', `expected 422 IDEMPOTENCY_KEY_REUSED, got ${other.status} ${String(other.json.code)}`);
      await settled(kit, first);
      return { passed: true, why: '422 IDEMPOTENCY_KEY_REUSED' };
    },
  },
  {
    group: 'idempotency',
    name: 'concurrent requests with one key: one runs, the others wait (409) or replay',
    async run(kit) {
      const key = randomUUID();
      const event = syntheticCitizen(run, newPerson(), 'inflight', AT);
      const answers = await Promise.all(Array.from({ length: 6 }, () => kit.postEvent(event, { idempotencyKey: key })));
      const fresh = answers.filter((a) => a.status === 202 && a.headers.get('idempotent-replayed') !== 'true');
      const inFlight = answers.filter((a) => a.status === 409);
      const replayed = answers.filter((a) => a.headers.get('idempotent-replayed') === 'true');
      check(fresh.length === 1, `expected exactly one 202 that ran, got ${fresh.length}`);
      for (const a of inFlight) {
        check(a.json.code === 'IDEMPOTENCY_KEY_IN_FLIGHT', `a 409 with code ${String(a.json.code)}`);
        check(a.headers.get('retry-after') !== null, 'a 409 IDEMPOTENCY_KEY_IN_FLIGHT without Retry-After');
      }
      check(fresh.length + inFlight.length + replayed.length === answers.length, `unexpected answers: ${answers.map((a) => a.status).join(', ')}`);
      await settled(kit, fresh[0] as Answer);
      const seen = inFlight.length > 0 ? `${inFlight.length} × 409 IDEMPOTENCY_KEY_IN_FLIGHT with Retry-After` : 'no 409 this time (the first request finished before the others arrived)';
      return { passed: true, why: `one 202, ${replayed.length} replayed, ${seen}` };
    },
  },
  {
    group: 'idempotency',
    name: 'a post without Idempotency-Key is 400 IDEMPOTENCY_KEY_MISSING',
    async run(kit) {
      const answer = await kit.postEvent(syntheticCitizen(run, newPerson(), 'nokey', AT), { idempotencyKey: null });
      check(answer.status === 400 && answer.json.code === 'IDEMPOTENCY_KEY_MISSING', `expected 400 IDEMPOTENCY_KEY_MISSING, got ${answer.status} ${String(answer.json.code)}`);
      return { passed: true, why: '400 IDEMPOTENCY_KEY_MISSING' };
    },
  },
  {
    group: 'idempotency',
    name: 'a post without a key is 401 UNAUTHORIZED',
    async run(kit) {
      const answer = await kit.postEvent(syntheticCitizen(run, newPerson(), 'noauth', AT), { key: null });
      check(answer.status === 401 && answer.json.code === 'UNAUTHORIZED', `expected 401 UNAUTHORIZED, got ${answer.status} ${String(answer.json.code)}`);
      return { passed: true, why: '401 UNAUTHORIZED' };
    },
  },
];
