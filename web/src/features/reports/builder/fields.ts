import type {
  Aggregation,
  Dataset,
  FieldType,
  Grain,
  ReportDefinition,
  ReportDimension,
  ReportFilter,
  ReportValue,
} from '../types.ts';

/** The builder's rules about fields: what fits which type, what a dropped field starts as. */
export const ZONES = ['rows', 'columns', 'values', 'filters'] as const;
export type Zone = (typeof ZONES)[number];
export const ZONE_LABELS: Record<Zone, string> = {
  rows: 'Rows',
  columns: 'Columns (pivot)',
  values: 'Values',
  filters: 'Filters',
};

export interface FieldInfo {
  /** As a definition names it: `total_cents`, `customer.name`, or a calculated field's name. */
  ref: string;
  type: FieldType;
  description: string;
  /** The join it comes through, or "calculated". */
  group: string;
}

const numeric = (t: FieldType) => t === 'integer' || t === 'number';

/** The dataset's fields, its joins' fields and the definition's calculated fields (typed as numbers). */
export const fieldsOf = (dataset: Dataset | undefined, definition: ReportDefinition): FieldInfo[] => [
  ...(dataset?.fields ?? []).map((f) => ({
    ref: f.name,
    type: f.type,
    description: f.description,
    group: dataset!.name,
  })),
  ...(dataset?.joins ?? []).flatMap((j) =>
    j.fields.map((f) => ({
      ref: `${j.name}.${f.name}`,
      type: f.type,
      description: f.description,
      group: j.name,
    })),
  ),
  ...(definition.fields ?? []).map((f) => ({
    ref: f.name,
    type: 'number' as const,
    description: f.expression,
    group: 'calculated',
  })),
];

export const AGGREGATION_LABELS: Record<Aggregation, string> = {
  count: 'Count of rows',
  count_distinct: 'Count distinct',
  sum: 'Sum',
  avg: 'Average',
  min: 'Minimum',
  max: 'Maximum',
  median: 'Median',
  percentile: 'Percentile',
};

/** Only the aggregations the engine accepts for a type (the API refuses the rest with a 422). */
export const aggregationsFor = (type: FieldType | undefined): Aggregation[] =>
  type === undefined
    ? ['count']
    : numeric(type)
      ? ['sum', 'avg', 'min', 'max', 'median', 'percentile', 'count', 'count_distinct']
      : type === 'boolean'
        ? ['count', 'count_distinct']
        : ['count', 'count_distinct', 'min', 'max'];

export const GRAIN_LABELS: Record<Grain, string> = {
  day: 'Day',
  week: 'Week',
  month: 'Month',
  quarter: 'Quarter',
  year: 'Year',
  month_of_year: 'Month of the year',
  day_of_week: 'Day of the week',
};

export type FilterOp = ReportFilter['op'];
export const OP_LABELS: Record<FilterOp, string> = {
  equals: 'is',
  not_equals: 'is not',
  in: 'is one of',
  not_in: 'is none of',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  contains: 'contains',
  is_null: 'is empty',
  is_not_null: 'is not empty',
  in_last: 'in the last',
  in_current: 'in the current',
};

export const opsFor = (type: FieldType): FilterOp[] =>
  type === 'date'
    ? ['in_last', 'in_current', 'between', 'equals', 'gte', 'lte', 'is_null', 'is_not_null']
    : numeric(type)
      ? ['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'is_null', 'is_not_null']
      : type === 'boolean'
        ? ['equals', 'is_null', 'is_not_null']
        : ['equals', 'not_equals', 'in', 'not_in', 'contains', 'is_null', 'is_not_null'];

/** What a field dropped into a zone starts as: a month for dates, a sum for numbers, the last 12 months. */
export const dropped = (zone: Zone, field: FieldInfo): ReportDimension | ReportValue | ReportFilter => {
  if (zone === 'rows' || zone === 'columns')
    return field.type === 'date' ? { field: field.ref, grain: 'month' } : { field: field.ref };
  if (zone === 'values')
    return numeric(field.type)
      ? { agg: 'sum', field: field.ref }
      : { agg: 'count_distinct', field: field.ref };
  if (field.type === 'date') return { field: field.ref, op: 'in_last', amount: 12, unit: 'month' };
  if (field.type === 'boolean') return { field: field.ref, op: 'equals', value: true };
  return { field: field.ref, op: 'is_not_null' };
};

/** A definition worth previewing: a dataset and something to show. */
export const previewable = (d: ReportDefinition) =>
  d.dataset !== '' && ((d.rows ?? []).length > 0 || (d.values ?? []).length > 0);

/**
 * The problem's messages by the part of the definition they name, in one spelling: the 422's
 * `definition.values[1].agg` and a 400's `body.definition.values.1.agg` both become `values.1.agg`.
 */
export const problemsByPath = (error: unknown): Map<string, string> => {
  const out = new Map<string, string>();
  // Read as the ApiError's problem without importing the client, so the rules stay testable on their own.
  const errors = (error as { problem?: { errors?: { path: string; message: string }[] } } | null)?.problem
    ?.errors;
  for (const { path, message } of errors ?? []) {
    const key = path
      .replace(/^body\./, '')
      .replace(/^definition\.?/, '')
      .replace(/\[(\d+)\]/g, '.$1');
    out.set(key, out.has(key) ? `${out.get(key)}; ${message}` : message);
  }
  return out;
};

/** The messages at a part of the definition or inside it (`values.1` takes `values.1.agg`). */
export const messagesAt = (problems: Map<string, string>, at: string): string[] =>
  [...problems].filter(([path]) => path === at || path.startsWith(`${at}.`)).map(([, m]) => m);
