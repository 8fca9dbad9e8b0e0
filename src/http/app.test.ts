// The application's own routes as request and answer, through app.request() (no server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectProblem, type TestApp } from '../../tests/support/http-app.ts';

describe('the HTTP application', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ metrics: async () => 'rtg_events_ingested_total 0\n' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers unknown paths with problem+json', async () => {
    const p = await expectProblem(await t.app.request('/nowhere'), 404, 'NOT_FOUND');
    expect(p.message.en).toContain('/nowhere');
  });

  it('answers the health checks', async () => {
    expect(await (await t.app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: true } });
  });

  it('serves the metrics in the Prometheus text format', async () => {
    const res = await t.app.request('/metrics');
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await res.text()).toBe('rtg_events_ingested_total 0\n');
  });
});
