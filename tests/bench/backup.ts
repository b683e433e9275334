import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT, round } from './support.ts';

/**
 * Backup, restore and export figures for `npm run bench` (also runnable alone:
 * `npx tsx tests/bench/backup.ts`). Each measurement runs in a process of its own (backup-child.ts)
 * with dynalite and s3rver in yet another, so its peak resident memory is the work's own.
 *
 * What is measured, and at what scale:
 * - `pipeline`: the backup write path (commits -> NDJSON -> zstd -> multipart upload to s3rver) and the
 *   read path (download -> zstd -> parse -> upcast every event) at 1,000,000 events, commits generated
 *   in memory. This is the backup's own cost, and its memory at the target scale.
 * - `store`: the whole path on the local cloud at STORE_EVENTS events (generating a store of a million
 *   events in dynalite alone takes ~10 minutes here): full backup from the time index, verification,
 *   restore into new tables with the views rebuilt, and a CSV export of the restored customers. The
 *   1M figures for this path are extrapolated linearly from it, and say so.
 * - `export-<format>`: each format at 1,000,000 rows generated in memory, gzipped, into s3rver.
 *
 * The measuring script runs bundled (as Lambda runs the functions), not under tsx. V8 sizes its heap to
 * the machine and collects lazily, so resident memory says little unless the heap is bounded: children
 * run with --max-old-space-size=256 (the live heap of a 1M-row XLSX export, probed with forced
 * collections, peaks under 40 MB). BENCH_QUICK=1 shrinks every scale tenfold and more.
 */
const quick = process.env.BENCH_QUICK === '1';
const EVENTS = quick ? 100_000 : 1_000_000;
const ROWS = quick ? 50_000 : 1_000_000;
const STORE_EVENTS = quick ? 10_000 : 100_000;

/**
 * The measuring script bundled with esbuild, as the functions are for Lambda: run from source under
 * tsx, the transpiler alone would add ~70 MB to every figure of resident memory.
 */
let bundled: string | undefined;
const bundle = async () => {
  if (bundled) return bundled;
  const out = join(mkdtempSync(join(tmpdir(), 'firefly-bench-')), 'backup-child.mjs');
  await build({
    entryPoints: [join(ROOT, 'tests/bench/backup-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    outfile: out,
    logLevel: 'warning',
    // Some dependencies are CommonJS and call require().
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  bundled = out;
  return out;
};

const child = async (args: string[], heapMb: number): Promise<Record<string, number | string | boolean>> => {
  const result = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, await bundle(), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 900_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FIREFLY_ROOT: ROOT },
  });
  const line = result.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1);
  if (result.status !== 0 || !line) {
    throw new Error(
      `backup-child ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`,
    );
  }
  return JSON.parse(line);
};

const num = (value: unknown) => Number(value);

export const benchBackup = async (): Promise<Record<string, number>> => {
  const figures: Record<string, number> = {};
  const put = (prefix: string, values: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === 'number') figures[`${prefix}.${key}`] = value;
      if (typeof value === 'boolean') figures[`${prefix}.${key}`] = value ? 1 : 0;
    }
  };

  console.log(`  backup pipeline at ${EVENTS.toLocaleString()} events…`);
  const pipeline = await child(['pipeline', String(EVENTS)], 256);
  put('pipeline', pipeline);

  console.log(
    `  store on dynalite at ${STORE_EVENTS.toLocaleString()} events: backup, verify, restore, export…`,
  );
  const store = await child(['store', String(STORE_EVENTS)], 512);
  put('store', store);
  const scale = 1_000_000 / num(store.events);
  figures['store.extrapolated1M.backupSeconds'] = round(num(store.backupSeconds) * scale);
  figures['store.extrapolated1M.restoreSeconds'] = round(num(store.restoreSeconds) * scale);

  for (const format of ['json', 'csv', 'sql', 'xlsx']) {
    console.log(`  export ${format} at ${ROWS.toLocaleString()} rows…`);
    put(`export.${format}`, await child(['export', format, String(ROWS)], 256));
  }

  // The headline figures the issue asks for.
  figures['headline.backupEventsPerSecond'] = num(pipeline.writeEventsPerSecond);
  figures['headline.backupMBPerSecond'] = num(pipeline.writeMBPerSecond);
  figures['headline.restoreReadDecodeEventsPerSecond'] = num(pipeline.readDecodeEventsPerSecond);
  figures['headline.restoreIntoDynaliteEventsPerSecond'] = num(store.restoreEventsPerSecond);
  figures['headline.compressionRatioSynthetic'] = num(pipeline.compressionRatio);
  figures['headline.compressionRatioStore'] = num(store.compressionRatio);
  figures['headline.backupPeakRssMb'] = num(pipeline.peakRssMb);
  figures['headline.exportPeakRssMb'] = Math.max(
    ...['json', 'csv', 'sql', 'xlsx'].map((f) => figures[`export.${f}.peakRssMb`] ?? 0),
  );
  return figures;
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchBackup();
  console.log(JSON.stringify(figures, null, 2));
}
