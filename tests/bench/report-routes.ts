import { apiAs, signIn } from '../support/cloud.ts';
import { percentile, round } from './support.ts';

/** The fixed report routes and the overview, as the console and a person call them. */
export const REPORT_PATHS = [
  '/api/reports/overview',
  '/api/reports/revenue?months=24',
  '/api/reports/orders-by-stage',
  '/api/reports/leads-by-channel?months=12',
  '/api/reports/low-stock',
  '/api/reports/activity?limit=20',
  '/api/reports/campaigns',
] as const;

/**
 * p50/p95 of each report route on a running platform, routes interleaved request by request so a
 * neighbour's burst of work lands on all of them alike. Run against any platform with
 * `BENCH_URL=http://localhost:3000 npx tsx tests/bench/report-routes.ts`.
 */
export const timeReportRoutes = async (url: string, requests: number) => {
  const api = apiAs({ url }, (await signIn({ url }, 'owner')).idToken);
  const times = new Map<string, number[]>(REPORT_PATHS.map((p) => [p, []]));
  for (let i = 0; i < requests; i++) {
    for (const path of REPORT_PATHS) {
      const t0 = performance.now();
      const res = await api.get(path);
      times.get(path)!.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    }
  }
  return REPORT_PATHS.map((path) => {
    const sorted = times.get(path)!.sort((a, b) => a - b);
    return { path, p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)) };
  });
};

if (process.env.BENCH_URL && import.meta.url === `file://${process.argv[1]}`) {
  const { loadavg } = await import('node:os');
  const before = loadavg()[0]!;
  console.table(await timeReportRoutes(process.env.BENCH_URL, Number(process.env.BENCH_REQUESTS ?? 20)));
  console.log(`load average ${before.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`);
  process.exit(0);
}
