import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse, { desktopConfig } from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { apiSignIn, CHROMIUM, SESSION_KEY, storedSession } from '../browser/browser.ts';
import { ensureConsoleBuilt, measureConsole } from '../browser/measure.ts';
import { startPlatform } from '../support/platform.ts';
import { percentile } from './support.ts';

const number = (text: string | undefined) => Number((text ?? 'NaN').replace(/,/g, ''));

/** The seeding figures `npm start` prints on a first start (infra/local/seed.ts). */
const seedFigures = (output: string) => {
  const generated = /Generated ([\d,]+) events in ([\d,]+) commits for ([\d,]+) records/.exec(output);
  const rebuilt = /Rebuilt ([\d,]+) read-model rows from ([\d,]+) events \(([\d.]+)s\)/.exec(output);
  const events = number(rebuilt?.[2]);
  const seconds = number(rebuilt?.[3]);
  return {
    events: number(generated?.[1]),
    commits: number(generated?.[2]),
    streams: number(generated?.[3]),
    readModelRows: number(rebuilt?.[1]),
    rebuildSeconds: seconds,
    rebuildEventsPerSecond: Math.round(events / seconds),
  };
};

/**
 * Lighthouse (desktop preset: the console is used on laptops and tablets) on the overview, signed in
 * as the owner. Lighthouse drives Chromium through Puppeteer, its own dependency; Debian's Chromium, no
 * download. The session goes into sessionStorage before the console's scripts run, as it would be
 * after signing in.
 */
export const runLighthouse = async (url: string) => {
  const tokens = await apiSignIn(url, 'owner');
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(
      (key: string, value: string) => {
        if (!sessionStorage.getItem(key)) sessionStorage.setItem(key, value);
      },
      SESSION_KEY,
      storedSession(tokens),
    );
    const result = await lighthouse(
      `${url}/`,
      {
        logLevel: 'error',
        output: 'json',
        onlyCategories: ['performance', 'accessibility'],
        disableStorageReset: true,
      },
      desktopConfig,
      page,
    );
    const categories = result?.lhr.categories;
    const audits = result?.lhr.audits;
    return {
      preset: 'desktop',
      performance: Math.round((categories?.performance?.score ?? Number.NaN) * 100),
      accessibility: Math.round((categories?.accessibility?.score ?? Number.NaN) * 100),
      firstContentfulPaintMs: Math.round(audits?.['first-contentful-paint']?.numericValue ?? Number.NaN),
      largestContentfulPaintMs: Math.round(audits?.['largest-contentful-paint']?.numericValue ?? Number.NaN),
      totalBlockingTimeMs: Math.round(audits?.['total-blocking-time']?.numericValue ?? Number.NaN),
      cumulativeLayoutShift: audits?.['cumulative-layout-shift']?.numericValue,
      failedAccessibilityAudits: Object.values(audits ?? {})
        .filter(
          (a) => a.score === 0 && result?.lhr.categories.accessibility?.auditRefs.some((r) => r.id === a.id),
        )
        .map((a) => a.id),
    };
  } finally {
    await browser.close();
  }
};

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, Math.round(performance.now() - started)];
};

/**
 * The demo business end to end, as a person meets it: the first `npm start` on an empty data dir
 * (seeding three years of history), the console on that data (initial JavaScript, the overview's time
 * to interactive, Lighthouse), the overview API, and a later start on the same data.
 */
export const benchConsole = async () => {
  await ensureConsoleBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'firefly-bench-demo-'));
  try {
    const [first, firstStartMs] = await timed(() => startPlatform({ DATA_DIR: dataDir }, 600_000));
    let figures: Record<string, unknown>;
    try {
      const seed = seedFigures(first.output());
      // The first start chains the seeded history into the audit log before it is ready (it did so in
      // the background after Ready before issue 17): what is left to wait for after Ready, if anything.
      const [, auditBackfillMs] = await timed(async () => {
        for (let waited = 0; waited < 600_000; waited += 1_000) {
          if (/Chained [\d,]+ audit entries|Audit log: demo history chained/.test(first.output())) return;
          await new Promise((r) => setTimeout(r, 1_000));
        }
      });
      const token = (await apiSignIn(first.url, 'owner')).idToken;
      const overview = async (query = '') => {
        const [, ms] = await timed(async () => {
          const reply = await fetch(`${first.url}/api/reports/overview${query}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          await reply.arrayBuffer();
        });
        return ms;
      };
      const computedMs = await overview('?refresh=true');
      const snapshotMs: number[] = [];
      for (let i = 0; i < 5; i++) snapshotMs.push(await overview());
      const consoleFigures = await measureConsole(first.url, { runs: 5 });
      const lighthouseScores = await runLighthouse(first.url).catch((error: unknown) => ({
        error: String(error),
      }));
      figures = {
        firstStartWithSeedMs: firstStartMs,
        seed,
        auditBackfillAfterReadyMs: auditBackfillMs,
        overviewApi: {
          computedMs,
          snapshotMedianMs: percentile(
            [...snapshotMs].sort((a, b) => a - b),
            50,
          ),
        },
        console: {
          initialJsGzipKB: Math.round(consoleFigures.initialJsGzipBytes / 1024),
          overviewInteractiveMedianMs: consoleFigures.timeToInteractiveMs,
          overviewInteractiveRunsMs: consoleFigures.runsMs,
        },
        lighthouse: lighthouseScores,
      };
    } finally {
      await first.stop();
    }
    const [later, laterStartMs] = await timed(() => startPlatform({ DATA_DIR: dataDir }, 120_000));
    await later.stop();
    return {
      ...figures,
      laterStartMs,
      targets: {
        firstStartWithSeedMs: 90_000,
        laterStartMs: 5_000,
        initialJsGzipKB: 250,
        overviewInteractiveMs: 1_500,
        lighthousePerformance: 90,
        lighthouseAccessibility: 95,
      },
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};
