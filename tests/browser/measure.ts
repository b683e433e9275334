import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { apiSignIn, launchBrowser, newContext, seedSession } from './browser.ts';
import { repoRoot } from './cloud-process.ts';

const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);

/** Builds the console when web/dist is missing or older than its sources, so tests never see a stale UI. */
export const ensureConsoleBuilt = async () => {
  const index = join(repoRoot, 'web/dist/index.html');
  const sources = Math.max(
    newest(join(repoRoot, 'web/src')),
    statSync(join(repoRoot, 'web/index.html')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  await build({ configFile: join(repoRoot, 'web/vite.config.ts'), logLevel: 'warn' });
};

export interface ConsoleMeasurement {
  /** Gzipped bytes of the JavaScript index.html loads before anything else (entry + modulepreloads). */
  initialJsGzipBytes: number;
  initialJsFiles: { file: string; bytes: number; gzipBytes: number }[];
  /** Navigation start → the overview's data rendered (the console's `overview-ready` mark), median of runs. */
  timeToInteractiveMs: number;
  runsMs: number[];
}

/** The scripts index.html starts with: its module entry and every modulepreload. */
export const initialScripts = (distDir = join(repoRoot, 'web/dist')) => {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const srcs = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const isEntry = tag.startsWith('<script') && /type="module"/.test(tag);
    const isPreload = tag.startsWith('<link') && /rel="modulepreload"/.test(tag);
    const ref = /(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if ((isEntry || isPreload) && ref && !/^https?:/.test(ref)) srcs.add(ref.replace(/^\//, ''));
  }
  return [...srcs].map((file) => {
    const content = readFileSync(join(distDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Measures the console served at `baseUrl` (the local cloud): initial JS from web/dist, and the
 * overview's time to interactive in headless Chromium, each run in a fresh context (cold cache) already
 * signed in as the owner, so sign-in is not part of the figure.
 */
export const measureConsole = async (
  baseUrl: string,
  options: { runs?: number; role?: string } = {},
): Promise<ConsoleMeasurement> => {
  const initialJsFiles = initialScripts();
  const tokens = await apiSignIn(baseUrl, options.role ?? 'owner');
  const browser = await launchBrowser();
  const runsMs: number[] = [];
  try {
    for (let run = 0; run < (options.runs ?? 3); run++) {
      const context = await newContext(browser);
      await seedSession(context, tokens);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`);
      await page.waitForSelector('[data-overview-ready="true"]', { timeout: 60_000 });
      // The mark is taken on the animation frame after the data renders, so wait for it to exist.
      await page.waitForFunction(() => performance.getEntriesByName('overview-ready').length > 0);
      const ms = await page.evaluate(
        () => performance.getEntriesByName('overview-ready')[0]?.startTime ?? -1,
      );
      runsMs.push(Math.round(ms));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return {
    initialJsGzipBytes: initialJsFiles.reduce((sum, f) => sum + f.gzipBytes, 0),
    initialJsFiles,
    timeToInteractiveMs: median(runsMs),
    runsMs,
  };
};

// `npx tsx tests/browser/measure.ts http://127.0.0.1:3000` prints the measurement as JSON.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const baseUrl = process.argv[2] ?? process.env.BASE_URL ?? 'http://127.0.0.1:3000';
  console.log(JSON.stringify(await measureConsole(baseUrl), null, 2));
}
