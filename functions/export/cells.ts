/**
 * The one cell writer of every spreadsheet-shaped file the platform produces: the export formats (CSV
 * and XLSX, functions/export/formats.ts), the audit log's CSV and evidence pack, and the access review.
 *
 * Formula safety follows OWASP's CSV injection guidance: text that a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading single quote, in CSV
 * and in XLSX text cells alike. Numbers and booleans stay what they are (a negative number is not a
 * formula); nested values become JSON text, and JSON text is treated like any other text. The JSON
 * exports carry values exactly; these files are for people reading them in a spreadsheet.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet cannot run: formula-starting text behind a single quote, other text as it is. */
export const formulaSafe = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

export type CellValue = string | number | boolean | null;

/** A value as one cell: nothing as empty (null), numbers and booleans kept, everything else safe text. */
export const cellValue = (value: unknown): CellValue => {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return String(value);
  return formulaSafe(typeof value === 'object' ? JSON.stringify(value) : String(value));
};

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. */
export const csvField = (value: unknown): string => {
  const cell = cellValue(value);
  const text = cell === null ? '' : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One CSV record, without its line ending. */
export const csvLine = (values: readonly unknown[]): string => values.map(csvField).join(',');

/** A whole CSV document: a header and rows, each line ended by `eol` (RFC 4180: CRLF). */
export const toCsv = (
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  eol: '\r\n' | '\n' = '\r\n',
): string => [header, ...rows].map((row) => `${csvLine(row)}${eol}`).join('');
