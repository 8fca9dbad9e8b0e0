// The webhook worker against real receivers (node:http on port 0) over a real SQLite store: every
// message arrives signed per Standard Webhooks (checked with the package's own verifier), failures
// are retried on the schedule, one person's messages arrive in order, a breaker stops hammering an
// endpoint that is down, an endpoint failing for too long is disabled, and a receiver that hangs
// does not hold up another endpoint. The clock is injected; nothing waits on real time to pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.ts';
import { openSqliteStore, type Store } from '../store/open-store.ts';
import { createWebhookClient, type WebhookClient } from './client.ts';
import type { WebhookEventType } from './model.ts';
import { newWebhookSecret } from './signing.ts';
import { WebhookWorker, type WebhookWorkerOptions } from './worker.ts';

interface Received {
  headers: Record<string, string>;
  body: string;
}

/** A receiver answering each request with `answer` (a status, or 'hang' to never answer). */
async function receiver(answer: (r: Received, n: number) => number | 'hang'): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const r = { headers: req.headers as Record<string, string>, body };
      got.push(r);
      const status = answer(r, got.length);
      if (status !== 'hang') res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, server };
}

const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000, interval: 20 });

describe('the webhook worker', () => {
  let dir: string;
  let store: Store;
  let client: WebhookClient;
  let worker: WebhookWorker | null = null;
  const servers: Server[] = [];
  let clock = Date.now();
  const now = () => clock;
  const register = { id: 'reg-1', code: '26376375', name: 'Демо', apiKeyHash: 'h' };
  let n = 0;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rtg-webhooks-'));
    store = openSqliteStore(dir);
    await store.access.createRegister({ ...register, createdAt: clock });
    client = createWebhookClient({ timeoutMs: 30_000, allowPrivate: true });
    clock = Date.now();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = null;
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      s.close();
    }
    await client.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (over: Partial<WebhookWorkerOptions> = {}) => {
    worker = new WebhookWorker(
      { webhooks: store.webhooks, client, logger: createLogger('silent'), now, random: () => 0.5 },
      {
        concurrency: 4,
        perEndpoint: 2,
        pollMs: 20,
        leaseMs: 60_000,
        retrySchedule: [1000, 2000, 4000],
        jitter: 0,
        disableAfterMs: 5 * 86_400_000,
        breaker: { minRequests: 100, failureRate: 1, windowMs: 60_000, cooldownMs: 30_000, maxCooldownMs: 60_000 },
        ...over,
      },
    );
    worker.start();
  };

  const endpoint = async (url: string, secret = newWebhookSecret(), types: WebhookEventType[] = ['event.delivered']) => ({
    secret,
    ...(await store.webhooks.createEndpoint({ id: `ep_${++n}`, registerId: register.id, url, description: null, eventTypes: types, secret }, { kind: 'system' }, clock)),
  });

  const notify = (personKey: string | null, data: Record<string, unknown> = {}) =>
    store.db.transaction((tx) => store.webhooks.enqueue(tx, { registerId: register.id, type: 'event.delivered', personKey, data: { eventId: `e-${++n}`, status: 'delivered', ...data } }, clock));

  const attempts = async (endpointId: string) => (await store.webhooks.attempts(endpointId, 100)).reverse();

  it('delivers each message signed per Standard Webhooks, verified by the package’s own verifier', async () => {
    const r = await receiver(() => 204);
    servers.push(r.server);
    const ep = await endpoint(r.url);
    await notify('p1', { eventId: 'evt-1' });
    start();
    await waitFor(async () => expect(await attempts(ep.id)).toMatchObject([{ outcome: 'delivered', httpStatus: 204, error: null }]));
    const [got] = r.got;
    expect(got!.headers['webhook-id']).toMatch(/^msg_/);
    expect(got!.headers['content-type']).toBe('application/json');
    const verified = new Webhook(ep.secret).verify(got!.body, got!.headers) as { type: string; data: { eventId: string } };
    expect(verified).toMatchObject({ type: 'event.delivered', data: { eventId: 'evt-1', status: 'delivered' } });
    expect(() => new Webhook(newWebhookSecret()).verify(got!.body, got!.headers)).toThrow();
    expect(() => new Webhook(ep.secret).verify(got!.body.replace('evt-1', 'evt-2'), got!.headers)).toThrow();
  });

  it('delivers again after a stop and a start: the stop cut short only the attempts of before', async () => {
    const r = await receiver(() => 204);
    servers.push(r.server);
    const ep = await endpoint(r.url);
    start();
    await worker!.stop();
    worker!.start();
    await notify('p1', { eventId: 'evt-after-restart' });
    worker!.wake();
    await waitFor(async () => expect(await attempts(ep.id)).toMatchObject([{ outcome: 'delivered', httpStatus: 204 }]));
  });

  it('signs with both secrets during a rotation’s overlap, and with the new one alone after it', async () => {
    const r = await receiver(() => 200);
    servers.push(r.server);
    const ep = await endpoint(r.url);
    const fresh = newWebhookSecret();
    await store.webhooks.rotateSecret(ep.id, register.id, fresh, 60_000, { kind: 'system' }, clock);
    await notify('p1');
    start();
    await waitFor(() => expect(r.got).toHaveLength(1));
    const during = r.got[0]!;
    expect(during.headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(() => new Webhook(ep.secret).verify(during.body, during.headers)).not.toThrow();
    expect(() => new Webhook(fresh).verify(during.body, during.headers)).not.toThrow();

    clock += 60_000;
    const after = await store.webhooks.signingSecrets(ep.id, clock);
    expect(after).toEqual([fresh]);
    await notify('p2');
    await waitFor(() => expect(r.got).toHaveLength(2));
    const later = r.got[1]!;
    expect(later.headers['webhook-signature']!.split(' ')).toHaveLength(1);
    // the verifier checks the timestamp against its own clock: the receiver's, a minute on
    vi.useFakeTimers({ toFake: ['Date'], now: clock });
    try {
      expect(() => new Webhook(fresh).verify(later.body, later.headers)).not.toThrow();
      expect(() => new Webhook(ep.secret).verify(later.body, later.headers)).toThrow();
    } finally {
      vi.useRealTimers();
    }
  });

  it('retries a failing message on the schedule, then records its delivery', async () => {
    const r = await receiver((_, count) => (count < 3 ? 503 : 200));
    servers.push(r.server);
    const ep = await endpoint(r.url);
    await notify('p1');
    const t0 = clock;
    start();
    await waitFor(async () => expect(await store.webhooks.messages(ep.id, 1)).toMatchObject([{ attempts: 1, status: 'pending', nextAttemptAt: t0 + 1000 }]));
    clock = t0 + 1000;
    worker!.wake();
    await waitFor(async () => expect(await store.webhooks.messages(ep.id, 1)).toMatchObject([{ attempts: 2, nextAttemptAt: t0 + 1000 + 2000 }]));
    clock = t0 + 3000;
    worker!.wake();
    await waitFor(async () => expect(await store.webhooks.messages(ep.id, 1)).toMatchObject([{ attempts: 3, status: 'delivered' }]));
    expect((await attempts(ep.id)).map((a) => [a.number, a.outcome, a.httpStatus])).toEqual([
      [1, 'failed', 503],
      [2, 'failed', 503],
      [3, 'delivered', 200],
    ]);
    expect((await store.webhooks.endpoint(ep.id, null))?.failingSince).toBeNull();
  });

  it('keeps one person’s messages in order: the second waits until the first is delivered', async () => {
    const order: string[] = [];
    let firstId = '';
    const r = await receiver((got) => {
      const data = (JSON.parse(got.body) as { data: { seq: number } }).data;
      order.push(`${data.seq}:${got.headers['webhook-id'] === firstId ? 'first' : 'other'}`);
      return data.seq === 1 && order.length === 1 ? 500 : 200;
    });
    servers.push(r.server);
    const ep = await endpoint(r.url);
    await notify('same-person', { seq: 1 });
    await notify('same-person', { seq: 2 });
    firstId = (await store.webhooks.messages(ep.id, 10)).at(-1)!.id;
    start();
    await waitFor(async () => expect(await store.webhooks.messages(ep.id, 10)).toMatchObject([{ attempts: 0 }, { attempts: 1, status: 'pending' }]));
    clock += 1000;
    worker!.wake();
    await waitFor(async () => expect((await store.webhooks.messages(ep.id, 10)).map((m) => m.status)).toEqual(['delivered', 'delivered']));
    expect(order).toEqual(['1:first', '1:first', '2:other']);
  });

  it('opens the endpoint’s breaker when it keeps failing: its messages wait, no attempt counted', async () => {
    const r = await receiver(() => 503);
    servers.push(r.server);
    const ep = await endpoint(r.url);
    for (const p of ['a', 'b', 'c', 'd']) await notify(p);
    start({ perEndpoint: 1, breaker: { minRequests: 2, failureRate: 1, windowMs: 60_000, cooldownMs: 30_000, maxCooldownMs: 60_000 } });
    await waitFor(async () => expect(worker!.breakerOf(ep.id).snapshot(clock).state).toBe('open'));
    await waitFor(async () => expect((await store.webhooks.messages(ep.id, 10)).filter((m) => m.attempts === 0 && m.nextAttemptAt! >= clock + 30_000)).toHaveLength(2));
    expect(r.got).toHaveLength(2);
  });

  it('disables an endpoint that keeps failing for WEBHOOK_DISABLE_AFTER, with an audit entry', async () => {
    const r = await receiver(() => 500);
    servers.push(r.server);
    const ep = await endpoint(r.url);
    await notify('p1');
    const t0 = clock;
    start({ disableAfterMs: 2500, retrySchedule: [1000, 1000, 1000, 1000, 1000] });
    for (const [step, attemptsMade] of [[0, 1], [1000, 2], [2000, 3]] as const) {
      clock = t0 + step;
      worker!.wake();
      await waitFor(async () => expect((await store.webhooks.messages(ep.id, 1))[0]!.attempts).toBe(attemptsMade));
    }
    expect((await store.webhooks.endpoint(ep.id, null))?.enabled).toBe(true);
    clock = t0 + 3000;
    worker!.wake();
    await waitFor(async () => expect(await store.webhooks.endpoint(ep.id, null)).toMatchObject({ enabled: false, disabledReason: 'failing', failingSince: t0 }));
    expect((await store.audit.auditPage(null, 5)).find((e) => e.action === 'webhook_endpoint_auto_disable')).toMatchObject({ actor: 'system', detail: { endpointId: ep.id } });
    expect((await store.webhooks.disabledForFailing()).map((e) => e.id)).toEqual([ep.id]);
  });

  it('a receiver that hangs holds its own endpoint’s slots only: another endpoint still receives', async () => {
    const hanging = await receiver(() => 'hang');
    const healthy = await receiver(() => 204);
    servers.push(hanging.server, healthy.server);
    const slow = await endpoint(hanging.url);
    for (const p of ['a', 'b', 'c', 'd', 'e']) await notify(p);
    start({ concurrency: 3, perEndpoint: 2 });
    await waitFor(() => expect(hanging.got).toHaveLength(2));
    const fast = await endpoint(healthy.url);
    await notify('f');
    await waitFor(async () => expect(await attempts(fast.id)).toMatchObject([{ outcome: 'delivered', httpStatus: 204 }]));
    // the hanging endpoint never got more than its two slots
    expect(hanging.got).toHaveLength(2);
    expect(await attempts(slow.id)).toEqual([]);
  });
});
