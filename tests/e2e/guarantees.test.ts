// Delivery guarantees through the real gateway and mock DMS: order per person, blocking behind a
// rejected event and its release by an operator, retries by an operator, and the circuit breaker.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const OPERATOR = 'rtgop_test_token_for_the_demo_admin_0';
const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;

/** The same person, acts recorded a minute apart. */
const act = (eventId: string, minute: number) => ({ ...example, eventId, occurredAt: `2026-11-20T10:${String(minute).padStart(2, '0')}:00+02:00` });

interface View {
  id: string;
  status: string;
  blockedBy?: { eventId: string; status: string; reason: string };
  delivery: { messageId: string; attempts: number; waitingFor: { eventId: string } | null; cancelReason: string | null };
  attempts: Array<{ outcome: string }>;
  audit?: Array<{ actor: string; action: string; reason: string | null }>;
}

let gw: TestGateway | undefined;
afterEach(async () => {
  await gw?.stop();
  gw = undefined;
});

const faults = (g: TestGateway, config: unknown) =>
  fetch(new URL('/__admin/faults', g.dmsUrl), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
const post = async (g: TestGateway, body: unknown) => ((await (await g.post(body)).json()) as { id: string }).id;
const asOperator = (g: TestGateway, pathname: string, body?: unknown, token = OPERATOR) =>
  fetch(`${g.url}${pathname}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function acceptedOrder(g: TestGateway): Promise<string[]> {
  const entries = (await (await fetch(new URL('/__admin/messages?verdict=accepted', g.dmsUrl))).json()) as Array<{ gatewayEventId: string }>;
  return entries.map((e) => e.gatewayEventId);
}

describe('order per person', () => {
  it('holds a later event back while an earlier one of the same person is retried, and lets others through', async () => {
    gw = await startTestGateway({ DEMO_OPERATOR_TOKEN: OPERATOR, RETRY_SCHEDULE: '1s,1s' });
    // only the very first request fails: the first event then waits a second for its retry
    await faults(gw, { sequence: [{ type: 'status', status: 503 }] });
    const first = await post(gw, act('ORD-1', 1));
    await waitForAttempts(gw, first, 1);
    const second = await post(gw, act('ORD-2', 2));
    const other = await post(gw, { ...act('ORD-3', 3), person: { ...(example.person as object), unzr: '19900127-07422', rnokpp: undefined, birthDate: '1990-01-27', sex: 'female' } });
    const waiting = (await (await gw.get(`/v1/events/${second}`)).json()) as View;
    expect(waiting.delivery.waitingFor?.eventId).toBe(first);
    for (const id of [first, second, other]) expect((await waitForStatus(gw, id, ['delivered', 'failed'])).status).toBe('delivered');
    const order = await acceptedOrder(gw);
    expect(order.indexOf(first)).toBeLessThan(order.indexOf(second));
    // the other person did not wait for the first one's retries
    expect(order.indexOf(other)).toBeLessThan(order.indexOf(first));
  });

  it('blocks the later events behind a rejected one until an operator cancels it', async () => {
    gw = await startTestGateway({ DEMO_OPERATOR_TOKEN: OPERATOR });
    await faults(gw, { sequence: [{ type: 'reject', code: 'PERSON_NOT_FOUND', reason: 'Особу не знайдено в ЄДДР' }] });
    const first = await post(gw, act('BLK-1', 1));
    expect((await waitForStatus(gw, first, ['rejected', 'delivered'])).status).toBe('rejected');
    const second = await post(gw, act('BLK-2', 2));
    const blocked = await waitForStatus(gw, second, ['blocked', 'delivered']) as unknown as View;
    expect(blocked.status).toBe('blocked');
    expect(blocked.blockedBy).toMatchObject({ eventId: first, status: 'rejected' });

    // a register may not cancel, a viewer may not either
    expect((await asOperator(gw, `/v1/events/${first}/cancel`, { reason: 'x' }, 'rtg_test_key_for_the_demo_register_000')).status).toBe(403);
    const noReason = await asOperator(gw, `/v1/events/${first}/cancel`, {});
    expect(noReason.status).toBe(422);
    expect(await noReason.json()).toMatchObject({ code: 'REASON_REQUIRED' });

    const cancel = await asOperator(gw, `/v1/events/${first}/cancel`, { reason: 'Реєстр надіслав виправлену подію' });
    const cancelled = (await cancel.json()) as View;
    expect(cancel.status).toBe(200);
    expect(cancelled).toMatchObject({ status: 'cancelled', delivery: { cancelReason: 'Реєстр надіслав виправлену подію' } });
    expect(cancelled.audit?.[0]).toMatchObject({ actor: 'operator:demo-admin', action: 'cancel', reason: 'Реєстр надіслав виправлену подію' });
    expect((await waitForStatus(gw, second, ['delivered'])).status).toBe('delivered');
    expect((await asOperator(gw, `/v1/events/${first}/cancel`, { reason: 'again' })).status).toBe(409);
  });

  it('resends a rejected event as a new message when an operator retries it', async () => {
    gw = await startTestGateway({ DEMO_OPERATOR_TOKEN: OPERATOR });
    await faults(gw, { sequence: [{ type: 'reject', code: 'TEMPORARY_REFUSAL', reason: 'Тимчасова відмова' }] });
    const id = await post(gw, act('RTR-1', 1));
    const rejected = (await waitForStatus(gw, id, ['rejected'])) as unknown as View;
    const retry = await asOperator(gw, `/v1/events/${id}/retry`, { reason: 'ДМС підтвердила збій' });
    expect(retry.status).toBe(200);
    const delivered = (await waitForStatus(gw, id, ['delivered'])) as unknown as View;
    expect(delivered.delivery.messageId).not.toBe(rejected.delivery.messageId);
    expect(delivered.attempts.map((a) => a.outcome)).toEqual(['rejected', 'delivered']);
  });
});

describe('circuit breaker', () => {
  it('stops attempts after a run of failures, probes, and drains the waiting retries once DMS answers', async () => {
    gw = await startTestGateway({ DEMO_OPERATOR_TOKEN: OPERATOR, RETRY_SCHEDULE: '20ms,20ms,1h', BREAKER_MIN_REQUESTS: '3', BREAKER_COOLDOWN: '1500ms' });
    await faults(gw, { rules: [{ type: 'status', status: 503, probability: 1 }] });
    const first = await post(gw, act('CB-1', 1));
    await waitForAttempts(gw, first, 3);
    // The breaker hears of the third failure once its record is on disk; a reader may see the row a moment before.
    await expect.poll(() => gw!.worker.breaker.snapshot(), { timeout: 5000 }).toMatchObject({ state: 'open', timesOpened: 1 });
    // the third failure left the event waiting an hour; with the breaker open nothing else goes out
    await new Promise((r) => setTimeout(r, 500));
    expect(((await (await gw.get(`/v1/events/${first}`)).json()) as View).delivery.attempts).toBe(3);

    await fetch(new URL('/__admin/faults', gw.dmsUrl), { method: 'DELETE' });
    // a new event is the probe after the cooldown; its success closes the breaker and brings the
    // hour-long wait of the first event forward
    const second = await post(gw, { ...act('CB-2', 2), person: { ...(example.person as object), unzr: '19900127-07422', rnokpp: undefined, birthDate: '1990-01-27', sex: 'female' } });
    expect((await waitForStatus(gw, second, ['delivered'])).status).toBe('delivered');
    expect((await waitForStatus(gw, first, ['delivered'])).status).toBe('delivered');
    expect(gw.worker.breaker.snapshot().state).toBe('closed');
  });
});

async function waitForAttempts(g: TestGateway, id: string, n: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (((await (await g.get(`/v1/events/${id}`)).json()) as View).delivery.attempts < n) {
    if (Date.now() > deadline) throw new Error(`event ${id} has fewer than ${n} attempts`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
