// The operator console in a real browser against a real gateway and the mock DMS: sign in, find the
// event that failed during an outage, retry it, see it delivered. Saves screenshots of the
// dashboard and the delivery page (tests/artifacts/; with UPDATE_SCREENSHOTS=1 also tests/ui/dashboard.png for the README).
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, waitForStatus, type TestGateway } from '../support/gateway.ts';
import { REPO } from '../support/xsd.ts';
import { launchChromium, type Browser } from './browser.ts';
import { morningAfterAnOutage, type Morning } from './scenario.ts';

const TOKEN = 'rtgop_console_browser_test_operator_00';
const ARTIFACTS = path.join(REPO, 'tests/artifacts');

let gw: TestGateway | undefined;
let browser: Browser | undefined;
let morning: Morning;

beforeAll(async () => {
  // The browser comes first: without Chromium the test fails at once, with the install command
  browser = await launchChromium();
  gw = await startTestGateway({ DEMO_OPERATOR_TOKEN: TOKEN, RETRY_SCHEDULE: '100ms,100ms' });
  morning = await morningAfterAnOutage(gw);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gw?.stop();
});

it('finds a failed event from the dashboard, retries it and sees it delivered', async () => {
  const page = await (browser as Browser).context.newPage();
  const base = (gw as TestGateway).url;
  mkdirSync(ARTIFACTS, { recursive: true });

  await page.goto(`${base}/ui`);
  expect(new URL(page.url()).pathname).toBe('/ui/login');
  await page.getByLabel('Токен оператора або ключ реєстру').fill(TOKEN);
  await page.getByRole('button', { name: 'Увійти' }).click();
  await page.getByRole('heading', { name: 'Огляд' }).waitFor();
  await expect(page.locator('a.tile.status-failed .n').textContent()).resolves.toBe('1');
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  // The README's picture changes only when asked, so a test run leaves the tree clean.
  if (process.env.UPDATE_SCREENSHOTS === '1') copyFileSync(path.join(ARTIFACTS, 'dashboard.png'), path.join(REPO, 'tests/ui/dashboard.png'));

  await page.locator('a.tile.status-failed').click();
  await page.waitForURL(/\/ui\/events\?status=failed$/);
  await expect(page.locator('table.events tbody tr').count()).resolves.toBe(1);
  await page.getByRole('link', { name: morning.failed.eventId }).click();
  await page.waitForURL(`${base}/ui/events/${morning.failed.id}`);
  await expect(statusOnPage(page)).resolves.toBe('failed');
  expect(await page.locator('#attempts li').count()).toBe(3);
  expect(await page.locator('#message pre.xml').textContent()).toContain('•••');

  await page.getByLabel('Причина повтору (необов’язково)').fill('ДМС відновила роботу після збою');
  await page.getByRole('button', { name: 'Повторити доставку' }).click();
  await page.waitForURL(/\?done=retry$/);
  await waitUntilDelivered(page);
  await expect(page.locator('[data-receipt]').textContent()).resolves.toMatch(/Квитанція ДМС DMS-\d{8}-\d{6}/);
  await expect(page.locator('#audit').textContent()).resolves.toContain('ДМС відновила роботу після збою');
  await page.screenshot({ path: path.join(ARTIFACTS, 'delivery.png'), fullPage: true });

  // The person's later event was waiting behind it and goes through as well
  await waitForStatus(gw as TestGateway, morning.blocked, ['delivered']);
}, 90_000);

const statusOnPage = (page: Page) => page.locator('h1 .badge').getAttribute('data-status');

/** The page reloads itself after a retry; reload by hand too, in case a refresh raced the click. */
async function waitUntilDelivered(page: Page): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const delivered = await page
      .locator('h1 .badge[data-status="delivered"]')
      .waitFor({ timeout: 3_000 })
      .then(() => true, () => false);
    if (delivered) return;
    if (Date.now() > deadline) throw new Error(`the event is still ${await statusOnPage(page)} on the page`);
    await page.reload();
  }
}
