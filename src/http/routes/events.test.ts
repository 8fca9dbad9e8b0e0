// POST /v1/events and GET /v1/events/{id} as request and answer, through app.request() (no server):
// authentication, media type, size, idempotency, register ownership. Each refusal is problem+json.
// What needs a running gateway (delivery, several registers and operators) is in tests/http and tests/e2e.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, expectProblem, TEST_API_KEY, type TestApp } from '../../../tests/support/http-app.ts';
import { REPO } from '../../../tests/support/xsd.ts';
import { makeUnzr } from '../../domain/unzr.ts';

const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;
const withId = (eventId: string) => ({ ...example, eventId });

describe('/v1/events routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ bodyLimitBytes: 8 * 1024 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts an event with 202 and a Location, and shows it to its register', async () => {
    const res = await t.post(withId('ROUTE-1'));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status: string; eventId: string };
    expect(body).toMatchObject({ eventId: 'ROUTE-1', status: 'accepted' });
    expect(res.headers.get('location')).toBe(`/v1/events/${body.id}`);
    const seen = await t.get(`/v1/events/${body.id}`);
    expect(seen.status).toBe(200);
    expect(await seen.json()).toMatchObject({ id: body.id, eventId: 'ROUTE-1', status: 'accepted', attempts: [] });
  });

  it("stores an event in its person's transaction group (one person's requests share commits), a refusal in none", async () => {
    const once = vi.spyOn(t.store.idempotency, 'once');
    try {
      const person = (unzr: string) => ({ ...(example.person as object), unzr });
      const otherUnzr = makeUnzr((example.person as { birthDate: string }).birthDate, 2);
      expect((await t.post({ ...withId('GROUP-1') })).status).toBe(202);
      expect((await t.post({ ...withId('GROUP-2') })).status).toBe(202);
      expect((await t.post({ ...withId('GROUP-3'), person: person(otherUnzr) })).status).toBe(202);
      await expectProblem(await t.post({ ...withId('GROUP-4'), type: 'no.such.type' }), 422, 'FIELD_ENUM');
      const groups = once.mock.calls.map((call) => call[5]?.group);
      expect(groups).toHaveLength(4);
      expect(groups[0]).toEqual(expect.any(String));
      expect(groups[1]).toBe(groups[0]);
      expect(groups[2]).toEqual(expect.any(String));
      expect(groups[2]).not.toBe(groups[0]);
      expect(groups[3]).toBeUndefined();
    } finally {
      once.mockRestore();
    }
  });

  it('refuses a missing or unknown key with 401', async () => {
    await expectProblem(await t.app.request('/v1/events/x'), 401, 'UNAUTHORIZED');
    await expectProblem(await t.post(withId('AUTH-1'), { key: 'rtg_not-a-key' }), 401, 'UNAUTHORIZED');
  });

  it('refuses a body that is not JSON by media type (415) and by content (400)', async () => {
    await expectProblem(await t.post(withId('MT-1'), { headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const p = await expectProblem(await t.post('{"eventId": "x",'), 400, 'BODY_NOT_JSON');
    expect(p.pointer).toBe('');
  });

  it('refuses a body over the limit with 413', async () => {
    const big = { ...withId('BIG-1'), padding: 'я'.repeat(10_000) };
    await expectProblem(await t.post(big), 413, 'BODY_TOO_LARGE');
  });

  it('reads a body of declared length whole, and still refuses one that is longer than the limit or cut short', async () => {
    const body = JSON.stringify(withId('DECLARED-1'));
    const declared = (length: number) => ({ headers: { 'content-length': String(length) } });
    expect((await t.post(body, declared(Buffer.byteLength(body)))).status).toBe(202);
    // a declared length within the limit does not let a longer body through (app.request does not frame by it)
    const big = JSON.stringify({ ...withId('DECLARED-2'), padding: 'я'.repeat(10_000) });
    await expectProblem(await t.post(big, declared(100)), 413, 'BODY_TOO_LARGE');
    // the client goes away after the first bytes of a declared body
    const cut = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body.slice(0, 20)));
        controller.error(new Error('connection reset'));
      },
    });
    const res = await t.app.request('/v1/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'key-cut-1', 'content-length': String(Buffer.byteLength(body)) },
      body: cut,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(res, 400, 'BODY_INCOMPLETE');
  });

  it('names every answer with its request id: the caller\'s when it is sane, a new one otherwise', async () => {
    const accepted = await t.post(withId('RID-1'), { headers: { 'x-request-id': 'caller-id.1' } });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('x-request-id')).toBe('caller-id.1');
    const refused = await t.post(withId('RID-2'), { key: 'rtg_not-a-key', headers: { 'x-request-id': 'not sane!' } });
    const problem = await expectProblem(refused, 401, 'UNAUTHORIZED');
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(problem.requestId).toBe(refused.headers.get('x-request-id'));
  });

  it('wakes the worker for a new event only, not for an answer replayed from its key', async () => {
    let woken = 0;
    const accepted = t.store.events.accepted;
    t.store.events.accepted = () => {
      woken++;
      accepted();
    };
    try {
      expect((await t.post(withId('WAKE-1'), { idempotencyKey: 'key-wake-1' })).status).toBe(202);
      expect(woken).toBe(1);
      const replay = await t.post(withId('WAKE-1'), { idempotencyKey: 'key-wake-1' });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect((await t.post(withId('WAKE-1'), { idempotencyKey: 'key-wake-2' })).status).toBe(200);
      expect(woken).toBe(1);
    } finally {
      t.store.events.accepted = accepted;
    }
  });

  it('requires a well-formed Idempotency-Key', async () => {
    await expectProblem(await t.post(withId('IK-0'), { idempotencyKey: null }), 400, 'IDEMPOTENCY_KEY_MISSING');
    await expectProblem(await t.post(withId('IK-00'), { idempotencyKey: 'with space' }), 400, 'IDEMPOTENCY_KEY_INVALID');
  });

  it('replays errors for the same key and body', async () => {
    const bad = { ...withId('IK-3'), channel: 'fax' };
    const first = await t.post(bad, { idempotencyKey: 'key-ik-3' });
    expect(first.status).toBe(422);
    const again = await t.post(bad, { idempotencyKey: 'key-ik-3' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toMatchObject({ code: 'FIELD_ENUM', pointer: '/channel' });
  });

  it('treats the same eventId with the same content as the stored event, with other content as a conflict', async () => {
    const first = await t.post(withId('EV-1'));
    expect(first.status).toBe(202);
    const { id } = (await first.json()) as { id: string };
    const same = await t.post(withId('EV-1'));
    expect(same.status).toBe(200);
    expect(((await same.json()) as { id: string }).id).toBe(id);
    const changed = await t.post({ ...withId('EV-1'), channel: 'electronic' });
    const problem = await expectProblem(changed, 409, 'EVENT_ID_CONFLICT');
    expect(problem.pointer).toBe('/eventId');
    expect(changed.headers.get('location')).toBe(`/v1/events/${id}`);
    const list = (await (await t.get('/v1/events?limit=100')).json()) as { items: Array<{ eventId: string }> };
    expect(list.items.filter((i) => i.eventId === 'EV-1')).toHaveLength(1);
  });

  it('refuses an event for another register with 403', async () => {
    const p = await expectProblem(await t.post({ ...withId('RM-1'), register: { code: '04054903' } }), 403, 'REGISTER_MISMATCH');
    expect(p.pointer).toBe('/register/code');
  });

  it('runs one of two requests with the same key at once; the other is told it is in flight or gets the replay', async () => {
    const [a, b] = await Promise.all([t.post(withId('SAME-1'), { idempotencyKey: 'key-same-1' }), t.post(withId('SAME-1'), { idempotencyKey: 'key-same-1' })]);
    const answers = [
      { status: a.status, replayed: a.headers.get('idempotent-replayed'), body: await a.text() },
      { status: b.status, replayed: b.headers.get('idempotent-replayed'), body: await b.text() },
    ];
    const first = answers.find((x) => x.status === 202 && x.replayed === null);
    expect(first, JSON.stringify(answers)).toBeDefined();
    const second = answers.find((x) => x !== first)!;
    if (second.status === 409) expect(JSON.parse(second.body)).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_FLIGHT' });
    else expect(second).toEqual({ status: 202, replayed: 'true', body: first!.body });
    // and once the first is answered, the key replays it
    const again = await t.post(withId('SAME-1'), { idempotencyKey: 'key-same-1' });
    expect({ status: again.status, replayed: again.headers.get('idempotent-replayed'), body: await again.text() }).toEqual({ status: 202, replayed: 'true', body: first!.body });
  });

  it('keeps nothing of a request that failed with a server error: its retry runs', async () => {
    const failing = await createTestApp();
    try {
      const storeEvent = failing.store.events.storeEvent;
      failing.store.events.storeEvent = async () => {
        throw new Error('disk full');
      };
      expect((await failing.post(withId('FAIL-1'), { idempotencyKey: 'key-fail-1' })).status).toBe(500);
      failing.store.events.storeEvent = storeEvent;
      const retry = await failing.post(withId('FAIL-1'), { idempotencyKey: 'key-fail-1' });
      expect(retry.status).toBe(202);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
    } finally {
      await failing.close();
    }
  });

  it('answers an unknown event with 404', async () => {
    await expectProblem(await t.get('/v1/events/does-not-exist', TEST_API_KEY), 404, 'NOT_FOUND');
  });
});
