import type { ReportDefinition, ReportFilter } from './api';
import { VISUAL_LABELS } from './visual/model';

const filterText = (f: ReportFilter): string => {
  const what = f.field;
  switch (f.op) {
    case 'in_last':
      return `${what} in the last ${f.amount ?? 1} ${f.unit ?? 'period'}${(f.amount ?? 1) === 1 ? '' : 's'}`;
    case 'in_current':
      return `${what} in the current ${f.unit ?? 'period'}`;
    case 'is_null':
      return `${what} is empty`;
    case 'is_not_null':
      return `${what} is not empty`;
    case 'in':
    case 'not_in':
      return `${what} ${f.op === 'in' ? 'is one of' : 'is none of'} ${(f.values ?? []).join(', ')}`;
    case 'between':
      return `${what} between ${(f.values ?? []).join(' and ')}`;
    default:
      return `${what} ${f.op.replace('_', ' ')} ${String(f.value ?? '')}`;
  }
};

/** A definition in one line of words, for version lists and the builder's announcements. */
export const describeDefinition = (d: ReportDefinition): string => {
  const values = (d.values ?? []).map((v) =>
    v.agg === 'count' && !v.field ? (v.as ?? 'count') : `${v.agg.replace('_', ' ')} of ${v.field ?? 'rows'}`,
  );
  const rows = (d.rows ?? []).map((r) =>
    r.grain ? `${r.field} by ${r.grain.replaceAll('_', ' ')}` : r.field,
  );
  const cols = (d.columns ?? []).map((r) =>
    r.grain ? `${r.field} by ${r.grain.replaceAll('_', ' ')}` : r.field,
  );
  const parts = [
    `${d.dataset.replaceAll('_', ' ')}:`,
    values.length ? values.join(', ') : 'rows as they are',
    rows.length ? `by ${rows.join(', ')}` : '',
    cols.length ? `across ${cols.join(', ')}` : '',
    (d.filters ?? []).length ? `where ${(d.filters ?? []).map(filterText).join(' and ')}` : '',
    d.visual ? `as ${VISUAL_LABELS[d.visual.type].toLowerCase()}` : '',
  ];
  return parts.filter(Boolean).join(' ');
};
