import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ReceiverSandbox, startReceiverSandbox } from '../../infra/local/sandbox/receiver.ts';
import {
  apiSignIn,
  axeViolations,
  callApi,
  dialogShown,
  isSerious,
  launchBrowser,
  signInUi,
  watchErrors,
} from './browser.ts';

/**
 * Outbound webhooks in the console: an admin adds an endpoint, copies its secret (shown once), and
 * watches the delivery log record a failed attempt and the retry that delivered it. The receiver runs
 * in this process, on loopback, which the local cloud lets the sender reach.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;
let receiver: ReceiverSandbox;

beforeAll(async () => {
  [browser, receiver] = await Promise.all([launchBrowser(), startReceiverSandbox()]);
});
afterAll(async () => {
  await browser?.close();
  await receiver?.stop();
});

describe('webhook endpoints in the console', () => {
  it('adds an endpoint, shows its secret once, and logs each attempt of a delivery', async () => {
    const name = `browser-${Date.now().toString(36)}`;
    receiver.configure(name, { fail: 1 });
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'owner');
    await page.goto(`${baseUrl}/webhook-endpoints`);
    await page.getByRole('heading', { level: 1, name: 'Webhook endpoints' }).waitFor();
    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await dialogShown(page, dialog);
    await dialog.getByRole('textbox', { name: 'URL' }).fill(receiver.endpoint(name));
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Browser test receiver');
    await dialog.getByLabel('Event types').fill('CustomerReg');
    await page.getByRole('option', { name: 'CustomerRegistered' }).click();
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('signing-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    receiver.configure(name, { secret });
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByTestId('secret-hint').waitFor();
    expect(await page.getByTestId('secret-hint').textContent()).toContain(secret.slice(-4));
    expect(await page.content()).not.toContain(secret);

    const owner = await apiSignIn(baseUrl, 'owner');
    await callApi(baseUrl, 'POST', '/api/customers', {
      token: owner.idToken,
      body: { name: `Webhook ${name}`, email: `${name}@example.com` },
    });
    const log = page.getByTestId('outbound-deliveries');
    await log.getByText('Delivered').waitFor({ timeout: 30_000 });
    await log.getByRole('button', { name: 'Details' }).click();
    await expect.poll(() => log.textContent()).toContain('500');
    expect(await log.textContent()).toContain('200');
    // The endpoint's sync counts both attempts: one failed (the 500), one delivered.
    await page
      .getByRole('figure', { name: 'Attempts per hour: 2 in the window' })
      .waitFor({ timeout: 40_000 });
    expect(await page.getByTestId('sync-errors').textContent()).toContain('The receiver answered 500');
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);

    const got = receiver.received(name);
    expect(got.map((r) => r.answered)).toEqual([500, 200]);
    expect(() => new Webhook(secret).verify(got[1]!.body, got[1]!.headers)).not.toThrow();

    // Reveal shows the same secret again (and is recorded in the audit log).
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => page.getByTestId('signing-secret').textContent()).toBe(secret);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await context.close();
    expect(errors).toEqual([]);
  });
});
