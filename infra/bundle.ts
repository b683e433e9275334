/**
 * Bundles every function in the app manifest into `dist/functions/<name>/index.mjs`: the exact code the
 * CDK app deploys and the benchmark measures. Run as a script (`npm run bundle`) it also prints the sizes
 * and imports each bundle in a fresh Node process to prove it loads.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { buckets, functions, tables } from '../functions/manifest.ts';
import { env } from '../functions/runtime/env.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist', 'functions');

/**
 * Lambda's ceiling for a zipped package is far higher; this budget exists because cold-start time grows
 * with the code Node has to parse, and a bundle past 1 MB means something heavy slipped in.
 */
export const MAX_BUNDLE_BYTES = 1_000_000;

export interface BundleResult {
  name: string;
  bytes: number;
  /** Absolute path of the bundle's `index.mjs`. */
  path: string;
}

/** The directory Lambda's asset for one function is built from. */
export const bundleDir = (name: string, outDir = DIST): string => join(outDir, name);

// Some dependencies (and parts of the AWS SDK) still `require()` Node built-ins; an ES module has no
// `require`, so the bundle gets one.
const banner = [
  "import { createRequire as __fireflyCreateRequire } from 'node:module';",
  'const require = __fireflyCreateRequire(import.meta.url);',
].join('\n');

/**
 * zod re-exports every locale as `z.locales`, and that namespace object keeps all ~50 of them alive
 * through tree shaking: ~260 KB of each bundle, which alone pushes the bundles past the budget. The
 * handlers only use zod's default English messages (which zod imports from `locales/en.js` directly),
 * so the namespace is trimmed to `en`. Importing a locale by path from our code fails the build rather
 * than silently getting the stub.
 */
const trimZodLocales: Plugin = {
  name: 'trim-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^zod(\/v\d)?\/locales/ }, (args) => ({
      errors: [
        {
          text: `${args.importer} imports ${args.path}, but infra/bundle.ts trims zod's locales; lift the trim first`,
        },
      ],
    }));
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: "export { default as en } from './en.js';",
      loader: 'js',
    }));
  },
};

/**
 * CommonJS packages esbuild must keep whole wherever they are imported, because it cannot prove that
 * evaluating them has no effect. These have none worth keeping, so a bundle that imports one without
 * using it (e.g. through a route contract the OpenAPI handler imports) drops it.
 */
const SIDE_EFFECT_FREE = ['exceljs'];
const SKIP = Symbol('resolve-normally');
const sideEffectFree: Plugin = {
  name: 'side-effect-free',
  setup(b) {
    const filter = new RegExp(`^(${SIDE_EFFECT_FREE.join('|').replaceAll('.', '\\.')})$`);
    b.onResolve({ filter }, async (args) => {
      // The nested resolve would come back here; the marker ends the recursion.
      if (args.pluginData === SKIP) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: SKIP,
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, sideEffects: false };
    });
  },
};

export interface BundleOptions {
  outDir?: string;
  /** Only these functions (default: all of the manifest). */
  names?: string[];
}

export const bundleAll = async (options: BundleOptions = {}): Promise<BundleResult[]> => {
  const outDir = options.outDir ?? DIST;
  const names = options.names ?? Object.keys(functions);
  for (const name of names) {
    if (!functions[name]) throw new Error(`No function named ${name} in the manifest`);
  }
  // A function removed from the manifest must not leave a stale bundle behind for anything to pick up.
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });

  // One esbuild run for all entries: the module graph is parsed once; each entry still gets its own
  // self-contained file because splitting is off.
  const entryPoints = Object.fromEntries(
    names.map((name) => [`${name}/index`, join(ROOT, functions[name]!.entry)]),
  );
  await build({
    entryPoints,
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: false,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    // ESM entry points first: the AWS SDK and Powertools ship both, and only ESM tree-shakes well.
    mainFields: ['module', 'main'],
    minify: true,
    treeShaking: true,
    sourcemap: 'linked',
    // Stack traces only need names and lines; the sources themselves would double the asset size.
    sourcesContent: false,
    legalComments: 'linked',
    // The SDK is bundled on purpose (not left to the runtime's copy) so the deployed version is the one
    // tested; nothing is external.
    external: [],
    banner: { js: banner },
    logLevel: 'warning',
    absWorkingDir: ROOT,
    plugins: [trimZodLocales, sideEffectFree],
  });

  const results = await Promise.all(
    names.map(async (name) => {
      const path = join(bundleDir(name, outDir), 'index.mjs');
      return { name, bytes: (await stat(path)).size, path };
    }),
  );
  return results;
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
    results.map(async ({ name, path }) => {
      const script = `const m = await import(${JSON.stringify(pathToFileURL(path).href)});
if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(1); }`;
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
    relative(ROOT, r.path),
  ]);
  const header = ['function', 'size', 'bundle'];
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

if (isMain()) {
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
