import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  apiSignIn,
  axeViolations,
  callApi,
  isSerious,
  launchBrowser,
  signInUi,
  watchErrors,
} from './browser.ts';

/**
 * The notification centre in the console: a security event (someone invited straight into the admin
 * role) notifies the admins; the bell counts it, its popover lists it, marking it read lowers the count,
 * and the email reached the local mail inbox. A viewer, told nothing, sees the empty state.
 */
const baseUrl = inject('baseUrl');
const mailInboxUrl = inject('mailInboxUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Inbox = { items: { id: string; title: string; status: string }[]; unread: number };

describe('notifications in the console', () => {
  it('counts unread ones on the bell, lists them in its popover and marks them read', async () => {
    const invitee = `escalated.${Date.now().toString(36)}@example.com`;
    const [owner, admin] = await Promise.all([apiSignIn(baseUrl, 'owner'), apiSignIn(baseUrl, 'admin')]);
    // More unread than the popover shows (8), all older than the one to mark: marking it read must not
    // move it out of sight.
    const fillers = Array.from({ length: 8 }, (_, i) => `filler${i}.${Date.now().toString(36)}@example.org`);
    for (const email of fillers)
      await callApi(baseUrl, 'POST', '/api/users', { token: owner.idToken, body: { email, role: 'admin' } });
    const titles = async () =>
      (
        await callApi<Inbox>(baseUrl, 'GET', '/api/notifications?limit=100', { token: admin.idToken })
      ).body.items.map((n) => n.title);
    await expect
      .poll(
        async () => {
          const got = await titles();
          return fillers.every((f) => got.some((t) => t.includes(f)));
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const invited = await callApi(baseUrl, 'POST', '/api/users', {
      token: owner.idToken,
      body: { email: invitee, role: 'admin' },
    });
    expect(invited.status).toBe(201);
    // A long page: sign-ins outside office hours (other tests' too) raise newer notifications meanwhile.
    const adminInbox = () =>
      callApi<Inbox>(baseUrl, 'GET', '/api/notifications?limit=100', { token: admin.idToken }).then(
        (r) => r.body,
      );
    await expect
      .poll(async () => (await adminInbox()).items.some((n) => n.title.includes(invitee)), {
        timeout: 30_000,
      })
      .toBe(true);
    const unread = (await adminInbox()).unread;
    expect(unread).toBeGreaterThan(0);

    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, 'admin');
    const bell = page.getByRole('button', { name: /^Notifications: \d+ unread$/ });
    await bell.waitFor();
    const count = () => page.getByTestId('notification-count').getAttribute('data-count').then(Number);
    await expect.poll(count).toBe(unread);
    await bell.click();
    const drawer = page.getByTestId('notification-drawer');
    await drawer.waitFor();
    const mine = drawer.getByTestId('notification').filter({ hasText: invitee });
    await expect.poll(() => mine.getAttribute('data-status')).toBe('unread');
    expect(await mine.textContent()).toContain('Security:');
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);

    // Each mark is a command whose result the console reads back: on a slow machine (CI at 10:05 UTC) that
    // took longer than expect.poll's default second.
    const settled = { timeout: 15_000 };
    await mine.getByRole('button', { name: /^Mark read/ }).click();
    await expect.poll(() => mine.getAttribute('data-status'), settled).toBe('read');
    await expect.poll(count, settled).toBe(unread - 1);
    expect((await adminInbox()).items.find((n) => n.title.includes(invitee))?.status).toBe('read');

    await drawer.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(count, settled).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Notifications', exact: true }).count()).toBe(1);

    // The same notification reached the admin's email in the local mail inbox.
    const mail = (await (await fetch(`${mailInboxUrl}/api/email`)).json()) as {
      subject: string;
      to: { address: string }[];
    }[];
    expect(
      mail.some(
        (m) => m.subject.includes(invitee) && m.to.some((t) => t.address === 'admin@firefly.example'),
      ),
    ).toBe(true);

    await drawer.getByRole('link', { name: 'See all notifications' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByTestId('notification').filter({ hasText: invitee }).first().waitFor();
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    await context.close();
    expect(errors).toEqual([]);
  });

  it('shows a person told nothing an empty state', async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    await signInUi(page, baseUrl, 'viewer');
    await page.getByRole('button', { name: 'Notifications', exact: true }).click();
    await page.getByTestId('notification-drawer').getByTestId('notifications-empty').waitFor();
    expect(
      await page
        .getByTestId('notification-drawer')
        .getByRole('button', { name: 'Mark all read' })
        .isDisabled(),
    ).toBe(true);
    await context.close();
  });
});
