import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  apiSignIn,
  axeViolations,
  callApi,
  isSerious,
  launchBrowser,
  newContext,
  seedSession,
  signInUi,
  type Tokens,
  watchErrors,
} from './browser.ts';
import { createFixtures, type Fixtures } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let fixtures: Fixtures;
let owner: Tokens;
let manager: Tokens;

/** Records made through the API for the pages that are not the subject of a test. */
let sales: { campaignId: string; leadId: string; quoteId: string; orderId: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A name no other test (or earlier run on the same data) has used. */
const unique = (prefix: string) =>
  `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const post = async <T = { id: string; version: number }>(
  token: string,
  path: string,
  body: unknown,
  version?: number,
): Promise<T> => {
  const headers: Record<string, string> = { 'idempotency-key': crypto.randomUUID() };
  if (version !== undefined) headers['if-match'] = `"${version}"`;
  const reply = await callApi<T>(baseUrl, 'POST', path, { token, body, headers });
  if (reply.status !== 200 && reply.status !== 201)
    throw new Error(`POST ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};

/** Lists are projections: wait until a record shows up in its list. */
const listed = async (token: string, path: string, id: string) => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const reply = await callApi<{ items: { id: string }[] }>(baseUrl, 'GET', `${path}?limit=100`, { token });
    if (reply.body.items?.some((item) => item.id === id)) return;
    await sleep(200);
  }
  throw new Error(`${id} never showed up in ${path}`);
};

beforeAll(async () => {
  [browser, fixtures, owner, manager] = await Promise.all([
    launchBrowser(),
    createFixtures(baseUrl),
    apiSignIn(baseUrl, 'owner'),
    apiSignIn(baseUrl, 'manager'),
  ]);
  const token = owner.idToken;
  const campaign = await post(token, '/api/campaigns', {
    name: unique('Fixture Spring Show'),
    channel: 'show',
    budgetCents: 1_000_000,
    startsOn: '2026-01-01',
    endsOn: '2099-12-31',
  });
  const lead = await post(token, '/api/leads', {
    name: unique('Fixture Lead'),
    email: `lead.${Date.now().toString(36)}@example.com`,
    channel: 'show',
    campaignId: campaign.id,
    interestModelId: fixtures.models[0]!.id,
  });
  const quote = await post(token, '/api/quotes', {
    customerId: fixtures.customers[0]!.id,
    modelId: fixtures.models[0]!.id,
    optionCodes: ['loft'],
    fees: [{ code: 'delivery', description: 'Delivery', priceCents: 250_000 }],
  });
  // An order with a deposit, a progress payment, a failed attempt and a refund, for the payments table.
  const order = fixtures.orders[1]!;
  let placed = await post(
    token,
    `/api/orders/${order.id}/deposit`,
    { amountCents: 1_000_000, method: 'wire' },
    1,
  );
  placed = await post(
    token,
    `/api/orders/${order.id}/payments`,
    { amountCents: 500_000, method: 'card', kind: 'progress' },
    placed.version,
  );
  placed = await post(
    token,
    `/api/orders/${order.id}/failed-payments`,
    { amountCents: 200_000, method: 'check', reason: 'Check bounced' },
    placed.version,
  );
  const withPayments = await callApi<{ payments: { paymentId: string; kind: string }[] }>(
    baseUrl,
    'GET',
    `/api/orders/${order.id}`,
    { token },
  );
  const progress = withPayments.body.payments.find((p) => p.kind === 'progress')!;
  await post(
    token,
    `/api/orders/${order.id}/payments/${progress.paymentId}/refund`,
    { amountCents: 100_000, reason: 'Goodwill' },
    placed.version,
  );
  sales = { campaignId: campaign.id, leadId: lead.id, quoteId: quote.id, orderId: order.id };
  await Promise.all([
    listed(token, '/api/campaigns', campaign.id),
    listed(token, '/api/leads', lead.id),
    listed(token, '/api/quotes', quote.id),
  ]);
});
afterAll(async () => {
  await browser?.close();
});

const statusOf = (page: Page, testId: string) => page.getByTestId(testId);

const eventTypes = (page: Page) =>
  page
    .getByRole('region', { name: 'History' })
    .locator('[data-event-type]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-event-type')));

/** Opens an action's dialog from the page, confirms it and waits for it to close. */
const runStep = async (page: Page, button: string, dialogTitle: string) => {
  await page.getByRole('main').getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: dialogTitle });
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
};

/** Picks an option of a Mantine Select inside `scope`. */
const choose = async (
  page: Page,
  scope: ReturnType<Page['getByRole']>,
  label: string,
  option: RegExp | string,
) => {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
};

describe('the sales pages of the console', () => {
  it('lets a manager capture a lead, log a contact, qualify and convert it into a customer', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'manager');

    const name = unique('Lena Lead');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Leads', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    await page.getByRole('button', { name: 'Capture lead' }).click();
    const capture = page.getByRole('dialog', { name: 'Capture a lead' });
    await capture.getByRole('textbox', { name: 'Name' }).fill(name);
    await capture.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
    await choose(page, capture, 'Channel', 'Referral');
    await capture.getByRole('button', { name: 'Capture lead' }).click();
    // The API's validation comes back beside the field.
    const email = capture.getByRole('textbox', { name: 'Email' });
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    await capture.getByText('Enter a valid email address').waitFor();
    await email.fill(`${name.replace(/\W+/g, '.').toLowerCase()}@example.com`);
    await capture.getByRole('button', { name: 'Capture lead' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await expect.poll(() => statusOf(page, 'lead-status').textContent()).toBe('New');

    await page.getByRole('button', { name: 'Log contact', exact: true }).click();
    const contact = page.getByRole('dialog', { name: `Log a contact with ${name}` });
    await choose(page, contact, 'How', 'Phone call');
    await contact
      .getByRole('textbox', { name: 'Summary' })
      .fill('Owns land near Asheville; wants a two-bedroom.');
    await contact.getByRole('button', { name: 'Log contact' }).click();
    await contact.waitFor({ state: 'hidden' });
    await expect.poll(() => statusOf(page, 'lead-status').textContent()).toBe('Contacted');
    await page.getByText('Owns land near Asheville; wants a two-bedroom.').first().waitFor();

    await page.getByRole('button', { name: 'Qualify', exact: true }).click();
    const qualify = page.getByRole('dialog', { name: `Qualify ${name}` });
    await qualify.getByRole('button', { name: 'Qualify lead' }).click();
    await qualify.getByText('Choose when they plan to buy').waitFor();
    await choose(page, qualify, 'Buying timeline', 'Within 3 months');
    await qualify.getByRole('textbox', { name: 'Budget' }).fill('90000');
    await qualify.getByRole('button', { name: 'Qualify lead' }).click();
    await qualify.waitFor({ state: 'hidden' });
    await expect.poll(() => statusOf(page, 'lead-status').textContent()).toBe('Qualified');

    await runStep(page, 'Convert to customer', `Convert ${name} to a customer`);
    await expect.poll(() => statusOf(page, 'lead-status').textContent()).toBe('Converted');
    await expect
      .poll(() => eventTypes(page))
      .toEqual(['LeadCaptured', 'LeadContacted', 'LeadQualified', 'LeadConverted']);
    await expect(page.locator('[data-event-type="LeadQualified"]').textContent()).resolves.toContain(
      'budget $90,000.00',
    );
    // No more funnel steps once converted.
    await expect(page.getByRole('button', { name: 'Log contact' }).count()).resolves.toBe(0);

    // The lead links to the customer it became.
    await page.getByTestId('lead-customer').getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    expect(page.url()).toMatch(/\/customers\/[\w-]+$/);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('takes a quote with a discount through approval by the owner, acceptance and payments on its order', async () => {
    const [customer, model] = [fixtures.customers[1]!, fixtures.models[0]!];
    const managerContext = await newContext(browser);
    await seedSession(managerContext, manager);
    const page = await managerContext.newPage();
    const errors = watchErrors(page);

    // Drafting from the customer-filtered list starts with that customer chosen.
    await page.goto(`${baseUrl}/quotes?customerId=${customer.id}`);
    await page.getByRole('heading', { level: 1, name: 'Quotes' }).waitFor();
    await page.getByRole('main').getByRole('button', { name: 'Draft quote' }).first().click();
    const draft = page.getByRole('dialog', { name: 'Draft a quote' });
    await choose(page, draft, 'Model', new RegExp(model.name));
    await draft.getByRole('checkbox', { name: /Solar package/ }).check();
    await draft.getByRole('button', { name: 'Add a fee' }).click();
    await draft.getByRole('textbox', { name: 'Fee description' }).fill('Delivery and set-up');
    await draft.getByRole('textbox', { name: 'Fee amount' }).fill('2500');
    // $69,500 + $8,500 solar + $2,500 fee.
    await expect.poll(() => draft.getByTestId('quote-total').textContent()).toBe('$80,500.00');
    await draft.getByRole('button', { name: 'Draft quote' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`${model.name} quote`) }).waitFor();
    await expect.poll(() => statusOf(page, 'quote-status').textContent()).toBe('Draft');
    const quoteUrl = page.url();

    // A discount above 20% is refused beside the field; above 5% it waits for someone else's approval.
    await page.getByRole('button', { name: 'Apply discount' }).click();
    const discount = page.getByRole('dialog', { name: 'Discount this quote' });
    await discount.getByRole('textbox', { name: 'Discount' }).fill('20000');
    await discount.getByRole('textbox', { name: 'Reason' }).fill('Show special');
    await discount.getByRole('button', { name: 'Apply discount' }).click();
    await discount.getByText('Discounts are limited to 20% of the subtotal').waitFor();
    await discount.getByRole('textbox', { name: 'Discount' }).fill('6000');
    await discount.getByRole('button', { name: 'Apply discount' }).click();
    await discount.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('discount-status').textContent()).toBe('Waiting for approval');
    await expect.poll(() => page.getByTestId('quote-total-value').textContent()).toBe('$74,500.00');
    // The manager may neither approve nor send it while it waits.
    await expect(page.getByRole('button', { name: 'Approve discount' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Send quote' }).count()).resolves.toBe(0);

    // The owner approves.
    const ownerContext = await newContext(browser);
    await seedSession(ownerContext, owner);
    const ownerPage = await ownerContext.newPage();
    const ownerErrors = watchErrors(ownerPage);
    await ownerPage.goto(quoteUrl);
    await runStep(ownerPage, 'Approve discount', 'Approve discount');
    await expect.poll(() => ownerPage.getByTestId('discount-status').textContent()).toBe('Approved');

    // The manager sends it (after a reload shows the approval) and records the customer's acceptance.
    await page.reload();
    await expect.poll(() => page.getByTestId('discount-status').textContent()).toBe('Approved');
    await runStep(page, 'Send quote', 'Send quote');
    await expect.poll(() => statusOf(page, 'quote-status').textContent()).toBe('Sent');
    await runStep(page, 'Accept quote', 'Accept quote');

    // Accepting lands on the order, placed at exactly the quoted price and linked back to the quote.
    await page.getByRole('heading', { level: 1, name: new RegExp(`${model.name} order`) }).waitFor();
    expect(page.url()).toMatch(/\/orders\/[\w-]+$/);
    const orderUrl = page.url();
    await expect.poll(() => page.getByTestId('order-stage').textContent()).toBe('Quote');
    await expect(page.getByTestId('order-total-value').textContent()).resolves.toBe('$74,500.00');
    await page.getByRole('link', { name: /^Quote / }).waitFor();

    // Payments: the deposit first, then a progress payment (one too large is refused on its field).
    await page.getByRole('button', { name: 'Record deposit' }).click();
    const deposit = page.getByRole('dialog', { name: 'Record the deposit' });
    await deposit.getByRole('textbox', { name: 'Amount received' }).fill('10000');
    await deposit.getByRole('button', { name: 'Record deposit' }).click();
    await deposit.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('order-stage').textContent()).toBe('Deposit paid');

    await page.getByRole('button', { name: 'Record payment' }).click();
    const payment = page.getByRole('dialog', { name: 'Record a payment' });
    await payment.getByRole('textbox', { name: 'Amount' }).fill('100000');
    await choose(page, payment, 'Method', 'Wire transfer');
    await payment.getByRole('button', { name: 'Record payment' }).click();
    await payment.getByText(/exceeds the balance/).waitFor();
    await payment.getByRole('textbox', { name: 'Amount' }).fill('20000');
    await payment.getByRole('textbox', { name: 'Payment reference' }).fill('WIRE-7');
    await payment.getByRole('button', { name: 'Record payment' }).click();
    await payment.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('order-paid').textContent()).toBe('$30,000.00');
    await expect(page.getByTestId('order-balance').textContent()).resolves.toBe('$44,500.00');
    // Refunds need the owner's (or an admin's) permission.
    await expect(page.getByRole('button', { name: 'Refund' }).count()).resolves.toBe(0);

    // The owner refunds part of the progress payment.
    await ownerPage.goto(orderUrl);
    await ownerPage.getByRole('button', { name: 'Refund', exact: true }).click();
    const refund = ownerPage.getByRole('dialog', { name: 'Refund a payment' });
    await choose(ownerPage, refund, 'Payment', /Progress payment/);
    await refund.getByRole('textbox', { name: 'Amount to refund' }).fill('5000');
    await refund.getByRole('textbox', { name: 'Reason' }).fill('Solar package delayed');
    await refund.getByRole('button', { name: 'Refund', exact: true }).click();
    await refund.waitFor({ state: 'hidden' });
    await expect.poll(() => ownerPage.getByTestId('order-refunded').textContent()).toBe('$5,000.00');
    await expect(ownerPage.getByTestId('order-balance').textContent()).resolves.toBe('$49,500.00');
    await expect
      .poll(() => eventTypes(ownerPage))
      .toEqual(['OrderPlaced', 'DepositPaid', 'PaymentReceived', 'PaymentRefunded']);
    await expect(ownerPage.locator('[data-event-type="PaymentReceived"]').textContent()).resolves.toContain(
      '$20,000.00 received · progress payment · by wire transfer · reference WIRE-7',
    );
    await expect(ownerPage.locator('[data-event-type="PaymentRefunded"]').textContent()).resolves.toContain(
      '$5,000.00 refunded · reason: Solar package delayed',
    );

    // The quote's own history tells its story, and it links to the order.
    await ownerPage.goto(quoteUrl);
    await expect.poll(() => statusOf(ownerPage, 'quote-status').textContent()).toBe('Accepted');
    await expect
      .poll(() => eventTypes(ownerPage))
      .toEqual([
        'QuoteDrafted',
        'QuoteDiscountApplied',
        'QuoteDiscountApproved',
        'QuoteSent',
        'QuoteAccepted',
      ]);
    await ownerPage.getByRole('link', { name: 'Open order' }).click();
    await ownerPage.waitForURL(orderUrl);

    expect(errors).toEqual([]);
    expect(ownerErrors).toEqual([]);
    await managerContext.close();
    await ownerContext.close();
  });

  it('lets a manager launch a campaign, record spend and attribute a lead to it', async () => {
    const context = await newContext(browser);
    await seedSession(context, manager);
    const page = await context.newPage();
    const errors = watchErrors(page);

    const name = unique('Autumn Reels');
    await page.goto(`${baseUrl}/campaigns`);
    await page.getByRole('heading', { level: 1, name: 'Campaigns' }).waitFor();
    await page.getByRole('main').getByRole('button', { name: 'Launch campaign' }).first().click();
    const launch = page.getByRole('dialog', { name: 'Launch a campaign' });
    await launch.getByRole('textbox', { name: 'Name' }).fill(name);
    await choose(page, launch, 'Channel', 'Paid social');
    await launch.getByRole('textbox', { name: 'Budget' }).fill('5000');
    await launch.getByLabel('Starts on').fill('2026-03-01');
    // Ending before it starts is refused by the API, beside the end date.
    await launch.getByLabel('Ends on').fill('2026-02-01');
    await launch.getByRole('button', { name: 'Launch campaign' }).click();
    await launch.getByText('A campaign cannot end before it starts').waitFor();
    await launch.getByLabel('Ends on').fill('2099-06-30');
    await launch.getByRole('button', { name: 'Launch campaign' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await expect.poll(() => statusOf(page, 'campaign-status').textContent()).toBe('Active');

    await page.getByRole('button', { name: 'Record spend' }).click();
    const spend = page.getByRole('dialog', { name: `Record spend on ${name}` });
    await spend.getByRole('textbox', { name: 'Amount spent' }).fill('6000');
    await spend.getByRole('button', { name: 'Record spend' }).click();
    await spend.getByText('The spend would exceed the budget; raise the budget first').waitFor();
    await spend.getByRole('textbox', { name: 'Amount spent' }).fill('1200');
    await spend.getByLabel('Spent on').fill('2026-03-15');
    await spend.getByRole('button', { name: 'Record spend' }).click();
    await spend.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('campaign-spent').textContent()).toBe('$1,200.00');
    await page.getByRole('cell', { name: 'March 2026' }).waitFor();

    // The budget changes elsewhere while the dialog is open: a clear conflict, then a retry on the fresh version.
    await page.getByRole('button', { name: 'Change budget' }).click();
    const budget = page.getByRole('dialog', { name: `Change the budget of ${name}` });
    await budget.getByRole('textbox', { name: 'New budget' }).fill('8000');
    const campaignId = new URL(page.url()).pathname.split('/').at(-1)!;
    const current = await callApi<{ version: number }>(baseUrl, 'GET', `/api/campaigns/${campaignId}`, {
      token: owner.idToken,
    });
    await post(
      owner.idToken,
      `/api/campaigns/${campaignId}/budget`,
      { budgetCents: 700_000 },
      current.body.version,
    );
    await budget.getByRole('button', { name: 'Save budget' }).click();
    const conflict = budget.getByRole('alert').filter({ hasText: 'This record changed since you opened it' });
    await conflict.waitFor();
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await conflict.waitFor({ state: 'hidden' });
    await expect(budget.getByRole('textbox', { name: 'New budget' }).inputValue()).resolves.toBe('$8,000');
    await budget.getByRole('button', { name: 'Save budget' }).click();
    await budget.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('campaign-budget').textContent()).toBe('$8,000.00');

    await expect
      .poll(() => eventTypes(page))
      .toEqual([
        'CampaignLaunched',
        'CampaignSpendRecorded',
        'CampaignBudgetChanged',
        'CampaignBudgetChanged',
      ]);
    await expect(page.locator('[data-event-type="CampaignSpendRecorded"]').textContent()).resolves.toContain(
      '$1,200.00 spent · on 2026-03-15',
    );
    const campaignUrl = page.url();

    // A lead captured from the campaign is attributed to it, and the campaign lists it.
    const leadName = unique('Reel Viewer');
    await page.getByRole('main').getByRole('button', { name: 'Capture lead' }).click();
    const capture = page.getByRole('dialog', { name: `Capture a lead from ${name}` });
    await capture.getByRole('textbox', { name: 'Name' }).fill(leadName);
    await capture
      .getByRole('textbox', { name: 'Email' })
      .fill(`${leadName.replace(/\W+/g, '.').toLowerCase()}@example.com`);
    await capture.getByRole('button', { name: 'Capture lead' }).click();
    await page.getByRole('heading', { level: 1, name: leadName }).waitFor();
    await page.getByRole('link', { name }).first().click();
    await page.waitForURL(campaignUrl);
    const leads = page.getByRole('region', { name: 'Leads' });
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByRole('heading', { level: 1, name }).waitFor();
          await page.waitForLoadState('networkidle');
          return leads.getByRole('link', { name: leadName }).count();
        },
        { timeout: 20_000 },
      )
      .toBe(1);

    await runStep(page, 'End campaign', `End ${name}`);
    await expect.poll(() => statusOf(page, 'campaign-status').textContent()).toBe('Ended');
    await expect(page.getByRole('button', { name: 'Record spend' }).count()).resolves.toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the viewer the sales lists and records without any action', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'viewer');

    const commands = [
      'Capture lead',
      'Log contact',
      'Qualify',
      'Disqualify',
      'Convert to customer',
      'Change consent',
      'Draft quote',
      'Apply discount',
      'Change discount',
      'Approve discount',
      'Send quote',
      'Accept quote',
      'Decline quote',
      'Expire quote',
      'Launch campaign',
      'Record spend',
      'Change budget',
      'End campaign',
      'Record deposit',
      'Record payment',
      'Record failed payment',
      'Refund',
    ];
    const actionButtons = async () =>
      (await page.getByRole('main').getByRole('button').allTextContents()).filter((t) =>
        commands.includes(t.trim()),
      );

    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [link, detailPrefix] of [
      ['Leads', '/leads/'],
      ['Quotes', '/quotes/'],
      ['Campaigns', '/campaigns/'],
    ] as const) {
      await nav.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: link }).waitFor();
      await page.getByRole('table').getByRole('link').first().waitFor();
      expect(await actionButtons()).toEqual([]);

      await page.getByRole('table').getByRole('link').first().click();
      await page.waitForURL((url) => url.pathname.startsWith(detailPrefix));
      await page.getByRole('heading', { level: 2, name: 'Details' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await actionButtons()).toEqual([]);
      await expect(page.getByRole('heading', { name: 'History' }).count()).resolves.toBe(0);
    }

    // The order with payments: the table shows, its commands do not.
    await page.goto(`${baseUrl}/orders/${sales.orderId}`);
    await page.getByRole('heading', { level: 2, name: 'Payments' }).waitFor();
    await page.getByTestId('payments').getByText('Check bounced').waitFor();
    expect(await actionButtons()).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('has no serious or critical axe violations on the sales pages', async () => {
    let pagesChecked = 0;
    const found: Awaited<ReturnType<typeof axeViolations>> = [];
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1366, height: 900 } });
    await seedSession(context, owner);
    const page = await context.newPage();
    const check = async () => {
      await page.waitForLoadState('networkidle');
      found.push(...(await axeViolations(page)));
      pagesChecked++;
    };
    const history = () => page.getByRole('heading', { level: 2, name: 'History' }).waitFor();
    const pages: [string, () => Promise<void>][] = [
      ['/leads', () => page.getByRole('table').waitFor()],
      ['/leads?status=converted', () => page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor()],
      [`/leads?campaignId=${sales.campaignId}`, () => page.getByRole('table').waitFor()],
      [`/leads/${sales.leadId}`, history],
      ['/quotes', () => page.getByRole('table').waitFor()],
      [`/quotes/${sales.quoteId}`, history],
      ['/campaigns', () => page.getByRole('table').waitFor()],
      [`/campaigns/${sales.campaignId}`, history],
      [`/orders/${sales.orderId}`, () => page.getByTestId('payments').waitFor()],
    ];
    for (const [path, ready] of pages) {
      await page.goto(`${baseUrl}${path}`);
      await ready();
      await check();
    }

    // Forms in dialogs, with inline errors showing.
    await page.goto(`${baseUrl}/leads`);
    await page.getByRole('main').getByRole('button', { name: 'Capture lead' }).first().click();
    const capture = page.getByRole('dialog', { name: 'Capture a lead' });
    await capture.getByRole('button', { name: 'Capture lead' }).click();
    await capture.getByText('Enter a name').waitFor();
    await check();

    await page.goto(`${baseUrl}/quotes`);
    await page.getByRole('main').getByRole('button', { name: 'Draft quote' }).first().click();
    const draft = page.getByRole('dialog', { name: 'Draft a quote' });
    await draft.getByRole('button', { name: 'Add a fee' }).click();
    await draft.getByRole('button', { name: 'Draft quote' }).click();
    await draft.getByText('Choose a model').waitFor();
    await check();

    await page.goto(`${baseUrl}/orders/${sales.orderId}`);
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    const refund = page.getByRole('dialog', { name: 'Refund a payment' });
    await refund.getByRole('button', { name: 'Refund', exact: true }).click();
    await refund.getByText('Enter the amount to refund').waitFor();
    await check();

    // Tablet width: the detail pages stack their columns.
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const path of [`/campaigns/${sales.campaignId}`, `/quotes/${sales.quoteId}`, '/leads']) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await check();
      // Nothing wider than the window: no sideways scrolling of the page itself.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
    }

    const minor = found.filter((v) => !isSerious(v));
    console.log(
      `axe: ${pagesChecked} sales views checked; ${found.length - minor.length} serious/critical, ${minor.length} moderate/minor` +
        minor.map((v) => `\n  ${v.impact} ${v.id} on ${new URL(v.url).pathname}: ${v.help}`).join(''),
    );
    expect(
      found
        .filter(isSerious)
        .map(
          (v) =>
            `${v.impact} ${v.id} on ${v.url}: ${v.help} (${v.nodes.map((n) => String(n.target)).join(', ')})`,
        ),
    ).toEqual([]);
    await context.close();
  });
});
