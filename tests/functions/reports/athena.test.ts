import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { compile } from '../../../domain/reports/compile.ts';
import { reportTemplate } from '../../../domain/reports/templates.ts';
import { ReportQueryError } from '../../../functions/errors.ts';
import { toProblem } from '../../../functions/http/errors.ts';
import { athenaEngine, athenaLiteral } from '../../../functions/reports/athena.ts';
import { reportEngine } from '../../../functions/reports/builder.ts';
import { runReport } from '../../../functions/reports/run.ts';
import { env } from '../../../functions/runtime/env.ts';

const athena = mockClient(AthenaClient);
const saved = { ...process.env };
let clock = 0;
const waits: number[] = [];
const engine = (deadlineMs = 10_000) =>
  athenaEngine({
    client: new AthenaClient({ region: 'us-east-1' }),
    workgroup: 'firefly-prod-reports',
    database: 'firefly_prod_analytics',
    outputLocation: 's3://analytics/athena-results/',
    deadlineMs,
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  });

const column = (Name: string, Type: string) => ({ Name, Type });
const row = (...cells: (string | undefined)[]) => ({
  Data: cells.map((VarCharValue) => (VarCharValue === undefined ? {} : { VarCharValue })),
});

beforeEach(() => {
  athena.reset();
  clock = 0;
  waits.length = 0;
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
});
afterAll(() => {
  process.env = saved;
  athena.restore();
});

describe('Athena execution parameters', () => {
  it('are SQL literals: text quoted with its quotes doubled, so a quote in a value cannot end it', () => {
    expect(athenaLiteral("O'Brien")).toBe("'O''Brien'");
    const attack = "x' OR '1'='1";
    const literal = athenaLiteral(attack);
    expect(literal).toBe("'x'' OR ''1''=''1'");
    // Read back as Trino reads a string literal: the whole value, and nothing after it.
    expect(literal.startsWith("'") && literal.endsWith("'")).toBe(true);
    expect(literal.slice(1, -1).replaceAll("''", '')).not.toContain("'");
    expect(literal.slice(1, -1).replaceAll("''", "'")).toBe(attack);
    expect(athenaLiteral("\\'; DROP TABLE orders; --")).toBe("'\\''; DROP TABLE orders; --'");
  });

  it('are numbers and booleans as themselves', () => {
    expect([athenaLiteral(42), athenaLiteral(1.5), athenaLiteral(true), athenaLiteral(false)]).toEqual([
      '42',
      '1.5',
      'TRUE',
      'FALSE',
    ]);
  });
});

describe('the Athena engine', () => {
  it('starts the query in the workgroup and database with bound parameters, polls with backoff, and converts cells by type', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: {
          ColumnInfo: [
            column('month', 'date'),
            column('orders', 'bigint'),
            column('avg_cents', 'double'),
            column('share', 'decimal'),
            column('paid', 'boolean'),
            column('model', 'varchar'),
          ],
        },
        Rows: [
          row('month', 'orders', 'avg_cents', 'share', 'paid', 'model'),
          row('2026-03-01', '12', '1500.5', '0.25', 'true', 'Aurora'),
          row('2026-04-01', '3', undefined, undefined, 'false', undefined),
        ],
      },
    });
    const rows = await engine().query('SELECT ? AS a, ? AS b', ["it's", 7]);
    expect(rows).toEqual([
      { month: '2026-03-01', orders: 12, avg_cents: 1500.5, share: 0.25, paid: true, model: 'Aurora' },
      { month: '2026-04-01', orders: 3, avg_cents: null, share: null, paid: false, model: null },
    ]);
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start).toEqual({
      QueryString: 'SELECT ? AS a, ? AS b',
      WorkGroup: 'firefly-prod-reports',
      QueryExecutionContext: { Database: 'firefly_prod_analytics' },
      ResultConfiguration: { OutputLocation: 's3://analytics/athena-results/' },
      ExecutionParameters: ["'it''s'", '7'],
    });
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
    expect(waits).toEqual([100, 200]);
  });

  it('reads every page of the results, the header row on the first page only', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const meta = { ColumnInfo: [column('n', 'integer')] };
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q1', NextToken: undefined })
      .resolves({
        ResultSet: { ResultSetMetadata: meta, Rows: [row('n'), row('1'), row('2')] },
        NextToken: 'p2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q1', NextToken: 'p2' })
      .resolves({ ResultSet: { ResultSetMetadata: meta, Rows: [row('3'), row('4')] }, NextToken: 'p3' })
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q1', NextToken: 'p3' })
      .resolves({ ResultSet: { ResultSetMetadata: meta, Rows: [row('5')] } });
    const rows = await engine().query('SELECT n FROM t', []);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(3);
    expect(
      athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input.ExecutionParameters,
    ).toBeUndefined();
  });

  it('turns a failed or cancelled query into a typed error the API answers as a 502 problem', async () => {
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'TABLE_NOT_FOUND: orders' } },
    });
    const error = await engine()
      .query('SELECT 1', [])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportQueryError);
    expect((error as ReportQueryError).message).toBe('TABLE_NOT_FOUND: orders');
    expect(toProblem(error)).toMatchObject({ status: 502, code: 'report-query-failed' });

    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'CANCELLED' } } });
    const cancelled = await engine()
      .query('SELECT 1', [])
      .catch((e: unknown) => e);
    expect(cancelled).toMatchObject({ state: 'CANCELLED' });
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('stops a query that runs past its deadline and says so (504)', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    const error = await engine(1000)
      .query('SELECT 1', [])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ state: 'timeout' });
    expect(toProblem(error)).toMatchObject({ status: 504 });
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({
      QueryExecutionId: 'q1',
    });
    expect(clock).toBeLessThanOrEqual(1000);
  });
});

describe('the runner with REPORT_ENGINE=athena', () => {
  it("sends a template's Athena-dialect SQL and parameters to the configured workgroup", async () => {
    process.env[env.REPORT_ENGINE] = 'athena';
    process.env[env.ATHENA_WORKGROUP] = 'firefly-prod-reports';
    process.env[env.GLUE_DATABASE] = 'firefly_prod_analytics';
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: { ResultSetMetadata: { ColumnInfo: [column('x', 'bigint')] }, Rows: [row('x')] },
    });
    const template = reportTemplate('build-cycle-time')!;
    const engine = reportEngine();
    expect(engine.dialect).toBe('athena');
    await runReport(template.definition, { today: '2026-06-15', engine, holds: () => true, pageSize: 50 });
    const expected = compile(template.definition, {
      dialect: 'athena',
      today: '2026-06-15',
      page: { limit: 51, offset: 0 },
    });
    expect(expected.sql).not.toBe(
      compile(template.definition, { dialect: 'duckdb', today: '2026-06-15', page: { limit: 51, offset: 0 } })
        .sql,
    );
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start.QueryString).toBe(expected.sql);
    expect(start.WorkGroup).toBe('firefly-prod-reports');
    expect(start.QueryExecutionContext).toEqual({ Database: 'firefly_prod_analytics' });
    expect(start.ExecutionParameters).toEqual(expected.params.map(athenaLiteral));
  });

  it('defaults to DuckDB', () => {
    delete process.env[env.REPORT_ENGINE];
    expect(reportEngine().dialect).toBe('duckdb');
  });
});
