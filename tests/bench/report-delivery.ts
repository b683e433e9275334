import { rebuildViews } from '../../functions/projections/project.ts';
import { buildDataset } from '../../functions/reports/dataset-build.ts';
import { handler as startReport } from '../../functions/reports/start.ts';
import { generateHistory } from '../../infra/local/demo/history.ts';
import { importHistory } from '../../infra/local/demo/import.ts';
import { type Json, signedIn, startTestCloud } from '../support/cloud.ts';
import { percentile, round } from './support.ts';

/**
 * A scheduled report end to end (called by `npm run bench`, or `npx tsx tests/bench/report-delivery.ts`)
 * on the in-process local cloud: what EventBridge Scheduler sends the report starter, then the report
 * state machine (query over the dataset, CSV and XLSX files with manifests in S3, an email with the files
 * attached through the local SMTP catcher), until the email is in the inbox and the run is recorded.
 */
const quick = process.env.BENCH_QUICK === '1';

export const benchReportDelivery = async () => {
  const cloud = await startTestCloud();
  try {
    const history = await generateHistory({
      seed: 'bench-delivery',
      end: new Date(),
      years: 1,
      scale: quick ? 0.02 : 0.1,
    });
    await importHistory(history.commits);
    await rebuildViews();
    await buildDataset({ full: true, now: new Date(Date.now() + 5_000) });
    const analyst = await signedIn(cloud, 'analyst');
    const made = await analyst.post<Json>('/api/reports/saved', {
      name: 'Bench: orders by month',
      definition: {
        dataset: 'orders',
        rows: [{ field: 'placed_on', grain: 'month', as: 'month' }],
        values: [
          { agg: 'count', as: 'orders' },
          { agg: 'sum', field: 'total_cents', as: 'value_cents' },
        ],
        sort: [{ by: 'month' }],
      },
    });
    const address = 'bench.reports@example.com';
    const set = await analyst.put<Json>(
      `/api/reports/saved/${made.body.id}/schedule`,
      {
        schedule: {
          cron: 'cron(0 8 ? * MON *)',
          timezone: 'UTC',
          formats: ['csv', 'xlsx'],
          recipients: [{ kind: 'email', address, mode: 'attachment' }],
        },
      },
      { 'if-match': `"${made.body.version}"` },
    );
    if (set.status !== 200) throw new Error(`schedule: ${set.status} ${JSON.stringify(set.body)}`);
    const delivered: number[] = [];
    const recorded: number[] = [];
    let rows = 0;
    for (let i = 0; i < (quick ? 3 : 10); i++) {
      const before = (await cloud.mail.received()).filter((m) =>
        m.to.some((t) => t.address === address),
      ).length;
      const started = performance.now();
      await startReport(
        { reportId: made.body.id, scheduledTime: new Date().toISOString() } as never,
        {} as never,
      );
      for (;;) {
        const mails = (await cloud.mail.received()).filter((m) => m.to.some((t) => t.address === address));
        if (mails.length > before) break;
        if (performance.now() - started > 120_000) throw new Error('no email within 2 minutes');
        await new Promise((r) => setTimeout(r, 20));
      }
      delivered.push(performance.now() - started);
      for (;;) {
        const runs = (await analyst.get<{ items: Json[] }>(`/api/reports/saved/${made.body.id}/runs`)).body
          .items;
        if (runs[0]?.status === 'succeeded') {
          rows = Number(runs[0].rows);
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      recorded.push(performance.now() - started);
    }
    const stats = (values: number[]) => {
      const s = values.toSorted((a, b) => a - b);
      return {
        n: s.length,
        p50: round(percentile(s, 50)),
        p95: round(percentile(s, 95)),
        max: round(s.at(-1) ?? 0),
      };
    };
    const result = { rows, triggerToInboxMs: stats(delivered), triggerToRecordedMs: stats(recorded) };
    console.table([
      { step: 'trigger → email in the inbox', ...result.triggerToInboxMs },
      { step: 'trigger → run recorded', ...result.triggerToRecordedMs },
    ]);
    return result;
  } finally {
    await cloud.stop();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) await benchReportDelivery();
