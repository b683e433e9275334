import { CsvError, parse } from 'csv-parse/sync';

/**
 * Reads the forecasting CLI's input (`series,date,value`) into one regular series per name, and writes
 * its output. Dates are `YYYY-MM`, `YYYY-MM-DD` (monthly, quarterly, weekly or daily steps) or integer
 * periods; missing periods become gaps (NaN) that the engine fills and reports.
 */
export class InputError extends Error {}

type Calendar = 'month' | 'day' | 'period';

export type InputSeries = {
  name: string;
  values: number[];
  /** The period after the last one, k steps on, in the input's own date format. */
  dateAfter: (k: number) => string;
  /** Observations per season the dates imply, if they imply one. */
  season: number | undefined;
  calendar: Calendar;
};

const MONTH = /^(\d{4})-(\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^-?\d+$/;

const calendarOf = (date: string): Calendar | undefined =>
  MONTH.test(date) ? 'month' : DAY.test(date) ? 'day' : PERIOD.test(date) ? 'period' : undefined;

/** A date as a number on its calendar: months since year 0, days since 1970, or the period itself. */
const ordinal = (date: string, calendar: Calendar): number | undefined => {
  if (calendar === 'period') return Number(date);
  if (calendar === 'month') {
    const [, y, m] = MONTH.exec(date)!;
    const month = Number(m);
    return month >= 1 && month <= 12 ? Number(y) * 12 + month - 1 : undefined;
  }
  const ms = Date.parse(`${date}T00:00:00Z`);
  // Date.parse rolls 2024-02-30 over to March: a round trip catches it.
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? undefined : ms / 86_400_000;
};

const monthText = (ordinalMonth: number) =>
  `${String(Math.floor(ordinalMonth / 12)).padStart(4, '0')}-${String((ordinalMonth % 12) + 1).padStart(2, '0')}`;
const dayText = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

export const readSeries = (text: string, file: string): InputSeries[] => {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse types its sync result as rows of strings whatever the options; with `info` each is {record, info}.
    rows = parse(text, {
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as unknown as typeof rows;
  } catch (error) {
    if (error instanceof CsvError) throw new InputError(`${file}:${error.lines ?? '?'}: ${error.message}`);
    throw error;
  }
  const header = rows.shift();
  const columns = header?.record.map((c) => c.toLowerCase()) ?? [];
  const at = Object.fromEntries(['series', 'date', 'value'].map((c) => [c, columns.indexOf(c)]));
  const absent = Object.entries(at).filter(([, i]) => i < 0);
  if (!header || absent.length)
    throw new InputError(
      `${file}:1: the header must name the columns series,date,value (missing: ${absent.map(([c]) => c).join(', ')})`,
    );
  const bySeries = new Map<
    string,
    { calendar: Calendar; points: { at: number; value: number; line: number }[] }
  >();
  for (const { record, info } of rows) {
    const line = info.lines;
    const cell = (c: string) => record[at[c]!] ?? '';
    const where = (c: string) => `${file}:${line}:${at[c]! + 1}`;
    if (record.length !== columns.length)
      throw new InputError(`${file}:${line}: expected ${columns.length} columns, found ${record.length}`);
    const name = cell('series');
    if (!name) throw new InputError(`${where('series')}: the series name is empty`);
    const date = cell('date');
    const calendar = calendarOf(date);
    if (!calendar)
      throw new InputError(
        `${where('date')}: "${date}" is not a date (YYYY-MM or YYYY-MM-DD) or an integer period`,
      );
    const position = ordinal(date, calendar);
    if (position === undefined) throw new InputError(`${where('date')}: "${date}" is not a real date`);
    const raw = cell('value');
    const missing = raw === '' || raw.toUpperCase() === 'NA';
    const value = missing ? Number.NaN : Number(raw);
    if (!missing && !Number.isFinite(value))
      throw new InputError(
        `${where('value')}: "${raw}" is not a number (leave it empty or write NA if missing)`,
      );
    const entry = bySeries.get(name) ?? { calendar, points: [] };
    if (entry.calendar !== calendar)
      throw new InputError(
        `${where('date')}: series "${name}" mixes date formats (${entry.calendar} and ${calendar})`,
      );
    const twin = entry.points.find((p) => p.at === position);
    if (twin)
      throw new InputError(`${where('date')}: series "${name}" has ${date} twice (also line ${twin.line})`);
    entry.points.push({ at: position, value, line });
    bySeries.set(name, entry);
  }
  if (!bySeries.size) throw new InputError(`${file}: no rows after the header`);
  return [...bySeries].map(([name, { calendar, points }]) => toSeries(name, calendar, points, file));
};

const toSeries = (
  name: string,
  calendar: Calendar,
  points: { at: number; value: number; line: number }[],
  file: string,
): InputSeries => {
  points.sort((a, b) => a.at - b.at);
  const first = points[0]!.at;
  const last = points[points.length - 1]!.at;
  // The step between periods: months for YYYY-MM; for days the smallest gap, so monthly dates on the
  // same day of month count as months (their gaps in days differ).
  let step = 1;
  let unit: 'month' | 'day' | 'period' = calendar;
  let season: number | undefined = calendar === 'month' ? 12 : undefined;
  if (calendar === 'day' && points.length > 1) {
    const sameDay = new Set(points.map((p) => dayText(p.at).slice(8))).size === 1;
    if (sameDay && new Date(points[0]!.at * 86_400_000).getUTCDate() <= 28) {
      unit = 'month';
      const months = points.map((p) => {
        const d = dayText(p.at);
        return Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
      });
      step = Math.min(...months.slice(1).map((m, i) => m - months[i]!));
      season = step === 1 ? 12 : step === 3 ? 4 : undefined;
    } else {
      step = Math.min(...points.slice(1).map((p, i) => p.at - points[i]!.at));
      season = step === 1 ? 7 : step === 7 ? 52 : undefined;
    }
  }
  const positionOf = (p: { at: number }) => {
    if (unit === 'month' && calendar === 'day') {
      const d = dayText(p.at);
      return Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
    }
    return p.at;
  };
  const start = positionOf(points[0]!);
  const end = positionOf(points[points.length - 1]!);
  const count = Math.round((end - start) / step) + 1;
  const values = new Array<number>(count).fill(Number.NaN);
  for (const p of points) {
    const offset = (positionOf(p) - start) / step;
    if (!Number.isInteger(offset))
      throw new InputError(
        `${file}:${p.line}: series "${name}" is not on a regular step of ${step} ${unit}(s)`,
      );
    values[offset] = p.value;
  }
  const day = calendar === 'day' ? dayText(first).slice(8) : '';
  const dateAfter = (k: number) => {
    if (calendar === 'month') return monthText(last + k);
    if (calendar === 'period') return String(last + k * step);
    if (unit === 'month') return `${monthText(end + k * step)}-${day}`;
    return dayText(last + k * step);
  };
  return { name, values, dateAfter, season, calendar };
};

/** One CSV cell: quoted when it holds a comma, quote or line break (model labels such as ETS(M,A,M) do). */
const cell = (v: string | number) => {
  const s = typeof v === 'number' ? String(Number(v.toPrecision(8))) : v;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export const csvLine = (cells: (string | number)[]) => `${cells.map(cell).join(',')}\n`;
