import { allows, type Permission } from '../../domain/access/permissions.ts';
import { compile, DefinitionError } from '../../domain/reports/compile.ts';
import { DATASETS, type DatasetName, datasetColumns, mayRead, TABLES } from '../../domain/reports/dataset.ts';
import type { ReportDefinition } from '../../events/contexts/report-definition.ts';
import type { Actor } from '../../events/envelope.ts';
import { athena } from '../adapters/clients.ts';
import { config } from '../runtime/config.ts';
import { athenaEngine } from './athena.ts';
import { currentManifest, s3TableFiles } from './dataset-files.ts';
import { duckdbEngine } from './engine.ts';
import type { ReportEngine } from './engine-port.ts';
import { type ReportPage, runReport } from './run.ts';

/**
 * The report builder's reads for one caller: the datasets their role may read, and definitions run
 * with their permissions (a report touching a table they may not read is refused, not trimmed).
 */
const holder = (actor: Actor) => (permission: Permission) => allows(actor, permission);

export const datasetsFor = (actor: Actor) =>
  (Object.keys(DATASETS) as DatasetName[])
    .filter((name) => mayRead(name, holder(actor)))
    .map((name) => {
      const spec = DATASETS[name];
      return {
        name,
        description: spec.description,
        fields: datasetColumns(name),
        joins: Object.entries(spec.joins)
          .filter(([, join]) => holder(actor)(TABLES[join.table].permission))
          .map(([joinName, join]) => ({
            name: joinName,
            table: join.table,
            fields: TABLES[join.table].columns,
          })),
      };
    });

/** Checks a definition compiles (without running it); the permissions reading it needs. */
export const checkDefinition = (definition: ReportDefinition, today: string): Permission[] =>
  compile(definition, { dialect: 'duckdb', today }).permissions;

/** The engine the `REPORT_ENGINE` setting names: DuckDB over the downloaded Parquet, or Athena. */
export const reportEngine = (): ReportEngine => {
  const setting = config.reportEngine;
  return setting.engine === 'athena'
    ? athenaEngine({ client: athena(), ...setting })
    : duckdbEngine(s3TableFiles);
};

/** Who a run reads as: a caller's permissions, or a saved report's run, which needs none of its own. */
export type Reader = Actor | { holds: (permission: Permission) => boolean };
const holdsOf = (reader: Reader) => ('holds' in reader ? reader.holds : holder(reader));

export const runFor = async (
  reader: Reader,
  definition: ReportDefinition,
  options: { today: string; cursor?: string; pageSize: number },
): Promise<Omit<ReportPage, 'sql'> & { asOf: string }> => {
  const { sql: _, ...page } = await runReport(definition, {
    ...options,
    engine: reportEngine(),
    holds: holdsOf(reader),
  });
  return { ...page, asOf: (await currentManifest()).builtAt };
};

/** A result page by page (`pageSize` rows each), for a whole export that never holds all of it. */
export async function* pagesFor(
  reader: Reader,
  definition: ReportDefinition,
  today: string,
  pageSize = 1000,
) {
  let cursor: string | undefined;
  do {
    const page = await runFor(reader, definition, { today, pageSize, ...(cursor ? { cursor } : {}) });
    yield page;
    cursor = page.nextCursor;
  } while (cursor);
}

/** Every row of a result at once (a CSV answered in one response). */
export const allRowsFor = async (reader: Reader, definition: ReportDefinition, today: string) => {
  let first: Awaited<ReturnType<typeof runFor>> | undefined;
  const rows: Awaited<ReturnType<typeof runFor>>['rows'] = [];
  for await (const page of pagesFor(reader, definition, today)) {
    first ??= page;
    rows.push(...page.rows);
  }
  return { columns: first!.columns, rows, asOf: first!.asOf };
};

export { DefinitionError };
