import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startCloud } from './cloud.ts';
import { seedDemo } from './seed.ts';
import { startDynamo } from './services.ts';
import { localSettings } from './settings.ts';

/**
 * `npm run seed`: replaces the data dir's store with a freshly generated demo history. Only DynamoDB
 * (events, read models and everything else derived from them) is wiped; users and S3 objects stay.
 * DEMO_SEED picks another history, DEMO_SCALE a smaller or larger business.
 */
const dataDir = resolve(localSettings.dataDir);
const dynamoDir = join(dataDir, 'dynamodb');
const started = performance.now();
const step = (message: string) =>
  console.log(`  [${((performance.now() - started) / 1000).toFixed(1)}s] ${message}`);

console.log(`Firefly demo data: re-creating the store in ${dataDir}`);
if (existsSync(dynamoDir)) {
  // LevelDB locks its directory: opening it fails while `npm start` has it, and then nothing is deleted.
  try {
    // dynalite opens LevelDB on the first request, so ask it something.
    const probe = await startDynamo(dynamoDir);
    try {
      const client = new DynamoDBClient({
        endpoint: probe.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      });
      await client.send(new ListTablesCommand({}));
    } finally {
      await probe.stop();
    }
  } catch (error) {
    console.error(
      `The store in ${dynamoDir} is in use (${(error as Error).message}). Stop \`npm start\` first.`,
    );
    process.exit(1);
  }
  rmSync(dynamoDir, { recursive: true, force: true });
  step('Wiped the old store');
}
const cloud = await startCloud({ port: 0, dataDir, buildConsole: false, onProgress: step });
// This process only seeds, so it runs none of the schedules. Held (as a first start holds them), the runs
// that fell due would start the moment the seed ended, against a cloud being stopped, and fail noisily.
// Beside the seed they would compete with it, and audit deliveries would time out into dead letters.
cloud.scheduler.stop();
try {
  const report = await cloud.bulkLoad(() => seedDemo(step));
  await cloud.flushStore();
  const { stats, seconds } = report;
  console.log(`
Seeded in ${seconds.total.toFixed(1)}s: ${stats.events.toLocaleString('en-US')} events, ${stats.commits.toLocaleString('en-US')} commits, ${stats.streams.toLocaleString('en-US')} records
  ${stats.leads} leads, ${stats.customers} customers, ${stats.quotes} quotes, ${stats.orders} orders (${stats.cancelled} cancelled, ${stats.delivered} delivered)
  ${stats.builds} builds (${stats.lateBuilds} late, ${stats.stockOuts} held up by stock-outs), ${stats.purchaseOrders} purchase orders, ${stats.campaigns} campaigns
Start it with \`npm start\` (DATA_DIR=${localSettings.dataDir}).`);
} finally {
  await cloud.stop();
}
