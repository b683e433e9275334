import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bundleAll, MAX_BUNDLE_BYTES } from '../../infra/bundle.ts';
import { round } from './support.ts';

const run = promisify(execFile);

/** Issue 17's targets: every bundle under 1 MB, most under 300 KB, cold import under 150 ms. */
const MOST_UNDER_BYTES = 300 * 1024;
const COLD_IMPORT_TARGET_MS = 150;
const SAMPLES = 5;

/** Environment a bundle's module scope may read; dummies, since importing must not call AWS. */
const env = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  EVENTS_TABLE: 'x',
  VIEWS_TABLE: 'x',
  IDEMPOTENCY_TABLE: 'x',
  EVENT_BUS_NAME: 'x',
  USER_POOL_CLIENT_ID: 'x',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

/**
 * Time to import a bundle in a fresh Node process: the module-loading part of a Lambda cold start (the
 * entry and the chunks it imports statically; chunks loaded on demand are not part of it).
 */
const coldImportMs = async (path: string): Promise<number> => {
  const script = `const t = performance.now(); await import(${JSON.stringify(path)}); console.log(performance.now() - t);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env });
  return Number(stdout.trim());
};

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const benchBundles = async () => {
  const bundles = await bundleAll();
  const rows = [];
  for (const bundle of bundles) {
    const samples = [];
    for (let i = 0; i < SAMPLES; i++) samples.push(await coldImportMs(bundle.path));
    rows.push({
      name: bundle.name,
      /** What loads at start: the figure the 1 MB budget applies to. */
      startKb: round(bundle.bytes / 1024),
      /** Everything deployed, chunks loaded on demand included. */
      totalKb: round(bundle.totalBytes / 1024),
      overBudget: bundle.bytes > MAX_BUNDLE_BYTES,
      coldImportMs: round(median(samples)),
    });
  }
  const starts = rows.map((r) => r.startKb);
  const colds = rows.map((r) => r.coldImportMs);
  const summary = {
    bundles: rows.length,
    startKb: { min: Math.min(...starts), median: median(starts), max: Math.max(...starts) },
    largest: rows
      .toSorted((a, b) => b.startKb - a.startKb)
      .slice(0, 3)
      .map((r) => `${r.name} ${r.startKb} KiB`),
    overBudget: `${rows.filter((r) => r.overBudget).length} (target 0, budget ${MAX_BUNDLE_BYTES} bytes)`,
    under300Kb: `${rows.filter((r) => r.startKb * 1024 < MOST_UNDER_BYTES).length} of ${rows.length} (target: most)`,
    coldImportMs: {
      min: Math.min(...colds),
      median: median(colds),
      max: Math.max(...colds),
      target: `< ${COLD_IMPORT_TARGET_MS}`,
    },
    overColdTarget: rows.filter((r) => r.coldImportMs >= COLD_IMPORT_TARGET_MS).map((r) => r.name),
  };
  return { rows, summary };
};
