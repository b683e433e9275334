import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiAs, type Json, signIn } from '../support/cloud.ts';
import { percentile, round, startPlatform } from './support.ts';

/**
 * Filtered lists and searches on the demo data (a first `npm start`: about 1,500 orders and 10,000
 * leads): latency percentiles of first pages read one after another, and how full those pages are.
 * Every filter and search is answered by an index (functions/adapters/list-index.ts), so the pages
 * should be full; the figures say how long that takes. Audit searches by date range run on the chained
 * demo history. Run alone with
 * `node --import tsx -e "await (await import('./tests/bench/lists.ts')).benchLists()"`.
 */
/** Midnight UTC some days ago: the demo history spans the three years before today. */
const isoDaysAgo = (days: number) =>
  `${new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`;

export const benchLists = async () => {
  const quick = process.env.BENCH_QUICK === '1';
  const requests = quick ? 10 : 60;
  const dataDir = mkdtempSync(join(tmpdir(), 'firefly-bench-lists-'));
  const started = Date.now();
  const platform = await startPlatform({ DATA_DIR: dataDir }, 600_000);
  const firstStartSeconds = round((Date.now() - started) / 1000);
  try {
    // The demo data is in place once readiness says so.
    for (let i = 0; i < 600; i++) {
      const ready = await fetch(`${platform.url}/api/health/ready`);
      if (ready.status === 200) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    // The seeded history is chained into the audit log before Ready (before issue 17, in the background
    // after it: then this waited for it).
    for (
      let i = 0;
      i < 600 && !/Chained [\d,]+ audit entries|Audit log: demo history chained/.test(platform.output());
      i++
    )
      await new Promise((r) => setTimeout(r, 500));
    const api = apiAs(platform, (await signIn(platform, 'owner')).idToken);
    // A search word the data holds (the first word of the newest lead's name) and that lead's status.
    const newest = (await api.get('/api/leads?limit=1')).body as Json;
    const word = String(newest.items?.[0]?.name ?? 'a').split(' ')[0]!;
    const status = String(newest.items?.[0]?.status ?? 'new');
    const cases: Record<string, string> = {
      'orders by stage': '/api/orders?stage=in_build&limit=25',
      'orders by stage, oldest first': '/api/orders?stage=delivered&limit=25&order=oldest',
      'leads by status and channel': '/api/leads?status=qualified&channel=referral&limit=25',
      'leads search': `/api/leads?search=${encodeURIComponent(word)}&limit=25`,
      'leads search with a filter': `/api/leads?search=${encodeURIComponent(word)}&status=${status}&limit=25`,
      // Audit search by time (issue 18: these walked 3,660 days back from 9999-12-31 before).
      'audit from a date': `/api/audit/entries?from=${isoDaysAgo(400)}&limit=25`,
      'audit up to a date': `/api/audit/entries?to=${isoDaysAgo(700)}&limit=25`,
      'audit range over two years': `/api/audit/entries?from=${isoDaysAgo(900)}&to=${isoDaysAgo(100)}&limit=25`,
      'audit range with a type': `/api/audit/entries?type=OrderPlaced&from=${isoDaysAgo(900)}&to=${isoDaysAgo(100)}&limit=25`,
    };
    const figures: Record<string, unknown>[] = [];
    for (const [name, path] of Object.entries(cases)) {
      const times: number[] = [];
      let items = 0;
      let more = false;
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now();
        const res = await api.get(path);
        times.push(performance.now() - t0);
        items = (res.body as Json).items?.length ?? 0;
        more = Boolean((res.body as Json).nextCursor);
      }
      times.sort((a, b) => a - b);
      figures.push({
        list: name,
        path,
        firstPageItems: items,
        more,
        p50Ms: round(percentile(times, 50)),
        p95Ms: round(percentile(times, 95)),
      });
    }
    console.table(figures);
    // What the seeding's rebuild took, rows and their word index written together (infra/local/seed.ts).
    const rebuilt = /Rebuilt ([\d,]+) read-model rows from ([\d,]+) events \(([\d.]+)s\)/.exec(
      platform.output(),
    );
    return {
      firstStartSeconds,
      // Issue 17: a first start leaves nothing running behind it, so no delivery can time out meanwhile.
      firstStartDeadLetters: (platform.output().match(/\[bus\] dead letter/g) ?? []).length,
      seedRebuildSeconds: Number(rebuilt?.[3] ?? Number.NaN),
      requestsPerList: requests,
      lists: figures,
    };
  } finally {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};
