// The register API on a running gateway: idempotency and visibility between registers and operators,
// readiness. Request-and-answer checks of one register (authentication, media type, size, event-id
// uniqueness) are beside the routes, through app.request() (src/http/routes/events.test.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, generateOperatorToken, hashApiKey } from '../../src/auth/api-keys.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { expectProblem } from '../support/http-app.ts';
import { REPO } from '../support/xsd.ts';

const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;
const withId = (eventId: string) => ({ ...example, eventId });

describe('POST /v1/events and GET /v1/events/{id}', () => {
  let gw: TestGateway;
  let otherKey: string;
  beforeAll(async () => {
    gw = await startTestGateway({ WORKER_ENABLED: 'false', BODY_LIMIT: '8KiB' });
    otherKey = generateApiKey();
    await gw.store.access.createRegister({ id: 'other-register', code: '04054903', name: 'Інший реєстр', apiKeyHash: hashApiKey(otherKey), createdAt: Date.now() });
  });
  afterAll(async () => {
    await gw.stop();
  });

  it('replays the first answer for the same key and body, refuses another body', async () => {
    const first = await gw.post(withId('IK-1'), { idempotencyKey: 'key-ik-1' });
    expect(first.status).toBe(202);
    const firstBody = await first.text();
    const again = await gw.post(withId('IK-1'), { idempotencyKey: 'key-ik-1' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await again.text()).toBe(firstBody);
    await expectProblem(await gw.post(withId('IK-2'), { idempotencyKey: 'key-ik-1' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    // the key belongs to the demo register only: another register may use the same string
    const other = await gw.post({ ...withId('IK-1'), register: { code: '04054903' } }, { idempotencyKey: 'key-ik-1', key: otherKey });
    expect(other.status).toBe(202);
  });

  it("shows a register only its own events", async () => {
    const { id } = (await (await gw.post(withId('VIS-1'))).json()) as { id: string };
    expect((await gw.get(`/v1/events/${id}`)).status).toBe(200);
    await expectProblem(await gw.get(`/v1/events/${id}`, otherKey), 404, 'NOT_FOUND');
    await expectProblem(await gw.get('/v1/events/does-not-exist'), 404, 'NOT_FOUND');
  });

  it('lets operators see every register\'s events, act by role, and never post events', async () => {
    const viewer = generateOperatorToken();
    const operator = generateOperatorToken();
    await gw.store.access.createOperator({ id: 'op-v', name: 'viewer-1', role: 'viewer', tokenHash: hashApiKey(viewer), createdAt: Date.now() });
    await gw.store.access.createOperator({ id: 'op-o', name: 'operator-1', role: 'operator', tokenHash: hashApiKey(operator), createdAt: Date.now() });
    const { id } = (await (await gw.post({ ...withId('OPS-1'), register: { code: '04054903' } }, { key: otherKey })).json()) as { id: string };
    const seen = await gw.get(`/v1/events/${id}`, viewer);
    expect(seen.status).toBe(200);
    expect(await seen.json()).toMatchObject({ id, audit: [] });
    const act = (token: string, action: string) =>
      fetch(`${gw.url}/v1/events/${id}/${action}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"reason":"test"}' });
    await expectProblem(await act(viewer, 'cancel'), 403, 'FORBIDDEN');
    await expectProblem(await act(otherKey, 'cancel'), 403, 'FORBIDDEN');
    // the worker is off here, so the event is still accepted: a retry does not apply, a cancel does
    await expectProblem(await act(operator, 'retry'), 409, 'ACTION_NOT_APPLICABLE');
    const cancelled = await act(operator, 'cancel');
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ status: 'cancelled', audit: [{ actor: 'operator:operator-1', action: 'cancel', reason: 'test' }] });
    await expectProblem(await gw.post(withId('OPS-2'), { key: operator }), 403, 'REGISTER_KEY_REQUIRED');
  });

  it("tells a register its event waits for another register's, without naming that event", async () => {
    const person = { ...(example.person as object), unzr: '19900127-07422', rnokpp: undefined, birthDate: '1990-01-27', sex: 'female' };
    const first = (await (await gw.post({ ...withId('X-REG-1'), person, occurredAt: '2026-11-20T09:00:00+02:00' })).json()) as { id: string };
    const second = (await (await gw.post({ ...withId('X-REG-2'), person, register: { code: '04054903' } }, { key: otherKey })).json()) as { id: string };
    const seenByOther = (await (await gw.get(`/v1/events/${second.id}`, otherKey)).json()) as { delivery: { waitingFor: { eventId: string | null; status: string } } };
    expect(seenByOther.delivery.waitingFor).toEqual({ eventId: null, status: 'accepted' });
    expect(JSON.stringify(seenByOther)).not.toContain(first.id);
    const operator = generateOperatorToken();
    await gw.store.access.createOperator({ id: 'op-x', name: 'x-reg', role: 'viewer', tokenHash: hashApiKey(operator), createdAt: Date.now() });
    const seenByOperator = (await (await gw.get(`/v1/events/${second.id}`, operator)).json()) as { delivery: { waitingFor: { eventId: string } } };
    expect(seenByOperator.delivery.waitingFor.eventId).toBe(first.id);
  });

  it("reports the gateway's readiness: store, signing key, worker", async () => {
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { store: true, signingKey: true, worker: true } });
  });
});
