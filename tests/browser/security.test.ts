import { generateSync } from 'otplib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  apiSignIn,
  axeViolations,
  callApi,
  email,
  isSerious,
  launchBrowser,
  newContext,
  signInUi,
  watchErrors,
} from './browser.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
/** A role the other browser tests sign in as only through the API after this file has reset it. */
const ROLE = 'analyst';

/** The account with its MFA state (the list leaves MFA out: it costs a Cognito call per user). */
const userOf = async (token: string, address: string) => {
  const users = await callApi<{ items: { id: string; email: string }[] }>(baseUrl, 'GET', '/api/users', {
    token,
  });
  const id = users.body.items.find((u) => u.email === address)!.id;
  return (await callApi<{ id: string; mfa: boolean }>(baseUrl, 'GET', `/api/users/${id}`, { token })).body;
};

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  // Whatever happened above, leave the account signing in with its password alone for other tests.
  const admin = await apiSignIn(baseUrl, 'admin');
  const user = await userOf(admin.idToken, email(ROLE));
  if (user?.mfa) {
    await callApi(baseUrl, 'POST', `/api/users/${user.id}/mfa/reset`, {
      token: admin.idToken,
      body: { reason: 'browser test clean-up' },
    });
  }
  await browser?.close();
});

describe('MFA in the console', () => {
  it('sets up an authenticator app, signs in with its code, and an admin resets it', async () => {
    // The console's CSP (script-src 'self') rightly refuses inline scripts; axe is injected as one.
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await signInUi(page, baseUrl, ROLE);

    await page.getByRole('link', { name: /My account/ }).click();
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await expect.poll(() => page.getByTestId('mfa-status').textContent()).toBe('Off');
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    await page.getByRole('textbox', { name: 'Code from the app' }).fill(generateSync({ secret }));
    await page.getByRole('button', { name: 'Turn on MFA' }).click();
    await expect.poll(() => page.getByTestId('mfa-status').textContent()).toBe('On');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('textbox', { name: 'Email' }).fill(email(ROLE));
    await page
      .getByRole('textbox', { name: 'Password' })
      .fill(process.env.DEMO_PASSWORD ?? 'Firefly-demo-2026!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByRole('textbox', { name: 'Code from your authenticator app' });
    await code.waitFor();
    expect((await axeViolations(page)).filter(isSerious)).toEqual([]);
    const wrong = String((Number(generateSync({ secret })) + 500_001) % 1_000_000).padStart(6, '0');
    await code.fill(wrong);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong code' }).waitFor();
    await code.fill(generateSync({ secret }));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    // Signed in, back where they signed out.
    await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
    await expect.poll(() => page.getByTestId('mfa-status').textContent()).toBe('On');
    await context.close();

    // An admin resets it on the person's page, with a reason.
    const adminContext = await newContext(browser);
    const adminPage = await adminContext.newPage();
    await signInUi(adminPage, baseUrl, 'admin');
    const admin = await apiSignIn(baseUrl, 'admin');
    const user = await userOf(admin.idToken, email(ROLE));
    expect(user.mfa).toBe(true);
    await adminPage.goto(`${baseUrl}/users/${user.id}`);
    await adminPage.getByRole('textbox', { name: 'Reason to reset MFA' }).fill('Replaced phone');
    await adminPage.getByRole('button', { name: 'Reset MFA' }).click();
    await adminPage.getByRole('button', { name: 'Reset MFA' }).waitFor({ state: 'detached' });
    expect((await userOf(admin.idToken, email(ROLE))).mfa).toBe(false);
    await adminContext.close();
    expect(errors).toEqual([]);
  });
});
