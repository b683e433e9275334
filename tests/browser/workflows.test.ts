import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations, isSerious, launchBrowser, signInUi, watchErrors } from './browser.ts';

/**
 * Workflow automation in the console (issue 12): a manager builds a workflow from scratch by dragging steps
 * onto the canvas (LeadCaptured → a condition on the lead's channel → a task for managers), publishes it,
 * captures a lead as anyone would, and reads the run's step-by-step history; the task it created is on the
 * Tasks page. The builder, the list and the run page are axe-clean.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const unique = (prefix: string) =>
  `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const choose = async (page: Page, scope: Page | Locator, label: string, option: string | RegExp) => {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
};

/** Drags with the mouse in small moves, as React Flow's handles follow pointer events. */
const dragBetween = async (page: Page, from: Locator, to: Locator) => {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('nothing to drag between');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
};

/** Wide enough for palette, canvas and panel side by side; CSP bypassed so axe's script can be added. */
const wideContext = () =>
  browser.newContext({
    viewport: { width: 1440, height: 1000 },
    bypassCSP: true,
    locale: 'en-US',
    timezoneId: 'UTC',
  });

const serious = async (page: Page) => (await axeViolations(page)).filter(isSerious);

describe('workflows in the console', () => {
  it('builds a workflow by dragging steps, publishes it, and shows the run a lead capture started', async () => {
    const context = await wideContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'manager');
    const name = unique('Referral follow-up');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workflows' }).click();
    await page.getByRole('heading', { level: 1, name: 'Workflows' }).waitFor();
    expect(await serious(page)).toEqual([]);
    await page.getByRole('button', { name: 'New workflow' }).first().click();
    const create = page.getByRole('dialog', { name: 'New workflow' });
    await create.getByRole('textbox', { name: 'Name' }).fill(name);
    await create.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();

    // The trigger: an ordinary business event.
    const canvas = page.getByTestId('workflow-canvas');
    await canvas.waitFor();
    const panel = page.getByRole('region', { name: 'Configure' });
    await choose(page, panel, 'Starts', 'When an event happens');
    await choose(page, panel, 'Event', /^LeadCaptured/);
    await expect.poll(() => page.getByTestId('trigger-node').textContent()).toContain('LeadCaptured');
    // A blank draft comes with one placeholder step: from scratch means without it.
    await choose(page, panel, 'Selected', /^First step/);
    await panel.getByRole('button', { name: 'Remove step' }).click();

    // Two steps dragged from the palette onto the canvas: the first becomes the start.
    const pane = canvas.locator('.react-flow__pane');
    await page
      .getByRole('button', { name: 'Add step: Condition' })
      .dragTo(pane, { targetPosition: { x: 220, y: 260 } });
    await page
      .getByRole('button', { name: 'Add step: Create a task' })
      .dragTo(pane, { targetPosition: { x: 220, y: 460 } });
    const condition = canvas.locator('[data-step-id="condition-1"]');
    const task = canvas.locator('[data-step-id="task-1"]');
    await condition.waitFor();
    await task.waitFor();

    // Connected by dragging the condition's "if true" handle onto the task.
    await dragBetween(
      page,
      condition.locator('.react-flow__handle[data-handleid="ifTrue"]'),
      task.locator('.react-flow__handle[data-handleid="in"]'),
    );
    await canvas.locator('.react-flow__edge.wf-edge-ifTrue').waitFor();

    // The condition names a field the trigger's schema has: only referrals.
    await choose(page, panel, 'Selected', 'Condition (condition-1)');
    await choose(page, panel, 'Rule: field', 'Trigger · channel');
    await choose(page, panel, 'Rule: comparison', 'equals');
    await panel.getByRole('textbox', { name: 'Rule: value', exact: true }).fill('referral');
    await choose(page, panel, 'Selected', 'Create a task (task-1)');
    await panel.getByRole('textbox', { name: 'Title', exact: true }).fill('Call the referred lead');
    await choose(page, panel, 'For the role', 'manager');

    // Validation runs as the draft changes: nothing stands in the way.
    await expect
      .poll(() => page.getByTestId('problem-count').getAttribute('data-count'), { timeout: 15_000 })
      .toBe('0');
    expect(await serious(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => page.getByTestId('unsaved').count()).toBe(0);
    await page.getByRole('button', { name: 'Publish…' }).click();
    const publish = page.getByRole('dialog', { name: 'Publish this workflow' });
    await publish.getByRole('button', { name: 'Publish', exact: true }).click();
    // Publishing compiles the draft and creates its state machine: seconds on a busy machine.
    await expect
      .poll(() => page.getByTestId('workflow-status').first().textContent(), { timeout: 60_000 })
      .toBe('Active');
    const workflowUrl = page.url();

    // An ordinary action in the console: a referral lead is captured.
    const lead = unique('Rita Referral');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Leads', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    await page.getByRole('button', { name: 'Capture lead' }).first().click();
    const capture = page.getByRole('dialog', { name: 'Capture a lead' });
    await capture.getByRole('textbox', { name: 'Name' }).fill(lead);
    await capture
      .getByRole('textbox', { name: 'Email' })
      .fill(`${lead.replace(/\W+/g, '.').toLowerCase()}@example.com`);
    await choose(page, capture, 'Channel', 'Referral');
    await capture.getByRole('button', { name: 'Capture lead' }).click();
    await page.getByRole('heading', { level: 1, name: lead }).waitFor();

    // The run it started, and its step-by-step history.
    await page.goto(`${workflowUrl.split('?')[0]}?tab=runs`);
    const row = page.getByTestId('run-row').first();
    await expect
      .poll(
        async () => {
          if ((await row.count()) === 0) await page.reload();
          return row.count();
        },
        { timeout: 60_000, interval: 2_000 },
      )
      .toBe(1);
    await row.getByRole('link').click();
    await expect
      .poll(() => page.getByTestId('run-status').first().getAttribute('data-status'), { timeout: 60_000 })
      .toBe('succeeded');
    const steps = page.getByTestId('run-step');
    await expect
      .poll(async () =>
        (await steps.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step-id')))).join(' '),
      )
      .toBe('condition-1 task-1');
    expect(await page.getByRole('main').textContent()).toContain(lead);
    expect(await serious(page)).toEqual([]);

    // The task is on the managers' Tasks page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await page.getByTestId('task').filter({ hasText: 'Call the referred lead' }).first().waitFor();
    expect(await serious(page)).toEqual([]);
    await context.close();
    expect(errors).toEqual([]);
  });

  it('adds steps by keyboard after the selected one', async () => {
    const context = await wideContext();
    const page = await context.newPage();
    await signInUi(page, baseUrl, 'manager');
    await page.goto(`${baseUrl}/workflows`);
    await page.getByRole('button', { name: 'New workflow' }).first().click();
    const create = page.getByRole('dialog', { name: 'New workflow' });
    const name = unique('Keyboard flow');
    await create.getByRole('textbox', { name: 'Name' }).fill(name);
    await create.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const wait = page.getByRole('button', { name: 'Add step: Wait' });
    await wait.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Add step: Send an email' }).focus();
    await page.keyboard.press('Enter');
    const canvas = page.getByTestId('workflow-canvas');
    await canvas.locator('[data-step-id="email-1"]').waitFor();
    // The email went after the wait, which the keyboard had selected: one edge between them.
    await canvas.locator('.react-flow__edge[data-id="wait-1:next"]').waitFor();
    await context.close();
  });
  it('drafts a workflow from a template in the gallery in one click and opens the builder with its steps', async () => {
    const context = await wideContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'manager');
    await page.goto(`${baseUrl}/workflows`);
    await page.getByRole('button', { name: 'New from template' }).first().click();
    const gallery = page.getByRole('dialog', { name: 'New from template' });
    const card = gallery.getByRole('article', { name: 'New lead: welcome and follow up' });
    await card.waitFor();
    expect(await card.textContent()).toContain('On LeadCaptured');
    expect(await gallery.getByRole('article').count()).toBe(6);
    expect(await serious(page)).toEqual([]);
    await card.getByRole('button', { name: 'Use template: New lead: welcome and follow up' }).click();
    await page.getByRole('heading', { level: 1, name: 'New lead: welcome and follow up' }).waitFor();
    const canvas = page.getByTestId('workflow-canvas');
    await canvas.waitFor();
    for (const id of ['welcome', 'wait-two-days', 'lead', 'still-open', 'follow-up'])
      await canvas.locator(`[data-step-id="${id}"]`).waitFor();
    expect(await page.getByTestId('trigger-node').textContent()).toContain('LeadCaptured');
    await expect
      .poll(() => page.getByTestId('problem-count').getAttribute('data-count'), { timeout: 15_000 })
      .toBe('0');
    await context.close();
    expect(errors).toEqual([]);
  });
});
