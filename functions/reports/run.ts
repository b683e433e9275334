import type { Permission } from '../../domain/access/permissions.ts';
import { type Compiled, compile, DefinitionError, type ResultColumn } from '../../domain/reports/compile.ts';
import type { Cell, Row } from '../../domain/reports/dataset-rows.ts';
import type { ReportDefinition } from '../../events/contexts/report-definition.ts';
import type { ReportEngine } from './engine-port.ts';

/**
 * Runs a report definition on an engine (DuckDB or Athena): compiled to the engine's dialect (checked
 * against the dataset), refused when the caller may not read a table it touches, paged. A pivot is grouped by the
 * engine and turned into columns here, so both engines share the one SQL.
 */
export interface ReportPage {
  columns: (ResultColumn & { pivot?: Record<string, Cell>; value?: string })[];
  rows: Row[];
  nextCursor?: string;
  /** The rows of this page and whether more follow: the total is not counted (it costs a second query). */
  sql: string;
}

/** A table the caller's permissions do not let them read. */
export class DatasetForbiddenError extends Error {
  override name = 'DatasetForbiddenError';
  constructor(readonly missing: Permission[]) {
    super(`Reading this needs ${missing.join(', ')}`);
  }
}

export interface RunOptions {
  today: string;
  engine: ReportEngine;
  holds: (permission: Permission) => boolean;
  pageSize?: number;
  cursor?: string;
}

/** Grouped rows a pivot may turn into columns: beyond this the result is no pivot anyone reads. */
export const PIVOT_MAX_ROWS = 100_000;

const offsetOf = (cursor: string | undefined): number => {
  if (!cursor) return 0;
  const offset = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new DefinitionError('cursor', 'Not a cursor of this report');
  return offset;
};
const cursorOf = (offset: number) => Buffer.from(String(offset)).toString('base64url');

const prepare = async (compiled: Compiled, options: RunOptions) => {
  const missing = compiled.permissions.filter((p) => !options.holds(p));
  if (missing.length) throw new DatasetForbiddenError(missing);
  await options.engine.attach(compiled.tables);
};

const pivot = (compiled: Compiled, rows: Row[]): { columns: ReportPage['columns']; rows: Row[] } => {
  const dims = compiled.columns.filter((c) => c.role === 'row');
  const keys = compiled.columns.filter((c) => c.role === 'column');
  const measures = compiled.columns.filter((c) => c.role === 'value' || c.role === 'calculation');
  const pivots = new Map<string, Record<string, Cell>>();
  const out = new Map<string, Row>();
  for (const row of rows) {
    const pivotValues = Object.fromEntries(keys.map((k) => [k.name, row[k.name] ?? null]));
    const pivotKey = keys.map((k) => String(row[k.name])).join(' / ');
    if (!pivots.has(pivotKey)) pivots.set(pivotKey, pivotValues);
    const rowKey = JSON.stringify(dims.map((d) => row[d.name]));
    let target = out.get(rowKey);
    if (!target) {
      target = Object.fromEntries(dims.map((d) => [d.name, row[d.name] ?? null]));
      out.set(rowKey, target);
    }
    for (const m of measures) target[`${pivotKey} ${m.name}`] = row[m.name] ?? null;
  }
  const columns: ReportPage['columns'] = [
    ...dims,
    ...[...pivots].flatMap(([pivotKey, values]) =>
      measures.map((m) => ({ ...m, name: `${pivotKey} ${m.name}`, pivot: values, value: m.name })),
    ),
  ];
  // Every row has every column: a group missing under one pivot value is null there, not absent.
  const filled = [...out.values()].map((row) =>
    Object.fromEntries(columns.map((c) => [c.name, row[c.name] ?? null])),
  );
  return { columns, rows: filled };
};

export const runReport = async (definition: ReportDefinition, options: RunOptions): Promise<ReportPage> => {
  const pageSize = options.pageSize ?? 500;
  const offset = offsetOf(options.cursor);
  if (definition.columns.length) {
    const compiled = compile(definition, {
      dialect: options.engine.dialect,
      today: options.today,
      page: { limit: PIVOT_MAX_ROWS + 1, offset: 0 },
    });
    await prepare(compiled, options);
    const grouped = await options.engine.query(compiled.sql, compiled.params);
    if (grouped.length > PIVOT_MAX_ROWS)
      throw new DefinitionError(
        'columns',
        `The pivot has over ${PIVOT_MAX_ROWS} groups: filter it or group by less`,
      );
    const table = pivot(compiled, grouped);
    const rows = table.rows.slice(offset, offset + pageSize);
    const more = offset + pageSize < table.rows.length;
    return {
      columns: table.columns,
      rows,
      ...(more ? { nextCursor: cursorOf(offset + pageSize) } : {}),
      sql: compiled.sql,
    };
  }
  // One row more than the page says whether another page follows, without counting them all.
  const compiled = compile(definition, {
    dialect: options.engine.dialect,
    today: options.today,
    page: { limit: pageSize + 1, offset },
  });
  await prepare(compiled, options);
  const rows = await options.engine.query(compiled.sql, compiled.params);
  const more = rows.length > pageSize;
  return {
    columns: compiled.columns,
    rows: rows.slice(0, pageSize),
    ...(more ? { nextCursor: cursorOf(offset + pageSize) } : {}),
    sql: compiled.sql,
  };
};
