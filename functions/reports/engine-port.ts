import type { Dialect, Param } from '../../domain/reports/compile.ts';
import type { TableName } from '../../domain/reports/dataset.ts';
import type { Row } from '../../domain/reports/dataset-rows.ts';

/**
 * What runs a report's SQL: DuckDB in the function over the Parquet files (engine.ts), or Athena over
 * the Glue tables (athena.ts). The runner compiles to the engine's dialect and reads rows of one shape
 * from either (numbers as numbers, dates as `YYYY-MM-DD`, booleans, text, nulls).
 */
export interface ReportEngine {
  readonly dialect: Dialect;
  /** Makes the tables a query names readable by those names (a no-op where a catalog has them). */
  attach(tables: readonly TableName[]): Promise<void>;
  /** Runs SQL whose `?` are bound to `params` in order: values never become SQL text. */
  query(sql: string, params: readonly Param[]): Promise<Row[]>;
}
