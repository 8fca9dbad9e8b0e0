// Webhooks: the kit subscribes a receiver of its own (node:http on this machine), posts an event and
// checks that event.delivered arrives signed per Standard Webhooks, verified with the package's own
// verifier and the secret shown at subscription. The endpoint is removed afterwards, so repeated runs
// leave nothing behind. The gateway must reach this machine: a gateway refusing private addresses
// (WEBHOOK_ALLOW_PRIVATE_URLS=false) fails the scenario with that code.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { newPerson, syntheticCitizen } from '../contract-events.ts';
import { DELIVERED, FINAL, type Kit } from '../kit.ts';
import { check, type ScenarioSource } from '../scenario.ts';

interface Received {
  headers: Record<string, string>;
  body: string;
}

async function withReceiver<T>(body: (url: string, got: Received[]) => Promise<T>): Promise<T> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      got.push({ headers: req.headers as Record<string, string>, body: text });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}/conformance-webhooks`, got);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

const json = (kit: Kit, method: string, path: string, body?: unknown) =>
  kit.request(method, new URL(path, kit.options.gateway).href, { authorization: `Bearer ${kit.options.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body === undefined ? null : JSON.stringify(body));

export const webhookScenarios: ScenarioSource = (run) => [
  {
    group: 'webhooks',
    name: 'a subscribed endpoint receives event.delivered, signed per Standard Webhooks',
    async run(kit) {
      return withReceiver(async (url, got) => {
        const subscribed = await json(kit, 'POST', '/v1/webhooks/endpoints', { url, eventTypes: ['event.delivered'] });
        check(subscribed.status === 201, `subscribing got ${subscribed.status} ${String(subscribed.json.code ?? '')}`);
        const endpointId = String(subscribed.json.id);
        const secret = String(subscribed.json.secret);
        try {
          const posted = await kit.postEvent(syntheticCitizen(run, newPerson(), 'webhook', '2026-11-20T14:00:00+02:00'));
          check(posted.status === 202, `the post got ${posted.status}`);
          const id = String(posted.json.id);
          const view = await kit.waitFor(id, FINAL);
          check(DELIVERED.includes(view.status), `expected delivered, the event is ${view.status}`);
          const deadline = Date.now() + kit.options.timeoutMs;
          const mine = () => got.find((r) => r.body.includes(id));
          while (!mine() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
          const received = mine();
          check(received, `no webhook for ${id} within ${kit.options.timeoutMs} ms`);
          let payload: { type?: string; data?: { eventId?: string; status?: string } };
          try {
            payload = new Webhook(secret).verify(received.body, received.headers) as typeof payload;
          } catch (err) {
            check(false, `the signature did not verify: ${err instanceof Error ? err.message : String(err)}`);
          }
          check(payload.type === 'event.delivered' && payload.data?.eventId === id, `payload: ${received.body}`);
          kit.atMock.push(`webhook ${received.headers['webhook-id']}\n${received.body}`);
          return { passed: true, why: `event.delivered received as ${received.headers['webhook-id']}, signature verified` };
        } finally {
          await json(kit, 'DELETE', `/v1/webhooks/endpoints/${encodeURIComponent(endpointId)}`);
        }
      });
    },
  },
];
