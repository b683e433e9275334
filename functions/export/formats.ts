import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { cellValue, csvLine } from './cells.ts';
import type { Format } from './format-names.ts';
import type { Row } from './sources.ts';

export { FORMAT_INFO, FORMATS, type Format } from './format-names.ts';

/**
 * Export formats, each streaming rows into a writable with backpressure, so an export of any size
 * runs in constant memory. Tabular formats (CSV, XLSX, SQL) take their columns up front; nested
 * values become JSON text in one cell. CSV and XLSX cells come from the one formula-safe cell writer
 * (cells.ts); SQL literals carry values exactly. JSON keeps rows as they are.
 */
export type ColumnType = 'boolean' | 'integer' | 'number' | 'text';
export interface Column {
  name: string;
  type: ColumnType;
}

const typeOf = (value: unknown): ColumnType | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'text';
};

const widen = (a: ColumnType | undefined, b: ColumnType | undefined): ColumnType | undefined => {
  if (!a) return b;
  if (!b || a === b) return a;
  if ((a === 'integer' && b === 'number') || (a === 'number' && b === 'integer')) return 'number';
  return 'text';
};

/** Learns columns and their types from rows: first-seen order, `id` first. */
export class ColumnScanner {
  private readonly types = new Map<string, ColumnType | undefined>();

  add(row: Row) {
    for (const [name, value] of Object.entries(row)) {
      this.types.set(name, widen(this.types.get(name), typeOf(value)));
    }
  }

  columns(): Column[] {
    const names = [...this.types.keys()];
    const ordered = names.includes('id') ? ['id', ...names.filter((n) => n !== 'id')] : names;
    return ordered.map((name) => ({ name, type: this.types.get(name) ?? 'text' }));
  }
}

/** Writes text in chunks of about 64 KB, waiting whenever the writable asks to. */
class ChunkWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable) {}

  async write(text: string) {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 65_536) await this.flush();
  }

  async flush() {
    if (this.size === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

export interface FormatContext {
  /** Table or sheet name. */
  name: string;
  columns?: Column[];
  /** A comment naming the export, where the format has comments (SQL). */
  provenance: string;
  onRow?: (rows: number) => void;
}

export interface Written {
  rows: number;
  warnings: string[];
}

const json = async (rows: AsyncIterable<Row>, out: Writable, ctx: FormatContext): Promise<Written> => {
  const writer = new ChunkWriter(out);
  let count = 0;
  await writer.write('[');
  for await (const row of rows) {
    await writer.write(`${count === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
    count += 1;
    ctx.onRow?.(count);
  }
  await writer.write(count === 0 ? ']\n' : '\n]\n');
  await writer.flush();
  return { rows: count, warnings: [] };
};

/** CSV with the shared formula-safe cells (functions/export/cells.ts), one `\n` per record. */
const csv = async (rows: AsyncIterable<Row>, out: Writable, ctx: FormatContext): Promise<Written> => {
  const writer = new ChunkWriter(out);
  const names = (ctx.columns ?? []).map((c) => c.name);
  await writer.write(`${csvLine(names)}\n`);
  let count = 0;
  for await (const row of rows) {
    await writer.write(`${csvLine(names.map((name) => row[name]))}\n`);
    count += 1;
    ctx.onRow?.(count);
  }
  await writer.flush();
  return { rows: count, warnings: [] };
};

/** Excel's limits: rows per sheet (with the header) and characters per cell. */
export const XLSX_MAX_ROWS = 1_048_576;
export const XLSX_MAX_CELL = 32_767;

/**
 * How much of a streamed sheet exceljs has written but its zip has not yet taken. exceljs's stream
 * writer ignores backpressure (its sheet stream writes into the zip entry regardless), so without
 * waiting on this a million rows sit in memory. Reads exceljs internals; 0 when they are not there.
 */
type Buffered = { _writableState?: { length: number }; _readableState?: { length: number } };
const sheetBacklog = (sheet: ExcelJS.Worksheet): number => {
  const pipes = (sheet as unknown as { stream?: { pipes?: Buffered[] } }).stream?.pipes ?? [];
  return pipes.reduce((n, p) => n + (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0), 0);
};
const XLSX_MAX_BACKLOG = 4 * 1024 * 1024;

const sheetName = (name: string, n: number) =>
  `${name.replace(/[[\]:*?/\\]/g, '_').slice(0, 25)}${n > 1 ? ` (${n})` : ''}`;

const xlsx = async (rows: AsyncIterable<Row>, out: Writable, ctx: FormatContext): Promise<Written> => {
  // exceljs and its zip libraries are about 700 KB of code only XLSX needs: loaded here, on first use, so
  // every other export (and every function that only imports this module's names) starts without them.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const names = (ctx.columns ?? []).map((c) => c.name);
  let sheets = 0;
  let sheet: ExcelJS.Worksheet | undefined;
  let inSheet = 0;
  let truncated = 0;
  const newSheet = () => {
    sheet?.commit();
    sheets += 1;
    sheet = workbook.addWorksheet(sheetName(ctx.name, sheets));
    sheet.addRow(names).commit();
    inSheet = 1;
  };
  newSheet();
  let count = 0;
  for await (const row of rows) {
    if (inSheet >= XLSX_MAX_ROWS) newSheet();
    const values = names.map((name) => {
      // Text cells are formula-safe like CSV's (functions/export/cells.ts); numbers stay numbers.
      const value = cellValue(row[name]);
      if (typeof value === 'string' && value.length > XLSX_MAX_CELL) {
        truncated += 1;
        return value.slice(0, XLSX_MAX_CELL);
      }
      return value;
    });
    sheet!.addRow(values).commit();
    inSheet += 1;
    count += 1;
    ctx.onRow?.(count);
    // exceljs writes without waiting: wait here while its zip or the writable is behind.
    if (count % 256 === 0) {
      while (sheetBacklog(sheet!) > XLSX_MAX_BACKLOG) await new Promise((r) => setTimeout(r, 1));
      if (out.writableNeedDrain) await once(out, 'drain');
    }
  }
  sheet!.commit();
  await workbook.commit();
  const warnings = [];
  if (truncated)
    warnings.push(`${truncated} cells were longer than Excel's ${XLSX_MAX_CELL} characters and were cut`);
  if (sheets > 1)
    warnings.push(`Rows are spread over ${sheets} sheets (Excel holds ${XLSX_MAX_ROWS} rows per sheet)`);
  return { rows: count, warnings };
};

/** A double-quoted SQL identifier (both PostgreSQL and SQLite). */
export const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

const SQL_TYPES: Record<ColumnType, string> = {
  boolean: 'BOOLEAN',
  integer: 'BIGINT',
  number: 'DOUBLE PRECISION',
  text: 'TEXT',
};

/**
 * A SQL literal both PostgreSQL (standard_conforming_strings on, its default) and SQLite (3.23+, for
 * TRUE/FALSE) read the same way. PostgreSQL text cannot hold NUL characters: they are dropped.
 */
const literal = (value: unknown, type: ColumnType, stripped: { count: number }): string => {
  if (value === undefined || value === null) return 'NULL';
  if (type === 'boolean' && typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if ((type === 'integer' || type === 'number') && typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (text.includes('\u0000')) {
    stripped.count += 1;
    text = text.replaceAll('\u0000', '');
  }
  return `'${text.replace(/'/g, "''")}'`;
};

const sql = async (rows: AsyncIterable<Row>, out: Writable, ctx: FormatContext): Promise<Written> => {
  const writer = new ChunkWriter(out);
  const columns = ctx.columns ?? [];
  const table = identifier(ctx.name);
  const list = columns.map((c) => identifier(c.name)).join(', ');
  const definitions = columns.map(
    (c) => `  ${identifier(c.name)} ${SQL_TYPES[c.type]}${c.name === 'id' ? ' PRIMARY KEY' : ''}`,
  );
  await writer.write(
    `${ctx.provenance
      .split('\n')
      .map((l) => `-- ${l}`)
      .join('\n')}\n-- Loads into PostgreSQL (psql -f) and SQLite (sqlite3 db < file).\nBEGIN;\n` +
      `CREATE TABLE ${table} (\n${definitions.join(',\n')}\n);\n`,
  );
  const stripped = { count: 0 };
  let count = 0;
  let inStatement = 0;
  for await (const row of rows) {
    const values = columns.map((c) => literal(row[c.name], c.type, stripped)).join(', ');
    await writer.write(`${inStatement === 0 ? `INSERT INTO ${table} (${list}) VALUES\n` : ',\n'}(${values})`);
    inStatement += 1;
    count += 1;
    ctx.onRow?.(count);
    if (inStatement >= 500) {
      await writer.write(';\n');
      inStatement = 0;
    }
  }
  await writer.write(`${inStatement > 0 ? ';\n' : ''}COMMIT;\n`);
  await writer.flush();
  return {
    rows: count,
    warnings: stripped.count ? [`${stripped.count} values held NUL characters, which were dropped`] : [],
  };
};

export const writers: Record<
  Format,
  (rows: AsyncIterable<Row>, out: Writable, ctx: FormatContext) => Promise<Written>
> = { json, csv, xlsx, sql };

export const isTabular = (format: Format) => format !== 'json';
