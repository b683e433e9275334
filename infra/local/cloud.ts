import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { BUS_NAME, rules } from '../../events/rules.ts';
import { dynamo as documents } from '../../functions/adapters/clients.ts';
import type { StoreCheckReport } from '../../functions/adapters/event-store.ts';
import {
  AUTHORIZER_CACHE_SECONDS,
  authorizerFunction,
  buckets,
  functions,
  httpRoutes,
  stateMachines,
  tables,
} from '../../functions/manifest.ts';
import { env, stateMachineEnv } from '../../functions/runtime/env.ts';
import type { TableName } from '../../functions/tables.ts';
import { eventBridgeOperations, lambdaOperations, startAwsApi } from './aws-api.ts';
import { type BusRule, createBus } from './bus.ts';
import { busJournalTable, dynamoJournal } from './bus-journal.ts';
import { ensureUserPool } from './cognito-seed.ts';
import { withDirectBatchWrites } from './direct-batch-writes.ts';
import { startGateway } from './gateway.ts';
import { loadFunctions, observeInvocations } from './lambda.ts';
import { startMailCatcher } from './mail.ts';
import { startOutboxPoller } from './outbox.ts';
import { startCarrierSandbox } from './sandbox/carrier.ts';
import { startPaymentsSandbox } from './sandbox/payments.ts';
import { startReceiverSandbox } from './sandbox/receiver.ts';
import { startScheduler } from './scheduler.ts';
import { schedulerApi } from './scheduler-api.ts';
import { LOCAL_ISSUER_DOMAIN, type Service, startCognito, startDynamo, startS3 } from './services.ts';
import { localSettings } from './settings.ts';
import { createLocalStepFunctions } from './stepfunctions.ts';
import { checkEventStore } from './store-check.ts';
import { ensureTable, lacksIndexes } from './tables.ts';
import { startTelemetry } from './telemetry.ts';
import { recreateViewsTable } from './views-table.ts';
import { publishExecutionEnd, settleRunsAfterRestart } from './workflow-runs.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const REGION = 'us-east-1';
export const tableName = (table: TableName) => `firefly-${table}`;
/** The audit log's digests (Object Lock in AWS; s3rver has none). */
export const AUDIT_BUCKET = 'firefly-audit';

export interface CloudOptions {
  /** Port of the gateway; 0 picks a free one. */
  port?: number;
  /** Where data lives between runs; undefined keeps DynamoDB in memory and the rest in a temp dir. */
  dataDir?: string;
  demoPassword?: string;
  trustForwardedFor?: boolean;
  /** How long the gateway keeps an authorizer answer (default: as API Gateway, the manifest's). */
  authorizerCacheSeconds?: number;
  /** Build the console if web/dist is missing. */
  buildConsole?: boolean;
  /** Serve the console from here instead of web/dist (tests without a built console give a stand-in page). */
  webRoot?: string;
  onProgress?: (step: string) => void;
  logLevel?: string;
  /** How long the telemetry store keeps logs and rollups (default: the settings'). */
  telemetryRetention?: { logDays: number; rollupDays: number };
  /** Entries the telemetry buffer holds before dropping the oldest (tests flood a small one). */
  telemetryCapacity?: number;
  /** Leave commits unpublished (crash-recovery tests use it to hold commits in the outbox). */
  holdOutbox?: boolean;
  /**
   * Check the event store for what a crash can leave (infra/local/store-check.ts) before anything reads
   * or writes it, and repair it when `repair` is set; `npm start` repairs, `npm run store:check` reports.
   */
  checkStore?: {
    repair: boolean;
    recentMonths?: number;
    /**
     * After a clean stop (`DynamoService.stoppedCleanly`) only look for the multi-stream appends the
     * stop left staged, without the scan of every item a crash calls for.
     */
    trustCleanStop?: boolean;
    onReport?: (report: StoreCheckReport) => void;
  };
}

export type Cloud = Awaited<ReturnType<typeof startCloud>>;

/**
 * Points the AWS SDK at the local services through its standard environment variables, and gives the
 * functions the same configuration variables the CDK app sets. Handlers cannot tell the difference.
 */
const configureEnvironment = (
  urls: { dynamo: string; s3: string; cognito: string; awsApi: string },
  logLevel: string,
) => {
  Object.assign(process.env, {
    AWS_REGION: REGION,
    // s3rver refuses access key ids other than its own (it never checks signatures); the other local
    // services accept any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: urls.dynamo,
    AWS_ENDPOINT_URL_S3: urls.s3,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: urls.cognito,
    AWS_ENDPOINT_URL_EVENTBRIDGE: urls.awsApi,
    AWS_ENDPOINT_URL_SFN: urls.awsApi,
    AWS_ENDPOINT_URL_LAMBDA: urls.awsApi,
    AWS_ENDPOINT_URL_SCHEDULER: urls.awsApi,
    // s3rver stores the chunked framing of streamed bodies when the SDK adds checksums.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    [env.S3_FORCE_PATH_STYLE]: 'true',
    [env.AUDIT_BUCKET]: AUDIT_BUCKET,
    [env.EVENT_BUS_NAME]: BUS_NAME,
    [env.STAGE]: 'local',
    // The telemetry store keeps INFO and above whatever the terminal shows (infra/local/telemetry.ts).
    [env.POWERTOOLS_LOG_LEVEL]: logLevel.toUpperCase() === 'DEBUG' ? 'DEBUG' : 'INFO',
    [env.POWERTOOLS_TRACE_ENABLED]: 'false',
    [env.POWERTOOLS_METRICS_DISABLED]: 'true',
    [env.POWERTOOLS_DEV]: 'false',
  });
  for (const [name, spec] of Object.entries(tables)) process.env[spec.env] = tableName(name as TableName);
};

export const startCloud = async (options: CloudOptions = {}) => {
  const progress = options.onProgress ?? (() => undefined);
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const scratch = dataDir ?? mkdtempSync(join(tmpdir(), 'firefly-'));
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
  try {
    progress('Starting DynamoDB (dynalite), S3 (s3rver) and Cognito (cognito-local)');
    const [dynamo, s3, cognito] = await Promise.all([
      startDynamo(dataDir ? join(dataDir, 'dynamodb') : undefined),
      startS3(join(scratch, 's3')),
      startCognito(join(scratch, 'cognito')),
    ]);
    const services: Service[] = [dynamo, s3, cognito];
    stops.push(() => Promise.all(services.map((s) => s.stop())).then(() => undefined));

    const busRules: BusRule[] = [];
    const awsApiOperations: Parameters<typeof startAwsApi>[0] = {};
    const awsApi = await startAwsApi(awsApiOperations);
    stops.push(awsApi.stop);
    configureEnvironment(
      { dynamo: dynamo.url, s3: s3.url, cognito: cognito.url, awsApi: awsApi.url },
      options.logLevel ?? 'WARN',
    );
    // Backups and exports: their buckets, and the prefix restores and drills name their new tables with.
    for (const [name, bucket] of Object.entries(buckets)) process.env[bucket.env] = `firefly-${name}`;
    process.env[env.RESTORE_TABLE_PREFIX] = 'firefly-restore-';
    // Integrations' credentials: a raw AES key in the data dir stands in for KMS; the sandboxes are on
    // loopback, which the outbound guard refuses everywhere else.
    process.env[env.CREDENTIALS_KEY_FILE] = join(scratch, 'credentials.key');
    process.env[env.ALLOW_PRIVATE_OUTBOUND] = 'true';

    // Email goes to a local SMTP catcher with a web inbox instead of SES. With a fixed gateway port it
    // sits at port + 3 (SMTP) and port + 4 (inbox), beside the sandboxes, so its address is stable.
    progress('Starting the mail catcher (maildev)');
    const mail = await startMailCatcher({
      dir: join(scratch, 'mail'),
      smtpPort: options.port ? options.port + 3 : 0,
      webPort: options.port ? options.port + 4 : 0,
    });
    stops.push(mail.stop);
    process.env[env.SMTP_URL] = mail.smtpUrl;
    process.env[env.EMAIL_FROM] = 'Firefly <notifications@firefly.example>';

    progress('Creating tables');
    const dynamoClient = new DynamoDBClient({});
    for (const [name, spec] of Object.entries(tables)) {
      const table = tableName(name as TableName);
      // The views' list keys and search words are computed from each row: a plain copy would not index them.
      if (name === 'views' && (await lacksIndexes(dynamoClient, table, spec))) {
        progress('Recreating the views table with its list indexes (a data dir from an older version)');
        progress(`  ${await recreateViewsTable(dynamoClient, table, spec)} rows kept`);
        continue;
      }
      if ((await ensureTable(dynamoClient, table, spec)) === 'reindexed')
        progress(`  rebuilt ${table} with the indexes this version adds`);
    }
    await new S3Client({ forcePathStyle: true })
      .send(new CreateBucketCommand({ Bucket: AUDIT_BUCKET }))
      .catch((error: Error) => {
        if (!/BucketAlready/.test(error.name)) throw error;
      });

    for (const name of Object.keys(buckets)) {
      await new S3Client({ forcePathStyle: true })
        .send(new CreateBucketCommand({ Bucket: `firefly-${name}` }))
        .catch((error: Error) => {
          if (!/BucketAlready/.test(error.name)) throw error;
        });
    }

    if (options.checkStore) {
      const afterCleanStop = Boolean(options.checkStore.trustCleanStop && dynamo.stoppedCleanly);
      progress(
        afterCleanStop
          ? 'Checking the event store for appends the last (clean) stop left unfinished'
          : `Checking the event store${options.checkStore.repair ? ' (and repairing it)' : ''}`,
      );
      const report = await checkEventStore(dynamoClient, tableName('events'), {
        ...options.checkStore,
        afterCleanStop,
      });
      for (const finding of report.findings) progress(`  store check: ${finding}`);
      if (report.findings.length === 0)
        progress(
          report.scanned
            ? `  store check: ${report.items.toLocaleString()} items, all sound`
            : '  store check: no unfinished appends (the last stop was clean; after a crash every item is checked)',
        );
      options.checkStore.onReport?.(report);
    }

    progress('Preparing the user pool and demo users');
    const cognitoClient = new CognitoIdentityProviderClient({});
    const pool = await ensureUserPool(cognitoClient, options.demoPassword ?? localSettings.demoPassword);
    process.env[env.USER_POOL_ID] = pool.userPoolId;
    process.env[env.USER_POOL_CLIENT_ID] = pool.userPoolClientId;
    // The authorizer verifies the pool's tokens as in AWS; the local Cognito serves its keys elsewhere.
    process.env[env.TOKEN_ISSUER] = `${LOCAL_ISSUER_DOMAIN}/${pool.userPoolId}`;
    process.env[env.TOKEN_JWKS_URL] = `${cognito.url}/${pool.userPoolId}/.well-known/jwks.json`;

    // What CloudWatch collects in AWS: the functions' logs and EMF metrics, requests, invocations, runs.
    const telemetryFile = join(scratch, 'telemetry', 'telemetry.sqlite');
    const telemetry = startTelemetry({
      file: telemetryFile,
      terminalLevel: options.logLevel ?? 'WARN',
      dataDir: scratch,
      retention: options.telemetryRetention ?? localSettings.telemetryRetention,
      ...(options.telemetryCapacity ? { capacity: options.telemetryCapacity } : {}),
    });
    stops.push(() => {
      observeInvocations(undefined);
      telemetry.stop();
    });
    observeInvocations(telemetry);
    process.env[env.TELEMETRY_STORE] = telemetryFile;

    progress('Loading functions');
    const loaded = await loadFunctions(functions);
    const byName = (name: string) => loaded.get(name)!;
    Object.assign(awsApiOperations, lambdaOperations(loaded));
    // A workflow's command step invokes API functions by name; locally their names are the manifest's.
    process.env[env.API_FUNCTIONS] = JSON.stringify(
      Object.fromEntries([...loaded.keys()].filter((name) => name.startsWith('api-')).map((n) => [n, n])),
    );

    for (const [name, pattern] of Object.entries(rules)) {
      const targets = [...loaded.values()].filter((fn) =>
        fn.spec.triggers.some((t) => t.kind === 'rule' && t.rule === name),
      );
      busRules.push({ name, pattern, targets });
    }
    await ensureTable(dynamoClient, 'firefly-local-bus', busJournalTable);
    const bus = createBus({
      busName: BUS_NAME,
      journal: dynamoJournal(dynamoClient, 'firefly-local-bus'),
      rules: busRules,
      onDelivery: telemetry.delivery,
      onDeadLetter: (letter) =>
        console.error(
          `[bus] dead letter: ${letter.target} failed on ${letter.event['detail-type']}: ${letter.error}`,
        ),
    });
    Object.assign(awsApiOperations, eventBridgeOperations(bus, BUS_NAME));
    stops.push(() => bus.idle());
    const recovered = await bus.recover();
    if (recovered > 0) progress(`Resuming ${recovered} event deliveries interrupted by the last stop`);

    const publisher = [...loaded.values()].find((fn) => fn.spec.triggers.some((t) => t.kind === 'commits'));
    if (!publisher) throw new Error('The manifest has no function triggered by commits');
    const outbox = startOutboxPoller({
      paused: options.holdOutbox,
      client: dynamoClient,
      table: tableName('events'),
      publisher,
      onError: (error) => console.error('[outbox] publish failed, will retry:', (error as Error).message),
    });
    stops.push(outbox.stop);

    const stepFunctions = createLocalStepFunctions(stateMachines, loaded, {
      root: ROOT,
      region: REGION,
      prefix: 'firefly',
      historyDir: join(scratch, 'stepfunctions', 'executions'),
      onExecutionEnded: (e) => {
        telemetry.execution({
          machine: e.stateMachineArn.split(':').at(-1) ?? e.stateMachineArn,
          outcome: e.status,
          durationMs: (e.stopDate ?? new Date()).getTime() - e.startDate.getTime(),
          name: e.name,
        });
        if (e.status === 'FAILED') console.error(`[stepfunctions] ${e.name} failed: ${e.error}: ${e.cause}`);
        // Workflow runs end from this event (functions/workflows/ended.ts), as in AWS.
        publishExecutionEnd(bus, BUS_NAME, e).catch((error: Error) =>
          console.error(`[stepfunctions] the end of ${e.name} was not published: ${error.message}`),
        );
      },
      machinesDir: join(scratch, 'stepfunctions', 'machines'),
    });
    Object.assign(awsApiOperations, stepFunctions.operations);
    for (const name of Object.keys(stateMachines))
      process.env[stateMachineEnv(name)] = stepFunctions.arnOf(name);
    stops.push(stepFunctions.stop);
    // Workflows' state machines: the role is a name only here; their Task states run the local
    // workflow-step function, found by the name that ends this ARN.
    process.env[env.WORKFLOW_ROLE_ARN] = 'arn:aws:iam::000000000000:role/firefly-local-workflows';
    process.env[env.WORKFLOW_SCHEDULER_ROLE_ARN] =
      'arn:aws:iam::000000000000:role/firefly-local-workflow-schedules';
    process.env[env.REPORT_SCHEDULER_ROLE_ARN] =
      'arn:aws:iam::000000000000:role/firefly-local-report-schedules';
    process.env[env.WORKFLOW_STEP_FUNCTION_ARN] =
      `arn:aws:lambda:${REGION}:000000000000:function:firefly-local-workflow-step`;
    const settledRuns = await settleRunsAfterRestart(stepFunctions);
    if (settledRuns > 0) progress(`Settled ${settledRuns} workflow runs the last stop left running`);

    const scheduler = startScheduler(
      [
        ...[...loaded.values()].flatMap((fn) =>
          fn.spec.triggers.flatMap((t) =>
            t.kind === 'schedule' ? [{ name: t.name, expression: t.expression, target: fn }] : [],
          ),
        ),
        ...stepFunctions.schedules,
      ],
      (name, error) => console.error(`[scheduler] ${name} failed:`, error),
    );
    stops.push(scheduler.stop);
    // Workflows' schedule triggers: made and deleted by the starter through Scheduler's API, in both clouds.
    Object.assign(
      awsApiOperations,
      schedulerApi(scheduler, loaded, join(scratch, 'scheduler', 'schedules.json')),
    );

    const webRoot = options.webRoot ?? join(ROOT, 'web', 'dist');
    if (
      options.buildConsole &&
      !existsSync(join(webRoot, 'index.html')) &&
      existsSync(join(ROOT, 'web', 'vite.config.ts'))
    ) {
      progress('Building the console (first start only)');
      try {
        // The console's API types are generated from the contracts, not committed (infra/gen-api-types.ts).
        const { writeApiTypes } = await import('../gen-api-types.ts');
        await writeApiTypes();
        const vite = await import('vite');
        await vite.build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
      } catch (error) {
        // The API is still useful without the console; say why the console is missing and go on.
        console.error(
          `The console could not be built (${(error as Error).message.split('\n')[0]}); the API runs without it.`,
        );
      }
    }

    progress('Starting the API gateway');
    // A fresh origin secret per start, as CloudFront and the API functions share one in AWS.
    const originVerifySecret = randomBytes(32).toString('base64url');
    process.env[env.ORIGIN_VERIFY_SECRET] = originVerifySecret;
    const gateway = await startGateway({
      port: options.port ?? 0,
      routes: httpRoutes().map(({ functionName, route }) => ({ route, fn: byName(functionName) })),
      webRoot,
      config: {
        apiUrl: '',
        region: REGION,
        userPoolId: pool.userPoolId,
        userPoolClientId: pool.userPoolClientId,
        stage: 'local',
      },
      authorizer: byName(authorizerFunction()),
      authorizerCacheMs: (options.authorizerCacheSeconds ?? AUTHORIZER_CACHE_SECONDS) * 1000,
      trustForwardedFor: options.trustForwardedFor,
      originVerifySecret,
      afterApiRequest: outbox.nudge,
      onRequest: telemetry.request,
    });
    stops.push(gateway.stop);
    process.env[env.PUBLIC_API_URL] = gateway.url;
    process.env[env.CONSOLE_URL] = gateway.url;

    progress('Starting the payments sandbox');
    // Next to the gateway's port when that is fixed, so an integration's stored base URL survives restarts.
    const payments = await startPaymentsSandbox({
      stateFile: join(scratch, 'sandbox-payments.json'),
      port: options.port ? options.port + 1 : 0,
    });
    stops.push(payments.stop);
    // Beside it, a receiver for the platform's outbound webhooks.
    const receiver = await startReceiverSandbox({ port: options.port ? options.port + 2 : 0 });
    stops.push(receiver.stop);
    // And a shipping carrier that signs tracking updates per Standard Webhooks (its secret is kept).
    const carrier = await startCarrierSandbox({
      stateFile: join(scratch, 'sandbox-carrier.json'),
      port: options.port ? options.port + 6 : 0,
    });
    stops.push(carrier.stop);

    return {
      url: gateway.url,
      dataDir: scratch,
      pool,
      bus,
      outbox,
      scheduler,
      stepFunctions,
      functions: loaded,
      /**
       * The local AWS services that can be stopped and started again on the same URL with their data,
       * to see the platform's health and alerts through an outage (tests, `LOCAL_CONTROL`).
       */
      services: { s3, cognito },
      /** Third-party stand-ins for the integration hub (never deployed). */
      sandboxes: { payments, receiver, carrier },
      /** The local inbox of every email the platform sends: `url` to read it, `received()` for tests. */
      mail,
      /** The collector of logs and metrics (`flush()` writes what it holds to the store at once). */
      telemetry,
      /**
       * Runs a bulk load (the demo seed, a rebuild) with its batch writes handed straight to the local
       * DynamoDB's worker instead of over HTTP (direct-batch-writes.ts).
       */
      bulkLoad: <T>(work: () => Promise<T>): Promise<T> =>
        withDirectBatchWrites(documents(), dynamo.batchWrite, work),
      /**
       * Writes the local DynamoDB's memtable out after a bulk load (see LEVELDB_OPTIONS in services.ts):
       * otherwise the next start replays up to 512 MiB of log and writes it out before it can serve.
       */
      flushStore: () => dynamo.flush(),
      /** Waits until every commit is published and every delivery has finished. */
      settle: async () => {
        for (let i = 0; i < 3; i++) {
          await outbox.drained();
          await bus.idle();
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
