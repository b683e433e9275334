import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSignIn, axeViolations, isSerious, launchBrowser, signInUi, watchErrors } from './browser.ts';
import { choose, dragTo, leadsInDataset } from './report-helpers.ts';

/**
 * A report's whole path in the console (issue 14): a manager drags a dataset's fields into Rows and
 * Values with the mouse, sees the preview, draws it as a bar chart, reads it as a table, drills from a
 * bar to the leads behind it, saves the report and finds it again after a reload; then schedules it to
 * an address, runs it now, receives it in the local inbox (maildev), makes a share link and opens it
 * signed out in a fresh browser context. The leads are made through the API and the analytics dataset
 * is built at once through the local control endpoint, instead of waiting for its minute.
 */
const baseUrl = inject('baseUrl');
const controlUrl = inject('controlUrl');
const mailInboxUrl = inject('mailInboxUrl');
let browser: Browser;

beforeAll(async () => {
  expect(controlUrl, 'the local cloud was started without LOCAL_CONTROL').toMatch(/^http/);
  browser = await launchBrowser();
  const { idToken: token } = await apiSignIn(baseUrl, 'owner');
  await leadsInDataset({ baseUrl, controlUrl }, token, 'Report Lead');
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

const serious = async (page: Page) => (await axeViolations(page)).filter(isSerious);

const inbox = async () =>
  (await (await fetch(`${mailInboxUrl}/api/email`)).json()) as {
    subject: string;
    to: { address: string }[];
  }[];

describe('reports in the console', () => {
  it('is built by dragging fields, charted, drilled, saved, scheduled into the inbox and opened by its share link signed out', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      bypassCSP: true,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'manager');
    const name = `Leads by channel ${Date.now().toString(36)}`;

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reports', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    expect(await serious(page)).toEqual([]);
    await page.getByRole('link', { name: 'New report' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'New report' }).waitFor();

    await choose(page, 'Dataset', 'leads');
    const rows = page.locator('[data-zone="rows"]');
    const values = page.locator('[data-zone="values"]');
    await dragTo(page, page.locator('[data-field="channel"]'), rows);
    await expect.poll(() => rows.getByTestId('rows-0').count()).toBe(1);
    await dragTo(page, page.locator('[data-field="lead_id"]'), values);
    await expect
      .poll(() => values.getByTestId('values-0').textContent())
      .toContain('Count distinct of lead_id');

    // Without a mouse: Space picks a field up, the arrows move zone by zone (Rows, Columns, Values,
    // Filters), Space drops it: a date filter starts as the last 12 months.
    const filters = page.locator('[data-zone="filters"]');
    await page.locator('[data-field="captured_on"]').focus();
    // dnd-kit's live region says each step to a screen reader.
    const live = page.locator('[id^="DndLiveRegion"]');
    await page.keyboard.press('Space');
    await expect.poll(() => live.textContent()).toContain('Picked up field captured_on');
    // The zones are measured once the drag has started.
    await page.waitForTimeout(300);
    for (const zone of ['Rows', 'Columns (pivot)', 'Values', 'Filters']) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => live.textContent()).toContain(`is over ${zone}`);
    }
    await page.keyboard.press('Space');
    await expect.poll(() => live.textContent()).toContain('Added field captured_on to Filters');
    await expect
      .poll(() => filters.getByTestId('filters-0').textContent())
      .toContain('captured_on in the last');

    // The preview reruns by itself: a row per channel, referral among them.
    const preview = page.getByRole('region', { name: 'Preview' });
    // Polling the whole preview's text: a failure shows what it showed instead (a problem, a loader).
    await expect.poll(() => preview.textContent(), { timeout: 20_000 }).toContain('referral');
    expect(await preview.getByTestId('report-table').textContent()).toContain('referral');

    // As a bar chart; a click on a bar opens the leads behind it.
    await choose(page, 'Chart', 'Bar');
    const chart = preview.getByTestId('report-chart');
    await chart.locator('.recharts-bar-rectangle').first().waitFor({ timeout: 20_000 });
    expect(await serious(page)).toEqual([]);
    await chart.locator('.recharts-bar-rectangle path').first().click();
    const drawer = page.getByRole('dialog', { name: /Records behind/ });
    await drawer.waitFor();
    await expect
      .poll(() => drawer.getByRole('table', { name: 'Records behind the mark' }).locator('tbody tr').count())
      .toBeGreaterThan(0);
    expect(await drawer.getByRole('columnheader', { name: 'Lead id' }).count()).toBe(1);
    expect(await serious(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    // Every chart reads as a table too.
    await preview.getByText('View as table').click();
    await expect.poll(() => preview.getByTestId('report-table').textContent()).toContain('referral');
    await preview.getByText('Bar', { exact: true }).click();
    await chart.waitFor();

    await page.getByRole('textbox', { name: 'Report name' }).fill(name);
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page
      .getByTestId('report-chart')
      .locator('.recharts-bar-rectangle')
      .first()
      .waitFor({ timeout: 20_000 });
    await page.getByRole('table', { name: 'Versions' }).waitFor();
    expect(await serious(page)).toEqual([]);

    // And it is in the list.
    await page.getByRole('link', { name: 'Reports', exact: true }).first().click();
    await page.getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();

    // Scheduled to an address, run now, and in the local inbox.
    const address = `reports.${Date.now().toString(36)}@example.com`;
    await page.getByRole('link', { name: 'Schedule and share' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByLabel('Cron').fill('cron(0 7 ? * MON-FRI *)');
    await page.getByLabel('Time zone').fill('Europe/Paris');
    await page.getByLabel('Email to').fill(address);
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('Runs cron(0 7 ? * MON-FRI *) (Europe/Paris)').waitFor();
    expect(await serious(page)).toEqual([]);
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByRole('table', { name: 'Runs' }).getByText('succeeded').waitFor({ timeout: 60_000 });
    await expect
      .poll(
        async () =>
          (await inbox()).some((m) => m.subject.includes(name) && m.to.some((t) => t.address === address)),
        { timeout: 30_000 },
      )
      .toBe(true);

    // Shared by a link, opened signed out: the results show without a session.
    await page.getByRole('button', { name: 'Create link' }).click();
    const link = (await page.getByTestId('share-link').textContent())!.trim();
    expect(link).toContain('/shared#');
    expect(errors).toEqual([]);
    await context.close();

    const signedOut = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const anonymous = await signedOut.newPage();
    const anonymousErrors = watchErrors(anonymous);
    await anonymous.goto(link);
    await anonymous.getByRole('heading', { level: 1, name }).waitFor();
    const results = anonymous.getByRole('table', { name: 'Results' });
    await results.getByText('referral').first().waitFor({ timeout: 20_000 });
    expect(anonymous.url()).toContain('/shared#');
    expect(await serious(anonymous)).toEqual([]);
    expect(anonymousErrors).toEqual([]);
    await signedOut.close();
  }, 300_000);
});
