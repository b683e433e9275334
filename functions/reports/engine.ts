import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Param } from '../../domain/reports/compile.ts';
import type { Column, ColumnType, TableName } from '../../domain/reports/dataset.ts';
import type { Cell, Row } from '../../domain/reports/dataset-rows.ts';
import type { ReportEngine } from './engine-port.ts';

/**
 * DuckDB in process: one in-memory database per warm container, whose views over the dataset's Parquet
 * files the report queries read. Parquet support is built in (no extension download: there is no
 * network in the function's path), so files are read from local disk.
 */
const SQL_TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
};

let connection: Promise<DuckDBConnection> | undefined;

export const duck = (): Promise<DuckDBConnection> => {
  connection ??= DuckDBInstance.create(':memory:').then((db) => db.connect());
  return connection;
};

/** A path or name we made ourselves, as a SQL string literal. */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Writes rows to a Parquet file with the columns' declared types (an empty table keeps its schema). */
export const writeParquet = async (columns: readonly Column[], rows: readonly Row[], path: string) => {
  const db = await duck();
  const staged = join(tmpdir(), `firefly-rows-${randomUUID()}.ndjson`);
  await writeFile(staged, rows.map((r) => JSON.stringify(r)).join('\n'));
  try {
    const spec = columns.map((c) => `${c.name}: '${SQL_TYPES[c.type]}'`).join(', ');
    await db.run(
      `COPY (SELECT * FROM read_json(${literal(staged)}, format = 'newline_delimited', columns = {${spec}})) TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    await rm(staged, { force: true });
  }
};

/** A BIGINT or HUGEINT arrives as text in JSON form; figures are numbers. */
const INTEGER_TYPES = new Set(['BIGINT', 'HUGEINT', 'INTEGER', 'SMALLINT', 'TINYINT', 'UBIGINT', 'UINTEGER']);

export const query = async (sql: string, params: readonly Param[] = []): Promise<Row[]> => {
  const db = await duck();
  const reader = await db.runAndReadAll(sql, params as Param[]);
  const types = reader.columnTypes().map(String);
  const names = reader.columnNames();
  return reader.getRowObjectsJson().map((raw) => {
    const row: Row = {};
    names.forEach((name, i) => {
      const value = raw[name] as Cell;
      const type = types[i]!;
      row[name] =
        value !== null && (INTEGER_TYPES.has(type) || type.startsWith('DECIMAL')) ? Number(value) : value;
    });
    return row;
  });
};

export const readParquet = (path: string): Promise<Row[]> =>
  query(`SELECT * FROM read_parquet(${literal(path)})`);

/** Points the table's view at a Parquet file: queries name tables, never files. */
export const attach = async (table: TableName, path: string) => {
  const db = await duck();
  await db.run(`CREATE OR REPLACE VIEW "${table}" AS SELECT * FROM read_parquet(${literal(path)})`);
};

/** Where the tables' Parquet files are on local disk, fetched if need be. */
export type TableFiles = (tables: readonly TableName[]) => Promise<ReadonlyMap<TableName, string>>;

/** The tables' views as this container last pointed them, so an unchanged file is not attached again. */
const attached = new Map<TableName, string>();

/** The DuckDB engine over the Parquet files `files` finds. */
export const duckdbEngine = (files: TableFiles): ReportEngine => ({
  dialect: 'duckdb',
  attach: async (tables) => {
    const paths = await files(tables);
    for (const table of tables) {
      const path = paths.get(table);
      if (!path) throw new Error(`No Parquet file for ${table}`);
      if (attached.get(table) !== path) {
        await attach(table, path);
        attached.set(table, path);
      }
    }
  },
  query,
});
