import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { repoRoot } from './cloud-process.ts';

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Firefly-demo-2026!';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const email = (role: string) => `${role}@firefly.example`;

/** Debian's Chromium, headless; the flags keep it quiet and off the network. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/** A laptop-sized window unless told otherwise. */
export const newContext = (browser: Browser, width = 1366, height = 900): Promise<BrowserContext> =>
  browser.newContext({ viewport: { width, height }, locale: 'en-US', timezoneId: 'UTC' });

/** Collects uncaught page errors so a test can assert the console ran clean. */
export const watchErrors = (page: Page): string[] => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
};

/** Signs in through the sign-in form, as a person would, and waits for the overview. */
export const signInUi = async (page: Page, baseUrl: string, role: string) => {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByRole('textbox', { name: 'Email' }).fill(email(role));
  await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
};

export interface ApiReply<T> {
  status: number;
  body: T;
}

/** A direct API call, for test set-up that is not the subject of the test. */
export const callApi = async <T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiReply<T>> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
};

export interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
}

export const apiSignIn = async (baseUrl: string, role: string): Promise<Tokens> => {
  const reply = await callApi<Tokens>(baseUrl, 'POST', '/api/auth/sign-in', {
    body: { email: email(role), password: DEMO_PASSWORD },
  });
  if (reply.status !== 200)
    throw new Error(`sign-in as ${role} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};

/** The console's sessionStorage key (web/src/api/session.ts SESSION_KEY). */
export const SESSION_KEY = 'firefly.session';

/** The session as the console stores it in sessionStorage under SESSION_KEY. */
export const storedSession = (tokens: Tokens, expiresAt?: number): string =>
  JSON.stringify({
    idToken: tokens.idToken,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: expiresAt ?? Date.now() + tokens.expiresIn * 1000,
  });

/** Starts a context already signed in, as the console itself would have stored the session. */
export const seedSession = async (context: BrowserContext, tokens: Tokens, expiresAt?: number) => {
  await context.addInitScript(
    ([key, value]) => {
      if (!sessionStorage.getItem(key)) sessionStorage.setItem(key, value);
    },
    [SESSION_KEY, storedSession(tokens, expiresAt)] as const,
  );
};

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the page once its transitions have ended (a dialog fading in has blended colours
 * that a loaded machine can catch mid-way) and returns every violation, each with the page it was on so
 * a failure names what to fix.
 */
export const axeViolations = async (page: Page): Promise<(AxeViolation & { url: string })[]> => {
  await page.evaluate(() =>
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
  );
  await page.addScriptTag({ path: join(repoRoot, 'node_modules/axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    // axe is a global once its script is on the page.
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  const url = page.url();
  return violations.map((v) => ({ ...v, url }));
};

/**
 * Waits until a dialog is shown and has finished fading in: it and every element around it fully
 * opaque. axe measures contrast on what is painted, so a dialog checked mid-transition fails it.
 */
export const dialogShown = async (page: Page, dialog: Locator) => {
  await dialog.waitFor();
  await page.waitForFunction(
    (element) => {
      for (let e: Element | null = element; e; e = e.parentElement)
        if (getComputedStyle(e).opacity !== '1') return false;
      return true;
    },
    await dialog.elementHandle(),
  );
};

export const isSerious = (violation: AxeViolation) =>
  violation.impact === 'serious' || violation.impact === 'critical';
