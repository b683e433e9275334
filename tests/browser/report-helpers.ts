import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { callApi } from './browser.ts';

/** What the report and dashboard browser tests share: leads in the analytics dataset, drags, pickers. */

export const byChannel = {
  dataset: 'leads',
  rows: [{ field: 'channel' }],
  values: [{ agg: 'count', as: 'leads' }],
};

const control = async (controlUrl: string, path: string) => {
  const res = await fetch(`${controlUrl}${path}`, { method: 'POST' });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
};

/**
 * Makes two referral leads and one from a show through the API, then builds the analytics dataset
 * through the local control endpoint until the leads are in it, instead of waiting for its minute. The
 * build leaves out commits younger than its settle window (in-flight writes), hence the loop.
 */
export const leadsInDataset = async (
  urls: { baseUrl: string; controlUrl: string },
  token: string,
  label: string,
) => {
  const tag = Date.now().toString(36);
  for (const [i, channel] of ['referral', 'referral', 'show'].entries()) {
    const slug = label.toLowerCase().replaceAll(' ', '.');
    const reply = await callApi(urls.baseUrl, 'POST', '/api/leads', {
      token,
      body: { name: `${label} ${i} ${tag}`, email: `${slug}.${i}.${tag}@example.com`, channel },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  }
  const referrals = async () => {
    const reply = await callApi<{ rows: { channel: string; leads: number }[] }>(
      urls.baseUrl,
      'POST',
      '/api/reports/query',
      { token, body: { definition: byChannel } },
    );
    return reply.status === 200 ? (reply.body.rows.find((r) => r.channel === 'referral')?.leads ?? 0) : 0;
  };
  for (let tries = 0; (await referrals()) < 2; tries++) {
    if (tries === 20) throw new Error('the analytics dataset never took the leads in');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await control(urls.controlUrl, '/schedules/reports-dataset/run');
  }
};

/** Drags with the mouse in small moves, as dnd-kit's pointer sensor starts after a few pixels. */
export const dragTo = async (page: Page, from: Locator, to: Locator) => {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('nothing to drag between');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 15 });
  await page.mouse.up();
};

/** Picks an option of the combobox with this exact label. */
export const choose = async (page: Page, label: string, option: string | RegExp) => {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).first().click();
};
