import { money } from '../../../lib/format';
import type { Cell, ResultColumn } from '../api';

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const ratio = /(_rate|_ratio|_share)$|^lead_to_/;

/** A cell as people read it: money for `_cents` figures, rates as percentages, numbers grouped. */
export const formatCell = (column: Pick<ResultColumn, 'name' | 'type' | 'value'>, value: Cell): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') {
    const name = column.value ?? column.name;
    if (/_cents$/.test(name)) return money(value);
    if (ratio.test(name) && Math.abs(value) <= 1.5) return `${numberFormat.format(value * 100)}%`;
    return numberFormat.format(value);
  }
  return value;
};
