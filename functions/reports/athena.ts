import {
  type AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type { Param } from '../../domain/reports/compile.ts';
import type { Cell, Row } from '../../domain/reports/dataset-rows.ts';
import { ReportQueryError } from '../errors.ts';
import type { ReportEngine } from './engine-port.ts';

/**
 * Athena over the Glue tables (infra/aws/constructs/analytics-catalog.ts): a query is started in the
 * workgroup with its values as execution parameters, polled until it ends, and its results read page
 * by page into the rows DuckDB would give.
 */
export interface AthenaSettings {
  client: AthenaClient;
  workgroup: string;
  database: string;
  outputLocation?: string;
  /** How long a query may take, polling included (a report route must answer within the API's timeout). */
  deadlineMs?: number;
  /** Tests replace the clock and the wait between polls. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A value as Athena takes an execution parameter: the text of a SQL literal. Text is quoted with its
 * quotes doubled (Trino's only escape in a string literal), so a value cannot end its literal; numbers
 * and booleans come from the compiler as numbers and booleans, never text.
 */
export const athenaLiteral = (value: Param): string => {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
};

const NUMERIC = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint', 'double', 'real', 'float']);

/** A result cell by its column's type: numbers as numbers, booleans as booleans, dates as text. */
const cellOf = (text: string | undefined, column: ColumnInfo): Cell => {
  if (text === undefined) return null;
  const type = column.Type?.toLowerCase() ?? 'varchar';
  if (NUMERIC.has(type) || type.startsWith('decimal')) return Number(text);
  if (type === 'boolean') return text === 'true';
  return text;
};

/** Waits between polls: 100 ms doubling to 2 s (most report queries end within a second or two). */
const nextWait = (wait: number) => Math.min(2000, wait * 2);

export const athenaEngine = (settings: AthenaSettings): ReportEngine => {
  const { client } = settings;
  const now = settings.now ?? Date.now;
  const sleep = settings.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadlineMs = settings.deadlineMs ?? 25_000;

  const waitFor = async (id: string) => {
    const deadline = now() + deadlineMs;
    for (let wait = 100; ; wait = nextWait(wait)) {
      const { QueryExecution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = QueryExecution?.Status?.State;
      if (state === 'SUCCEEDED') return;
      if (state === 'FAILED' || state === 'CANCELLED')
        throw new ReportQueryError(
          state,
          QueryExecution?.Status?.StateChangeReason ?? `The query was ${state.toLowerCase()}`,
        );
      if (now() + wait > deadline) {
        // Stopped so it scans nothing more for an answer nobody waits for.
        await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
        throw new ReportQueryError('timeout', `The query ran past ${deadlineMs / 1000} s and was stopped`);
      }
      await sleep(wait);
    }
  };

  const readResults = async (id: string): Promise<Row[]> => {
    const rows: Row[] = [];
    let columns: ColumnInfo[] | undefined;
    let NextToken: string | undefined;
    let first = true;
    do {
      const page = await client.send(
        new GetQueryResultsCommand({ QueryExecutionId: id, NextToken, MaxResults: 1000 }),
      );
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const data = page.ResultSet?.Rows ?? [];
      // A SELECT's first row is its column names.
      for (const raw of first ? data.slice(1) : data) {
        const row: Row = {};
        columns.forEach((column, i) => {
          row[column.Name ?? `_${i}`] = cellOf(raw.Data?.[i]?.VarCharValue, column);
        });
        rows.push(row);
      }
      first = false;
      NextToken = page.NextToken;
    } while (NextToken);
    return rows;
  };

  return {
    dialect: 'athena',
    // The Glue catalog names every table: nothing to attach.
    attach: async () => undefined,
    query: async (sql, params) => {
      const started = await client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: settings.workgroup,
          QueryExecutionContext: { Database: settings.database },
          ...(settings.outputLocation
            ? { ResultConfiguration: { OutputLocation: settings.outputLocation } }
            : {}),
          ...(params.length ? { ExecutionParameters: params.map(athenaLiteral) } : {}),
        }),
      );
      const id = started.QueryExecutionId;
      if (!id) throw new ReportQueryError('FAILED', 'Athena started no query');
      await waitFor(id);
      return readResults(id);
    },
  };
};
