import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  apiSignIn,
  axeViolations,
  callApi,
  isSerious,
  launchBrowser,
  signInUi,
  type Tokens,
  watchErrors,
} from './browser.ts';

/**
 * Insights in the console: an item whose stock two builds used up today, an insights run (started
 * through the API, as "Run insights now" does), and a manager who accepts the reorder recommendation on
 * the board, marks it implemented with its purchase order, and sees it tracked on the board and in ROI.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;
let owner: Tokens;

const send = async <T = { id: string; version: number }>(
  method: string,
  path: string,
  body?: unknown,
  version?: number,
) => {
  const headers: Record<string, string> = { 'idempotency-key': crypto.randomUUID() };
  if (version !== undefined) headers['if-match'] = `"${version}"`;
  const reply = await callApi<T>(baseUrl, method, path, { token: owner.idToken, body, headers });
  if (reply.status >= 300)
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  [browser, owner] = await Promise.all([launchBrowser(), apiSignIn(baseUrl, 'owner')]);
});
afterAll(async () => {
  await browser?.close();
});

describe('insights in the console', () => {
  it('accepts a recommendation, marks it implemented and shows it tracked', async () => {
    const tag = `${Date.now()}`;
    const supplier = await send('POST', '/api/suppliers', {
      name: `Insight Supply ${tag}`,
      email: `insight.${tag}@example.com`,
      leadTimeDays: 21,
    });
    const item = await send('POST', '/api/items', {
      sku: `INS-${tag}`,
      name: `Insight panels ${tag}`,
      unit: 'panels',
      unitCostCents: 10_000,
      reorderPoint: 1,
      reorderQuantity: 10,
      leadTimeDays: 21,
      supplierId: supplier.id,
    });
    await send('POST', `/api/items/${item.id}/receipts`, { quantity: 22 });
    const model = await send('POST', '/api/models', {
      name: `Insight Cabin ${tag}`,
      basePriceCents: 5_000_000,
      materials: [{ itemId: item.id, quantity: 10 }],
    });
    // Two builds start today and use 20 of the 22 panels.
    for (let i = 0; i < 2; i++) {
      const customer = await send('POST', '/api/customers', {
        name: `Insight Buyer ${i}`,
        email: `buyer${i}.${tag}@example.com`,
      });
      const order = await send('POST', '/api/orders', {
        customerId: customer.id,
        modelId: model.id,
        optionCodes: [],
      });
      // Deposits recorded as taken months ago, so revenue collected has whole months of history.
      await send(
        'POST',
        `/api/orders/${order.id}/deposit`,
        { amountCents: 500_000 + i * 250_000, on: day(-40 - 62 * i) },
        order.version,
      );
      const build = await send('POST', '/api/builds', {
        orderId: order.id,
        bay: `Bay ${i + 1}`,
        startOn: day(),
        dueOn: day(20),
      });
      await send('POST', `/api/builds/${order.id}/start`, {}, build.version);
    }
    const started = await send<{ id: string }>('POST', '/api/insights/runs', {});
    for (let i = 0; i < 240; i++) {
      const run = await send<{ status: string; error?: string }>('GET', `/api/insights/runs/${started.id}`);
      if (run.status === 'failed') throw new Error(`insights run failed: ${run.error}`);
      if (run.status === 'completed') break;
      await sleep(250);
    }

    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'manager');
    await page.getByRole('navigation').getByRole('link', { name: 'Recommendations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Recommendations' }).waitFor();
    const card = page.locator(`[data-testid="recommendation-card"][data-key="reorder:${item.id}"]`);
    // The list is a projection: reload until the run's proposal shows.
    for (let i = 0; i < 50 && (await card.count()) === 0; i++) {
      await sleep(300);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Recommendations' }).waitFor();
    }
    expect(await card.getAttribute('data-status')).toBe('proposed');
    expect(await card.textContent()).toMatch(/Order \d+ panels of Insight panels/);
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);

    await card.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/at or below the reorder point/).waitFor();
    await dialog.getByRole('table', { name: 'Evidence' }).waitFor();
    await dialog.locator('figure').first().waitFor();
    await dialog.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('accepted');

    await card.click();
    await dialog.getByLabel('Its id').fill('PO-INSIGHT-1');
    await dialog.getByRole('button', { name: 'Mark implemented' }).click();
    await expect.poll(() => card.getAttribute('data-status'), { timeout: 15_000 }).toBe('implemented');
    await card.click();
    expect(await dialog.getByTestId('implemented-link').textContent()).toMatch(/purchaseOrder PO-INSIGHT-1/);
    await page.keyboard.press('Escape');

    await page.getByRole('navigation').getByRole('link', { name: 'ROI' }).click();
    await page.getByRole('heading', { level: 1, name: 'Return on insights' }).waitFor();
    await expect
      .poll(async () => page.getByTestId('roi-figures').textContent())
      .toMatch(/\d+ · \d+ · [1-9]\d* · \d+/);
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);

    // Forecasts: the series with their accuracy, then one series' chart with its bands, as a table too.
    await page.getByRole('navigation').getByRole('link', { name: 'Forecasts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Forecasts' }).waitFor();
    const seriesTable = page.getByRole('table', { name: 'Forecast series' });
    await seriesTable.getByRole('link', { name: 'Revenue collected' }).click();
    await page.getByRole('heading', { level: 1, name: 'Revenue collected' }).waitFor();
    const chart = page.getByTestId('forecast-chart');
    await chart.waitFor();
    await expect.poll(() => chart.locator('.recharts-area').count(), { timeout: 10_000 }).toBe(2);
    const legend = await chart.locator('.recharts-legend-wrapper').textContent();
    for (const entry of ['History', 'Forecast', '80% band', '95% band']) expect(legend).toContain(entry);
    await chart.locator('.recharts-brush').waitFor();
    const accuracy = page.getByRole('table', { name: 'Backtest accuracy' });
    expect(await accuracy.textContent()).toMatch(/MASE.*80% band holds.*95% band holds/);
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    await page.getByText('View as table').click();
    const values = page.getByRole('table', { name: 'Revenue collected by month' });
    await values.waitFor();
    expect(await values.textContent()).toContain(day(-102).slice(0, 7));
    expect(errors).toEqual([]);
    await context.close();
  });
});
