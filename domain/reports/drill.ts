import type {
  ReportCalculation,
  ReportDefinition,
  ReportDimension,
  ReportFilter,
} from '../../events/contexts/report-definition.ts';
import {
  addPeriods,
  DefinitionError,
  dimensionName,
  lastPeriods,
  periodStart,
  valueName,
} from './compile.ts';
import { datasetColumns, isDataset } from './dataset.ts';
import type { Cell } from './dataset-rows.ts';

/**
 * Definitions derived from a report's own: the records behind one mark of its chart (a drill-down), and
 * the same report one period earlier (a KPI's comparison). Both are ordinary definitions, so they compile,
 * bind their values and check permissions exactly as the report does.
 */

/** A mark: the result's dimension columns and their values (`{ created_on_month: '2026-03-01' }`). */
export type DrillPoint = Record<string, Cell>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const dayBefore = (day: string) => addPeriods(day, 'day', -1);

/** The filters (and any helper field) that keep only the rows one dimension value groups together. */
const pointFilters = (
  d: ReportDimension,
  value: Cell,
  at: string,
  helper: string,
): { filters: ReportFilter[]; fields: ReportCalculation[] } => {
  if (value === null) return { filters: [{ field: d.field, op: 'is_null' }], fields: [] };
  const grain = d.grain ?? 'day';
  if (!d.grain || grain === 'day') return { filters: [{ field: d.field, op: 'equals', value }], fields: [] };
  if (grain === 'month_of_year' || grain === 'day_of_week') {
    if (typeof value !== 'number') throw new DefinitionError(at, `${dimensionName(d)} is a number`);
    const fn = grain === 'month_of_year' ? 'month' : 'weekday';
    return {
      filters: [{ field: helper, op: 'equals', value }],
      fields: [{ name: helper, expression: `${fn}(${d.field})` }],
    };
  }
  if (grain === 'year') {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new DefinitionError(at, `${dimensionName(d)} is a year`);
    return {
      filters: [{ field: d.field, op: 'between', values: [`${value}-01-01`, `${value}-12-31`] }],
      fields: [],
    };
  }
  if (typeof value !== 'string' || !DAY.test(value))
    throw new DefinitionError(at, `${dimensionName(d)} is the first day of a ${grain}: give YYYY-MM-DD`);
  const from = periodStart(value, grain);
  return {
    filters: [{ field: d.field, op: 'between', values: [from, dayBefore(addPeriods(from, grain, 1))] }],
    fields: [],
  };
};

/**
 * The records behind a mark: every column of the dataset (and the joined or calculated fields the
 * report groups by), under the report's filters, the value's own filters when a value is named, and one
 * filter per dimension of the mark. A mark names only dimensions of the report; leaving one out keeps
 * every value of it (a bar of a stacked chart, a total).
 */
export const drillDefinition = (
  definition: ReportDefinition,
  point: DrillPoint,
  value?: string,
): ReportDefinition => {
  if (!isDataset(definition.dataset)) throw new DefinitionError('definition.dataset', 'Unknown dataset');
  const dims = new Map([...definition.rows, ...definition.columns].map((d) => [dimensionName(d), d]));
  const helpers: ReportCalculation[] = [];
  const filters: ReportFilter[] = [...definition.filters];
  Object.entries(point).forEach(([name, cell], i) => {
    const d = dims.get(name);
    if (!d)
      throw new DefinitionError(
        `point.${name}`,
        `${name} is not a dimension of this report: use ${[...dims.keys()].join(', ') || 'none (it has none)'}`,
      );
    const helper = `drill_${i}`;
    const made = pointFilters(d, cell, `point.${name}`, helper);
    filters.push(...made.filters);
    helpers.push(...made.fields);
  });
  if (value !== undefined) {
    const measure = definition.values.find((v) => valueName(v) === value);
    if (!measure)
      throw new DefinitionError(
        'value',
        `${value} is not a value of this report: use ${definition.values.map(valueName).join(', ') || 'none'}`,
      );
    filters.push(...(measure.filters ?? []));
  }
  const base = datasetColumns(definition.dataset).map((c) => c.name);
  const taken = new Set(base);
  // The fields a report groups by that are not the dataset's own columns: shown, so the rows explain the mark.
  const extra = [...dims.values()]
    .map((d) => d.field)
    .filter((field, i, all) => all.indexOf(field) === i && !taken.has(field))
    .filter((field) => !taken.has(field.replace('.', '_')));
  return {
    dataset: definition.dataset,
    fields: [...definition.fields, ...helpers],
    rows: [...base, ...extra].map((field) => ({ field })),
    columns: [],
    values: [],
    calculations: [],
    filters,
    sort: [],
  };
};

/** A relative date filter moved back by its own span: the last 12 months become the 12 before them. */
const shiftBack = (f: ReportFilter, today: string): ReportFilter => {
  if ((f.op !== 'in_last' && f.op !== 'in_current') || !f.unit) return f;
  const amount = f.op === 'in_current' ? 1 : (f.amount ?? 1);
  const span = lastPeriods(today, amount, f.unit);
  return {
    field: f.field,
    op: 'between',
    values: [addPeriods(span.from, f.unit, -amount), addPeriods(span.to, f.unit, -amount)],
  };
};

const relative = (f: ReportFilter) => f.op === 'in_last' || f.op === 'in_current';

/**
 * The report over the span before the one its relative date filters cover (this month so far against
 * the same days of last month): what a KPI compares with. Without a relative date filter there is no
 * period to step back from, and the problem says so at the visual.
 */
export const previousPeriod = (definition: ReportDefinition, today: string): ReportDefinition => {
  const any =
    definition.filters.some(relative) || definition.values.some((v) => (v.filters ?? []).some(relative));
  if (!any)
    throw new DefinitionError(
      'visual.compare',
      'Comparing with the previous period needs a relative date filter (in the last …, in the current …)',
    );
  return {
    ...definition,
    filters: definition.filters.map((f) => shiftBack(f, today)),
    values: definition.values.map((v) =>
      v.filters ? { ...v, filters: v.filters.map((f) => shiftBack(f, today)) } : v,
    ),
  };
};
