// /docs in a real browser: Swagger UI renders the document from this origin alone, under its CSP,
// with every request to the gateway itself (it works offline).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../ui/browser.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';

let gw: TestGateway | undefined;
let browser: Browser | undefined;
beforeAll(async () => {
  browser = await launchChromium();
  gw = await startTestGateway({ WORKER_ENABLED: 'false' });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await gw?.stop();
});

it('renders every operation with no CSP violation and no request to another origin', async () => {
  const page = await (browser as Browser).context.newPage();
  const base = (gw as TestGateway).url;
  const foreign: string[] = [];
  const violations: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(String(e)));
  await page.goto(`${base}/docs`);
  await page.getByText('rtg-gateway register API').first().waitFor({ timeout: 30_000 });
  for (const summary of ['Post one event', 'One event and its delivery']) await expect(page.getByText(summary).first().isVisible()).resolves.toBe(true);
  await page.getByText('Post one event').first().click();
  await page.getByText('IDEMPOTENCY_KEY_REUSED').first().waitFor({ timeout: 10_000 });
  expect(violations).toEqual([]);
  expect(foreign).toEqual([]);
}, 90_000);
