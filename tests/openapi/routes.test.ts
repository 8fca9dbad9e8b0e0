// GET /openapi.json and /docs: public (no key), nothing private in them, the reference page's
// assets served from this origin under a strict CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/openapi/document.ts';
import { DOCS_POLICY } from '../../src/http/routes/docs.ts';
import { startTestGateway, TEST_API_KEY, type TestGateway } from '../support/gateway.ts';

const OPERATOR_TOKEN = 'rtgop_openapi_routes_test_operator_0000';
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ DEMO_OPERATOR_TOKEN: OPERATOR_TOKEN });
});
afterAll(async () => gw?.stop());

describe('GET /openapi.json', () => {
  it('serves the generated document without a key', async () => {
    const res = await fetch(`${gw.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    expect(doc.openapi).toBe('3.1.1');
    expect(Object.keys(doc.paths)).toEqual([
      '/v1/events',
      '/v1/events/search',
      '/v1/events/{id}',
      '/v1/events/{id}/message',
      '/v1/notices',
      '/v1/notices/{id}',
      '/v1/notices/{id}/ack',
      '/v1/webhooks/endpoints',
      '/v1/webhooks/endpoints/{id}',
      '/v1/webhooks/endpoints/{id}/rotate-secret',
      '/v1/webhooks/endpoints/{id}/attempts',
      '/v1/webhooks/endpoints/{id}/messages',
      '/v1/webhooks/endpoints/{id}/messages/{messageId}/resend',
    ]);
  });

  it('holds no key, token, secret or configuration of this gateway', async () => {
    const text = await (await fetch(`${gw.url}/openapi.json`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } })).text();
    for (const secret of [TEST_API_KEY, OPERATOR_TOKEN, gw.dataDir, gw.certsDir, 'PRIVATE KEY']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/rtg(op)?_[A-Za-z0-9_-]{20,}/);
  });

  it('answers other methods and paths with problem+json, not the document', async () => {
    const post = await fetch(`${gw.url}/openapi.json`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(post.headers.get('content-type')).toContain('application/problem+json');
    const yaml = await fetch(`${gw.url}/openapi.json/../package.json`);
    expect(yaml.status).toBe(404);
  });
});

describe('GET /docs', () => {
  it('serves the reference page with its assets, without a key', async () => {
    const page = await fetch(`${gw.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="swagger-ui">');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBe(4);
    for (const asset of assets) {
      expect(asset.startsWith('/docs/assets/'), asset).toBe(true);
      const res = await fetch(`${gw.url}${asset}`);
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
    const init = await (await fetch(`${gw.url}/docs/assets/init.js`)).text();
    expect(init).toContain("url: '/openapi.json'");
    expect(init).toContain('validatorUrl: null');
  });

  it('loads nothing from another origin and runs no inline script, under a strict CSP', async () => {
    const res = await fetch(`${gw.url}/docs`);
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(DOCS_POLICY);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves only its own assets: no other file of the package or the disk', async () => {
    for (const probe of ['/docs/assets/package.json', '/docs/assets/..%2F..%2Fpackage.json', '/docs/assets/%2e%2e%2fLICENSE', '/docs/assets/swagger-ui-bundle.js.map']) {
      const res = await fetch(`${gw.url}${probe}`);
      expect(res.status, probe).toBe(404);
      expect(res.headers.get('content-type'), probe).toContain('application/problem+json');
    }
  });

  it('is linked from the console', async () => {
    const login = await fetch(`${gw.url}/ui/login`, { method: 'POST', body: new URLSearchParams({ secret: OPERATOR_TOKEN }), redirect: 'manual', headers: { origin: gw.url, 'content-type': 'application/x-www-form-urlencoded' } });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const page = await (await fetch(`${gw.url}/ui`, { headers: { cookie } })).text();
    expect(page).toContain('href="/docs"');
  });
});
