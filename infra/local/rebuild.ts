import { dropReadModels, rebuildViews } from '../../functions/projections/project.ts';
import { buildDataset } from '../../functions/reports/dataset-build.ts';
import { startCloud } from './cloud.ts';
import { localSettings } from './settings.ts';

/**
 * `npm run rebuild`: drops every read model and replays the whole event store into them. Rows the views
 * table holds for operations (backup and export runs) are kept: the store cannot rebuild them.
 * Runs on the same data dir as `npm start` (DATA_DIR, default .data), which must be stopped first.
 */
const dataDir = localSettings.dataDir;
const started = performance.now();
let cloud: Awaited<ReturnType<typeof startCloud>>;
try {
  cloud = await startCloud({ port: 0, dataDir, holdOutbox: true });
} catch (error) {
  console.error(`Could not open ${dataDir}: is \`npm start\` still running on it? Stop it first.\n${error}`);
  process.exit(1);
}
// Both the drop and the replay are batch writes: handed to the local DynamoDB directly, not over HTTP.
const dropped = await cloud.bulkLoad(dropReadModels);
console.log(
  `${dropped.toLocaleString()} read-model rows dropped (backup and export runs kept); replaying the event store…`,
);
const replayStarted = performance.now();
const result = await cloud.bulkLoad(() =>
  rebuildViews(({ events }) => process.stdout.write(`\r  ${events.toLocaleString()} events replayed`)),
);
await cloud.flushStore();
const seconds = (performance.now() - replayStarted) / 1000;
console.log(
  `\nRebuilt ${result.rows.toLocaleString()} records from ${result.events.toLocaleString()} events ` +
    `(${result.commits.toLocaleString()} commits) in ${seconds.toFixed(1)}s: ${Math.round(result.events / seconds).toLocaleString()} events/s ` +
    `(${((performance.now() - started) / 1000).toFixed(1)}s with start-up).`,
);
// The reports' analytics dataset, from scratch: every table's Parquet file rewritten from the store.
const datasetStarted = performance.now();
const dataset = await buildDataset({ full: true, now: new Date(Date.now() + 5_000) });
const rows = Object.values(dataset.manifest.tables).reduce((n, t) => n + (t?.rows ?? 0), 0);
console.log(
  `Rebuilt the analytics dataset: ${rows.toLocaleString()} rows in ${dataset.tables.length} Parquet files ` +
    `in ${((performance.now() - datasetStarted) / 1000).toFixed(1)}s.`,
);
await cloud.stop();
process.exit(0);
