import { observability } from '../runtime/observability.ts';
import { buildDataset, datasetLagMs } from './dataset-build.ts';

const { logger } = observability('reports-dataset');

/** Every minute: fold the commits written since the last run into the analytics dataset's Parquet. */
export const handler = async () => {
  const started = Date.now();
  const result = await buildDataset();
  logger.info('analytics dataset built', {
    commits: result.commits,
    events: result.events,
    tables: result.tables,
    lagMs: datasetLagMs(result.manifest),
    ms: Date.now() - started,
  });
  return { commits: result.commits, tables: result.tables };
};
