import { observability } from '../runtime/observability.ts';
import { refreshSnapshot } from './snapshot.ts';

const { logger } = observability('reports-refresh');

/** Every minute: recompute the overview's figures into its snapshot row. */
export const handler = async () => {
  const started = Date.now();
  const figures = await refreshSnapshot();
  logger.info('overview snapshot refreshed', { asOf: figures.asOf, ms: Date.now() - started });
  return { asOf: figures.asOf };
};
