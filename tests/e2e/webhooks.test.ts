// Webhooks end to end through a real gateway (mock DMS beside it): a register subscribes its
// receiver with the API, posts an event, and receives event.delivered, signed with the secret it was
// shown once; a URL pointing at the gateway itself is refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestGateway, TEST_API_KEY, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';

const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;

let gw: TestGateway;
let receiver: Server;
let receiverUrl = '';
const got: Array<{ headers: Record<string, string>; body: string }> = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rtg`;
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.stop();
  receiver.closeAllConnections();
  receiver.close();
});

const subscribe = (url: string) =>
  fetch(`${gw.url}/v1/webhooks/endpoints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url, eventTypes: ['event.delivered', 'event.rejected', 'event.failed', 'event.blocked'] }),
  });

describe('webhooks through the gateway', () => {
  it('delivers event.delivered to the subscribed receiver, signed with its secret', async () => {
    const res = await subscribe(receiverUrl);
    expect(res.status).toBe(201);
    const { id: endpointId, secret } = (await res.json()) as { id: string; secret: string };

    const posted = await gw.post({ ...example, eventId: 'WEBHOOK-E2E-1' });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    await waitForStatus(gw, id, ['delivered']);

    await vi.waitFor(() => expect(got).toHaveLength(1), { timeout: 15_000, interval: 50 });
    const payload = new Webhook(secret).verify(got[0]!.body, got[0]!.headers) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({ type: 'event.delivered', data: { eventId: id, registerEventId: 'WEBHOOK-E2E-1', status: 'delivered' } });
    // ids, statuses and codes only: nothing of the person the register sent
    const person = JSON.stringify((example as { person?: unknown }).person ?? {});
    for (const value of person.match(/"[^"]{4,}"/g) ?? []) expect(got[0]!.body).not.toContain(value.slice(1, -1));

    const attempts = (await (await gw.get(`/v1/webhooks/endpoints/${endpointId}/attempts`)).json()) as { items: Array<{ outcome: string; httpStatus: number }> };
    expect(attempts.items).toMatchObject([{ outcome: 'delivered', httpStatus: 204 }]);
  });

  it('refuses a URL that points at the gateway itself', async () => {
    const res = await subscribe(`${gw.url}/v1/events`);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe('WEBHOOK_URL_SELF');
  });
});
