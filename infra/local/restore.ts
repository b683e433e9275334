import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { digestViewsTable, sourceViewsDigestAt } from '../../functions/backup/digest.ts';
import { BackupVerificationFailed } from '../../functions/backup/layout.ts';
import {
  assertEmpty,
  loadChain,
  planRestore,
  RestoreRefused,
  verifyChain,
} from '../../functions/backup/restore.ts';
import { buckets, tables } from '../../functions/manifest.ts';
import { rebuildViews } from '../../functions/projections/project.ts';
import { env } from '../../functions/runtime/env.ts';
import type { TableName } from '../../functions/tables.ts';
import { REGION, tableName } from './cloud.ts';
import { type Service, startDynamo, startS3 } from './services.ts';
import { localSettings } from './settings.ts';
import { ensureTable } from './tables.ts';

/**
 * `npm run restore -- --to <instant> --into <dir>`: point-in-time restore on this machine. Reads the
 * backups of a data dir (`--from`, default DATA_DIR or .data; it may be running), restores the commits
 * up to the instant into a new data dir's empty store, rebuilds the views with the platform's own
 * rebuild, and checks their digest against the views the backup's commits fold into, and, when the
 * source store is not in use, against the source's own views at that instant. Then
 * `DATA_DIR=<dir> npm start` runs the restored platform.
 *
 *   --to <ISO instant>   restore commits up to here (default: the backup's restore point)
 *   --into <dir>         the new data dir (refused if its store holds anything)
 *   --from <dir>         the data dir whose backups to read (default DATA_DIR or .data)
 *   --backup <id>        restore from this backup's chain (default: the latest backup)
 *
 * With --source-digest it only prints the views digest of the --from store at --to (used by the
 * restore itself, in a child process, since one process talks to one DynamoDB endpoint).
 */
const { values } = parseArgs({
  options: {
    to: { type: 'string' },
    into: { type: 'string' },
    from: { type: 'string' },
    backup: { type: 'string' },
    'source-digest': { type: 'boolean', default: false },
  },
});

const fail = (message: string, code = 1): never => {
  console.error(`\nRestore refused: ${message}`);
  process.exit(code);
};

const from = resolve(values.from ?? localSettings.dataDir);
if (values.to !== undefined && Number.isNaN(Date.parse(values.to))) {
  fail(`--to ${values.to} is not an instant; use ISO 8601, e.g. 2026-01-01T00:00:00Z`);
}
const at = values.to === undefined ? undefined : new Date(values.to).toISOString();

const pointAt = (dynamoUrl: string, s3Url?: string) => {
  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    [env.S3_FORCE_PATH_STYLE]: 'true',
    ...(s3Url ? { AWS_ENDPOINT_URL_S3: s3Url } : {}),
  });
  for (const [name, spec] of Object.entries(tables)) process.env[spec.env] = tableName(name as TableName);
  for (const [name, bucket] of Object.entries(buckets)) process.env[bucket.env] = `firefly-${name}`;
};

if (values['source-digest']) {
  // Child mode: the source store's views at the instant, folded from its own commits.
  const dynamo = await startDynamo(join(from, 'dynamodb'));
  pointAt(dynamo.url);
  const digest = await sourceViewsDigestAt(at ?? new Date().toISOString());
  console.log(JSON.stringify(digest));
  await dynamo.stop();
  process.exit(0);
}

if (!values.into) fail('say where to restore: --into <new data dir>');
const into = resolve(values.into!);
if (into === from) fail('--into must be a new data dir, not the one the backups come from');
if (!existsSync(join(from, 's3', 'firefly-backups')))
  fail(`${from} holds no backups (no s3/firefly-backups)`);

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
const createdInto = !existsSync(into);
const services: Service[] = [];
const stop = () => Promise.all(services.map((s) => s.stop()));

try {
  const s3 = await startS3(join(from, 's3'));
  services.push(s3);
  const dynamo = await startDynamo(join(into, 'dynamodb'));
  services.push(dynamo);
  pointAt(dynamo.url, s3.url);
  const client = new DynamoDBClient({});
  for (const [name, spec] of Object.entries(tables))
    await ensureTable(client, tableName(name as TableName), spec);
  const target = { eventsTable: tableName('events'), viewsTable: tableName('views') };
  await assertEmpty(target);

  const plan = await planRestore({ backupId: values.backup, at });
  console.log(
    `Restoring commits up to ${plan.at} from backup ${plan.backupId} (a chain of ${plan.chain.length}: ` +
      `${plan.chain.map((c) => `${c.manifest.kind} ${c.manifest.id}`).join(', ')})\n  from ${from}\n  into ${into}`,
  );
  await verifyChain(plan);
  console.log(`  [${seconds()}s] every part verified: hashes, counts, schemas`);
  const loaded = await loadChain(plan, target, ({ commits, events }) =>
    process.stdout.write(
      `\r  [${seconds()}s] ${commits.toLocaleString()} commits, ${events.toLocaleString()} events`,
    ),
  );
  console.log(`\n  [${seconds()}s] restored; rebuilding the views with the platform's own rebuild`);
  await rebuildViews();
  const rebuilt = await digestViewsTable(target.viewsTable);
  if (rebuilt.digest !== loaded.digest) {
    fail(
      `the rebuilt views (digest ${rebuilt.digest}) differ from the backup's fold (${loaded.digest}); the store is restored, the views are suspect`,
      2,
    );
  }
  console.log(
    `  [${seconds()}s] ${loaded.commits.toLocaleString()} commits, ${loaded.events.toLocaleString()} events, ` +
      `${rebuilt.rows.toLocaleString()} records\n  views digest ${rebuilt.digest}`,
  );
  // The restored store goes to disk now, so the platform's first start on it has no log to replay.
  await dynamo.flush();
  await stop();
  services.length = 0;

  // The source's own views at the same instant, when its store is not held by a running platform.
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--source-digest', '--from', from, '--to', plan.at],
    { encoding: 'utf8', timeout: 600_000 },
  );
  const line = child.stdout?.trim().split('\n').at(-1);
  if (child.status === 0 && line?.startsWith('{')) {
    const source = JSON.parse(line) as { digest: string; rows: number };
    if (source.digest !== rebuilt.digest) {
      fail(
        `the source's views at ${plan.at} have digest ${source.digest}, the restored ${rebuilt.digest}`,
        2,
      );
    }
    console.log(`  the source's views at ${plan.at} have the same digest (${source.rows} records)`);
  } else {
    console.log(
      `  (the source store is in use, so its views at ${plan.at} were not compared; a drill does that)`,
    );
  }
  console.log(`\nRestored in ${seconds()}s. Run it with: DATA_DIR=${values.into} npm start`);
  process.exit(0);
} catch (error) {
  await stop().catch(() => undefined);
  // A failed restore restores nothing: remove the store this run created.
  if (createdInto) rmSync(into, { recursive: true, force: true });
  if (error instanceof BackupVerificationFailed) {
    fail(`the backup failed verification; nothing was restored.\n  - ${error.problems.join('\n  - ')}`);
  }
  if (error instanceof RestoreRefused) fail(error.message);
  throw error;
}
