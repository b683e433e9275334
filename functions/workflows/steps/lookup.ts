import type { Step } from '../../../events/contexts/workflows.ts';
import { getRow } from '../../adapters/views.ts';
import { rowDto } from '../../api/records.ts';
import { aggregates } from '../../application/aggregates.ts';
import { notFound } from './errors.ts';
import { type RunData, resolve } from './values.ts';

/**
 * Reads a record as the API's lists show it (its view row, with the domain's derived figures), for
 * conditions and later steps: `$.steps.<id>` holds it.
 */
export const runLookup = async (
  step: Extract<Step, { kind: 'lookup' }>,
  data: RunData,
): Promise<Record<string, unknown>> => {
  const aggregate = aggregates[step.record];
  const id = resolve(step.recordId, data);
  if (typeof id !== 'string' && typeof id !== 'number') throw notFound(`${aggregate.title} (no id given)`);
  const row = await getRow<{ exists: boolean }>(aggregate.view, String(id));
  if (!row?.state.exists) throw notFound(`${aggregate.title} ${id}`);
  return rowDto(row);
};
