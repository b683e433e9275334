import type { Cell, ReportDefinition, ResultColumn, ResultRow, VisualType } from '../types.ts';

/**
 * How a result maps onto a chart: which column is the axis, which are the figures, and which dimension
 * values a mark stands for (what a drill-down asks the API for).
 */
export const VISUAL_LABELS: Record<VisualType, string> = {
  table: 'Table',
  pivot: 'Pivot',
  bar: 'Bar',
  line: 'Line',
  area: 'Area',
  pie: 'Pie',
  kpi: 'KPI',
  funnel: 'Funnel',
  scatter: 'Scatter',
};

const isFigure = (c: ResultColumn) => c.role === 'value' || c.role === 'calculation';

export interface Axes {
  /** The category or time axis: the first row dimension unless the visual names one. */
  x: ResultColumn | undefined;
  /** The figures drawn, each a series. */
  y: ResultColumn[];
}

export const axesOf = (definition: ReportDefinition, columns: ResultColumn[]): Axes => {
  const visual = definition.visual;
  const x = columns.find((c) => c.name === visual?.x) ?? columns.find((c) => c.role === 'row');
  const named = (visual?.y ?? []).flatMap((name) =>
    // A pivoted result has a column per pivot value of each figure: the figure's name picks them all.
    columns.filter((c) => c.name === name || (c.pivot && c.value === name)),
  );
  const y = named.length ? named : columns.filter(isFigure);
  return { x, y };
};

/** The row dimensions' values of a result row: the mark it stands for. */
export const pointOf = (row: ResultRow, columns: ResultColumn[]): Record<string, Cell> =>
  Object.fromEntries(columns.filter((c) => c.role === 'row').map((c) => [c.name, row[c.name] ?? null]));

/** What a figure's column means for drilling: the pivot values it adds to the mark, and its value's name. */
export const figureOf = (
  column: ResultColumn,
): { pivot: Record<string, Cell>; value: string | undefined } => ({
  pivot: column.pivot ?? {},
  value: column.role === 'value' ? (column.value ?? column.name) : undefined,
});

/** Whether the API can drill into this result: only aggregated results have marks standing for records. */
export const drillable = (columns: ResultColumn[]) => columns.some(isFigure);

/** Snake-case names read as words: `sales_cents` → "Sales", `placed_on_month` → "Placed on month". */
export const labelOf = (name: string) => {
  const words = name
    .replace(/_cents\b/, '')
    .replaceAll('_', ' ')
    .replace('.', ' ')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** A column's heading: a pivot column reads "2026 · Sales". */
export const headingOf = (column: ResultColumn) =>
  column.pivot
    ? `${Object.values(column.pivot)
        .map((v) => (v === null ? '—' : String(v)))
        .join(' / ')} · ${labelOf(column.value ?? column.name)}`
    : labelOf(column.name);

/** The axis value as text for charts (recharts keys categories by string). */
export const categoryOf = (value: Cell) => (value === null ? '—' : String(value));
