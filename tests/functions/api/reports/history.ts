import { rebuildViews } from '../../../../functions/projections/project.ts';
import { buildDataset } from '../../../../functions/reports/dataset-build.ts';
import { generateHistory } from '../../../../infra/local/demo/history.ts';
import { importHistory } from '../../../../infra/local/demo/import.ts';

/**
 * A year of a small business (2% of the demo) up to now in the test cloud's store, its views rebuilt
 * and, unless a test builds it itself, the analytics dataset built from it.
 */
export const yearOfHistory = async (seed: string, options: { dataset: boolean }) => {
  const history = await generateHistory({ seed, end: new Date(), years: 1, scale: 0.02 });
  await importHistory(history.commits);
  await rebuildViews();
  // Ahead of the clock, past the build's settle window, so every imported commit is taken.
  if (options.dataset) await buildDataset({ full: true, now: new Date(Date.now() + 5_000) });
};
