// Who may do what, asked of the real Operations over a real SQLite store, through both doors: the
// JSON API and the console (signed in, with its CSRF token). One table: role × action × answer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretHasher } from '../../src/auth/api-keys.ts';
import type { Principal } from '../../src/auth/principal.ts';
import type { OperatorRole } from '../../src/delivery/model/actors.ts';
import { realConsoleClient } from '../support/console/console-client.ts';
import { createTestApp, TEST_API_KEY, TEST_OPERATOR_TOKEN, TEST_PEPPER, type TestApp } from '../support/http-app.ts';
import { REPO } from '../support/xsd.ts';

/** The route tests' pepper: the same hashes the app's sign-in computes. */
const hasher = secretHasher(TEST_PEPPER);

type Role = 'register' | OperatorRole;
type Action =
  | 'post'
  | 'list'
  | 'get'
  | 'message'
  | 'reveal'
  | 'retry'
  | 'cancel'
  | 'start replay'
  | 'cancel replay'
  | 'audit'
  | 'list notices'
  | 'get notice'
  | 'ack notice'
  | 'reveal notice'
  | 'route notice'
  | 'webhook create'
  | 'webhook list'
  | 'webhook attempts'
  | 'webhook disable'
  | 'webhook rotate'
  | 'webhook resend';
/** 'allowed', or the code of the refusal (403 in both doors). */
type Answer = 'allowed' | 'FORBIDDEN' | 'REGISTER_KEY_REQUIRED';

const SECRET: Record<Role, string> = {
  register: TEST_API_KEY,
  viewer: 'rtgop_test_token_for_a_viewer_000000000',
  operator: 'rtgop_test_token_for_an_operator_00000',
  admin: TEST_OPERATOR_TOKEN,
};

const ROLES: Role[] = ['register', 'viewer', 'operator', 'admin'];
const A = 'allowed';
const F = 'FORBIDDEN';
// Read with src/operations/access.ts and its callers: a register reads its own events and acts on
// none; a viewer reads everything; an operator (and an admin) also reveals, retries, cancels, replays.
// Webhooks (src/webhooks/manage.ts): a register manages its own endpoints; operators read them
// (viewer), disable and resend (operator); only the register creates one or rotates its secret.
const TABLE: Record<Action, [Answer, Answer, Answer, Answer]> = {
  //               register                viewer                   operator                 admin
  post: [A, 'REGISTER_KEY_REQUIRED', 'REGISTER_KEY_REQUIRED', 'REGISTER_KEY_REQUIRED'],
  list: [A, A, A, A],
  get: [A, A, A, A],
  message: [A, A, A, A],
  reveal: [F, F, A, A],
  retry: [F, F, A, A],
  cancel: [F, F, A, A],
  'start replay': [F, F, A, A],
  'cancel replay': [F, F, A, A],
  audit: [F, A, A, A],
  // Notices (src/notices/operations.ts): a register reads and acknowledges its own; operators read all,
  // masked; an operator reveals one and routes it to a register; only its register acknowledges it.
  'list notices': [A, A, A, A],
  'get notice': [A, A, A, A],
  'ack notice': [A, 'REGISTER_KEY_REQUIRED', 'REGISTER_KEY_REQUIRED', 'REGISTER_KEY_REQUIRED'],
  'reveal notice': [F, F, A, A],
  'route notice': [F, F, A, A],
  'webhook create': [A, 'REGISTER_KEY_REQUIRED', 'REGISTER_KEY_REQUIRED', 'REGISTER_KEY_REQUIRED'],
  'webhook list': [A, A, A, A],
  'webhook attempts': [A, A, A, A],
  'webhook disable': [A, F, A, A],
  'webhook rotate': [A, 'REGISTER_KEY_REQUIRED', 'REGISTER_KEY_REQUIRED', 'REGISTER_KEY_REQUIRED'],
  'webhook resend': [A, F, A, A],
};

const example = JSON.parse(readFileSync(path.join(REPO, 'contracts/events/v1/examples/residence-registered.citizen-id-card.json'), 'utf8')) as Record<string, unknown>;
const REASON = 'Перевірка прав доступу';
const ADMIN: Principal = { kind: 'operator', operator: { id: 'op-matrix-admin', name: 'matrix-admin', role: 'admin', createdAt: 0 } };

let t: TestApp;
let n = 0;

beforeAll(async () => {
  t = await createTestApp();
  for (const role of ['viewer', 'operator'] as const) {
    await t.store.access.createOperator({ id: `op-${role}`, name: `${role}-on-duty`, role, createdAt: Date.now(), tokenHash: hasher.hash(SECRET[role]) });
  }
});
afterAll(async () => {
  await t.close();
});

/** A fresh event of the demo register whose delivery failed: every action applies to it. */
async function failedEvent(): Promise<string> {
  n += 1;
  const res = await t.post({ ...example, eventId: `MATRIX-${n}` });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  await t.store.db.run(`UPDATE deliveries SET status = 'failed', finished_at = :now, last_error = 'HTTP 503' WHERE event_id = :id`, { id, now: Date.now() });
  return id;
}

let notices = 0;
/** A DMS notice with no address: unrouted, or routed by hand to the demo register (so every role may act on it). */
async function notice(routed: boolean): Promise<string> {
  notices += 1;
  const { id } = await t.store.notices.receive({
    noticeId: `MATRIX-NOTICE-${Date.now()}-${notices}`,
    kind: 'person_died',
    person: { unzr: null, rnokpp: null, lastName: 'Шевчук', firstName: 'Петро', patronymic: null, birthDate: '1955-02-12' },
    katottg: null,
    occurredOn: '2026-10-27',
    document: null,
    issuedAt: '2026-10-28T09:00:00+02:00',
    messageXml: '<Notice/>',
    signer: 'CN=DMS dev',
  });
  if (routed) {
    const demo = { id: (await t.store.territory.registerIdByCode('26376375')) as string, code: '26376375' };
    await t.store.notices.route(id, demo, 'operator:matrix-admin', REASON, Date.now());
  }
  return id;
}

/** A running replay job (nothing runs it here). */
async function runningReplay(): Promise<string> {
  return (await t.operations.startReplay(ADMIN, { status: 'failed' }, REASON)).id;
}

/** An endpoint of the demo register. */
async function webhookEndpoint(): Promise<string> {
  const register = await t.store.access.findRegisterByKeyHash(hasher.hash(TEST_API_KEY));
  return (await t.webhooks.create({ kind: 'register', register: register! }, { url: `https://register.example/hook-${++n}`, eventTypes: ['event.failed'] })).id;
}

/** An endpoint with a message whose only attempt failed: a resend applies to it. */
async function failedWebhookMessage(): Promise<{ endpointId: string; messageId: string }> {
  const endpointId = await webhookEndpoint();
  const { registerId } = (await t.store.webhooks.endpoint(endpointId, null))!;
  const now = Date.now();
  await t.store.db.transaction((tx) => t.store.webhooks.enqueue(tx, { registerId, type: 'event.failed', personKey: `p-${++n}`, data: { eventId: 'e', status: 'failed' } }, now));
  const [m] = (await t.store.webhooks.claimDue('matrix', now, 60_000, 1000, 1000)).filter((x) => x.endpointId === endpointId);
  await t.store.webhooks.recordAttempt(m!, 'matrix', { number: 1, startedAt: now, durationMs: 1, outcome: 'failed', httpStatus: 500, error: 'http_500' }, { status: 'failed', error: 'http_500' }, now, 86_400_000);
  return { endpointId, messageId: m!.id };
}

const cases = ROLES.flatMap((role, i) => (Object.keys(TABLE) as Action[]).map((action) => ({ role, action, answer: TABLE[action][i] as Answer })));

describe('the JSON API asks the real Operations', () => {
  const json = async (method: string, pathname: string, role: Role, body?: unknown) =>
    t.app.request(pathname, {
      method,
      headers: { authorization: `Bearer ${SECRET[role]}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  const perform = async (action: Action, role: Role): Promise<Response> => {
    switch (action) {
      case 'post':
        return json('POST', '/v1/events', role, { ...example, eventId: `MATRIX-POST-${++n}` });
      case 'list':
        return json('GET', '/v1/events', role);
      case 'get':
        return json('GET', `/v1/events/${await failedEvent()}`, role);
      case 'message':
        return json('GET', `/v1/events/${await failedEvent()}/message`, role);
      case 'reveal':
        return json('POST', `/v1/events/${await failedEvent()}/reveal`, role, { reason: REASON });
      case 'retry':
        return json('POST', `/v1/events/${await failedEvent()}/retry`, role, { reason: REASON });
      case 'cancel':
        return json('POST', `/v1/events/${await failedEvent()}/cancel`, role, { reason: REASON });
      case 'start replay':
        return json('POST', '/v1/replays', role, { filter: { status: 'failed' }, reason: REASON });
      case 'cancel replay':
        return json('POST', `/v1/replays/${await runningReplay()}/cancel`, role, {});
      case 'audit':
        return json('GET', '/v1/audit', role);
      case 'list notices':
        return json('GET', '/v1/notices', role);
      case 'get notice':
        return json('GET', `/v1/notices/${await notice(true)}`, role);
      case 'ack notice':
        return json('POST', `/v1/notices/${await notice(true)}/ack`, role);
      case 'reveal notice':
        return json('POST', `/v1/notices/${await notice(true)}/reveal`, role, { reason: REASON });
      case 'route notice':
        return json('POST', `/v1/notices/${await notice(false)}/route`, role, { registerCode: '26376375', reason: REASON });
      case 'webhook create':
        return json('POST', '/v1/webhooks/endpoints', role, { url: 'https://register.example/new', eventTypes: ['event.failed'] });
      case 'webhook list':
        return json('GET', '/v1/webhooks/endpoints', role);
      case 'webhook attempts':
        return json('GET', `/v1/webhooks/endpoints/${await webhookEndpoint()}/attempts`, role);
      case 'webhook disable':
        return json('PATCH', `/v1/webhooks/endpoints/${await webhookEndpoint()}`, role, { enabled: false });
      case 'webhook rotate':
        return json('POST', `/v1/webhooks/endpoints/${await webhookEndpoint()}/rotate-secret`, role);
      case 'webhook resend': {
        const { endpointId, messageId } = await failedWebhookMessage();
        return json('POST', `/v1/webhooks/endpoints/${endpointId}/messages/${messageId}/resend`, role);
      }
    }
  };

  it.each(cases)('$role: $action → $answer', async ({ role, action, answer }) => {
    const res = await perform(action, role);
    const body = (await res.json()) as { code?: string };
    if (answer === 'allowed') {
      expect(res.status, JSON.stringify(body)).toBeLessThan(300);
      expect(body.code).toBeUndefined();
    } else {
      expect(res.status).toBe(403);
      expect(body.code).toBe(answer);
    }
  });
});

describe('the console asks the same real Operations', () => {
  const signedIn = async (role: Role) => {
    const browser = realConsoleClient({ ...t.store.access, hasher }, t.operations, t.notices, t.webhooks);
    expect((await browser.signIn(SECRET[role])).status).toBe(303);
    return browser;
  };

  /** The console's answer: its status and, for a refusal page, the code it names. */
  const perform = async (action: Exclude<Action, 'post'>, role: Role): Promise<{ status: number; html: string }> => {
    const browser = await signedIn(role);
    const page = async (p: string) => browser.get(p);
    const form = async (p: string, fields: Record<string, string>) => {
      await browser.get('/ui/events'); // a page first: the CSRF token comes from it
      return browser.post(p, fields);
    };
    let answer: { res: Response; html: string };
    switch (action) {
      case 'list':
        answer = await page('/ui/events');
        break;
      case 'get':
        answer = await page(`/ui/events/${await failedEvent()}`);
        break;
      case 'message': {
        // The event page shows the masked message, or says why it cannot.
        answer = await page(`/ui/events/${await failedEvent()}`);
        if (/Ця дія потребує ролі|не знайдено/.test(answer.html)) return { status: 403, html: answer.html };
        break;
      }
      case 'reveal':
        answer = await form(`/ui/events/${await failedEvent()}/reveal`, { reason: REASON });
        break;
      case 'retry':
        answer = await form(`/ui/events/${await failedEvent()}/retry`, { reason: REASON });
        break;
      case 'cancel':
        answer = await form(`/ui/events/${await failedEvent()}/cancel`, { reason: REASON });
        break;
      case 'start replay':
        answer = await form('/ui/replays', { status: 'failed', reason: REASON });
        break;
      case 'cancel replay':
        answer = await form(`/ui/replays/${await runningReplay()}/cancel`, {});
        break;
      case 'audit':
        answer = await page('/ui/audit');
        break;
      case 'list notices':
        answer = await page('/ui/notices');
        break;
      case 'get notice':
        answer = await page(`/ui/notices/${await notice(true)}`);
        break;
      case 'ack notice':
        answer = await form(`/ui/notices/${await notice(true)}/ack`, {});
        break;
      case 'reveal notice':
        answer = await form(`/ui/notices/${await notice(true)}/reveal`, { reason: REASON });
        break;
      case 'route notice':
        answer = await form(`/ui/notices/${await notice(false)}/route`, { registerCode: '26376375', reason: REASON });
        break;
      case 'webhook create':
        answer = await form('/ui/webhooks', { url: 'https://register.example/console', 'type_event.failed': '1' });
        break;
      case 'webhook list':
        answer = await page('/ui/webhooks');
        break;
      case 'webhook attempts':
        answer = await page(`/ui/webhooks/${await webhookEndpoint()}`);
        break;
      case 'webhook disable':
        answer = await form(`/ui/webhooks/${await webhookEndpoint()}/disable`, {});
        break;
      case 'webhook rotate':
        answer = await form(`/ui/webhooks/${await webhookEndpoint()}/rotate-secret`, {});
        break;
      case 'webhook resend': {
        const { endpointId, messageId } = await failedWebhookMessage();
        answer = await form(`/ui/webhooks/${endpointId}/messages/${messageId}/resend`, {});
        break;
      }
    }
    return { status: answer.res.status, html: answer.html };
  };

  it.each(cases.filter((c) => c.action !== 'post'))('$role: $action → $answer', async ({ role, action, answer }) => {
    const { status, html } = await perform(action as Exclude<Action, 'post'>, role);
    if (answer === 'allowed') {
      // A page (200) or, after an action, the redirect to its result (303).
      expect([200, 303], html.slice(0, 2000)).toContain(status);
      expect(html).not.toContain('FORBIDDEN');
    } else {
      expect(status).toBe(403);
      expect(html).toContain(answer);
    }
  });
});
