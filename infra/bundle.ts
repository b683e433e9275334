/**
 * Bundles every function in the app manifest into `dist/functions/<name>/index.mjs`: the exact code the
 * CDK app deploys and the benchmark measures. Run as a script (`npm run bundle`) it also prints the sizes
 * and imports each bundle in a fresh Node process to prove it loads.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { buckets, functions, tables } from '../functions/manifest.ts';
import { env } from '../functions/runtime/env.ts';
import { explainOutputs, formatContributions } from './bundle-why.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist', 'functions');

/**
 * Lambda's ceiling for a zipped package is far higher; this budget exists because cold-start time grows
 * with the code Node has to parse, and a bundle past 1 MB means something heavy slipped in.
 */
export const MAX_BUNDLE_BYTES = 1_000_000;

export interface BundleResult {
  name: string;
  /**
   * Bytes Node parses when the function starts: its entry module and the chunks that imports statically.
   * Libraries only some requests need are `await import()`ed and land in chunks of their own, outside it.
   */
  bytes: number;
  /** All of the function's code, the chunks loaded on demand included: what is deployed. */
  totalBytes: number;
  /** Absolute path of the bundle's `index.mjs`. */
  path: string;
  /** Absolute paths of every other module of the bundle (its chunks). */
  chunks: string[];
  /** esbuild's record of which module brought in which, and what each contributes to every output. */
  metafile: Metafile;
}

/**
 * DuckDB (the report engine) is native code esbuild cannot bundle: its packages are copied into the
 * function's asset as node_modules, with the Linux x86_64 (glibc) binary npm installs here, so those
 * functions run on x86_64 (`architecture` in the manifest). About 70 MB unzipped, inside Lambda's 250 MB.
 */
const NATIVE_PACKAGES = [
  '@duckdb/node-api',
  '@duckdb/node-bindings',
  '@duckdb/node-bindings-linux-x64',
  'detect-libc',
];

/** The directory Lambda's asset for one function is built from. */
export const bundleDir = (name: string, outDir = DIST): string => join(outDir, name);

// Some dependencies (and parts of the AWS SDK) still `require()` Node built-ins; an ES module has no
// `require`, so the bundle gets one.
const banner = [
  "import { createRequire as __fireflyCreateRequire } from 'node:module';",
  'const require = __fireflyCreateRequire(import.meta.url);',
].join('\n');

export interface BundleOptions {
  outDir?: string;
  /** Only these functions (default: all of the manifest). */
  names?: string[];
}

/** Output keys of esbuild's metafile are relative to the working directory. */
const outputPath = (key: string): string => resolve(ROOT, key);

/** The entry's output and every output it imports statically, transitively: what loads at start. */
const loadedAtStart = (metafile: Metafile, entryKey: string): string[] => {
  const seen = new Set<string>([entryKey]);
  for (const key of seen) {
    for (const { path, kind } of metafile.outputs[key]?.imports ?? []) {
      if (kind === 'import-statement' && metafile.outputs[path]) seen.add(path);
    }
  }
  return [...seen];
};

/** The source modules (metafile input paths) whose code a bundle loads at start. */
export const inputsAtStart = ({ metafile, path }: BundleResult): string[] => {
  const entryKey = Object.keys(metafile.outputs).find((key) => outputPath(key) === path);
  if (!entryKey) throw new Error(`No metafile output for ${path}`);
  return loadedAtStart(metafile, entryKey).flatMap((key) => Object.keys(metafile.outputs[key]!.inputs));
};

const bundleOne = async (name: string, outDir: string): Promise<BundleResult> => {
  const dir = bundleDir(name, outDir);
  // One build per function, so code only some requests need (`await import()`) is split into chunks in
  // the function's own directory, its Lambda asset, and is parsed only when first used.
  const { metafile } = await build({
    entryPoints: { index: join(ROOT, functions[name]!.entry) },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    // ESM entry points first: the AWS SDK and Powertools ship both, and only ESM tree-shakes well.
    mainFields: ['module', 'main'],
    minify: true,
    // Tree shaking is what keeps zod small: sources import it as a namespace (`import * as z`, a lint
    // rule in biome.json), so only the schema kinds used are kept, and none of its ~50 locales.
    treeShaking: true,
    sourcemap: 'linked',
    // Stack traces only need names and lines; the sources themselves would double the asset size.
    sourcesContent: false,
    legalComments: 'linked',
    // The SDK is bundled on purpose (not left to the runtime's copy) so the deployed version is the one
    // tested and tree-shaken to the commands used. Only packages with native code are external: they
    // are shipped beside the bundle instead (NATIVE_PACKAGES).
    external: ['@duckdb/*'],
    banner: { js: banner },
    logLevel: 'warning',
    absWorkingDir: ROOT,
    metafile: true,
  });
  const modules = Object.keys(metafile.outputs).filter((key) => key.endsWith('.mjs'));
  const path = join(dir, 'index.mjs');
  const entryKey = modules.find((key) => outputPath(key) === path);
  if (!entryKey) throw new Error(`esbuild wrote no ${path}`);
  const size = (keys: string[]) => keys.reduce((sum, key) => sum + metafile.outputs[key]!.bytes, 0);
  const native = modules.some((key) =>
    metafile.outputs[key]!.imports.some((i) => i.external && i.path.startsWith('@duckdb/')),
  );
  if (native) {
    if (functions[name]!.architecture !== 'x86_64')
      throw new Error(
        `${name} loads DuckDB, whose installed binary is x86_64: its manifest entry must say so`,
      );
    for (const pkg of NATIVE_PACKAGES)
      await cp(join(ROOT, 'node_modules', pkg), join(dir, 'node_modules', pkg), {
        recursive: true,
        dereference: true,
      });
  }
  return {
    name,
    bytes: size(loadedAtStart(metafile, entryKey)),
    totalBytes: size(modules),
    path,
    chunks: modules.filter((key) => key !== entryKey).map(outputPath),
    metafile,
  };
};

export const bundleAll = async (options: BundleOptions = {}): Promise<BundleResult[]> => {
  const outDir = options.outDir ?? DIST;
  const names = options.names ?? Object.keys(functions);
  for (const name of names) {
    if (!functions[name]) throw new Error(`No function named ${name} in the manifest`);
  }
  // A function removed from the manifest must not leave a stale bundle behind for anything to pick up.
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  // esbuild runs the builds on its own threads; starting them together keeps both cores busy.
  return Promise.all(names.map((name) => bundleOne(name, outDir)));
};

/**
 * The bundles over budget. Not an exception: an oversized bundle still deploys (Lambda's limits are far
 * higher), so synthesis warns, `npm run bundle` exits non-zero and `npm run bench` reports it.
 */
export const overBudget = (results: BundleResult[]): BundleResult[] =>
  results.filter((r) => r.bytes > MAX_BUNDLE_BYTES);

/** Placeholder values: importing a handler must not need real resources, only the variables to exist. */
const DUMMY_ENV = {
  ...Object.fromEntries(Object.values(tables).map((t) => [t.env, 'table'])),
  ...Object.fromEntries(Object.entries(buckets).map(([name, b]) => [b.env, name])),
  [env.EVENT_BUS_NAME]: 'bus',
  [env.USER_POOL_ID]: 'us-east-1_pool',
  [env.AUDIT_BUCKET]: 'audit',
  [env.USER_POOL_CLIENT_ID]: 'client',
  [env.STAGE]: 'verify',
  AWS_REGION: 'us-east-1',
  [env.POWERTOOLS_SERVICE_NAME]: 'verify',
  [env.POWERTOOLS_METRICS_NAMESPACE]: 'Firefly',
};

/** Imports each bundle in its own Node process (no tsx, no repo on the module path) and checks `handler`. */
export const verifyBundles = async (results: BundleResult[]): Promise<void> => {
  const run = promisify(execFile);
  await Promise.all(
    results.map(async ({ name, path, chunks }) => {
      // The chunks too: one loaded on demand that fails to evaluate would otherwise surface only when a
      // request first needs it.
      const href = (p: string) => JSON.stringify(pathToFileURL(p).href);
      const script = `const m = await import(${href(path)});
if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(1); }
${chunks.map((chunk) => `await import(${href(chunk)});`).join('\n')}`;
      try {
        await run(process.execPath, ['--input-type=module', '-e', script], {
          cwd: resolve(path, '..'),
          env: { PATH: process.env.PATH ?? '', ...DUMMY_ENV },
        });
      } catch (error) {
        const stderr = (error as { stderr?: string }).stderr ?? String(error);
        throw new Error(`Bundle ${name} does not import cleanly:\n${stderr}`);
      }
    }),
  );
};

const formatTable = (results: BundleResult[]): string => {
  const rows = results.map((r) => [
    r.name,
    `${(r.bytes / 1024).toFixed(1)} KiB${r.bytes > MAX_BUNDLE_BYTES ? ' OVER' : ''}`,
    `${(r.totalBytes / 1024).toFixed(1)} KiB`,
    relative(ROOT, r.path),
  ]);
  const header = ['function', 'at start', 'in all', 'bundle'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
    .map((l) => l.trimEnd())
    .join('\n');
};

const isMain = (): boolean => {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};

// `npm run bundle -- --why <function>`: what that bundle loads at start and on demand, by package, and
// the import chain that brought each in: the chain is what to cut.
const whyIndex = process.argv.indexOf('--why');
if (isMain() && whyIndex > 0) {
  const name = process.argv[whyIndex + 1];
  if (!name || !functions[name]) {
    throw new Error(`--why needs a function name: ${Object.keys(functions).join(', ')}`);
  }
  const [result] = await bundleAll({ names: [name], outDir: join(ROOT, 'dist', 'why') });
  const { metafile } = result!;
  const keyOf = (path: string) => Object.keys(metafile.outputs).find((key) => outputPath(key) === path)!;
  const entryKey = keyOf(result!.path);
  const atStart = loadedAtStart(metafile, entryKey);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(`${name}: ${kib(result!.bytes)} loaded at start, ${kib(result!.totalBytes)} in all\n`);
  console.log(formatContributions(explainOutputs(metafile, entryKey, atStart)));
  for (const chunk of result!.chunks.map(keyOf).filter((key) => !atStart.includes(key))) {
    console.log(`\non demand: ${chunk} (${kib(metafile.outputs[chunk]!.bytes)})`);
    console.log(formatContributions(explainOutputs(metafile, entryKey, [chunk]), 8));
  }
} else if (isMain()) {
  const started = performance.now();
  const results = await bundleAll();
  await verifyBundles(results);
  console.log(formatTable(results));
  const over = overBudget(results);
  console.log(
    `\n${results.length} bundles, all importable, largest ${Math.max(...results.map((r) => r.bytes))} bytes ` +
      `(budget ${MAX_BUNDLE_BYTES}), ${over.length} over budget, ${Math.round(performance.now() - started)} ms`,
  );
  if (over.length > 0) process.exitCode = 1;
}
