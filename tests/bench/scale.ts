import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { apiAs, type Json, signIn } from '../support/cloud.ts';
import { timeReportRoutes } from './report-routes.ts';
import { percentile, ROOT, round, startPlatform } from './support.ts';

/**
 * How cost grows with the size of the business (issue 17): for each scale (`BENCH_SCALES`, default
 * `1,10`; `SCALE` of the seeder), a first start on an empty data dir (seeding, the audit chain and the
 * views, until Ready), list, search and report p95, the overview right after sign-in, the data dir's
 * size, the local cloud's resident memory idle and under that load, and then `npm run rebuild` on the
 * stopped data dir. Run alone with `npx tsx tests/bench/scale.ts`.
 */
const run = promisify(execFile);

const rssMb = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024);
};

const duMb = async (dir: string) =>
  round(Number((await run('du', ['-sk', dir])).stdout.split('\t')[0]) / 1024);

const timeLists = async (api: ReturnType<typeof apiAs>, requests: number) => {
  const newest = (await api.get('/api/leads?limit=1')).body as Json;
  const word = String(newest.items?.[0]?.name ?? 'a').split(' ')[0]!;
  const cases: Record<string, string> = {
    'orders by stage': '/api/orders?stage=in_build&limit=25',
    'leads by status and channel': '/api/leads?status=qualified&channel=referral&limit=25',
    'leads search': `/api/leads?search=${encodeURIComponent(word)}&limit=25`,
  };
  const out: Record<string, unknown>[] = [];
  for (const [name, path] of Object.entries(cases)) {
    const times: number[] = [];
    let items = 0;
    for (let i = 0; i < requests; i++) {
      const t0 = performance.now();
      const res = await api.get(path);
      times.push(performance.now() - t0);
      items = (res.body as Json).items?.length ?? 0;
    }
    times.sort((a, b) => a - b);
    out.push({ list: name, items, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)) });
  }
  return out;
};

export const benchScaleOnce = async (scale: number, requests: number) => {
  const dataDir = await mkdtemp(join(tmpdir(), `firefly-bench-scale${scale}-`));
  try {
    const load = [loadavg()[0]!];
    const started = performance.now();
    const platform = await startPlatform({ DATA_DIR: dataDir, SCALE: String(scale) }, 3_600_000);
    const firstStartSeconds = round((performance.now() - started) / 1000);
    const seeded = /Generated ([\d,]+) events .*?: (\d+) leads, \d+ customers, \d+ quotes, (\d+) orders/.exec(
      platform.output(),
    );
    let figures: Record<string, unknown>;
    try {
      const pid = platform.process.pid!;
      await new Promise((r) => setTimeout(r, 5_000));
      const idleRssMb = rssMb(pid);
      // The overview as the console's first screen asks for it: sign in, then the overview.
      const t0 = performance.now();
      const token = (await signIn(platform, 'owner')).idToken;
      const api = apiAs(platform, token);
      const overview = await api.get('/api/reports/overview');
      const overviewAfterSignInMs = round(performance.now() - t0);
      if (overview.status !== 200) throw new Error(`overview: ${overview.status}`);
      let peak = idleRssMb;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssMb(pid));
      }, 250);
      const lists = await timeLists(api, requests);
      const reports = await timeReportRoutes(platform.url, Math.max(5, Math.round(requests / 3)));
      clearInterval(sampler);
      load.push(loadavg()[0]!);
      figures = {
        scale,
        events: Number(seeded?.[1]?.replace(/,/g, '') ?? Number.NaN),
        leads: Number(seeded?.[2] ?? Number.NaN),
        orders: Number(seeded?.[3] ?? Number.NaN),
        firstStartSeconds,
        overviewAfterSignInMs,
        lists,
        reports,
        idleRssMb,
        underLoadRssMb: peak,
      };
    } finally {
      await platform.stop();
    }
    const rebuildStarted = performance.now();
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'infra/local/rebuild.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const rate = /in ([\d.]+)s: ([\d,]+) events\/s/.exec(stdout);
    load.push(loadavg()[0]!);
    return {
      ...figures,
      rebuildViewsSeconds: Number(rate?.[1] ?? Number.NaN),
      rebuildEventsPerSecond: Number(rate?.[2]?.replace(/,/g, '') ?? Number.NaN),
      rebuildTotalSeconds: round((performance.now() - rebuildStarted) / 1000),
      dataDirMb: await duMb(dataDir),
      loadAverage: load.map((l) => round(l)),
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
};

export const benchScale = async () => {
  const quick = process.env.BENCH_QUICK === '1';
  const scales = (process.env.BENCH_SCALES ?? (quick ? '0.1' : '1,10')).split(',').map(Number);
  const results = [];
  for (const scale of scales) {
    const result = await benchScaleOnce(scale, quick ? 10 : 30);
    console.log(JSON.stringify(result, null, 2));
    results.push(result);
  }
  return { scales: results };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchScale();
  process.exit(0);
}
