import { parseArgs } from 'node:util';
import type { StoreCheckReport } from '../../functions/adapters/event-store.ts';
import { startCloud } from './cloud.ts';
import { localSettings } from './settings.ts';
import { summary } from './store-check.ts';

/**
 * `npm run store:check [-- --repair]`: checks the local event store of DATA_DIR (default .data) for what
 * a crash can leave (infra/local/store-check.ts) and reports it; `--repair` also fixes it (as every
 * `npm start` does before serving). Repairs never delete an acknowledged commit. Stop `npm start` first.
 * Exit code 0 when the store is sound or was repaired, 1 when it has findings left.
 */
const { values } = parseArgs({ options: { repair: { type: 'boolean', default: false } } });
const dataDir = localSettings.dataDir;
let report: StoreCheckReport | undefined;
let cloud: Awaited<ReturnType<typeof startCloud>>;
try {
  cloud = await startCloud({
    port: 0,
    dataDir,
    holdOutbox: true,
    checkStore: { repair: values.repair, onReport: (r) => (report = r) },
    onProgress: (line) => {
      if (line.includes('store check:')) console.log(line.trim());
    },
  });
} catch (error) {
  console.error(`Could not open ${dataDir}: is \`npm start\` still running on it? Stop it first.\n${error}`);
  process.exit(2);
}
await cloud.stop();
if (!report) process.exit(2);
console.log(summary(report));
const left = values.repair ? report.staleEntries : report.findings.length;
if (left > 0 && !values.repair) console.log('Run `npm run store:check -- --repair` to repair it.');
process.exit(left > 0 ? 1 : 0);
