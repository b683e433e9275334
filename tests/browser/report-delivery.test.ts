import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSignIn, callApi, launchBrowser, signInUi, watchErrors } from './browser.ts';
import { createFixtures } from './fixtures.ts';

/**
 * A saved report's delivery in the console: schedule it (email to an address), run it now, see the run
 * succeed and the email reach the local inbox (maildev), make a share link and open it signed out in a
 * fresh browser context, where the results show without a session.
 */
const baseUrl = inject('baseUrl');
const mailInboxUrl = inject('mailInboxUrl');
const controlUrl = inject('controlUrl');
let browser: Browser;
let reportId = '';
const name = `Orders delivered ${Date.now().toString(36)}`;
const address = `reports.${Date.now().toString(36)}@example.com`;

beforeAll(async () => {
  expect(controlUrl, 'the local cloud was started without LOCAL_CONTROL').toMatch(/^http/);
  await createFixtures(baseUrl);
  const { idToken: token } = await apiSignIn(baseUrl, 'owner');
  const definition = {
    dataset: 'orders',
    rows: [{ field: 'stage' }],
    values: [{ agg: 'count', as: 'orders' }],
  };
  // The dataset as its minutely build leaves it, without waiting the minute; the build takes commits a
  // few seconds old, so it runs until the fixtures' orders are in.
  // (expect.poll is for tests only; this is set-up.)
  let rows = 0;
  for (let i = 0; i < 30 && rows === 0; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 2_000));
    const built = await fetch(`${controlUrl}/schedules/reports-dataset/run`, { method: 'POST' });
    if (!built.ok) continue;
    const preview = await callApi<{ rows: unknown[] }>(baseUrl, 'POST', '/api/reports/query', {
      token,
      body: { definition },
    });
    rows = preview.status === 200 ? preview.body.rows.length : 0;
  }
  expect(rows, "the fixtures' orders in the dataset").toBeGreaterThan(0);
  const saved = await callApi<{ id: string }>(baseUrl, 'POST', '/api/reports/saved', {
    token,
    body: { name, definition },
    headers: { 'idempotency-key': crypto.randomUUID() },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  reportId = saved.body.id;
  browser = await launchBrowser();
}, 120_000);
afterAll(() => browser?.close());

const inbox = async () =>
  (await (await fetch(`${mailInboxUrl}/api/email`)).json()) as {
    subject: string;
    to: { address: string }[];
  }[];

describe('a saved report, scheduled and shared', () => {
  it('is scheduled, runs now, reaches the inbox, and opens by its share link signed out', async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'owner');
    await page.goto(`${baseUrl}/reports/saved/${reportId}/delivery`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByLabel('Cron').fill('cron(0 7 ? * MON-FRI *)');
    await page.getByLabel('Time zone').fill('Europe/Paris');
    await page.getByLabel('Email to').fill(address);
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('Runs cron(0 7 ? * MON-FRI *) (Europe/Paris)').waitFor();

    await page.getByRole('button', { name: 'Run now' }).click();
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.getByText('succeeded').waitFor({ timeout: 60_000 });
    await expect
      .poll(
        async () =>
          (await inbox()).some((m) => m.subject.includes(name) && m.to.some((t) => t.address === address)),
        {
          timeout: 30_000,
        },
      )
      .toBe(true);

    await page.getByRole('button', { name: 'Create link' }).click();
    const link = (await page.getByTestId('share-link').textContent())!.trim();
    expect(link).toContain('/shared#');
    await context.close();

    const signedOut = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const anonymous = await signedOut.newPage();
    const anonymousErrors = watchErrors(anonymous);
    await anonymous.goto(link);
    await anonymous.getByRole('heading', { level: 1, name }).waitFor();
    const results = anonymous.getByRole('table', { name: 'Results' });
    await results.getByRole('columnheader', { name: 'orders' }).waitFor();
    expect(await results.getByRole('row').count()).toBeGreaterThan(1);
    expect(anonymous.url()).toContain('/shared#');
    await signedOut.close();
    expect(errors).toEqual([]);
    expect(anonymousErrors).toEqual([]);
  });
});
