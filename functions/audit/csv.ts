/**
 * CSV (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled, CRLF between
 * rows. Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a leading
 * apostrophe: the CSV is for reading; the JSON export and the evidence pack carry the exact entries.
 */
const FORMULA = /^[=+\-@\t\r]/;

export const csvCell = (value: unknown): string => {
  let text =
    value === undefined || value === null
      ? ''
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const toCsv = (header: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
