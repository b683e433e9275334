import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { bundleAll, MAX_BUNDLE_BYTES } from '../../infra/bundle.ts';
import { round } from './support.ts';

const run = promisify(execFile);

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

/** Time to import a bundle in a fresh Node process: the module-loading part of a Lambda cold start. */
const coldImportMs = async (path: string): Promise<number> => {
  const script = `const t = performance.now(); await import(${JSON.stringify(path)}); console.log(performance.now() - t);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env });
  return Number(stdout.trim());
};

export const benchBundles = async () => {
  const bundles = await bundleAll();
  const rows = [];
  for (const bundle of bundles) {
    const samples = [];
    for (let i = 0; i < 5; i++) samples.push(await coldImportMs(bundle.path));
    samples.sort((a, b) => a - b);
    rows.push({
      name: bundle.name,
      kb: round(bundle.bytes / 1024),
      overBudget: bundle.bytes > MAX_BUNDLE_BYTES,
      coldImportMs: round(samples[2]!),
    });
  }
  return rows;
};
