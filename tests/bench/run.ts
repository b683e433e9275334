import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { apiAs, signIn } from '../support/cloud.ts';
import { load } from './api-load.ts';
import { benchBundles } from './bundles.ts';
import { benchStore } from './store.ts';
import { ROOT, startPlatform } from './support.ts';

/**
 * `npm run bench`: speed, memory and scale figures for the platform on this machine. Prints tables and
 * writes every figure to bench-results/bench.json. Nothing here asserts: the figures are for people.
 * BENCH_QUICK=1 shortens every run (for a smoke check of the bench itself).
 */
const run = promisify(execFile);
const quick = process.env.BENCH_QUICK === '1';
const seconds = quick ? 3 : 10;
const results: Record<string, unknown> = {
  startedAt: new Date().toISOString(),
  quick,
  node: process.version,
};

const section = (title: string) => console.log(`\n== ${title}`);
/** `BENCH_ONLY=scale,lists` runs only those sections (api, store, bundles and the optional ones by name). */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const wanted = (name: string) => !only || only.includes(name);

const benchApi = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'firefly-bench-api-'));
  const platform = await startPlatform({ DATA_DIR: dataDir, SEED: 'none' });
  try {
    const api = apiAs(platform, (await signIn(platform, 'owner')).idToken);
    const model = await api.post('/api/models', { name: 'Bench 20', basePriceCents: 5_000_000, options: [] });
    const customer = await api.post('/api/customers', { name: 'Bench Customer', email: 'bench@example.com' });
    const order = await api.post('/api/orders', {
      customerId: customer.body.id,
      modelId: model.body.id,
      optionCodes: [],
    });
    const headers = { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' };
    const read = { url: `${platform.url}/api/orders/${order.body.id}`, method: 'GET' as const, headers };
    const write = {
      url: `${platform.url}/api/customers`,
      method: 'POST' as const,
      headers,
      body: JSON.stringify({ name: 'Load Test', email: 'load@example.com' }),
    };
    const figures = {
      readAt500: await load({ ...read, rate: 500, connections: 16, durationSeconds: seconds }),
      writeAt100: await load({ ...write, rate: 100, connections: 8, durationSeconds: seconds }),
      readMax32: await load({ ...read, connections: 32, durationSeconds: seconds }),
      writeMax32: await load({ ...write, connections: 32, durationSeconds: seconds }),
    };
    console.table(figures);

    // 64 concurrent stage changes to one order, all with the same If-Match.
    const target = await api.post('/api/orders', {
      customerId: customer.body.id,
      modelId: model.body.id,
      optionCodes: [],
    });
    await api.post(`/api/orders/${target.body.id}/deposit`, { amountCents: 100 }, { 'if-match': '1' });
    const attempts = await Promise.all(
      Array.from({ length: 64 }, () =>
        api.post(`/api/orders/${target.body.id}/start-build`, undefined, { 'if-match': '2' }),
      ),
    );
    const history = await api.get(`/api/orders/${target.body.id}/events`);
    const versions = (history.body.items ?? []).map((e) => Number(e.streamVersion));
    const concurrency = {
      succeeded: attempts.filter((r) => r.status === 200).length,
      conflicts: attempts.filter((r) => r.status === 409).length,
      other: attempts.filter((r) => r.status !== 200 && r.status !== 409).length,
      streamVersions: versions.join(','),
      gapless: versions.every((v, i) => v === i + 1),
    };
    console.table([concurrency]);
    return { ...figures, concurrentStageChanges: concurrency };
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

/** Benchmarks other parts of the platform contribute, each in its own module, run when present. */
const optional: [string, string, string][] = [
  ['audit', 'tests/bench/audit.ts', 'benchAudit'],
  ['backup', 'tests/bench/backup.ts', 'benchBackup'],
  ['console', 'tests/bench/console.ts', 'benchConsole'],
  ['webhooks', 'tests/bench/webhooks.ts', 'benchWebhooks'],
  ['lists', 'tests/bench/lists.ts', 'benchLists'],
  ['outbound', 'tests/bench/outbound.ts', 'benchOutbound'],
  ['workflows', 'tests/bench/workflows.ts', 'benchWorkflows'],
  ['reports', 'tests/bench/reports.ts', 'benchReports'],
  ['reportDelivery', 'tests/bench/report-delivery.ts', 'benchReportDelivery'],
  ['forecast', 'tests/bench/forecast.ts', 'benchForecast'],
  ['monitoring', 'tests/bench/monitoring.ts', 'benchMonitoring'],
  ['metricsPage', 'tests/bench/metrics-page.ts', 'benchMetricsPage'],
  ['monitoringAlerts', 'tests/bench/monitoring-alerts.ts', 'benchMonitoringAlerts'],
  ['insights', 'tests/bench/insights.ts', 'benchInsights'],
  ['scale', 'tests/bench/scale.ts', 'benchScale'],
  ['keptScale', 'tests/bench/kept-scale.ts', 'benchKeptScale'],
];

if (wanted('api')) {
  section('API latency and throughput (local cloud as npm start runs it)');
  results.api = await benchApi();
}

if (wanted('store')) {
  section('Event store: append throughput and projection rebuild rate');
  results.store = await benchStore({ commits: quick ? 2_000 : 10_000, eventsPerCommit: 2 });
  console.table([results.store]);
}

if (wanted('bundles')) {
  section('Function bundles: size and cold import time (median of 5)');
  const bundles = await benchBundles();
  results.bundles = bundles;
  console.table(bundles.rows);
  console.log(bundles.summary);
}

for (const [name, file, exported] of optional) {
  if (!existsSync(join(ROOT, file)) || !wanted(name)) continue;
  section(name);
  try {
    // Each in its own process: the functions cache their SDK clients, which would still point at the
    // previous section's local services.
    const script = `const m = await import(${JSON.stringify(pathToFileURL(join(ROOT, file)).href)}); const r = await m[${JSON.stringify(exported)}](); console.log('BENCH-RESULT ' + JSON.stringify(r)); process.exit(0);`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = stdout.split('\n').find((l) => l.startsWith('BENCH-RESULT '));
    results[name] = line ? JSON.parse(line.slice('BENCH-RESULT '.length)) : { error: 'no result printed' };
    console.log(JSON.stringify(results[name], null, 2));
  } catch (error) {
    results[name] = { error: String(error) };
    console.error(`${name} benchmark failed:`, error);
  }
}

mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
const out = join(ROOT, 'bench-results', 'bench.json');
writeFileSync(out, `${JSON.stringify({ ...results, finishedAt: new Date().toISOString() }, null, 2)}\n`);
console.log(`\nWrote ${out}`);
process.exit(0);
