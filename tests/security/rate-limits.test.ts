// Rate limits at the door, with an injected clock: a token bucket per key on the register API
// (429 RATE_LIMITED with Retry-After and the IETF RateLimit headers, which successful answers carry
// too), per client IP for requests that fail authentication, and the console's sign-in lockout.
import { afterEach, expect, it } from 'vitest';
import { createRateLimits } from '../../src/http/rate-limit/limits.ts';
import { createTestApp, expectProblem, TEST_OPERATOR_TOKEN, type TestApp } from '../support/http-app.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

let now = Date.parse('2026-11-23T10:00:00Z');
const clock = () => now;
const small = () =>
  createRateLimits(
    { api: { ratePerSecond: 1, burst: 2 }, unauthenticated: { ratePerSecond: 0.5, burst: 2 }, login: { freeFailures: 2, lockoutMs: 30_000, maxLockoutMs: 120_000 } },
    clock,
  );
/** A request as from `ip` (the socket's peer address, as @hono/node-server gives it). */
const from = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

it('limits each key with a token bucket: headers on every answer, 429 RATE_LIMITED past the burst, refilled by time', async () => {
  t = await createTestApp({ rateLimits: small() });
  const first = await t.get('/v1/events');
  expect(first.status).toBe(200);
  expect(first.headers.get('ratelimit-policy')).toBe('"key";q=2;w=2');
  expect(first.headers.get('ratelimit')).toBe('"key";r=1;t=1');
  expect((await t.get('/v1/events')).headers.get('ratelimit')).toBe('"key";r=0;t=2');

  const refused = await t.get('/v1/events');
  const problem = await expectProblem(refused, 429, 'RATE_LIMITED');
  expect(problem.message.uk).toContain('Забагато запитів');
  expect(problem.message.en).toContain('Too many requests');
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.headers.get('retry-after')).toBe('1');
  expect(refused.headers.get('ratelimit-policy')).toBe('"key";q=2;w=2');
  expect(refused.headers.get('ratelimit')).toBe('"key";r=0;t=2');
  // Another principal has a bucket of its own; POST is counted like GET.
  expect((await t.get('/v1/events', TEST_OPERATOR_TOKEN)).status).toBe(200);
  expect((await t.post({})).status).toBe(429);

  now += 1000;
  const again = await t.get('/v1/events');
  expect(again.status).toBe(200);
  expect(again.headers.get('ratelimit')).toBe('"key";r=0;t=2');
});

it('limits requests without a valid key per client IP, leaving valid keys from that IP alone', async () => {
  t = await createTestApp({ rateLimits: small() });
  const app = t.app;
  const guess = (ip: string) => app.request('/v1/events', { headers: { authorization: 'Bearer rtg_guessed_key_0000000000' } }, from(ip));
  expect((await guess('203.0.113.7')).status).toBe(401);
  expect((await app.request('/v1/events', {}, from('203.0.113.7'))).status).toBe(401);
  const refused = await guess('203.0.113.7');
  await expectProblem(refused, 429, 'RATE_LIMITED');
  expect(refused.headers.get('retry-after')).toBe('2');
  expect(refused.headers.get('ratelimit-policy')).toBe('"ip";q=2;w=4');
  expect((await guess('198.51.100.1')).status).toBe(401);
  expect((await app.request('/v1/audit', { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } }, from('203.0.113.7'))).status).toBe(200);
  now += 2000;
  expect((await guess('203.0.113.7')).status).toBe(401);
});

it('locks the console sign-in out per IP after failed attempts, growing; a success resets it', async () => {
  t = await createTestApp({ rateLimits: small() });
  const app = t.app;
  const signIn = (secret: string, ip = '203.0.113.9') =>
    app.request('/ui/login', { method: 'POST', headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ secret }) }, from(ip));
  expect((await signIn('wrong-1')).status).toBe(401);
  expect((await signIn('wrong-2')).status).toBe(401);
  const locked = await signIn('wrong-3');
  expect(locked.status).toBe(429);
  expect(locked.headers.get('retry-after')).toBe('30');
  const page = await locked.text();
  expect(page).toContain('Забагато невдалих спроб входу');
  expect(page).toContain('Too many failed sign-ins');
  expect(page).toContain('30 с');
  // Locked: even the right token waits; another IP does not.
  expect((await signIn(TEST_OPERATOR_TOKEN)).status).toBe(429);
  expect((await signIn(TEST_OPERATOR_TOKEN, '198.51.100.2')).status).toBe(303);

  now += 30_000;
  const longer = await signIn('wrong-4');
  expect(longer.status).toBe(429);
  expect(longer.headers.get('retry-after')).toBe('60');
  expect(await longer.text()).toContain('1 хв');
  now += 60_000;
  expect((await signIn(TEST_OPERATOR_TOKEN)).status).toBe(303);
  expect((await signIn('wrong-5')).status).toBe(401); // reset by the success
});
