import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AUTHORIZER_CACHE_SECONDS } from '../../functions/manifest.ts';
import {
  axeViolations,
  callApi,
  dialogShown,
  isSerious,
  launchBrowser,
  signInUi,
  watchErrors,
} from './browser.ts';

/**
 * API keys in the console: an owner issues a key with one permission, copies it (shown once), sees the
 * key call the API and its last use on the key's page, then revokes it with a reason and the key is
 * refused.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe('API keys in the console', () => {
  it('issues a key shown once, shows its use, and revokes it', async () => {
    const name = `Browser key ${Date.now().toString(36)}`;
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'owner');
    await page.goto(`${baseUrl}/api-keys`);
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    await page.getByRole('button', { name: 'Issue API key' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Issue an API key' });
    await dialogShown(page, dialog);
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
    await dialog.getByRole('checkbox', { name: 'customers:read' }).check();
    await dialog.getByRole('button', { name: 'Issue key' }).click();
    const key = (await page.getByTestId('api-key').textContent()) ?? '';
    expect(key).toMatch(/^ffk_[0-9A-Z]{26}_[A-Za-z0-9_-]{43}$/);
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    await page.getByRole('button', { name: 'I have copied it' }).click();

    // The key's own page: its hint, never the key.
    await page.getByTestId('api-key-hint').waitFor();
    expect(await page.getByTestId('api-key-hint').textContent()).toContain(key.slice(-4));
    expect(await page.content()).not.toContain(key.slice(-43));

    const call = () => callApi(baseUrl, 'GET', '/api/customers', { token: key });
    expect((await call()).status).toBe(200);
    await page.reload();
    await page.getByText('Last used').waitFor();
    expect(await page.getByText('Never').count()).toBe(0);

    await page.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke the API key' });
    await dialogShown(page, confirm);
    await confirm.getByRole('textbox', { name: 'Reason' }).fill('No longer used');
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('Revoked', { exact: true }).first().waitFor();
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    // As in AWS, the gateway keeps the authorizer's answer for the key a minute at most: refused within it.
    await expect
      .poll(async () => (await call()).status, {
        timeout: (AUTHORIZER_CACHE_SECONDS + 10) * 1000,
        interval: 2_000,
      })
      .toBe(401);
    expect(String((await call()).body.detail)).toMatch(/revoked/);

    await page.goto(`${baseUrl}/api-keys?status=revoked`);
    await page.getByRole('link', { name }).or(page.getByText(name)).first().waitFor();
    await context.close();
    expect(errors).toEqual([]);
  });
});
