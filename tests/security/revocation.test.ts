// A rotated key keeps working for its overlap; a revoked key or token is refused at once (401), on
// the API as well as the console.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateApiKey, generateOperatorToken, secretHasher } from '../../src/auth/api-keys.ts';
import { DEMO_OPERATOR_NAME, DEMO_REGISTER } from '../../src/app/first-start.ts';
import { createTestApp, expectProblem, TEST_API_KEY, TEST_OPERATOR_TOKEN, TEST_PEPPER, type TestApp } from '../support/http-app.ts';

const hasher = secretHasher(TEST_PEPPER);

describe('revocation and rotation on the API', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('accepts both register keys during a rotation and refuses every one at once after revocation', async () => {
    const newKey = generateApiKey();
    await t.store.access.rotateRegisterKey(DEMO_REGISTER.code, { newHash: hasher.hash(newKey), overlapMs: 3_600_000, now: Date.now() });
    expect((await t.get('/v1/events/no-such-event', TEST_API_KEY)).status).toBe(404);
    expect((await t.get('/v1/events/no-such-event', newKey)).status).toBe(404);

    await t.store.access.revokeRegister(DEMO_REGISTER.code, Date.now());
    await expectProblem(await t.get('/v1/events/no-such-event', TEST_API_KEY), 401, 'UNAUTHORIZED');
    await expectProblem(await t.get('/v1/events/no-such-event', newKey), 401, 'UNAUTHORIZED');
  });

  it('refuses a revoked operator token, on the API and at console sign-in', async () => {
    expect((await t.get('/v1/audit', TEST_OPERATOR_TOKEN)).status).toBe(200);
    await t.store.access.revokeOperator(DEMO_OPERATOR_NAME, Date.now());
    await expectProblem(await t.get('/v1/audit', TEST_OPERATOR_TOKEN), 401, 'UNAUTHORIZED');
    const login = await t.app.request('/ui/login', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ secret: TEST_OPERATOR_TOKEN }),
    });
    expect(login.status).toBe(401);
  });

  it('stops the old operator token when a rotation has no overlap', async () => {
    const next = generateOperatorToken();
    await t.store.access.rotateOperatorToken(DEMO_OPERATOR_NAME, { newHash: hasher.hash(next), overlapMs: 0, now: Date.now() });
    await expectProblem(await t.get('/v1/audit', TEST_OPERATOR_TOKEN), 401, 'UNAUTHORIZED');
    expect((await t.get('/v1/audit', next)).status).toBe(200);
  });
});
