/**
 * The deployable bundles: one per manifest function, each under the size budget and importable by plain
 * Node 24 with only the environment variables set (no tsx, no repository on the module path).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { functions } from '../../functions/manifest.ts';
import { type BundleResult, bundleAll, overBudget, verifyBundles } from '../../infra/bundle.ts';

let results: BundleResult[];

beforeAll(async () => {
  results = await bundleAll({ outDir: mkdtempSync(join(tmpdir(), 'firefly-bundles-')) });
}, 120_000);

it('bundles every manifest function', () => {
  expect(results.map((r) => r.name).toSorted()).toEqual(Object.keys(functions).toSorted());
});

it('keeps every bundle under the budget', () => {
  // Over budget means a heavy dependency reached a function's import graph: `npm run bundle` shows sizes,
  // and esbuild's metafile (or analyze) shows which package it is.
  expect(overBudget(results).map((r) => `${r.name}: ${r.bytes} bytes`)).toEqual([]);
});

it('imports every bundle cleanly in Node 24 and finds its handler', async () => {
  await expect(verifyBundles(results)).resolves.toBeUndefined();
}, 60_000);
