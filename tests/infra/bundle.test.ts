/**
 * The deployable bundles: one per manifest function, importable by plain Node 24 with only the environment
 * variables set (no tsx, no repository on the module path). Sizes are deterministic, so the 1 MB budget of
 * the code a function loads at start is asserted here; cold import times are not (machines are shared and
 * noisy): `npm run bench` measures and prints them beside their target.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { functions, pendingAccess } from '../../functions/manifest.ts';
import {
  type BundleResult,
  bundleAll,
  inputsAtStart,
  MAX_BUNDLE_BYTES,
  verifyBundles,
} from '../../infra/bundle.ts';

let results: BundleResult[];

beforeAll(async () => {
  results = await bundleAll({ outDir: mkdtempSync(join(tmpdir(), 'firefly-bundles-')) });
}, 120_000);

it('bundles every manifest function', () => {
  expect(results.map((r) => r.name).toSorted()).toEqual(Object.keys(functions).toSorted());
});

it('imports every bundle and its chunks cleanly in Node 24 and finds its handler', async () => {
  await expect(verifyBundles(results)).resolves.toBeUndefined();
}, 120_000);

it('keeps the code every function loads at start under 1 MB', () => {
  const over = results.filter((r) => r.bytes > MAX_BUNDLE_BYTES).map((r) => `${r.name}: ${r.bytes} bytes`);
  expect(over).toEqual([]);
});

/**
 * Libraries only some requests use, each loaded by `await import()` where it is needed: XLSX exports,
 * Stripe's signature scheme, sealing and opening credentials, X-Ray tracing (on only in AWS), the
 * OpenAPI description (which also needs every route's contract), and nodemailer (the local SMTP path
 * of the email sender only).
 */
const ON_DEMAND = [
  'exceljs',
  'stripe',
  '@aws-crypto/client-node',
  'aws-xray-sdk-core',
  'zod-openapi',
  'nodemailer',
];

it('loads heavy libraries on demand, never at start', () => {
  const atStart = results.flatMap((r) =>
    ON_DEMAND.filter((pkg) => inputsAtStart(r).some((input) => input.includes(`node_modules/${pkg}/`))).map(
      (pkg) => `${r.name} loads ${pkg} at start`,
    ),
  );
  expect(atStart).toEqual([]);
});

it('leaves the XLSX libraries out of functions that never write XLSX', () => {
  const exceljs = (r: BundleResult) =>
    Object.keys(r.metafile.inputs).some((input) => input.includes('node_modules/exceljs/'));
  expect(
    results
      .filter(exceljs)
      .map((r) => r.name)
      .toSorted(),
  ).toEqual(['export-worker', 'report-worker']);
});

/** A function's SDK clients follow from what the manifest lets it touch; any other is dead weight. */
const CLIENT_ACCESS: Record<string, (name: string) => boolean> = {
  'client-s3': (name) => Boolean(pendingAccess[name]?.buckets || pendingAccess[name]?.auditBucket),
  'client-sfn': (name) =>
    Boolean(
      pendingAccess[name]?.stateMachines ||
        pendingAccess[name]?.workflowRuns ||
        functions[name]!.access.workflowMachines,
    ),
  'client-eventbridge': (name) => Boolean(functions[name]!.access.bus),
  'client-kms': (name) => Boolean(functions[name]!.access.credentialsKey),
  'client-scheduler': (name) => Boolean(functions[name]!.access.schedules),
};

it('loads only the SDK clients of what the manifest lets a function touch', () => {
  const unused = results.flatMap((r) => {
    const inputs = inputsAtStart(r);
    return Object.entries(CLIENT_ACCESS)
      .filter(
        ([client, allowed]) => !allowed(r.name) && inputs.some((i) => i.includes(`@aws-sdk/${client}/`)),
      )
      .map(([client]) => `${r.name} loads ${client} without access`);
  });
  expect(unused).toEqual([]);
});
