import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  apiSignIn,
  axeViolations,
  callApi,
  dialogShown,
  isSerious,
  launchBrowser,
  seedSession,
  type Tokens,
  watchErrors,
} from './browser.ts';

/**
 * The integration hub in the console: connect the local payments sandbox from its template, run its
 * connection test, take a card payment on an order through the sandbox's checkout, and see the
 * payment on the order and the delivery in the integration's log.
 */
const baseUrl = inject('baseUrl');
const sandboxUrl = inject('paymentsSandboxUrl');
let browser: Browser;
let owner: Tokens;

beforeAll(async () => {
  [browser, owner] = await Promise.all([launchBrowser(), apiSignIn(baseUrl, 'owner')]);
});
afterAll(async () => {
  await browser?.close();
});

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const send = async <T = { id: string; version: number; totalCents: number }>(path: string, body: unknown) => {
  const reply = await callApi<T>(baseUrl, 'POST', path, { token: owner.idToken, body });
  if (reply.status !== 201) throw new Error(`${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};

describe('integrations', () => {
  it('connects the payments sandbox, tests it, and takes a card payment on an order', async () => {
    // CSP bypassed only so axe-core's script can be added to the page.
    const context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1366, height: 900 },
      locale: 'en-US',
      timezoneId: 'UTC',
    });
    await seedSession(context, owner);
    const page = await context.newPage();
    const errors = watchErrors(page);

    await page.goto(`${baseUrl}/integrations`);
    await page.getByRole('heading', { level: 1, name: 'Integrations' }).waitFor();
    await page.getByRole('main').getByRole('button', { name: 'Connect', exact: true }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Connect an integration' });
    await dialogShown(page, dialog);
    await dialog.getByRole('radio', { name: 'Stripe payments' }).check();
    await dialog.getByRole('textbox', { name: 'Name' }).fill(`Card payments ${unique()}`);
    await dialog.getByRole('textbox', { name: 'Provider API base URL' }).fill(sandboxUrl);
    await dialog.getByLabel('Secret API key').fill('sk_test_firefly_sandbox');
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.waitForURL(/\/integrations\/[0-9A-Z]{26}$/);
    const integrationUrl = page.url();
    await expect(page.getByTestId('credential-apiKey').textContent()).resolves.toContain('••••dbox');
    expect(await page.content()).not.toContain('sk_test_firefly_sandbox');

    await page.getByRole('button', { name: 'Run test' }).click();
    const checks = page.getByTestId('connection-checks');
    await checks.waitFor();
    const rows = await checks.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.includes('Webhook round trip'))).toContain('Passed');
    expect(rows.find((r) => r.includes('Credential accepted'))).toContain('Passed');
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);

    // An order in the quote stage, made through the API: the subject here is the card payment.
    const tag = unique();
    const model = await send('/api/models', {
      name: `Checkout Nest ${tag}`,
      basePriceCents: 6_000_000,
      sizeSqFt: 180,
      sleeps: 2,
      mount: 'trailer',
      materials: [],
      options: [],
    });
    const customer = await send('/api/customers', {
      name: `Card Buyer ${tag}`,
      email: `card-${tag}@example.com`,
    });
    const order = await send('/api/orders', { customerId: customer.id, modelId: model.id, optionCodes: [] });

    await page.goto(`${baseUrl}/orders/${order.id}`);
    await page.getByRole('button', { name: 'Take card payment' }).click();
    const pay = page.getByRole('dialog', { name: 'Take a card payment' });
    await dialogShown(page, pay);
    await pay.getByRole('textbox', { name: 'Amount' }).fill('5000');
    await pay.getByRole('button', { name: 'Continue to checkout' }).click();
    await page.waitForURL(`${sandboxUrl}/pay/**`);
    await page.getByRole('button', { name: 'Pay $5,000.00' }).click();
    await page.getByRole('heading', { name: 'Paid $5,000.00' }).waitFor();
    await page.getByRole('link', { name: 'Back to Firefly' }).click();
    await page.waitForURL(`${baseUrl}/orders/${order.id}`);

    // The payment arrives by the provider's signed webhook, moments after the checkout.
    const payments = page.getByTestId('payments');
    for (let attempt = 0; attempt < 20 && !(await payments.isVisible()); attempt++) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByRole('heading', { name: 'Payments' }).waitFor();
    }
    const payment = await payments.locator('tbody tr').first().textContent();
    expect(payment).toContain('Card');
    expect(payment).toContain('Received');
    expect(payment).toContain('$5,000.00');
    await expect(page.getByTestId('order-stage').textContent()).resolves.toMatch(/Deposit paid/i);

    await page.goto(integrationUrl);
    const log = page.getByTestId('deliveries');
    await log.getByText('payment_intent.succeeded').waitFor({ timeout: 15_000 });
    expect(await log.locator('tbody tr', { hasText: 'payment_intent.succeeded' }).textContent()).toContain(
      'Applied',
    );
    // The sync section counts it: healthy, one delivery at least, its chart drawn.
    await expect(page.getByTestId('sync-status').textContent()).resolves.toBe('Healthy');
    await page.getByRole('figure', { name: /Deliveries per hour/ }).waitFor();
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
