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
  watchErrors,
} from './browser.ts';
import { createFixtures, type Fixtures } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let fixtures: Fixtures;

beforeAll(async () => {
  [browser, fixtures] = await Promise.all([launchBrowser(), createFixtures(baseUrl)]);
});
afterAll(async () => {
  await browser?.close();
});

/** A name no other test (or earlier run on the same data) has used. */
const unique = (prefix: string) =>
  `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const stageOf = (page: Page) => page.getByTestId('order-stage');

/** Opens the stage action's dialog from the order page, confirms it and waits for it to close. */
const runStep = async (page: Page, button: string, dialogTitle: string) => {
  await page.getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: dialogTitle });
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
};

interface Created {
  id: string;
  version: number;
}

describe('the admin console against the local cloud', () => {
  it('lets the owner register a customer, add a model, place an order and take it to delivered', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'owner');
    await expect(page.getByTestId('me-role').textContent()).resolves.toBe('Owner');

    // Register a customer; a bad email comes back from the API as an inline field error.
    const customerName = unique('Grace Test');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Customers', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await page.getByRole('button', { name: 'Register customer' }).click();
    const register = page.getByRole('dialog', { name: 'Register a customer' });
    await register.getByRole('textbox', { name: 'Name' }).fill(customerName);
    await register.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
    await register.getByRole('button', { name: 'Register customer' }).click();
    const emailInput = register.getByRole('textbox', { name: 'Email' });
    await expect.poll(() => emailInput.getAttribute('aria-invalid')).toBe('true');
    await expect(register.getByText('Enter a valid email address').isVisible()).resolves.toBe(true);
    await emailInput.fill(`${customerName.replace(/\W+/g, '.').toLowerCase()}@example.com`);
    await register.getByRole('button', { name: 'Register customer' }).click();
    await page.getByRole('heading', { level: 1, name: customerName }).waitFor();
    const customerUrl = page.url();
    expect(customerUrl).toMatch(/\/customers\/[\w-]+$/);
    await page.locator('[data-event-type="CustomerRegistered"]').waitFor();

    // Add a model with an option.
    const modelName = unique('Test Cabin');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Models', exact: true })
      .click();
    await page.getByRole('button', { name: 'Add model' }).click();
    const addModel = page.getByRole('dialog', { name: 'Add a model' });
    await addModel.getByRole('textbox', { name: 'Name', exact: true }).fill(modelName);
    await addModel.getByRole('textbox', { name: 'Base price' }).fill('50000');
    await addModel.getByRole('button', { name: 'Add an option' }).click();
    await addModel.getByRole('textbox', { name: 'Option name' }).fill('Sleeping loft');
    await addModel.getByRole('textbox', { name: 'Price', exact: true }).fill('4500');
    await expect(addModel.getByRole('textbox', { name: 'Code' }).inputValue()).resolves.toBe('sleeping-loft');
    await addModel.getByRole('button', { name: 'Add model' }).click();
    await page.getByRole('heading', { level: 1, name: modelName }).waitFor();
    await expect(page.getByTestId('base-price').textContent()).resolves.toBe('$50,000.00');
    await page.getByRole('cell', { name: 'Sleeping loft' }).waitFor();

    // Place an order for the customer from their page: the price is computed as options are ticked.
    await page.goto(customerUrl);
    await page.getByRole('button', { name: 'Place order' }).click();
    const place = page.getByRole('dialog', { name: /Place an order/ });
    await place.getByRole('combobox', { name: 'Model' }).click();
    await page.getByRole('option', { name: new RegExp(modelName) }).click();
    await expect.poll(() => place.getByTestId('order-total').textContent()).toBe('$50,000.00');
    await place.getByRole('checkbox', { name: /Sleeping loft/ }).check();
    await expect.poll(() => place.getByTestId('order-total').textContent()).toBe('$54,500.00');
    await place.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`${modelName} order`) }).waitFor();
    await expect.poll(() => stageOf(page).textContent()).toBe('Quote');
    await expect(page.getByTestId('order-total-value').textContent()).resolves.toBe('$54,500.00');

    // Only the quote's action is offered.
    await expect(page.getByRole('button', { name: 'Start build' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Record delivery' }).count()).resolves.toBe(0);

    // A deposit above the total is refused by the API and shown on the amount field.
    await page.getByRole('button', { name: 'Record deposit' }).click();
    const deposit = page.getByRole('dialog', { name: 'Record the deposit' });
    await deposit.getByRole('textbox', { name: 'Amount received' }).fill('60000');
    await deposit.getByRole('button', { name: 'Record deposit' }).click();
    await deposit.getByText('The deposit cannot exceed the order total').waitFor();
    await deposit.getByRole('textbox', { name: 'Amount received' }).fill('5000');
    await deposit.getByRole('textbox', { name: 'Payment reference' }).fill('BANK-42');
    await deposit.getByRole('button', { name: 'Record deposit' }).click();
    await deposit.waitFor({ state: 'hidden' });
    await expect.poll(() => stageOf(page).textContent()).toBe('Deposit paid');

    await runStep(page, 'Start build', 'Start build');
    await expect.poll(() => stageOf(page).textContent()).toBe('In build');
    await runStep(page, 'Complete build', 'Complete build');
    await expect.poll(() => stageOf(page).textContent()).toBe('Ready');
    await runStep(page, 'Record delivery', 'Record delivery');
    await expect.poll(() => stageOf(page).textContent()).toBe('Delivered');

    // Delivered: nothing more to do, and cancelling is no longer offered.
    await page.getByText('Delivered. Nothing left to do.').waitFor();
    await expect(page.getByRole('button', { name: 'Cancel order' }).count()).resolves.toBe(0);

    // The timeline tells the whole story: what, who (email and role) and when.
    const history = page.getByRole('region', { name: 'History' });
    const types = ['OrderPlaced', 'DepositPaid', 'BuildStarted', 'BuildCompleted', 'OrderDelivered'];
    await expect
      .poll(() =>
        history
          .locator('[data-event-type]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-event-type'))),
      )
      .toEqual(types);
    const placed = history.locator('[data-event-type="OrderPlaced"]');
    await expect(placed.textContent()).resolves.toContain('Order placed');
    await expect(placed.textContent()).resolves.toContain('total $54,500.00');
    await expect(placed.textContent()).resolves.toContain('owner@firefly.example');
    await expect(placed.textContent()).resolves.toContain('Owner');
    await expect(placed.locator('time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect(history.locator('[data-event-type="DepositPaid"]').textContent()).resolves.toContain(
      '$5,000.00 received · reference BANK-42',
    );

    // The order shows up in the list filtered by its stage (projections catch up within moments).
    await page.goto(`${baseUrl}/orders?stage=delivered`);
    await page.getByRole('link', { name: new RegExp(modelName) }).waitFor({ timeout: 15_000 });

    expect(errors).toEqual([]);
    await context.close();
  });

  it('finds a customer by search and edits them; reprices, extends and retires a model', async () => {
    const owner = await apiSignIn(baseUrl, 'owner');
    const name = unique('Searchable Person');
    const registered = await callApi<Created>(baseUrl, 'POST', '/api/customers', {
      token: owner.idToken,
      body: { name, email: `${name.replace(/\W+/g, '.').toLowerCase()}@example.com` },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(registered.status).toBe(201);
    const context = await newContext(browser);
    await seedSession(context, owner);
    const page = await context.newPage();
    const errors = watchErrors(page);

    // The search box filters the list (debounced, kept in the URL); the projection may lag a moment.
    await page.goto(`${baseUrl}/customers`);
    await page.getByRole('table').waitFor();
    const search = page.getByRole('searchbox', { name: 'Search customers' });
    const term = name.split(' ').at(-1) ?? name;
    await expect
      .poll(
        async () => {
          await search.fill('');
          await search.fill(term);
          await page.waitForURL((url) => url.searchParams.get('search') === term);
          await page.waitForLoadState('networkidle');
          return page.getByRole('table').getByRole('row').count();
        },
        { timeout: 20_000 },
      )
      .toBe(2);
    await page.getByRole('table').getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();

    await page.getByRole('button', { name: 'Edit details' }).click();
    const edit = page.getByRole('dialog', { name: `Edit ${name}` });
    await edit.getByRole('textbox', { name: 'Phone' }).fill('12');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByText('Enter a phone number of 7-20 digits').waitFor();
    await edit.getByRole('textbox', { name: 'Phone' }).fill('+1 555 0199');
    await edit.getByRole('checkbox', { name: 'Agrees to receive marketing email' }).check();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'hidden' });
    await page.getByText('+1 555 0199', { exact: true }).waitFor();
    await page
      .locator('[data-event-type="CustomerDetailsChanged"]')
      .getByText('phone → +1 555 0199')
      .waitFor();

    // A model: reprice, add an option, retire.
    const modelName = unique('Test Loft');
    const created = await callApi<Created>(baseUrl, 'POST', '/api/models', {
      token: owner.idToken,
      body: { name: modelName, basePriceCents: 5_000_000 },
    });
    expect(created.status).toBe(201);
    await page.goto(`${baseUrl}/models/${created.body.id}`);
    await page.getByRole('heading', { level: 1, name: modelName }).waitFor();

    await page.getByRole('button', { name: 'Reprice' }).click();
    const reprice = page.getByRole('dialog', { name: `Reprice ${modelName}` });
    await reprice.getByRole('textbox', { name: 'New base price' }).fill('61000');
    await reprice.getByRole('button', { name: 'Save price' }).click();
    await reprice.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('base-price').textContent()).toBe('$61,000.00');
    await page.locator('[data-event-type="ModelRepriced"]').getByText('base price now $61,000.00').waitFor();

    await page.getByRole('button', { name: 'Add option' }).click();
    const option = page.getByRole('dialog', { name: `Add an option to ${modelName}` });
    await option.getByRole('textbox', { name: 'Option name' }).fill('Composting toilet');
    await option.getByRole('textbox', { name: 'Price' }).fill('1200');
    await option.getByRole('button', { name: 'Add option' }).click();
    await option.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'composting-toilet' }).waitFor();

    await page.getByRole('button', { name: 'Retire' }).click();
    const retire = page.getByRole('dialog', { name: `Retire ${modelName}` });
    await retire.getByRole('button', { name: 'Retire model' }).click();
    await retire.waitFor({ state: 'hidden' });
    await page.getByText('Retired: cannot be ordered').waitFor();
    await expect(page.getByRole('button', { name: 'Reprice' }).count()).resolves.toBe(0);

    // A retired model is not offered when placing an order.
    await page.goto(`${baseUrl}/orders`);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('combobox', { name: 'Model' }).click();
    await page.getByRole('option').first().waitFor();
    await expect(page.getByRole('option', { name: new RegExp(modelName) }).count()).resolves.toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the viewer no create or change actions, while navigation still works', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'viewer');
    await expect(page.getByTestId('me-role').textContent()).resolves.toBe('Viewer');

    const commands = [
      'Place order',
      'Register customer',
      'Add model',
      'Add option',
      'Edit details',
      'Reprice',
      'Retire',
      'Record deposit',
      'Start build',
      'Complete build',
      'Record delivery',
      'Cancel order',
    ];
    const actionButtons = async () =>
      (await page.getByRole('main').getByRole('button').allTextContents()).filter((t) =>
        commands.includes(t.trim()),
      );

    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [link, heading, detailPrefix] of [
      ['Orders', 'Orders', '/orders/'],
      ['Customers', 'Customers', '/customers/'],
      ['Models', 'Models', '/models/'],
    ] as const) {
      await nav.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByRole('table').getByRole('link').first().waitFor();
      expect(await actionButtons()).toEqual([]);

      // Deep into a record: its fields show, its commands and (without events:read) its history do not.
      await page.getByRole('table').getByRole('link').first().click();
      await page.waitForURL((url) => url.pathname.startsWith(detailPrefix));
      await page.getByRole('heading', { level: 2, name: 'Details' }).waitFor();
      expect(await actionButtons()).toEqual([]);
      await expect(page.getByRole('heading', { name: 'History' }).count()).resolves.toBe(0);
      expect(await page.getByRole('button', { name: 'Reload' }).count()).toBe(0);
    }

    // The overview and its links work for the viewer too.
    await nav.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.locator('[data-overview-ready="true"]').waitFor();
    await page.getByTestId('stage-count-quote').click();
    await page.waitForURL(/\/orders\?stage=quote$/);
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();

    // A deep link reloads into the same page with the session kept in this tab.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    expect(new URL(page.url()).search).toBe('?stage=quote');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a version conflict when the same order is changed in two places', async () => {
    const owner = await apiSignIn(baseUrl, 'owner');
    const [customer, model] = [fixtures.customers[2]!, fixtures.models[1]!];
    const placed = await callApi<Created>(baseUrl, 'POST', '/api/orders', {
      token: owner.idToken,
      body: { customerId: customer.id, modelId: model.id, optionCodes: [] },
    });
    expect(placed.status).toBe(201);
    const orderUrl = `${baseUrl}/orders/${placed.body.id}`;

    const [contextA, contextB] = [await newContext(browser), await newContext(browser)];
    await seedSession(contextA, owner);
    await seedSession(contextB, await apiSignIn(baseUrl, 'manager'));
    const [pageA, pageB] = [await contextA.newPage(), await contextB.newPage()];
    await Promise.all([pageA.goto(orderUrl), pageB.goto(orderUrl)]);
    await Promise.all([stageOf(pageA).waitFor(), stageOf(pageB).waitFor()]);

    // B starts recording a deposit while A records one first.
    await pageB.getByRole('button', { name: 'Record deposit' }).click();
    const dialogB = pageB.getByRole('dialog', { name: 'Record the deposit' });
    await dialogB.getByRole('textbox', { name: 'Amount received' }).fill('1000');

    await pageA.getByRole('button', { name: 'Record deposit' }).click();
    const dialogA = pageA.getByRole('dialog', { name: 'Record the deposit' });
    await dialogA.getByRole('textbox', { name: 'Amount received' }).fill('2000');
    await dialogA.getByRole('button', { name: 'Record deposit' }).click();
    await dialogA.waitFor({ state: 'hidden' });
    await expect.poll(() => stageOf(pageA).textContent()).toBe('Deposit paid');

    await dialogB.getByRole('button', { name: 'Record deposit' }).click();
    const conflict = dialogB
      .getByRole('alert')
      .filter({ hasText: 'This record changed since you opened it' });
    await conflict.waitFor();
    await expect(conflict.textContent()).resolves.toContain('Reload');
    // B's entry is kept while it decides.
    await expect(dialogB.getByRole('textbox', { name: 'Amount received' }).inputValue()).resolves.toBe(
      '$1,000',
    );

    // Reload: the deposit is already recorded, so the form closes and B sees the order as it is now.
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await dialogB.waitFor({ state: 'hidden' });
    await expect.poll(() => stageOf(pageB).textContent()).toBe('Deposit paid');
    await pageB.getByText('The order moved on').waitFor();

    // Only one deposit was recorded.
    const order = await callApi<{ paidCents: number; version: number }>(
      baseUrl,
      'GET',
      `/api/orders/${placed.body.id}`,
      {
        token: owner.idToken,
      },
    );
    expect(order.body.paidCents).toBe(200_000);
    await contextA.close();
    await contextB.close();
  });

  it('renews the session before the token expires, and after a 401', async () => {
    const tokens = await apiSignIn(baseUrl, 'analyst');
    const context = await newContext(browser);
    // Expiring in 30 seconds: inside the console's renewal margin, so it renews before the first call.
    await seedSession(context, tokens, Date.now() + 30_000);
    const page = await context.newPage();
    const refreshed = page.waitForResponse(
      (r) => r.url().endsWith('/api/auth/refresh') && r.status() === 200,
    );
    await page.goto(`${baseUrl}/customers`);
    await refreshed;
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await page.getByRole('table').waitFor();
    await context.close();

    // A token the API no longer accepts: the first call gets 401, the console renews once and retries.
    const stale = await newContext(browser);
    await seedSession(stale, { ...tokens, idToken: `${tokens.idToken.slice(0, -4)}AAAA` });
    const stalePage = await stale.newPage();
    const calls: string[] = [];
    stalePage.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/')) calls.push(`${r.status()} ${path}`);
    });
    await stalePage.goto(`${baseUrl}/models`);
    await stalePage.getByRole('table').waitFor();
    // The first call is refused, the session renewed once, and the same call then succeeds.
    expect(calls.slice(0, 3)).toEqual(['401 /api/me', '200 /api/auth/refresh', '200 /api/me']);
    expect(calls).toContain('200 /api/models');
    expect(calls.filter((c) => c.endsWith('/api/auth/refresh'))).toHaveLength(1);
    await stale.close();

    // Without a session, a deep link goes to sign-in and comes back after it.
    const fresh = await newContext(browser);
    const freshPage = await fresh.newPage();
    await freshPage.goto(`${baseUrl}/models`);
    await freshPage.waitForURL(/\/sign-in\?next=%2Fmodels$/);
    await freshPage.getByRole('textbox', { name: 'Email' }).fill('analyst@firefly.example');
    await freshPage.getByRole('textbox', { name: 'Password' }).fill('wrong password');
    await freshPage.getByRole('button', { name: 'Sign in' }).click();
    await freshPage.getByRole('alert').filter({ hasText: 'The email or password is not correct' }).waitFor();
    await fresh.close();
  });

  it('serves the API documentation with the Swagger UI the console build ships', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl}/api/docs`);
    // init.js from web/dist/docs renders /api/openapi.json into #api.
    await page.locator('#api .swagger-ui .info .title').filter({ hasText: 'Firefly' }).waitFor();
    await page.locator('#api .opblock').first().waitFor();
    expect(await page.locator('#api .opblock-summary-path').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('has no serious or critical axe violations on any page', async () => {
    const owner = await apiSignIn(baseUrl, 'owner');
    const [order, customer, model] = [fixtures.orders[0]!, fixtures.customers[0]!, fixtures.models[0]!];

    let pagesChecked = 0;
    const found: Awaited<ReturnType<typeof axeViolations>> = [];

    // The console's CSP (script-src 'self') rightly refuses inline scripts; axe is injected as one.
    const signedOut = await browser.newContext({ bypassCSP: true });
    const signInPage = await signedOut.newPage();
    await signInPage.goto(`${baseUrl}/sign-in`);
    await signInPage.getByRole('button', { name: 'Sign in' }).waitFor();
    found.push(...(await axeViolations(signInPage)));
    pagesChecked++;
    await signedOut.close();

    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1366, height: 900 } });
    await seedSession(context, owner);
    const page = await context.newPage();
    const pages: [string, () => Promise<void>][] = [
      ['/', () => page.locator('[data-overview-ready="true"]').waitFor()],
      ['/orders', () => page.getByRole('table').waitFor()],
      ['/orders?stage=delivered', () => page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor()],
      [`/orders/${order.id}`, () => page.getByRole('heading', { level: 2, name: 'History' }).waitFor()],
      ['/customers', () => page.getByRole('table').waitFor()],
      [`/customers/${customer.id}`, () => page.getByRole('heading', { level: 2, name: 'History' }).waitFor()],
      ['/models', () => page.getByRole('table').waitFor()],
      [`/models/${model.id}`, () => page.getByRole('heading', { level: 2, name: 'History' }).waitFor()],
      ['/no-such-page', () => page.getByText('Page not found').waitFor()],
    ];
    for (const [path, ready] of pages) {
      await page.goto(`${baseUrl}${path}`);
      await ready();
      // Let lazy parts (the chart, customer names, the timeline) settle before checking.
      await page.waitForLoadState('networkidle');
      found.push(...(await axeViolations(page)));
      pagesChecked++;
    }

    // A form in a dialog, with inline errors showing.
    await page.goto(`${baseUrl}/customers`);
    await page.getByRole('button', { name: 'Register customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register a customer' });
    await dialog.getByRole('button', { name: 'Register customer' }).click();
    await dialog.getByText('Enter a name').waitFor();
    found.push(...(await axeViolations(page)));
    pagesChecked++;

    // Tablet width, with the navigation collapsed behind its button.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${baseUrl}/`);
    await page.locator('[data-overview-ready="true"]').waitFor();
    found.push(...(await axeViolations(page)));
    pagesChecked++;

    // Moderate and minor findings are reported, not failed on; serious and critical ones fail the test.
    const minor = found.filter((v) => !isSerious(v));
    console.log(
      `axe: ${pagesChecked} views checked; ${found.length - minor.length} serious/critical, ${minor.length} moderate/minor` +
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
