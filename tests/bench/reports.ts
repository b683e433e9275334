import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TABLE_NAMES, TABLES, type TableName } from '../../domain/reports/dataset.ts';
import {
  applyEvent,
  calendar,
  emptyRows,
  SOURCE_VERSION,
  storedColumns,
  tableRows,
} from '../../domain/reports/dataset-rows.ts';
import { REPORT_TEMPLATES } from '../../domain/reports/templates.ts';
import { upcast } from '../../events/catalog.ts';
import { ReportDefinition } from '../../events/contexts/report-definition.ts';
import type { Envelope } from '../../events/envelope.ts';
import { duckdbEngine, query, readParquet, writeParquet } from '../../functions/reports/engine.ts';
import { runReport } from '../../functions/reports/run.ts';
import { generateHistory } from '../../infra/local/demo/history.ts';
import { percentile, round } from './support.ts';

/**
 * The report engine on the three-year demo data (as a first `npm start` seeds it): the dataset built
 * from its events, each template's p95 query time on DuckDB, an aggregate over a 10,000,000-row
 * synthetic fact table, and the dataset's lag behind the events (the builder's schedule plus one
 * incremental build: load the tables, fold a new commit, rewrite the changed file). S3 is left out: the
 * files are local, as they are in a warm report function. Run alone with
 * `node --import tsx -e "await (await import('./tests/bench/reports.ts')).benchReports()"`.
 */
const timed = async <T>(fn: () => Promise<T>) => {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
};

export const benchReports = async () => {
  const quick = process.env.BENCH_QUICK === '1';
  const runs = quick ? 5 : 30;
  const dir = await mkdtemp(join(tmpdir(), 'firefly-bench-reports-'));
  try {
    const history = await generateHistory({ seed: 'firefly-demo', years: quick ? 1 : 3 });
    const today = new Date().toISOString().slice(0, 10);
    // The full build: every commit folded, every table written.
    const build = await timed(async () => {
      const rows = emptyRows();
      let events = 0;
      for (const commit of history.commits)
        for (const envelope of JSON.parse(commit.events) as Envelope[]) {
          applyEvent(rows, upcast(envelope));
          events += 1;
        }
      const files = new Map<TableName, string>();
      for (const table of TABLE_NAMES) {
        const path = join(dir, `${table}.parquet`);
        const data =
          table === 'dates'
            ? calendar('2020-01-01', `${Number(today.slice(0, 4)) + 1}-12-31`)
            : tableRows(rows, table);
        await writeParquet(storedColumns(table), data, path);
        files.set(table, path);
      }
      return { rows, files, events };
    });
    const { rows, files } = build.value;
    const datasetRows = TABLE_NAMES.reduce((n, t) => n + rows.tables[t].size, 0);

    const templates: Record<string, { p50: number; p95: number; rows: number }> = {};
    for (const template of REPORT_TEMPLATES) {
      const times: number[] = [];
      let count = 0;
      for (let i = 0; i < runs; i++) {
        const { value, ms } = await timed(() =>
          runReport(template.definition, {
            today,
            engine: duckdbEngine(async () => files),
            holds: () => true,
          }),
        );
        times.push(ms);
        count = value.rows.length;
      }
      times.sort((a, b) => a - b);
      templates[template.id] = {
        p50: round(percentile(times, 50)),
        p95: round(percentile(times, 95)),
        rows: count,
      };
    }

    // An aggregate over 10,000,000 payments (synthetic), by month and method.
    const synthetic = join(dir, 'payments-10m.parquet');
    const size = quick ? 1_000_000 : 10_000_000;
    const generate = await timed(() =>
      query(`COPY (SELECT 'k' || i AS key, 'o' || (i % 50000) AS order_id, 'p' || i AS payment_id,
        'progress' AS kind, 'received' AS outcome,
        (['card','ach','wire','check','financing','other'])[1 + (i % 6)::INTEGER] AS method,
        DATE '2020-01-01' + CAST(i % 2190 AS INTEGER) AS paid_on, 1000 + (i % 997) AS amount_cents,
        1000 + (i % 997) AS collected_cents FROM range(${size}) t(i)) TO '${synthetic}' (FORMAT parquet)`),
    );
    const big = ReportDefinition.parse({
      dataset: 'payments',
      rows: [{ field: 'paid_on', grain: 'month' }, { field: 'method' }],
      values: [
        { agg: 'sum', field: 'collected_cents' },
        { agg: 'count' },
        { agg: 'median', field: 'amount_cents' },
      ],
    });
    const bigFiles = new Map(files);
    bigFiles.set('payments', synthetic);
    const bigTimes: number[] = [];
    let groups = 0;
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const { value, ms } = await timed(() =>
        runReport(big, {
          today,
          engine: duckdbEngine(async () => bigFiles),
          holds: () => true,
          pageSize: 1000,
        }),
      );
      bigTimes.push(ms);
      groups = value.rows.length;
    }
    bigTimes.sort((a, b) => a - b);

    // Lag: one new commit, as the builder takes it (read the changed tables back, fold, rewrite).
    const incremental = await timed(async () => {
      // As the builder does: every table's rows read back (it cannot know which a commit touches).
      const fresh = emptyRows();
      for (const table of TABLE_NAMES) {
        if (table === 'dates') continue;
        const key = TABLES[table].key;
        for (const row of await readParquet(files.get(table)!))
          fresh.tables[table].set(String(row[key]), row);
      }
      const leads = fresh.tables.leads;
      const lead = [...leads.values()][0]!;
      applyEvent(fresh, {
        ...upcast({
          id: 'bench',
          type: 'LeadContacted',
          version: 1,
          streamId: String(lead.source_stream),
          streamVersion: Number(lead[SOURCE_VERSION]) + 1,
          occurredAt: new Date().toISOString(),
          actor: { id: 'bench', role: 'system' },
          correlationId: 'bench',
          causationId: 'bench',
          data: { leadId: lead.lead_id, method: 'email', summary: 'Bench', on: today },
        }),
      });
      await writeParquet(storedColumns('leads'), tableRows(fresh, 'leads'), join(dir, 'leads-next.parquet'));
    });

    const figures = {
      events: build.value.events,
      datasetRows,
      fullBuildSeconds: round(build.ms / 1000),
      templatesMs: templates,
      syntheticRows: size,
      syntheticWriteSeconds: round(generate.ms / 1000),
      syntheticAggregate: { p50Ms: round(percentile(bigTimes, 50)), maxMs: round(bigTimes.at(-1)!), groups },
      incrementalBuildMs: round(incremental.ms),
      lagSeconds: `at most 60 (the schedule) + ${round(incremental.ms / 1000, 2)} (one build)`,
    };
    console.table(Object.entries(templates).map(([id, t]) => ({ template: id, ...t })));
    console.log(JSON.stringify({ ...figures, templatesMs: undefined }, null, 2));
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
