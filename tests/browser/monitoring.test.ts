import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, isSerious, launchBrowser, signInUi, watchErrors } from './browser.ts';

/**
 * Monitoring in the console through an outage: stop the local S3 (s3rver) and the Health page turns the
 * buckets red; the minutely check (run now through the local control endpoint, instead of waiting a
 * minute each time) fires the backups bucket's alert after 3 of 5 runs, which shows on the Alerts page,
 * rings the notification bell and reaches the local mail inbox; restore S3 and after 3 passing runs in a
 * row the alert recovers, with its own notification and email.
 */
const baseUrl = inject('baseUrl');
const mailInboxUrl = inject('mailInboxUrl');
const controlUrl = inject('controlUrl');
let browser: Browser;

const control = async (path: string) => {
  const res = await fetch(`${controlUrl}${path}`, { method: 'POST' });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
};
const runChecks = async (times: number) => {
  for (let i = 0; i < times; i++) await control('/schedules/monitoring-check/run');
};
const subjects = async () =>
  ((await (await fetch(`${mailInboxUrl}/api/email`)).json()) as { subject: string }[]).map((m) => m.subject);

beforeAll(async () => {
  expect(controlUrl, 'the local cloud was started without LOCAL_CONTROL').toMatch(/^http/);
  browser = await launchBrowser();
});
afterAll(async () => {
  // Whatever happened, leave S3 running for the test files after this one.
  await control('/services/s3/start').catch(() => undefined);
  await browser?.close();
});

describe('monitoring in the console', () => {
  it("opens Metrics and Logs, finds this session's requests, and follows one to its timeline", async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'admin');
    await page.getByRole('navigation').getByRole('link', { name: 'Metrics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Metrics' }).waitFor();
    // The collector writes about once a second: the requests of the sign-in show on a reload or two. Each
    // look waits for the card to settle (a chart or "no data") first: counting while it still loads and
    // reloading at once would never let it finish.
    const card = page.locator('[data-testid="metric-card"][data-metric="api.requests"]');
    const requests = card.locator('figure');
    await expect
      .poll(
        async () => {
          await card.locator('figure, [data-testid="metric-empty"]').first().waitFor();
          if ((await requests.count()) === 0) await page.reload();
          return requests.count();
        },
        { timeout: 20_000 },
      )
      .toBeGreaterThan(0);
    await page.getByRole('navigation').getByRole('link', { name: 'Logs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Logs' }).waitFor();
    await page.getByLabel('Function').fill('api-gateway');
    await page.getByRole('button', { name: 'Search' }).click();
    const record = page.getByTestId('log-record').filter({ hasText: 'answered' }).first();
    await record.waitFor();
    await record.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Trace' }).waitFor();
    await page.locator('[data-testid="trace-step"][data-stage="api"]').first().waitFor();
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    await context.close();
    expect(errors).toEqual([]);
  });

  it('shows a stopped dependency red, fires its alert to the bell and the inbox, and recovers', async () => {
    await runChecks(3);
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'admin');
    await page.getByRole('navigation').getByRole('link', { name: 'Health' }).click();
    await page.getByRole('heading', { level: 1, name: 'Health' }).waitFor();
    const backups = page.locator('[data-testid="health-check"][data-check="bucket:backups"]');
    await expect.poll(() => backups.getAttribute('data-status')).toBe('ok');
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);

    await control('/services/s3/stop');
    // The page refreshes itself every 10 s: no reload.
    await expect.poll(() => backups.getAttribute('data-status'), { timeout: 25_000 }).toBe('down');
    expect(await page.getByTestId('overall-health').getAttribute('data-status')).toBe('down');
    expect(await backups.textContent()).toMatch(/Down/);

    await runChecks(3);
    await page.getByRole('navigation').getByRole('link', { name: 'Alerts' }).click();
    const rule = page.locator('[data-testid="alert-rule"][data-rule="health-bucket-backups"]');
    await expect.poll(() => rule.getAttribute('data-state'), { timeout: 25_000 }).toBe('ALARM');
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    await rule.getByRole('link', { name: 'Backups bucket down' }).click();
    await expect.poll(() => page.getByTestId('alert-state').getAttribute('data-state')).toBe('ALARM');
    expect(await page.getByTestId('alert-reason').textContent()).toMatch(/of the last 5 checks breached/);
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page
      .getByTestId('alert-acknowledged')
      .filter({ hasText: 'Acknowledged by admin@firefly.example' })
      .waitFor();
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);

    // The bell (it polls every 30 s; a reload asks at once) and the local inbox.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page
            .getByRole('button', { name: /^Notifications/ })
            .first()
            .click();
          const found = await page
            .getByTestId('notification-drawer')
            .getByTestId('notification')
            .filter({ hasText: 'Alert firing: Backups bucket down' })
            .count();
          await page.keyboard.press('Escape');
          return found;
        },
        { timeout: 30_000, interval: 2_000 },
      )
      .toBeGreaterThan(0);
    await expect
      .poll(subjects, { timeout: 15_000 })
      .toContain('[Firefly] Critical: Alert firing: Backups bucket down');

    await control('/services/s3/start');
    await runChecks(3);
    await expect
      .poll(() => page.getByTestId('alert-state').getAttribute('data-state'), { timeout: 25_000 })
      .toBe('OK');
    await page.getByText('ALARM → OK').waitFor();
    await expect
      .poll(subjects, { timeout: 15_000 })
      .toContain('[Firefly] Alert recovered: Backups bucket down');
    await page.reload();
    await page
      .getByRole('button', { name: /^Notifications/ })
      .first()
      .click();
    await page
      .getByTestId('notification-drawer')
      .getByTestId('notification')
      .filter({ hasText: 'Alert recovered: Backups bucket down' })
      .first()
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('navigation').getByRole('link', { name: 'Health' }).click();
    await expect.poll(() => backups.getAttribute('data-status'), { timeout: 25_000 }).toBe('ok');
    await context.close();
    expect(errors).toEqual([]);
  });

  it('opens Uptime: each check up with its days, the SLO and its error budget, and the incidents', async () => {
    for (let i = 0; i < 3; i++) await control('/schedules/uptime-check/run');
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'admin');
    await page.getByRole('navigation').getByRole('link', { name: 'Uptime' }).click();
    await page.getByRole('heading', { level: 1, name: 'Uptime' }).waitFor();
    const signIn = page.locator('[data-testid="uptime-check"][data-check="sign-in"]');
    await expect.poll(() => signIn.getAttribute('data-status'), { timeout: 25_000 }).toBe('up');
    expect(await signIn.getByTestId('uptime-day').count()).toBe(14);
    await page.getByTestId('error-budget').waitFor();
    await page.getByRole('textbox', { name: 'Target (%)' }).waitFor();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    await context.close();
    expect(errors).toEqual([]);
  });

  it("changes a rule's settings: a refused threshold shows at its field, sound ones save and apply", async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'admin');
    await page.goto(`${baseUrl}/monitoring/alerts/api-p99-latency`);
    await page.getByRole('heading', { level: 1, name: 'API slow (p99)' }).waitFor();
    const form = page.getByRole('form', { name: 'Alert rule settings' });
    const threshold = form.getByRole('textbox', { name: 'Threshold' });
    await threshold.fill('-5');
    await form.getByRole('button', { name: 'Save settings' }).click();
    // The API's 422 names condition.threshold: the message sits under that field.
    await form.getByText('This figure is never negative').waitFor();
    await threshold.fill('1500');
    await form.getByRole('textbox', { name: 'Fire: breaching runs (M)' }).fill('2');
    await form.getByRole('textbox', { name: 'runs (N)' }).first().fill('4');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved').first().waitFor();
    // The rule as the API now returns it: its M of N is the one saved.
    await page.getByText('fires on 2 of 4, recovers on 3 of 3').waitFor();
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    await context.close();
    expect(errors).toEqual([]);
  });
});
