// /v1/webhooks/endpoints: a register's subscriptions, the secret shown once, rotation, disabling,
// attempts and resends; refusals with their codes; another register's endpoint is "not found"; and
// what operators may do (read as viewers, disable/enable/resend as operators, never create).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHasher } from '../../auth/api-keys.ts';
import { createTestApp, expectProblem, TEST_API_KEY, TEST_OPERATOR_TOKEN, TEST_PEPPER, type TestApp } from '../../../tests/support/http-app.ts';

const OTHER_KEY = 'rtg_live_other_register_key_for_webhooks_000';
const VIEWER = 'rtgop_webhooks_viewer_token_0000000000000';
const OPERATOR = 'rtgop_webhooks_operator_token_00000000000';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const hasher = secretHasher(TEST_PEPPER);
  await t.store.access.createRegister({ id: 'reg-other', code: '99999999', name: 'Інший реєстр', createdAt: Date.now(), apiKeyHash: hasher.hash(OTHER_KEY) });
  await t.store.access.createOperator({ id: 'op-wh-viewer', name: 'wh-viewer', role: 'viewer', createdAt: Date.now(), tokenHash: hasher.hash(VIEWER) });
  await t.store.access.createOperator({ id: 'op-wh-operator', name: 'wh-operator', role: 'operator', createdAt: Date.now(), tokenHash: hasher.hash(OPERATOR) });
});
afterAll(async () => t.close());

const call = (method: string, path: string, key = TEST_API_KEY, body?: unknown) =>
  t.app.request(`/v1/webhooks${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

interface EndpointBody {
  id: string;
  url: string;
  secret?: string;
  enabled: boolean;
  disabledReason: string | null;
  eventTypes: string[];
  previousSecretExpiresAt: string | null;
}

const create = async (over: Record<string, unknown> = {}, key = TEST_API_KEY): Promise<EndpointBody> => {
  const res = await call('POST', '/endpoints', key, { url: 'https://register.example/hooks', eventTypes: ['event.rejected', 'event.delivered'], ...over });
  expect(res.status).toBe(201);
  return (await res.json()) as EndpointBody;
};

describe('a register’s webhook endpoints', () => {
  it('creates one and shows its secret once', async () => {
    const res = await call('POST', '/endpoints', TEST_API_KEY, { url: 'https://register.example/hooks', eventTypes: ['event.rejected'], description: 'ЦНАП' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as EndpointBody;
    expect(res.headers.get('location')).toBe(`/v1/webhooks/endpoints/${body.id}`);
    expect(body).toMatchObject({ url: 'https://register.example/hooks', eventTypes: ['event.rejected'], enabled: true });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const again = await (await call('GET', `/endpoints/${body.id}`)).json();
    expect(again).not.toHaveProperty('secret');
    expect(JSON.stringify(await (await call('GET', '/endpoints')).json())).not.toContain('whsec_');
  });

  it('subscribes to every type when none are named', async () => {
    const body = await create({ eventTypes: undefined });
    expect(body.eventTypes).toEqual(expect.arrayContaining(['event.delivered', 'event.rejected', 'event.failed', 'event.blocked', 'notice.created']));
  });

  it('refuses bad input with clear codes', async () => {
    const bad = async (body: unknown, code: string, pointer?: string) => {
      const p = await expectProblem(await call('POST', '/endpoints', TEST_API_KEY, body), 422, code);
      if (pointer !== undefined) expect(p.pointer).toBe(pointer);
    };
    await bad({ url: 'ftp://register.example/x' }, 'WEBHOOK_URL_SCHEME', '/url');
    await bad({ url: 'javascript:alert(1)' }, 'WEBHOOK_URL_SCHEME');
    await bad({ url: 'https://user:pw@register.example/x' }, 'WEBHOOK_URL_CREDENTIALS');
    await bad({ url: 'http://127.0.0.1:8080/v1/events' }, 'WEBHOOK_URL_SELF');
    await bad({ url: 'http://localhost:8080/' }, 'WEBHOOK_URL_SELF');
    await bad({ url: 'http://10.1.2.3/hook' }, 'WEBHOOK_URL_PRIVATE');
    await bad({ url: 'http://169.254.169.254/latest/meta-data' }, 'WEBHOOK_URL_PRIVATE');
    await bad({ url: 'http://[::1]:9000/' }, 'WEBHOOK_URL_PRIVATE');
    await bad({ url: 'not a url' }, 'WEBHOOK_URL_INVALID');
    await bad({ url: 'https://register.example/x', eventTypes: ['event.exploded'] }, 'WEBHOOK_EVENT_TYPES_INVALID', '/eventTypes');
    await bad({ url: 'https://register.example/x', eventTypes: [] }, 'WEBHOOK_EVENT_TYPES_INVALID');
    await bad({ url: 'https://register.example/x', secret: 'mine' }, 'WEBHOOK_INVALID', '/secret');
    await bad([1], 'WEBHOOK_INVALID');
    await expectProblem(await t.app.request('/v1/webhooks/endpoints', { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' }, body: '{' }), 400, 'BODY_NOT_JSON');
    await expectProblem(await t.app.request('/v1/webhooks/endpoints'), 401, 'UNAUTHORIZED');
  });

  it('changes, disables, enables and deletes an endpoint', async () => {
    const ep = await create();
    const patched = (await (await call('PATCH', `/endpoints/${ep.id}`, TEST_API_KEY, { url: 'https://register.example/v2', eventTypes: ['event.failed'] })).json()) as EndpointBody;
    expect(patched).toMatchObject({ url: 'https://register.example/v2', eventTypes: ['event.failed'] });
    await expectProblem(await call('PATCH', `/endpoints/${ep.id}`, TEST_API_KEY, { url: 'gopher://x' }), 422, 'WEBHOOK_URL_SCHEME');
    await expectProblem(await call('PATCH', `/endpoints/${ep.id}`, TEST_API_KEY, { enabled: 'no' }), 422, 'WEBHOOK_INVALID');
    expect(await (await call('PATCH', `/endpoints/${ep.id}`, TEST_API_KEY, { enabled: false })).json()).toMatchObject({ enabled: false, disabledReason: 'register' });
    expect(await (await call('PATCH', `/endpoints/${ep.id}`, TEST_API_KEY, { enabled: true })).json()).toMatchObject({ enabled: true, disabledReason: null });
    expect((await call('DELETE', `/endpoints/${ep.id}`)).status).toBe(204);
    await expectProblem(await call('GET', `/endpoints/${ep.id}`), 404, 'NOT_FOUND');
  });

  it('rotates the secret: a new one shown once, the previous one signing until the overlap ends', async () => {
    const ep = await create();
    const res = await call('POST', `/endpoints/${ep.id}/rotate-secret`);
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as EndpointBody;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(ep.secret);
    expect(Date.parse(rotated.previousSecretExpiresAt!)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(await t.store.webhooks.signingSecrets(ep.id, Date.now())).toEqual([rotated.secret, ep.secret]);
  });

  it('shows attempts and resends a message', async () => {
    const ep = await create({ eventTypes: ['event.delivered'] });
    const now = Date.now();
    const registerId = (await t.store.webhooks.endpoint(ep.id, null))!.registerId;
    await t.store.db.transaction((tx) => t.store.webhooks.enqueue(tx, { registerId, type: 'event.delivered', personKey: 'p', data: { eventId: 'e1', status: 'delivered' } }, now));
    const [m] = await t.store.webhooks.claimDue('w', now, 60_000, 100, 100).then((all) => all.filter((x) => x.endpointId === ep.id));
    await t.store.webhooks.recordAttempt(m!, 'w', { number: 1, startedAt: now, durationMs: 42, outcome: 'failed', httpStatus: 500, error: 'http_500' }, { status: 'failed', error: 'http_500' }, now, 86_400_000);
    const attempts = (await (await call('GET', `/endpoints/${ep.id}/attempts`)).json()) as { items: Array<Record<string, unknown>> };
    expect(attempts.items).toEqual([{ messageId: m!.id, type: 'event.delivered', number: 1, startedAt: new Date(now).toISOString(), durationMs: 42, outcome: 'failed', httpStatus: 500, error: 'http_500' }]);
    const resend = await call('POST', `/endpoints/${ep.id}/messages/${m!.id}/resend`);
    expect(resend.status).toBe(202);
    expect((await t.store.webhooks.messages(ep.id, 1))[0]).toMatchObject({ id: m!.id, status: 'pending' });
    await expectProblem(await call('POST', `/endpoints/${ep.id}/messages/msg_nope/resend`), 404, 'NOT_FOUND');
  });
});

describe('who sees and acts on an endpoint', () => {
  it('another register’s endpoint is not found, whatever the action', async () => {
    const ep = await create();
    for (const [method, path, body] of [
      ['GET', `/endpoints/${ep.id}`],
      ['PATCH', `/endpoints/${ep.id}`, { enabled: false }],
      ['DELETE', `/endpoints/${ep.id}`],
      ['POST', `/endpoints/${ep.id}/rotate-secret`],
      ['GET', `/endpoints/${ep.id}/attempts`],
      ['POST', `/endpoints/${ep.id}/messages/msg_x/resend`],
    ] as const) {
      await expectProblem(await call(method, path, OTHER_KEY, body), 404, 'NOT_FOUND');
    }
    const list = (await (await call('GET', '/endpoints', OTHER_KEY)).json()) as { items: EndpointBody[] };
    expect(list.items.map((e) => e.id)).not.toContain(ep.id);
    expect((await t.store.webhooks.endpoint(ep.id, null))?.enabled).toBe(true);
  });

  it('a viewer reads every register’s endpoints and acts on none', async () => {
    const ep = await create();
    await create({}, OTHER_KEY);
    const list = (await (await call('GET', '/endpoints', VIEWER)).json()) as { items: Array<{ register: string }> };
    expect(new Set(list.items.map((e) => e.register))).toEqual(new Set(['99999999', list.items.find((e) => e.register !== '99999999')!.register]));
    expect((await call('GET', `/endpoints/${ep.id}/attempts`, VIEWER)).status).toBe(200);
    await expectProblem(await call('PATCH', `/endpoints/${ep.id}`, VIEWER, { enabled: false }), 403, 'FORBIDDEN');
    await expectProblem(await call('POST', `/endpoints/${ep.id}/messages/msg_x/resend`, VIEWER), 403, 'FORBIDDEN');
  });

  it('an operator disables and enables, but never creates, changes, rotates or deletes', async () => {
    const ep = await create();
    expect(await (await call('PATCH', `/endpoints/${ep.id}`, OPERATOR, { enabled: false })).json()).toMatchObject({ enabled: false, disabledReason: 'operator' });
    expect(await (await call('PATCH', `/endpoints/${ep.id}`, TEST_OPERATOR_TOKEN, { enabled: true })).json()).toMatchObject({ enabled: true });
    await expectProblem(await call('PATCH', `/endpoints/${ep.id}`, OPERATOR, { url: 'https://evil.example/' }), 403, 'REGISTER_KEY_REQUIRED');
    await expectProblem(await call('POST', '/endpoints', OPERATOR, { url: 'https://evil.example/' }), 403, 'REGISTER_KEY_REQUIRED');
    await expectProblem(await call('POST', `/endpoints/${ep.id}/rotate-secret`, TEST_OPERATOR_TOKEN), 403, 'REGISTER_KEY_REQUIRED');
    await expectProblem(await call('DELETE', `/endpoints/${ep.id}`, TEST_OPERATOR_TOKEN), 403, 'REGISTER_KEY_REQUIRED');
    const audit = (await t.store.audit.auditPage(null, 50)).filter((e) => e.detail?.endpointId === ep.id).map((e) => `${e.actor} ${e.action}`);
    expect(audit).toEqual(expect.arrayContaining(['operator:wh-operator webhook_endpoint_disable', 'webhook_endpoint_create'].map((s) => expect.stringContaining(s))));
  });
});
