import type { SharedFilter } from '../../events/contexts/dashboards.ts';
import type { ReportDefinition, ReportFilter } from '../../events/contexts/report-definition.ts';
import { type ColumnType, DATASETS, type DatasetSpec, datasetColumns, isDataset, TABLES } from './dataset.ts';

/**
 * A dashboard's shared filters on one tile's report (issue 14): each filter either fits the tile's
 * dataset and becomes one of its ReportFilters, or is left out with the reason, which the tile shows.
 */
export type SharedFilterOutcome =
  | { index: number; applied: true; field: string }
  | { index: number; applied: false; reason: string };

/** The type of a dataset column or a join's column (`customer.name`); undefined when it has none. */
export const fieldType = (dataset: string, field: string): ColumnType | undefined => {
  if (!isDataset(dataset)) return undefined;
  const [first, second] = field.split('.');
  if (second === undefined) return datasetColumns(dataset).find((c) => c.name === first)?.type;
  const join = (DATASETS[dataset] as DatasetSpec).joins[first!];
  return join ? TABLES[join.table].columns.find((c) => c.name === second)?.type : undefined;
};

/** Ops that say whether a value is there, not where it lies: a date range leaves them in place. */
const PRESENCE = new Set<ReportFilter['op']>(['is_null', 'is_not_null']);

/**
 * The date a report is about: the first it groups by, else the first it takes a range of (not one it
 * only asks to be empty, such as orders not cancelled).
 */
export const reportDate = (definition: ReportDefinition): string | undefined => {
  const isDate = (field: string) => fieldType(definition.dataset, field) === 'date';
  const grouped = [...definition.rows, ...definition.columns].find((d) => isDate(d.field));
  return grouped?.field ?? definition.filters.find((f) => isDate(f.field) && !PRESENCE.has(f.op))?.field;
};

const rangeFilter = (
  field: string,
  range: Extract<SharedFilter, { kind: 'date' }>['range'],
): ReportFilter => {
  switch (range.op) {
    case 'in_last':
      return { field, op: 'in_last', amount: range.amount, unit: range.unit };
    case 'in_current':
      return { field, op: 'in_current', unit: range.unit };
    case 'between':
      return { field, op: 'between', values: [range.from, range.to] };
  }
};

/**
 * The tile's definition with the shared filters that fit it. A date range replaces the report's own
 * range on the same date (the dashboard chooses the period); an equality filter narrows the report.
 */
export const withSharedFilters = (
  definition: ReportDefinition,
  shared: readonly SharedFilter[],
): { definition: ReportDefinition; outcomes: SharedFilterOutcome[] } => {
  let filters = [...definition.filters];
  const outcomes = shared.map((filter, index): SharedFilterOutcome => {
    if (filter.kind === 'date') {
      const field = filter.field ?? reportDate(definition);
      if (!field) return { index, applied: false, reason: 'This report has no date to filter' };
      if (fieldType(definition.dataset, field) !== 'date')
        return { index, applied: false, reason: `This report's data has no date ${field}` };
      filters = [
        ...filters.filter((f) => f.field !== field || PRESENCE.has(f.op)),
        rangeFilter(field, filter.range),
      ];
      return { index, applied: true, field };
    }
    const type = fieldType(definition.dataset, filter.field);
    if (!type || type === 'date')
      return { index, applied: false, reason: `This report's data has no field ${filter.field}` };
    filters = [...filters, { field: filter.field, op: 'in', values: [...filter.values] }];
    return { index, applied: true, field: filter.field };
  });
  return { definition: { ...definition, filters }, outcomes };
};
