/**
 * The deployable bundles: one per manifest function, importable by plain Node 24 with only the environment
 * variables set (no tsx, no repository on the module path). The 1 MB size budget is a target, so
 * `npm run bench` measures and reports it (marking bundles over it) rather than a test asserting it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { functions } from '../../functions/manifest.ts';
import { type BundleResult, bundleAll, verifyBundles } from '../../infra/bundle.ts';

let results: BundleResult[];

beforeAll(async () => {
  results = await bundleAll({ outDir: mkdtempSync(join(tmpdir(), 'firefly-bundles-')) });
}, 120_000);

it('bundles every manifest function', () => {
  expect(results.map((r) => r.name).toSorted()).toEqual(Object.keys(functions).toSorted());
});

it('imports every bundle cleanly in Node 24 and finds its handler', async () => {
  await expect(verifyBundles(results)).resolves.toBeUndefined();
}, 60_000);
