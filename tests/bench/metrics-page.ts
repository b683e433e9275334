import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINUTE_MS, minuteOf } from '../../functions/monitoring/rollups.ts';
import { startTelemetry } from '../../infra/local/telemetry.ts';
import { apiSignIn, launchBrowser, newContext, seedSession } from '../browser/browser.ts';
import { ensureConsoleBuilt } from '../browser/measure.ts';
import { startPlatform } from '../support/platform.ts';

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

const ROUTES = 12;
const FUNCTIONS = 12;
const DAY = 1440;

/**
 * A day of one-minute data, written where the local cloud keeps its telemetry before it starts: 12
 * routes' requests, latencies and errors, 12 functions' invocations, durations and cold starts, as the
 * collector records them.
 */
export const writeDay = (file: string) => {
  const telemetry = startTelemetry({ file, terminalLevel: 'SILENT', flushMs: 3_600_000 });
  const end = minuteOf(Date.now());
  for (let m = 0; m < DAY; m++) {
    const at = end - m * MINUTE_MS;
    for (let r = 0; r < ROUTES; r++) {
      const route = { route: `GET /api/r${r}` };
      for (let k = 0; k < 4; k++) {
        telemetry.sample('api.requests', 1, route, at);
        telemetry.sample('api.latency', 2 + ((m + r + k) % 50), route, at);
      }
      if ((m + r) % 7 === 0) telemetry.sample('api.4xx', 1, route, at);
      if ((m + r) % 97 === 0) telemetry.sample('api.5xx', 1, route, at);
    }
    for (let f = 0; f < FUNCTIONS; f++) {
      const fn = { function: `fn-${f}` };
      telemetry.sample('function.invocations', 3, fn, at);
      telemetry.sample('function.duration', 5 + ((m + f) % 40), fn, at);
      if ((m + f) % 60 === 0) telemetry.sample('function.coldStarts', 1, fn, at);
    }
    if (m % 100 === 99) telemetry.flush();
  }
  telemetry.flush();
  telemetry.stop();
};

/**
 * The target: the Metrics page renders 24 hours of one-minute data in under a second. Measured
 * in headless Chromium against the local cloud, signed in as the owner: from choosing "Last 24 hours" to
 * every chart on the page drawn (or saying it has no data), median of 5.
 */
export const benchMetricsPage = async () => {
  await ensureConsoleBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'firefly-bench-metrics-page-'));
  mkdirSync(join(dataDir, 'telemetry'), { recursive: true });
  writeDay(join(dataDir, 'telemetry', 'telemetry.sqlite'));
  const platform = await startPlatform({ DATA_DIR: dataDir, SEED: 'none' });
  const browser = await launchBrowser();
  const runsMs: number[] = [];
  /** From the click to the last metrics answer received: the API's share of the time. */
  const answersMs: number[] = [];
  let charts = 0;
  try {
    const tokens = await apiSignIn(platform.url, 'owner');
    for (let run = 0; run < 5; run++) {
      const context = await newContext(browser, 1366, 900);
      await seedSession(context, tokens);
      const page = await context.newPage();
      await page.goto(`${platform.url}/monitoring/metrics`);
      await page.getByRole('heading', { level: 1, name: 'Metrics' }).waitFor();
      let lastAnswer = 0;
      page.on('response', (r) => {
        if (r.url().includes('/api/monitoring/metrics?')) lastAnswer = Date.now();
      });
      const started = Date.now();
      await page.getByText('Last 24 hours').click();
      // Every card done: a chart's SVG drawn or its "no data" line, no skeleton left.
      await page.waitForFunction(
        () => {
          const cards = Array.from(document.querySelectorAll('[data-testid="metric-card"]'));
          return (
            cards.length > 0 &&
            cards.every(
              (c) =>
                c.querySelector('figure .recharts-surface path') ||
                c.querySelector('[data-testid="metric-empty"]'),
            ) &&
            document.querySelectorAll('[data-testid="metric-card"] .mantine-Skeleton-root').length === 0
          );
        },
        undefined,
        { timeout: 60_000, polling: 20 },
      );
      runsMs.push(Date.now() - started);
      answersMs.push(lastAnswer - started);
      charts = await page.locator('[data-testid="metric-card"] figure').count();
      await context.close();
    }
  } finally {
    await browser.close();
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    target: 'the Metrics page renders 24 h of 1-minute data in < 1 s',
    routes: ROUTES,
    functions: FUNCTIONS,
    minutes: DAY,
    chartsDrawn: charts,
    renderMedianMs: median(runsMs),
    lastAnswerMedianMs: median(answersMs),
    runsMs,
    answersMs,
  };
};
