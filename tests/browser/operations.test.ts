import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  apiSignIn,
  axeViolations,
  callApi,
  dialogShown,
  isSerious,
  launchBrowser,
  newContext,
  seedSession,
  signInUi,
  type Tokens,
  watchErrors,
} from './browser.ts';

/**
 * The operations pages (production, deliveries, inventory, suppliers, purchase orders) against the
 * local cloud with an empty store: what each test needs is made through the API first.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;
let owner: Tokens;

beforeAll(async () => {
  [browser, owner] = await Promise.all([launchBrowser(), apiSignIn(baseUrl, 'owner')]);
});
afterAll(async () => {
  await browser?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A name no other test (or earlier run on the same data) has used. */
const unique = (prefix: string) =>
  `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A business day (UTC, as the API counts), `offset` days from today. */
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

interface Created {
  id: string;
  version: number;
}

/** A direct API call as the owner; fails the test on an unexpected status. */
const send = async <T = Created>(
  method: string,
  path: string,
  body?: unknown,
  version?: number,
  expected = [200, 201],
): Promise<T> => {
  const headers: Record<string, string> = { 'idempotency-key': crypto.randomUUID() };
  if (version !== undefined) headers['if-match'] = `"${version}"`;
  const reply = await callApi<T>(baseUrl, method, path, { token: owner.idToken, body, headers });
  if (!expected.includes(reply.status))
    throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};

/** Lists are projections, updated moments after each command: wait until one shows the record. */
const listed = async (path: string, id: string) => {
  for (let attempt = 0; attempt < 150; attempt++) {
    const reply = await callApi<{ items: { id: string }[] }>(baseUrl, 'GET', path, { token: owner.idToken });
    if (reply.body.items?.some((item) => item.id === id)) return;
    await sleep(200);
  }
  throw new Error(`${id} never showed up in ${path}`);
};

/**
 * A stock item with stock, a model whose bill of materials uses it, and an order for it with its
 * deposit paid: ready for a build slot.
 */
const orderReadyForBuild = async () => {
  const tag = unique('ops');
  const supplier = await send('POST', '/api/suppliers', {
    name: `Frame Supply ${tag}`,
    email: `frames.${tag.replace(/\W+/g, '.')}@example.com`,
    leadTimeDays: 21,
  });
  const item = await send('POST', '/api/items', {
    sku: `KIT-${tag.replace(/\W+/g, '-')}`.slice(0, 40),
    name: `Frame kit ${tag}`,
    unit: 'kits',
    unitCostCents: 250_000,
    reorderPoint: 1,
    reorderQuantity: 4,
    leadTimeDays: 21,
    supplierId: supplier.id,
  });
  await send('POST', `/api/items/${item.id}/receipts`, { quantity: 6 });
  const modelName = unique('Ops Cabin');
  const model = await send('POST', '/api/models', {
    name: modelName,
    basePriceCents: 5_000_000,
    materials: [{ itemId: item.id, quantity: 2 }],
  });
  const customer = await send('POST', '/api/customers', {
    name: unique('Operations Customer'),
    email: `ops.${tag.replace(/\W+/g, '.')}@example.com`,
  });
  const order = await send('POST', '/api/orders', {
    customerId: customer.id,
    modelId: model.id,
    optionCodes: [],
  });
  const paid = await send('POST', `/api/orders/${order.id}/deposit`, { amountCents: 500_000 }, order.version);
  return { supplier, item, model, modelName, customer, order: paid };
};

/** Takes an order through production to a shipment in transit, through the API. */
const builtAndShipped = async () => {
  const made = await orderReadyForBuild();
  const id = made.order.id;
  let build = await send('POST', '/api/builds', {
    orderId: id,
    bay: 'Bay 1',
    startOn: day(),
    dueOn: day(20),
  });
  build = await send('POST', `/api/builds/${id}/start`, {}, build.version);
  for (const stage of ['framing', 'systems', 'finish', 'inspection'])
    build = await send('POST', `/api/builds/${id}/complete-stage`, { stage }, build.version);
  const shipment = await send('POST', '/api/shipments', {
    orderId: id,
    carrier: 'Fixture Haulage',
    destination: '1 Fixture Lane, Portland',
    scheduledFor: day(),
  });
  await send('POST', `/api/shipments/${id}/dispatch`, { trackingRef: 'FX-1' }, shipment.version);
  const po = await send('POST', '/api/purchase-orders', {
    supplierId: made.supplier.id,
    lines: [{ itemId: made.item.id, quantity: 4, unitCostCents: 250_000 }],
  });
  await Promise.all([
    listed('/api/builds?limit=100', id),
    listed('/api/shipments?limit=100', shipment.id),
    listed('/api/purchase-orders?limit=100', po.id),
    listed('/api/items?limit=100', made.item.id),
    listed('/api/suppliers?limit=100', made.supplier.id),
  ]);
  return { ...made, build, shipment, po };
};

/** The event types on the page's timeline, oldest first. */
const timeline = (page: Page) =>
  page
    .getByRole('region', { name: 'History' })
    .locator('[data-event-type]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-event-type')));

/** Picks an option of a Mantine Select: typing searches (on the server for searchable ones). */
const choose = async (page: Page, select: Locator, option: RegExp | string, type?: string) => {
  if (type) await select.fill(type);
  else await select.click();
  await page.getByRole('option', { name: option }).first().click();
};

/** Opens a dialog from a button on the page, fills it with `fill`, submits and waits for it to close. */
const runDialog = async (
  page: Page,
  button: string,
  title: string,
  submit: string,
  fill: (dialog: Locator) => Promise<void> = async () => {},
) => {
  await page.getByRole('main').getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: title });
  await fill(dialog);
  await dialog.getByRole('button', { name: submit, exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
};

describe('the operations console against the local cloud', () => {
  it('lets a manager add a supplier and an item, order and receive stock, and adjust it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'manager');
    const nav = page.getByRole('navigation', { name: 'Main' });

    // A supplier, through the form.
    const supplierName = unique('Cedar Mill');
    await nav.getByRole('link', { name: 'Suppliers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Suppliers' }).waitFor();
    await page.getByRole('button', { name: 'Add supplier' }).first().click();
    const addSupplier = page.getByRole('dialog', { name: 'Add a supplier' });
    await addSupplier.getByRole('textbox', { name: 'Name' }).fill(supplierName);
    await addSupplier.getByRole('textbox', { name: 'Email' }).fill('not-an-email');
    await addSupplier.getByRole('textbox', { name: 'Lead time (days)' }).fill('7');
    await addSupplier.getByRole('button', { name: 'Add supplier' }).click();
    // The API's field error shows beside the field.
    await expect
      .poll(() => addSupplier.getByRole('textbox', { name: 'Email' }).getAttribute('aria-invalid'))
      .toBe('true');
    await addSupplier
      .getByRole('textbox', { name: 'Email' })
      .fill(`${supplierName.replace(/\W+/g, '.').toLowerCase()}@example.com`);
    await addSupplier.getByRole('button', { name: 'Add supplier' }).click();
    await page.getByRole('heading', { level: 1, name: supplierName }).waitFor();
    await expect(page.getByTestId('lead-time').textContent()).resolves.toBe('7 days');
    await page.locator('[data-event-type="SupplierRegistered"]').waitFor();

    // An item supplied by it, from the supplier's page: nothing on hand, so below its reorder point.
    const itemName = unique('Cedar boards');
    const sku = `CED-${Date.now().toString(36)}`;
    await page.getByRole('button', { name: 'Add item' }).click();
    const addItem = page.getByRole('dialog', { name: 'Add an item' });
    await addItem.getByRole('textbox', { name: 'Name' }).fill(itemName);
    await addItem.getByRole('textbox', { name: 'SKU' }).fill(sku);
    await addItem.getByRole('textbox', { name: 'Unit', exact: true }).fill('boards');
    await addItem.getByRole('textbox', { name: 'Unit cost' }).fill('12.50');
    await addItem.getByRole('textbox', { name: 'Reorder point' }).fill('10');
    await addItem.getByRole('textbox', { name: 'Reorder quantity' }).fill('20');
    await addItem.getByRole('textbox', { name: 'Lead time (days)' }).fill('7');
    await expect(addItem.getByRole('combobox', { name: 'Supplier' }).inputValue()).resolves.toBe(
      supplierName,
    );
    await addItem.getByRole('button', { name: 'Add item' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(itemName) }).waitFor();
    const itemUrl = page.url();
    expect(itemUrl).toMatch(/\/inventory\/[\w-]+$/);
    await expect(page.getByTestId('stock-badge').textContent()).resolves.toBe('Below reorder point');
    await expect(page.getByTestId('on-hand').textContent()).resolves.toBe('0 boards');
    await page.getByRole('link', { name: supplierName }).first().waitFor();

    // Order more: the form starts with this item, its supplier, reorder quantity and cost.
    await page.getByRole('button', { name: 'Order more' }).click();
    const order = page.getByRole('dialog', { name: `Order more ${itemName}` });
    await expect(order.getByRole('combobox', { name: 'Supplier' }).inputValue()).resolves.toMatch(
      supplierName,
    );
    await expect(order.getByRole('textbox', { name: 'Quantity' }).inputValue()).resolves.toBe('20');
    await expect.poll(() => order.getByTestId('po-total').textContent()).toBe('$250.00');
    await order.getByRole('button', { name: 'Place purchase order' }).click();
    await page.getByRole('heading', { level: 1, name: /Purchase order/ }).waitFor();
    const poUrl = page.url();
    const status = page.getByTestId('po-status');
    await expect.poll(() => status.textContent()).toBe('Placed');
    await expect(page.getByTestId('po-total-value').textContent()).resolves.toBe('$250.00');

    // Receive part of it, then the rest.
    await runDialog(page, 'Receive goods', 'Receive goods', 'Record receipt', async (dialog) => {
      await expect(dialog.getByRole('textbox', { name: 'Received now, line 1' }).inputValue()).resolves.toBe(
        '20',
      );
      await dialog.getByRole('textbox', { name: 'Received now, line 1' }).fill('8');
    });
    await expect.poll(() => status.textContent()).toBe('Partially received');
    await expect.poll(() => page.getByTestId('po-line-received').textContent()).toBe('8');
    await runDialog(page, 'Receive goods', 'Receive goods', 'Record receipt', async (dialog) => {
      await expect(dialog.getByRole('textbox', { name: 'Received now, line 1' }).inputValue()).resolves.toBe(
        '12',
      );
    });
    await expect.poll(() => status.textContent()).toBe('Received');
    await expect(page.getByRole('button', { name: 'Receive goods' }).count()).resolves.toBe(0);
    await expect
      .poll(() => timeline(page))
      .toEqual(['PurchaseOrderPlaced', 'PurchaseOrderReceived', 'PurchaseOrderReceived']);
    await expect(page.locator('[data-event-type="PurchaseOrderPlaced"]').textContent()).resolves.toContain(
      '1 line, 20 units · total $250.00',
    );

    // The item, from the order's line: on hand rose to 20 and it is no longer low.
    await page
      .getByRole('region', { name: 'Lines' })
      .getByRole('link', { name: new RegExp(itemName) })
      .click();
    await page.waitForURL(itemUrl);
    await expect.poll(() => page.getByTestId('on-hand').textContent()).toBe('20 boards');
    await expect(page.getByTestId('stock-badge').count()).resolves.toBe(0);

    // Taking away more than is on hand is refused, beside the field.
    await page.getByRole('button', { name: 'Adjust stock' }).click();
    const adjust = page.getByRole('dialog', { name: `Adjust ${itemName}` });
    await adjust.getByRole('textbox', { name: 'Change' }).fill('-50');
    await choose(page, adjust.getByRole('combobox', { name: 'Reason' }), 'Damage');
    await adjust.getByRole('button', { name: 'Adjust stock' }).click();
    await adjust.getByText('Only 20 boards on hand: stock cannot go below zero').waitFor();
    await expect(adjust.getByRole('textbox', { name: 'Change' }).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await adjust.getByRole('textbox', { name: 'Change' }).fill('-2');
    await adjust.getByRole('textbox', { name: 'Note' }).fill('Split in the yard');
    await adjust.getByRole('button', { name: 'Adjust stock' }).click();
    await adjust.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('on-hand').textContent()).toBe('18 boards');
    await expect
      .poll(() => timeline(page))
      .toEqual(['ItemRegistered', 'StockReceived', 'StockReceived', 'StockAdjusted']);
    await expect(page.locator('[data-event-type="StockAdjusted"]').textContent()).resolves.toContain(
      '-2 on hand · reason: damage · note: Split in the yard',
    );

    // Someone else changes the item while the cost form is open: a version conflict, then a reload.
    await page.getByRole('button', { name: 'Change cost' }).click();
    const cost = page.getByRole('dialog', { name: `Change the cost of ${itemName}` });
    await cost.getByRole('textbox', { name: 'New unit cost' }).fill('14');
    const itemId = itemUrl.split('/').pop()!;
    const current = await send('GET', `/api/items/${itemId}`);
    await send('POST', `/api/items/${itemId}/cost`, { unitCostCents: 1_300 }, current.version);
    await cost.getByRole('button', { name: 'Save cost' }).click();
    const conflict = cost.getByRole('alert').filter({ hasText: 'This record changed since you opened it' });
    await conflict.waitFor();
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await conflict.waitFor({ state: 'hidden' });
    await cost.getByRole('button', { name: 'Save cost' }).click();
    await cost.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('unit-cost').textContent()).toBe('$14.00');

    // The supplier's page lists its purchase order and its item.
    await page.getByRole('link', { name: supplierName }).first().click();
    await page.getByRole('heading', { level: 1, name: supplierName }).waitFor();
    await page
      .getByRole('region', { name: 'Items supplied' })
      .getByRole('link', { name: itemName })
      .waitFor({ timeout: 15_000 });
    await page.getByRole('region', { name: 'Purchase orders' }).getByRole('link').first().waitFor();
    expect(poUrl).toMatch(/\/purchase-orders\/[\w-]+$/);

    // The inventory list finds it by search; the purchase order list by its status.
    await page.goto(`${baseUrl}/inventory?search=${encodeURIComponent(sku.toLowerCase())}`);
    await page
      .getByRole('table')
      .getByRole('link', { name: new RegExp(itemName) })
      .waitFor({ timeout: 15_000 });
    await page.goto(`${baseUrl}/purchase-orders?status=received`);
    await page.getByRole('table').getByRole('link').first().waitFor({ timeout: 15_000 });

    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets the owner schedule, build and deliver an order, with a delay and a damage claim', async () => {
    const made = await orderReadyForBuild();
    await listed('/api/orders?stage=deposit_paid&limit=100', made.order.id);
    const context = await newContext(browser);
    await seedSession(context, owner);
    const page = await context.newPage();
    const errors = watchErrors(page);

    // Schedule a build for the order (only orders with a paid deposit are offered).
    await page.goto(`${baseUrl}/builds`);
    await page.getByRole('heading', { level: 1, name: 'Production' }).waitFor();
    await page.getByRole('button', { name: 'Schedule build' }).first().click();
    const schedule = page.getByRole('dialog', { name: 'Schedule a build' });
    await choose(
      page,
      schedule.getByRole('combobox', { name: 'Order' }),
      new RegExp(made.modelName),
      made.modelName,
    );
    await schedule.getByRole('textbox', { name: 'Bay' }).fill('Bay 7');
    await schedule.getByLabel('Due on').fill(day(30));
    await schedule.getByRole('button', { name: 'Schedule build' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`${made.modelName} build`) }).waitFor();
    const buildStatus = page.getByTestId('build-status');
    await expect.poll(() => buildStatus.textContent()).toBe('Scheduled');
    // The long-lead material is reserved for the build.
    const item = await send<{ reserved: number }>('GET', `/api/items/${made.item.id}`);
    expect(item.reserved).toBe(2);

    await runDialog(page, 'Start build', 'Start build', 'Start build');
    await expect.poll(() => buildStatus.textContent()).toBe('In progress');
    await expect.poll(() => page.getByTestId('build-stage').textContent()).toBe('Framing');
    for (const stage of ['framing', 'systems', 'finish']) {
      await runDialog(page, `Complete ${stage}`, `Complete ${stage}`, `Complete ${stage}`);
    }
    await expect.poll(() => page.getByTestId('build-stage').textContent()).toBe('Inspection');

    // A delay moves the due date.
    await runDialog(page, 'Record delay', 'Record a delay', 'Record delay', async (dialog) => {
      await choose(page, dialog.getByRole('combobox', { name: 'Reason' }), 'Weather');
      await dialog.getByRole('textbox', { name: 'Days added' }).fill('3');
      await dialog.getByRole('textbox', { name: 'Note' }).fill('Storm closed the yard');
    });
    await page
      .getByRole('region', { name: 'Delays' })
      .getByText('3 days, weather: Storm closed the yard')
      .waitFor();

    await runDialog(page, 'Complete inspection', 'Complete inspection', 'Complete inspection');
    await expect.poll(() => buildStatus.textContent()).toBe('Complete');
    await expect(page.getByRole('button', { name: 'Record delay' }).count()).resolves.toBe(0);
    await expect
      .poll(() => timeline(page))
      .toEqual([
        'BuildScheduled',
        'ProductionStarted',
        'BuildStageCompleted',
        'BuildStageCompleted',
        'BuildStageCompleted',
        'BuildDelayed',
        'BuildStageCompleted',
        'ProductionCompleted',
      ]);
    await expect(page.locator('[data-event-type="BuildDelayed"]').textContent()).resolves.toContain(
      '3 days late · reason: weather',
    );

    // The build links to its order, which is now ready for delivery.
    await page
      .getByRole('main')
      .getByRole('link', { name: /^Order …/ })
      .first()
      .click();
    await page.waitForURL(`${baseUrl}/orders/${made.order.id}`);
    await expect.poll(() => page.getByTestId('order-stage').textContent()).toBe('Ready');

    // Book the delivery, dispatch it, claim for damage, resolve the claim and record the delivery.
    await listed('/api/orders?stage=ready&limit=100', made.order.id);
    await page.goto(`${baseUrl}/shipments`);
    await page.getByRole('heading', { level: 1, name: 'Deliveries' }).waitFor();
    await page.getByRole('button', { name: 'Schedule delivery' }).first().click();
    const book = page.getByRole('dialog', { name: 'Schedule a delivery' });
    await choose(
      page,
      book.getByRole('combobox', { name: 'Order' }),
      new RegExp(made.modelName),
      made.modelName,
    );
    await book.getByRole('textbox', { name: 'Carrier' }).fill('Haul Co');
    await book.getByRole('textbox', { name: 'Destination' }).fill('12 Pine Road, Bend, OR');
    await book.getByLabel('Delivery day').fill(day());
    await book.getByRole('button', { name: 'Schedule delivery' }).click();
    await page.getByRole('heading', { level: 1, name: /Delivery/ }).waitFor();
    const shipmentStatus = page.getByTestId('shipment-status');
    await expect.poll(() => shipmentStatus.textContent()).toBe('Scheduled');

    await runDialog(page, 'Dispatch', 'Dispatch', 'Dispatch', async (dialog) => {
      await dialog.getByRole('textbox', { name: 'Tracking reference' }).fill('HC-1234');
    });
    await expect.poll(() => shipmentStatus.textContent()).toBe('In transit');

    await runDialog(page, 'File damage claim', 'File a damage claim', 'File claim', async (dialog) => {
      await dialog.getByRole('textbox', { name: 'What was damaged' }).fill('Cracked window on the west wall');
      await dialog.getByRole('textbox', { name: 'Amount claimed' }).fill('1200');
    });
    const claim = page.getByTestId('claim');
    await claim.getByText('Open', { exact: true }).waitFor();

    // Paying more than was claimed is refused beside the amount.
    await claim.getByRole('button', { name: 'Resolve claim' }).click();
    const resolve = page.getByRole('dialog', { name: 'Resolve the claim' });
    await choose(page, resolve.getByRole('combobox', { name: 'Outcome' }), 'Paid');
    await resolve.getByRole('textbox', { name: 'Amount paid' }).fill('1500');
    await resolve.getByRole('button', { name: 'Resolve claim' }).click();
    await resolve.getByText('A claim cannot pay more than was claimed').waitFor();
    await resolve.getByRole('textbox', { name: 'Amount paid' }).fill('800');
    await resolve.getByRole('button', { name: 'Resolve claim' }).click();
    await resolve.waitFor({ state: 'hidden' });
    await claim.getByText('Paid', { exact: true }).waitFor();
    await claim.getByText('$800.00').waitFor();

    await runDialog(page, 'Record delivery', 'Record delivery', 'Record delivery');
    await expect.poll(() => shipmentStatus.textContent()).toBe('Delivered');
    await expect
      .poll(() => timeline(page))
      .toEqual([
        'ShipmentScheduled',
        'ShipmentDispatched',
        'DamageClaimFiled',
        'DamageClaimResolved',
        'ShipmentDelivered',
      ]);
    await expect(page.locator('[data-event-type="DamageClaimResolved"]').textContent()).resolves.toContain(
      '$800.00 paid',
    );

    // The list filters by status.
    await page.goto(`${baseUrl}/shipments?status=delivered`);
    await page
      .getByRole('table')
      .getByRole('link', { name: /Haul Co/ })
      .waitFor({ timeout: 15_000 });

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the viewer the operations lists and records without any action', async () => {
    await builtAndShipped();
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'viewer');

    const commands = [
      'Schedule build',
      'Start build',
      'Record delay',
      'Schedule delivery',
      'Dispatch',
      'Reschedule',
      'Cancel delivery',
      'Record delivery',
      'File damage claim',
      'Resolve claim',
      'Add item',
      'Receive stock',
      'Adjust stock',
      'Change cost',
      'Reorder policy',
      'Order more',
      'Add supplier',
      'Edit details',
      'Place purchase order',
      'Receive goods',
      'Cancel purchase order',
    ];
    const actionButtons = async () =>
      (await page.getByRole('main').getByRole('button').allTextContents()).filter(
        (t) => commands.includes(t.trim()) || t.trim().startsWith('Complete '),
      );

    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [link, detailPrefix] of [
      ['Production', '/builds/'],
      ['Deliveries', '/shipments/'],
      ['Inventory', '/inventory/'],
      ['Suppliers', '/suppliers/'],
      ['Purchase orders', '/purchase-orders/'],
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

    // The low-stock tab reads the report.
    await page.goto(`${baseUrl}/inventory?view=low`);
    await page.getByRole('tab', { name: 'Low stock', selected: true }).waitFor();
    await page
      .getByRole('table', { name: 'Items at or below their reorder point' })
      .or(page.getByText('Nothing is low'))
      .first()
      .waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('has no serious or critical axe violations on the operations pages', async () => {
    const made = await builtAndShipped();
    let pagesChecked = 0;
    const found: Awaited<ReturnType<typeof axeViolations>> = [];

    // The console's CSP (script-src 'self') rightly refuses inline scripts; axe is injected as one.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1366, height: 900 } });
    await seedSession(context, owner);
    const page = await context.newPage();
    const history = () => page.getByRole('heading', { level: 2, name: 'History' }).waitFor();
    const table = () => page.getByRole('table').first().waitFor();
    const pages: [string, () => Promise<void>][] = [
      ['/builds', table],
      [`/builds/${made.order.id}`, history],
      ['/shipments', table],
      [`/shipments/${made.shipment.id}`, history],
      ['/inventory', table],
      ['/inventory?view=low', () => page.getByRole('tab', { name: 'Low stock', selected: true }).waitFor()],
      [`/inventory/${made.item.id}`, history],
      ['/suppliers', table],
      [`/suppliers/${made.supplier.id}`, history],
      ['/purchase-orders', table],
      [`/purchase-orders/${made.po.id}`, history],
    ];
    const check = async () => {
      await page.waitForLoadState('networkidle');
      found.push(...(await axeViolations(page)));
      pagesChecked++;
    };
    for (const [path, ready] of pages) {
      await page.goto(`${baseUrl}${path}`);
      await ready();
      await check();
    }

    // Forms in dialogs, with inline errors showing.
    await page.goto(`${baseUrl}/purchase-orders`);
    await page.getByRole('button', { name: 'Place purchase order' }).first().click();
    const place = page.getByRole('dialog', { name: 'Place a purchase order' });
    await place.getByRole('button', { name: 'Place purchase order' }).click();
    await place.getByText('Choose a supplier').waitFor();
    await check();
    await page.goto(`${baseUrl}/purchase-orders/${made.po.id}`);
    await page.getByRole('button', { name: 'Receive goods' }).click();
    await dialogShown(page, page.getByRole('dialog', { name: 'Receive goods' }));
    await check();
    await page.goto(`${baseUrl}/shipments/${made.shipment.id}`);
    await page.getByRole('button', { name: 'Record delivery' }).click();
    await dialogShown(page, page.getByRole('dialog', { name: 'Record delivery' }));
    await check();

    // Tablet width: a list and a detail page.
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const path of ['/inventory', `/builds/${made.order.id}`]) {
      await page.goto(`${baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await check();
      // Nothing is cut off sideways at 768 px: the page does not scroll horizontally.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }

    const minor = found.filter((v) => !isSerious(v));
    console.log(
      `axe: ${pagesChecked} operations views checked; ${found.length - minor.length} serious/critical, ${minor.length} moderate/minor` +
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
