// /v1/replays and /v1/audit as request and answer, through app.request() (no server, no runner):
// who may start a bulk replay, what a request must look like, the job and its audit entry.
// The replay actually retrying events runs in tests/e2e/operations.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, TEST_API_KEY, TEST_OPERATOR_TOKEN, type TestApp } from '../../../tests/support/http-app.ts';

describe('/v1/replays and /v1/audit routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: unknown, token = TEST_OPERATOR_TOKEN) =>
    t.app.request(path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('refuses a request that is not a filter of strings with a reason', async () => {
    await expectProblem(await post('/v1/replays', '{"filter":'), 400, 'BODY_NOT_JSON');
    for (const [bad, pointer] of [[null, ''], [{ reason: 5 }, '/reason'], [{ filter: { type: {} }, reason: 'x' }, '/filter/type'], [{ filter: 'failed', reason: 'x' }, '/filter']] as const) {
      const p = await expectProblem(await post('/v1/replays', bad), 422, 'REPLAY_INVALID');
      expect(p.pointer).toBe(pointer);
    }
    await expectProblem(await post('/v1/replays', { filter: { status: 'delivered' }, reason: 'x' }), 422, 'REPLAY_STATUS_INVALID');
    await expectProblem(await post('/v1/replays', { filter: { status: 'failed' } }), 422, 'REASON_REQUIRED');
  });

  it('lets an operator start one, not a register', async () => {
    await expectProblem(await post('/v1/replays', { filter: { status: 'failed' }, reason: 'x' }, TEST_API_KEY), 403, 'FORBIDDEN');
    const started = await post('/v1/replays', { filter: { status: 'failed' }, reason: 'ДМС відновила роботу' });
    expect(started.status).toBe(202);
    const job = (await started.json()) as { id: string; state: string; total: number };
    expect(job).toMatchObject({ state: 'running', total: 0 });
    expect(started.headers.get('location')).toBe(`/v1/replays/${job.id}`);

    const auth = { headers: { authorization: `Bearer ${TEST_OPERATOR_TOKEN}` } };
    expect(await (await t.app.request(`/v1/replays/${job.id}`, auth)).json()).toMatchObject({ id: job.id, reason: 'ДМС відновила роботу' });
    expect(((await (await t.app.request('/v1/replays', auth)).json()) as { items: Array<{ id: string }> }).items.map((j) => j.id)).toContain(job.id);
    const audit = (await (await t.app.request('/v1/audit', auth)).json()) as { items: Array<{ action: string; actor: string; reason: string }> };
    expect(audit.items).toContainEqual(expect.objectContaining({ action: 'replay_start', actor: 'operator:demo-admin', reason: 'ДМС відновила роботу' }));

    const cancelled = await post(`/v1/replays/${job.id}/cancel`, '');
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id: job.id, state: 'cancelled' });
  });

  it('keeps the audit log from registers and unknown tokens', async () => {
    await expectProblem(await t.app.request('/v1/audit', { headers: { authorization: `Bearer ${TEST_API_KEY}` } }), 403, 'FORBIDDEN');
    await expectProblem(await t.app.request('/v1/audit'), 401, 'UNAUTHORIZED');
  });
});
