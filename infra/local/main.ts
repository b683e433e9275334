import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { hasKeptFigures } from '../../functions/adapters/kept-figures.ts';
import { markReady, markSeeding } from '../../functions/api/system/readiness.ts';
import { rebuildViews } from '../../functions/projections/project.ts';
import { startCloud } from './cloud.ts';
import { demoUsers } from './cognito-seed.ts';
import { startControl } from './control.ts';
import { isStoreEmpty, seedDemo } from './seed.ts';
import { localSettings } from './settings.ts';

/** `npm start`: the whole platform on this machine, with demo data on the first start. */
const { port, dataDir } = localSettings;
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
const step = (message: string) => console.log(`  [${elapsed()}] ${message}`);

console.log(
  `Firefly admin platform: starting the local cloud (data in ${dataDir}${existsSync(dataDir) ? '' : ', new'})`,
);
const cloud = await startCloud({
  port,
  dataDir,
  buildConsole: localSettings.buildConsole,
  onProgress: step,
  logLevel: localSettings.logLevel,
  // For crash-recovery tests only: keep new commits in the outbox, unpublished.
  holdOutbox: localSettings.holdOutbox,
  // dynalite is not crash-atomic: repair what a crash (kill -9, power loss) left before serving. Only the
  // last months' time index is walked on start; `npm run store:check` walks all of it. After a clean
  // stop there is no such damage, and the scan of every item is skipped.
  checkStore: { repair: true, recentMonths: 2, trustCleanStop: true },
});

// SEED=none starts with an empty store (tests of start-up and crash recovery use it).
const seeded = localSettings.seed && (await isStoreEmpty());
if (seeded) {
  step('Empty store: seeding demo data');
  await markSeeding('Seeding the demo data on the first start');
  // Scheduled work (monitoring, the dataset build, digests) waits for the seed: it would only compete
  // with it, and the audit consumer would wait on the seed's hold of the chain until it timed out.
  const seeding = cloud.bulkLoad(() => seedDemo((message) => step(message)));
  cloud.scheduler.hold(seeding);
  await seeding;
  await cloud.settle();
}
// A data dir from before the reports were kept (issue 17) has views but no kept figures: one rebuild
// makes them, as `npm run rebuild` would.
const rebuiltFigures = !seeded && !(await isStoreEmpty()) && !(await hasKeptFigures());
if (rebuiltFigures) {
  step('Keeping the report figures for the first time: rebuilding the read models');
  const rebuilt = await cloud.bulkLoad(() => rebuildViews());
  step(
    `  ${rebuilt.rows.toLocaleString('en-US')} records from ${rebuilt.events.toLocaleString('en-US')} events`,
  );
}
// Also after a start that found a store a crashed first start left half-seeded: what is there is served.
await markReady();
// The bulk load's memtable goes to disk while the platform serves, so the next start has no log of it
// to replay; a stop meanwhile waits for it.
if (seeded || rebuiltFigures)
  cloud.flushStore().catch((error: unknown) => console.error(`Could not flush the local DynamoDB: ${error}`));
const control = localSettings.control ? await startControl(cloud) : undefined;

const password = localSettings.demoPassword;
console.log(`
Ready in ${elapsed()}: ${cloud.url}
  Console        ${cloud.url}/
  API docs       ${cloud.url}/api/docs
  Health         ${cloud.url}/api/health (ready: ${cloud.url}/api/health/ready)
  Sign in as     ${demoUsers.map((u) => u.email).join(', ')}
  Password       ${password}${localSettings.demoPasswordSet ? ' (from DEMO_PASSWORD)' : ' (default; set DEMO_PASSWORD to change)'}
  Data           ${resolve(dataDir)} (delete it to start afresh)
  Payments sandbox ${cloud.sandboxes.payments.url} (API key ${cloud.sandboxes.payments.apiKey}; connect it under Integrations)
  Carrier sandbox ${cloud.sandboxes.carrier.url} (signs tracking updates per Standard Webhooks; connect "Carrier tracking updates" with its secret)
  Webhook receiver ${cloud.sandboxes.receiver.endpoint('demo')} (add it under Webhook endpoints; any path is a receiver)
  Mail inbox     ${cloud.mail.url} (every email the platform sends; REST: ${cloud.mail.url}/api/email)${control ? `\n  Local control  ${control.url} (LOCAL_CONTROL: stop/start services, run schedules)` : ''}
Press Ctrl+C to stop.`);

let stopping = false;
const shutdown = async () => {
  if (stopping) process.exit(1);
  stopping = true;
  console.log('\nStopping…');
  await control?.stop();
  await cloud.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
