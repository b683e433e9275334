import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  apiSignIn,
  axeViolations,
  callApi,
  isSerious,
  launchBrowser,
  signInUi,
  watchErrors,
} from './browser.ts';
import { byChannel, choose, dragTo, leadsInDataset } from './report-helpers.ts';

/**
 * Dashboards in the console (issue 14): a manager makes a dashboard of a saved report and a template,
 * sees a shared date filter change both tiles, drags one tile before the other, saves and finds it so
 * after a reload; the Overview shows its template tiles below the kept figures. The leads are made
 * through the API and the analytics dataset is built at once through the local control endpoint.
 */
const baseUrl = inject('baseUrl');
const controlUrl = inject('controlUrl');
let browser: Browser;
const tag = Date.now().toString(36);
const reportName = `Dashboard leads ${tag}`;

const barByChannel = { ...byChannel, visual: { type: 'bar' } };

beforeAll(async () => {
  expect(controlUrl, 'the local cloud was started without LOCAL_CONTROL').toMatch(/^http/);
  browser = await launchBrowser();
  const { idToken: token } = await apiSignIn(baseUrl, 'owner');
  await leadsInDataset({ baseUrl, controlUrl }, token, 'Dash Lead');
  // A date range of its own, so the dashboard's date range has a date to replace it on.
  const recent = { field: 'captured_on', op: 'in_last', amount: 2, unit: 'year' };
  const report = await callApi(baseUrl, 'POST', '/api/reports/saved', {
    token,
    body: { name: reportName, definition: { ...barByChannel, filters: [recent] } },
    headers: { 'idempotency-key': crypto.randomUUID() },
  });
  expect(report.status, JSON.stringify(report.body)).toBe(201);
  // The manager makes the dashboard: the owner's report must be shared with them to be a tile.
  const shared = await callApi(baseUrl, 'POST', `/api/reports/saved/${String(report.body.id)}/shares`, {
    token,
    body: { grantee: { kind: 'role', role: 'manager' }, access: 'view' },
    headers: { 'if-match': `"${String(report.body.version)}"` },
  });
  expect(shared.status, JSON.stringify(shared.body)).toBe(200);
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

const serious = async (page: Page) => (await axeViolations(page)).filter(isSerious);
const tileOrder = (page: Page) =>
  page.locator('[data-tile]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-tile')));

const TEMPLATE = 'Lead conversion by channel';

describe('dashboards in the console', () => {
  it('makes a dashboard of two tiles, filters them together, reorders them by drag, saves and reloads', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      bypassCSP: true,
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'manager');
    const name = `Leads at a glance ${tag}`;

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Dashboards', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Dashboards' }).waitFor();
    expect(await serious(page)).toEqual([]);
    await page.getByRole('link', { name: 'New dashboard' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'New dashboard' }).waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page.getByRole('button', { name: 'Create dashboard' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();

    // Edit mode: a saved report and a template as tiles.
    await choose(page, 'Add a tile', reportName);
    await page.getByRole('button', { name: 'Add tile' }).click();
    await choose(page, 'Add a tile', TEMPLATE);
    await page.getByRole('button', { name: 'Add tile' }).click();
    const reportTile = page.getByRole('region', { name: reportName });
    const templateTile = page.getByRole('region', { name: TEMPLATE });
    await expect.poll(() => reportTile.textContent(), { timeout: 20_000 }).toContain('leads');
    await reportTile.getByTestId('report-chart').waitFor({ timeout: 20_000 });
    await expect.poll(() => templateTile.textContent(), { timeout: 20_000 }).toContain('referral');
    const [first, second] = await tileOrder(page);

    // The template's tile before the report's: dragged by its handle onto the other's place.
    await dragTo(
      page,
      page.getByRole('button', { name: `Move tile ${TEMPLATE}`, exact: true }),
      page.locator(`[data-tile="${first}"]`),
    );
    await expect.poll(() => tileOrder(page)).toEqual([second, first]);
    expect(await serious(page)).toEqual([]);
    // Without a mouse: Space picks the tile up, an arrow moves it a tile along, Space drops it; and back.
    const live = page.locator('[id^="DndLiveRegion"]');
    await page.getByRole('button', { name: `Move tile ${TEMPLATE}`, exact: true }).focus();
    await page.keyboard.press('Space');
    // Picked up, it is over its own place first.
    await expect.poll(() => live.textContent()).toContain(`Tile ${TEMPLATE} is over ${TEMPLATE}`);
    await page.waitForTimeout(300);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => live.textContent()).toContain(`is over ${reportName}`);
    await page.keyboard.press('Space');
    await expect.poll(() => tileOrder(page)).toEqual([first, second]);
    await page.getByRole('button', { name: `Move tile ${TEMPLATE}`, exact: true }).focus();
    await page.keyboard.press('Space');
    await page.waitForTimeout(300);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => live.textContent()).toContain(`is over ${reportName}`);
    await page.keyboard.press('Space');
    await expect.poll(() => tileOrder(page)).toEqual([second, first]);
    await page.getByRole('button', { name: 'Save dashboard' }).click();
    await page.getByRole('button', { name: 'Edit' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await expect.poll(() => tileOrder(page)).toEqual([second, first]);

    // A shared date range before the leads came in empties both tiles; the last 12 months fill them again.
    await expect.poll(() => templateTile.textContent(), { timeout: 20_000 }).toContain('referral');
    await choose(page, 'Dates', 'Between dates');
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To', { exact: true }).fill('2020-12-31');
    for (const tile of [reportTile, templateTile])
      await expect
        .poll(() => tile.textContent(), { timeout: 20_000 })
        .toContain('Nothing matches: the filters leave no rows.');
    await choose(page, 'Dates', 'Last 12 months');
    for (const tile of [reportTile, templateTile])
      await expect.poll(() => tile.textContent(), { timeout: 20_000 }).toContain('referral');
    // Every chart reads as a table too.
    await reportTile.getByText('View as table').click();
    await expect.poll(() => reportTile.getByTestId('report-table').textContent()).toContain('referral');
    expect(await serious(page)).toEqual([]);

    // And it is in the list.
    await page.getByRole('link', { name: 'Dashboards', exact: true }).first().click();
    await page.getByRole('link', { name }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('shows the Overview as its kept figures with the template tiles below', async () => {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      bypassCSP: true,
      locale: 'en-US',
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'owner');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    const reports = page.getByRole('region', { name: 'Reports' });
    await reports.waitFor({ timeout: 20_000 });
    for (const title of ['Sales by month against last year', 'Lead → quote → order funnel'])
      await reports.getByRole('heading', { name: title }).waitFor({ timeout: 20_000 });
    // Each tile loads as it comes into view.
    const conversion = reports.getByRole('region', { name: TEMPLATE });
    await conversion.scrollIntoViewIfNeeded();
    await reports.getByRole('link', { name: 'Customise the Overview' }).waitFor();
    await expect
      .poll(() => reports.getByRole('region', { name: TEMPLATE }).textContent(), { timeout: 20_000 })
      .toContain('referral');
    expect(await serious(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
