// The register API at the HTTP level: authentication, media type, size, idempotency, event-id
// uniqueness, and visibility between registers. Each bad request gets problem+json and stores nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey, generateOperatorToken, hashApiKey } from '../../src/auth/api-keys.ts';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;
const withId = (eventId: string) => ({ ...example, eventId });

interface Problem {
  type: string;
  status: number;
  code: string;
  message: { uk: string; en: string };
  pointer?: string;
  requestId?: string;
}

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

  async function expectProblem(res: Response, status: number, code: string): Promise<Problem> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as Problem;
    expect(problem).toMatchObject({ status, code, type: `urn:rtg-gateway:problem:${code}` });
    expect(problem.message.uk).toMatch(/[а-яіїєґ]/i);
    expect(problem.message.en).toMatch(/[a-z]/i);
    expect(problem.requestId).toBeTruthy();
    return problem;
  }

  it('refuses a missing or unknown key with 401', async () => {
    await expectProblem(await fetch(`${gw.url}/v1/events/x`), 401, 'UNAUTHORIZED');
    await expectProblem(await gw.post(withId('AUTH-1'), { key: 'rtg_not-a-key' }), 401, 'UNAUTHORIZED');
  });

  it('refuses a body that is not JSON by media type (415) and by content (400)', async () => {
    await expectProblem(await gw.post(withId('MT-1'), { headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const p = await expectProblem(await gw.post('{"eventId": "x",'), 400, 'BODY_NOT_JSON');
    expect(p.pointer).toBe('');
  });

  it('refuses a body over the limit with 413', async () => {
    const big = { ...withId('BIG-1'), padding: 'я'.repeat(10_000) };
    await expectProblem(await gw.post(big), 413, 'BODY_TOO_LARGE');
  });

  it('requires an Idempotency-Key', async () => {
    const res = await fetch(`${gw.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(withId('IK-0')),
    });
    await expectProblem(res, 400, 'IDEMPOTENCY_KEY_MISSING');
    await expectProblem(await gw.post(withId('IK-00'), { idempotencyKey: 'with space' }), 400, 'IDEMPOTENCY_KEY_INVALID');
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

  it('replays errors too', async () => {
    const bad = { ...withId('IK-3'), channel: 'fax' };
    const first = await gw.post(bad, { idempotencyKey: 'key-ik-3' });
    expect(first.status).toBe(422);
    const again = await gw.post(bad, { idempotencyKey: 'key-ik-3' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toMatchObject({ code: 'FIELD_ENUM', pointer: '/channel' });
  });

  it('treats the same eventId with the same content as the stored event, with other content as a conflict', async () => {
    const first = await gw.post(withId('EV-1'));
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };
    const same = await gw.post(withId('EV-1'));
    expect(same.status).toBe(200);
    expect(((await same.json()) as { id: string }).id).toBe(id);
    const changed = await gw.post({ ...withId('EV-1'), channel: 'electronic' });
    const problem = await expectProblem(changed, 409, 'EVENT_ID_CONFLICT');
    expect(problem.pointer).toBe('/eventId');
    expect(changed.headers.get('location')).toBe(`/v1/events/${id}`);
    expect(await gw.store.log.countByStatusFor(null)).toMatchObject({ accepted: 3 });
  });

  it('refuses an event for another register with 403', async () => {
    const p = await expectProblem(await gw.post({ ...withId('RM-1'), register: { code: '04054903' } }), 403, 'REGISTER_MISMATCH');
    expect(p.pointer).toBe('/register/code');
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

  it('answers unknown paths with problem+json and health checks plainly', async () => {
    await expectProblem(await fetch(`${gw.url}/nowhere`), 404, 'NOT_FOUND');
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { store: true, signingKey: true, worker: true } });
  });
});
