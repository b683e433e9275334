import * as z from 'zod';

/**
 * A report definition (issue 14): what the builder produces by dragging fields, what saved reports,
 * templates and (later) schedules and share links keep, and what the compiler turns into SQL. Field
 * names are the dataset's columns (`total_cents`), its joins' columns (`customer.name`) or the
 * definition's own calculated fields; the compiler checks every name against the dataset.
 */
export const AGGREGATIONS = [
  'count',
  'count_distinct',
  'sum',
  'avg',
  'min',
  'max',
  'median',
  'percentile',
] as const;
export const GRAINS = ['day', 'week', 'month', 'quarter', 'year', 'month_of_year', 'day_of_week'] as const;
export const PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const FILTER_OPS = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'contains',
  'is_null',
  'is_not_null',
  /** The last `amount` periods up to today, the current one included: `last 12 months`. */
  'in_last',
  /** The current period so far: this month, this year. */
  'in_current',
] as const;

const Name = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'Lower-case letters, digits and underscores, starting with a letter')
  .meta({ id: 'ReportName' });
/** A dataset column, a join's column (`customer.name`) or a calculated field. */
export const FieldRef = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62})?$/, 'A field name, or <join>.<field>')
  .meta({ id: 'ReportFieldRef' });
const Scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

export const ReportFilter = z
  .object({
    field: FieldRef,
    op: z.enum(FILTER_OPS),
    value: Scalar.optional().meta({ description: 'For comparisons and contains' }),
    values: z
      .array(Scalar)
      .max(1000)
      .optional()
      .meta({ description: 'For in, not_in (any) and between (two)' }),
    amount: z.number().int().min(1).max(1000).optional().meta({ description: 'For in_last' }),
    unit: z.enum(PERIODS).optional().meta({ description: 'For in_last and in_current' }),
  })
  .strict()
  .meta({ id: 'ReportFilter' });
export type ReportFilter = z.infer<typeof ReportFilter>;

export const ReportDimension = z
  .object({
    field: FieldRef,
    grain: z.enum(GRAINS).optional().meta({ description: 'For dates: the period rows group by' }),
    as: Name.optional().meta({
      description: 'Column name in the result (default: the field, with its grain)',
    }),
  })
  .strict()
  .meta({ id: 'ReportDimension' });
export type ReportDimension = z.infer<typeof ReportDimension>;

export const ReportValue = z
  .object({
    agg: z.enum(AGGREGATIONS),
    field: FieldRef.optional().meta({ description: 'Absent only for count (count of rows)' }),
    percentile: z.number().min(0.01).max(0.99).optional().meta({ description: 'For percentile: 0.9 is p90' }),
    filters: z
      .array(ReportFilter)
      .max(10)
      .optional()
      .meta({ description: 'Only rows that pass these count towards this value (a filtered measure)' }),
    as: Name.optional(),
  })
  .strict()
  .meta({ id: 'ReportValue' });
export type ReportValue = z.infer<typeof ReportValue>;

export const ReportCalculation = z
  .object({
    name: Name,
    expression: z.string().min(1).max(500).meta({
      description:
        'Arithmetic over fields (or, in `calculations`, over the values by name), e.g. total_cents - paid_cents',
    }),
  })
  .strict()
  .meta({ id: 'ReportCalculation' });
export type ReportCalculation = z.infer<typeof ReportCalculation>;

export const VISUALS = ['table', 'pivot', 'bar', 'line', 'area', 'pie', 'kpi', 'funnel', 'scatter'] as const;

/**
 * How the console draws the result: kept with the definition so a saved report opens as it was built.
 * The compiler ignores it; the names are result columns (absent: the chart picks the first fitting ones).
 */
export const ReportVisual = z
  .object({
    type: z.enum(VISUALS),
    x: Name.optional().meta({
      description: 'The category or time axis (bar, line, area, pie, funnel, scatter)',
    }),
    y: z
      .array(Name)
      .max(10)
      .optional()
      .meta({ description: 'The figures drawn; scatter draws the first two' }),
    compare: z
      .enum(['previous_period'])
      .optional()
      .meta({ description: 'KPI: set the figure beside the same span one period before' }),
  })
  .strict()
  .meta({ id: 'ReportVisual' });
export type ReportVisual = z.infer<typeof ReportVisual>;

export const ReportDefinition = z
  .object({
    dataset: z.string().min(1).max(64),
    fields: z
      .array(ReportCalculation)
      .max(20)
      .default([])
      .meta({ description: 'Calculated fields per row, usable as fields anywhere below' }),
    rows: z.array(ReportDimension).max(6).default([]),
    columns: z
      .array(ReportDimension)
      .max(2)
      .default([])
      .meta({ description: 'Pivot: each value of these becomes its own column of every value' }),
    values: z.array(ReportValue).max(20).default([]).meta({
      description: 'Aggregates; with none, the rows are listed as they are (a drill-down)',
    }),
    calculations: z
      .array(ReportCalculation)
      .max(20)
      .default([])
      .meta({ description: 'Figures from the values by name, e.g. converted / leads' }),
    filters: z.array(ReportFilter).max(20).default([]),
    sort: z
      .array(z.object({ by: Name, direction: z.enum(['asc', 'desc']).default('asc') }).strict())
      .max(6)
      .default([])
      .meta({ description: 'By result column names; default: the rows in order' }),
    limit: z.number().int().min(1).max(1_000_000).optional(),
    visual: ReportVisual.optional(),
  })
  .strict()
  .meta({ id: 'ReportDefinition' });
export type ReportDefinition = z.infer<typeof ReportDefinition>;
export type ReportDefinitionInput = z.input<typeof ReportDefinition>;
