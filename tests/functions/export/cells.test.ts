import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ENTRY_COLUMNS, entryRow } from '../../../functions/audit/evidence.ts';
import { cellValue, csvField, formulaSafe, toCsv } from '../../../functions/export/cells.ts';
import { type Column, writers } from '../../../functions/export/formats.ts';
import type { Row } from '../../../functions/export/sources.ts';

/**
 * The one formula-safe cell writer (OWASP CSV injection: text starting with = + - @ tab CR gets a
 * leading single quote), and every writer that uses it: the export formats' CSV and XLSX, and the
 * toCsv of the audit export, the evidence pack and the access review.
 */
const FORMULAS = ['=1+1', '+1 555 0100', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd'];

describe('formula-safe cells', () => {
  it.each(FORMULAS)('puts a single quote before %j', (text) => {
    expect(formulaSafe(text)).toBe(`'${text}`);
    expect(cellValue(text)).toBe(`'${text}`);
  });

  it('leaves other text, numbers, booleans and nothing as they are', () => {
    for (const text of ['Ada', "O'Neil", 'a=b', '1+1', ' =x', '']) expect(cellValue(text)).toBe(text);
    expect(cellValue(-5)).toBe(-5);
    expect(cellValue(2.5)).toBe(2.5);
    expect(cellValue(false)).toBe(false);
    expect(cellValue(null)).toBeNull();
    expect(cellValue(undefined)).toBeNull();
    expect(cellValue(12n)).toBe('12');
  });

  it('writes nested values as JSON text, itself formula-safe', () => {
    expect(cellValue({ a: 1 })).toBe('{"a":1}');
    expect(cellValue(['=x'])).toBe('["=x"]');
  });

  it('quotes CSV fields with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('\r=cmd')).toBe(`"'\r=cmd"`);
    expect(csvField(-5)).toBe('-5');
    expect(csvField(true)).toBe('true');
    expect(csvField(undefined)).toBe('');
  });
});

const rowsOf = async function* (rows: Row[]) {
  yield* rows;
};
const ROWS: Row[] = [
  { id: 'r1', name: '=HYPERLINK("http://evil.example","x")', phone: '+1 555 0100', balance: -5, ok: true },
  { id: 'r2', name: 'Ada, "the first"', phone: '@home', balance: 12.5, ok: false, tags: ['-a'] },
];
const COLUMNS: Column[] = [
  { name: 'id', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'phone', type: 'text' },
  { name: 'balance', type: 'number' },
  { name: 'ok', type: 'boolean' },
  { name: 'tags', type: 'text' },
];

const write = async (format: 'csv' | 'xlsx') => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const written = await writers[format](rowsOf(ROWS), out, {
    name: 'things',
    columns: COLUMNS,
    provenance: 'test',
  });
  out.end();
  await ended;
  return { written, file: Buffer.concat(chunks) };
};

describe('export writers', () => {
  it('CSV: formula text neutralised, numbers and booleans as they are, fields quoted', async () => {
    const { written, file } = await write('csv');
    expect(written.rows).toBe(2);
    const text = file.toString('utf8');
    expect(text.split('\n')[0]).toBe('id,name,phone,balance,ok,tags');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      {
        id: 'r1',
        name: `'=HYPERLINK("http://evil.example","x")`,
        phone: "'+1 555 0100",
        balance: '-5',
        ok: 'true',
        tags: '',
      },
      { id: 'r2', name: 'Ada, "the first"', phone: "'@home", balance: '12.5', ok: 'false', tags: '["-a"]' },
    ]);
  });

  it('XLSX: text cells neutralised like CSV, numbers stay numeric cells', async () => {
    const { file } = await write('xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const first = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(first).toEqual(['r1', `'=HYPERLINK("http://evil.example","x")`, "'+1 555 0100", -5, true]);
    expect(sheet.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(2).getCell(4).type).toBe(ExcelJS.ValueType.Number);
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual([
      'r2',
      'Ada, "the first"',
      "'@home",
      12.5,
      false,
      '["-a"]',
    ]);
  });
});

describe('toCsv (audit export, evidence pack, access review)', () => {
  it('writes CRLF lines of formula-safe fields', () => {
    expect(
      toCsv(
        ['email', 'daysSinceActive'],
        [
          ['=cmd@example.com', -1],
          ['ada@example.com', 3],
        ],
      ),
    ).toBe("email,daysSinceActive\r\n'=cmd@example.com,-1\r\nada@example.com,3\r\n");
  });

  it('neutralises an audit entry whose summary a spreadsheet would run', () => {
    const entry = {
      seq: 7,
      chainedAt: '2026-01-01T00:00:00.000Z',
      occurredAt: '2026-01-01T00:00:00.000Z',
      eventType: 'CustomerRegistered',
      context: 'customers',
      record: { type: 'customer', id: 'c1' },
      streamVersion: 1,
      actor: { email: 'owner@firefly.example', id: 'u1', role: 'owner', ip: '127.0.0.1', userAgent: 'x' },
      summary: '=1+1 registered',
      changes: { name: '=1+1' },
      correlationId: 'corr',
      eventId: 'e1',
      prevHash: 'a',
      hash: 'b',
    } as unknown as Parameters<typeof entryRow>[0];
    const [header, line] = toCsv(ENTRY_COLUMNS, [entryRow(entry)]).split('\r\n');
    const fields = parse(`${header}\n${line}`, { columns: true })[0] as Record<string, string>;
    expect(fields.seq).toBe('7');
    expect(fields.summary).toBe("'=1+1 registered");
    expect(fields.changes).toBe('{"name":"=1+1"}');
  });
});
