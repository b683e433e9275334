import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WriteRequest } from '@aws-sdk/client-dynamodb';
import { type CognitoErrors, type MfaServices, type Router, withMfa } from './cognito-mfa.ts';
import { localSettings } from './settings.ts';

/**
 * The local implementations of DynamoDB, S3 and Cognito, started in this process. Each listens on
 * loopback; ports are chosen by the OS unless given, so tests can run side by side.
 */
const require = createRequire(import.meta.url);

export interface Service {
  url: string;
  stop: () => Promise<void>;
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });

/**
 * LevelDB's options for dynalite's store (dynamo-worker.mjs): 512 MiB memtables and 64 MiB tables instead
 * of 4 and 2, and a 128 MiB block cache instead of 8. dynalite spreads keys by a hash, so every flush of
 * a memtable overlaps every table and compaction rewrites the store again and again; a larger memtable
 * means fewer flushes and merges while a bulk load writes. A memtable is only as large as what was
 * written since the last flush: at rest it is small. Bulk loads flush theirs when done (`flush`), so the
 * next start has no large log to replay. Measured on the demo seed (2 cores, 2026-12-03): 4 -> 128 MiB
 * took `npm run seed` 161 s -> 144 s and the data dir 5.3 -> 1.8 GB; 128 -> 512 MiB (with the flush) took
 * it 95-105 s -> 79-86 s with CI running beside it, and the data dir 1.6 GB -> 0.75 GB.
 */
const LEVELDB_OPTIONS = { writeBufferSize: 512 << 20, maxFileSize: 64 << 20, cacheSize: 128 << 20 };

/** The local DynamoDB: its endpoint, and a way around it for bulk loads. */
export interface DynamoService extends Service {
  /**
   * BatchWriteItem's RequestItems (marshalled), written by the worker as the HTTP action writes them but
   * handed over on its message port: no signing, HTTP or request parsing. For bulk loads only (see
   * direct-batch-writes.ts); undefined where the worker cannot (another dynalite major version).
   */
  batchWrite?: (requestItems: Record<string, WriteRequest[]>) => Promise<void>;
  /**
   * Writes LevelDB's memtable out to a table file: after a bulk load, so the next open does not replay
   * (and write out) its log. Resolves at once for a store in memory.
   */
  flush: () => Promise<void>;
  /**
   * Whether the last stop of this data dir was clean: every action under way had ended when LevelDB
   * closed, so nothing a crash leaves can be there (the start-up store check then skips its full scan).
   * Always false in memory, after a crash or kill, and for a data dir from an older version.
   */
  stoppedCleanly: boolean;
}

/**
 * The mark of a clean stop, beside the store: written once LevelDB has closed after a stop that cut no
 * action short, removed (durably) as the store is opened, so a crash while it is open leaves none.
 */
const cleanStopMark = (dir: string) => `${dir}.stopped-cleanly`;

const takeCleanStopMark = (dir: string): boolean => {
  const mark = cleanStopMark(dir);
  if (!existsSync(mark)) return false;
  rmSync(mark);
  // The removal must reach the disk before any write does, or a power loss could bring it back.
  const parent = openSync(dirname(mark), 'r');
  try {
    fsyncSync(parent);
  } finally {
    closeSync(parent);
  }
  return true;
};

/** dynalite on LevelDB under `dir` (or in memory when `dir` is undefined), on its own worker thread. */
export const startDynamo = async (dir: string | undefined): Promise<DynamoService> => {
  if (dir) mkdirSync(dir, { recursive: true });
  const stoppedCleanly = dir !== undefined && takeCleanStopMark(dir);
  const worker = new Worker(new URL('./dynamo-worker.mjs', import.meta.url), {
    workerData: { path: dir, leveldb: LEVELDB_OPTIONS },
    // A worker inherits the process's Node flags; `--input-type` (a process started with `-e`, as the
    // bench runs its sections) is refused for a worker whose entry is a file.
    execArgv: process.execArgv.filter((flag) => !flag.startsWith('--input-type')),
  });
  const { port, direct } = await new Promise<{ port: number; direct: boolean }>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { port?: number; direct?: boolean; error?: string }) =>
      message.port
        ? resolve({ port: message.port, direct: Boolean(message.direct) })
        : reject(new Error(message.error)),
    );
  });
  const waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let stopped: ((clean: boolean) => void) | undefined;
  worker.on('message', (message: { id?: number; error?: string; stopped?: boolean; clean?: boolean }) => {
    if (message.stopped) stopped?.(message.clean === true);
    const answer = message.id === undefined ? undefined : waiting.get(message.id);
    if (!answer) return;
    waiting.delete(message.id!);
    if (message.error) answer.reject(new Error(message.error));
    else answer.resolve();
  });
  let nextId = 0;
  return {
    url: `http://127.0.0.1:${port}`,
    ...(direct && {
      batchWrite: (requestItems) =>
        new Promise<void>((resolve, reject) => {
          const id = nextId++;
          waiting.set(id, { resolve, reject });
          worker.postMessage({ id, batchWrite: requestItems });
        }),
    }),
    flush: () =>
      new Promise<void>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ flush: id });
      }),
    stoppedCleanly,
    stop: async () => {
      // Closing the server closes LevelDB cleanly; terminating without it could cut a write short.
      const clean = await new Promise<boolean>((resolve) => {
        stopped = resolve;
        worker.once('exit', () => resolve(false));
        worker.postMessage('stop');
      });
      await worker.terminate();
      if (clean && dir) writeFileSync(cleanStopMark(dir), `${new Date().toISOString()}\n`);
      for (const { reject } of waiting.values()) reject(new Error('The local DynamoDB stopped'));
      waiting.clear();
    },
  };
};

/** A service that can be stopped and started again on the same port with the same data (tests of outages). */
export interface RestartableService extends Service {
  start: () => Promise<void>;
  readonly running: boolean;
}

/**
 * s3rver with files under `dir`. `stop()` then `start()` brings it back on the same port over the same
 * files, so clients configured with its URL find it again, as after an S3 outage.
 */
export const startS3 = async (dir: string): Promise<RestartableService> => {
  const S3rver = require('s3rver') as new (
    options: Record<string, unknown>,
  ) => {
    run: () => Promise<AddressInfo>;
    close: () => Promise<void>;
    httpServer?: Server;
  };
  mkdirSync(dir, { recursive: true });
  const run = async (port: number) => {
    const server = new S3rver({
      address: '127.0.0.1',
      port,
      directory: dir,
      silent: true,
      vhostBuckets: false,
    });
    return { server, address: await server.run() };
  };
  let current: Awaited<ReturnType<typeof run>> | undefined = await run(0);
  const port = current.address.port;
  return {
    url: `http://127.0.0.1:${port}`,
    get running() {
      return current !== undefined;
    },
    stop: async () => {
      const stopping = current;
      current = undefined;
      // Kept-alive client connections would hold the port and keep answering: an outage cuts them too.
      stopping?.server.httpServer?.closeAllConnections();
      await stopping?.server.close();
    },
    start: async () => {
      current ??= await run(port);
    },
  };
};

/**
 * Issuer of local tokens. Fixed rather than derived from the port, so tokens stay valid across restarts
 * the way they do in AWS, where the issuer never changes.
 */
export const LOCAL_ISSUER_DOMAIN = 'https://cognito-idp.local.amazonaws.com';

interface CognitoLocalModules {
  config: { loadConfig: (ctx: unknown, store: unknown) => Promise<Record<string, Record<string, unknown>>> };
  stormDb: { StormDBDataStoreFactory: new (dir: string) => unknown };
  services: Record<string, new (...args: unknown[]) => unknown>;
  otp: { otp: unknown };
  tokens: { JwtTokenGenerator: new (...args: unknown[]) => unknown };
  cognitoService: {
    CognitoServiceFactoryImpl: new (
      ...args: unknown[]
    ) => { create: (ctx: unknown, d: unknown) => Promise<unknown> };
  };
  userPoolService: { UserPoolServiceFactoryImpl: new (...args: unknown[]) => unknown };
  crypto: { CryptoService: new (...args: unknown[]) => unknown };
  messageDelivery: { MessageDeliveryService: new (...args: unknown[]) => unknown };
  consoleSender: { ConsoleMessageSender: new () => unknown };
  router: { Router: (services: unknown) => Router };
  errors: CognitoErrors;
  server: {
    createServer: (
      router: unknown,
      logger: unknown,
      options: unknown,
      services: unknown,
    ) => { start: () => Promise<Server> };
  };
}

/**
 * cognito-local, assembled as its own `createDefaultServer` does but with a chosen data directory,
 * port and issuer (its CLI fixes the directory to ./.cognito and takes no flags), and with the parts
 * of software-token MFA it lacks (./cognito-mfa.ts).
 */
export const startCognito = async (dir: string): Promise<RestartableService> => {
  // cognito-local pulls in the v2 SDK, whose end-of-support notice would otherwise greet every start.
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
  const lib = (path: string) => require(`cognito-local/lib/${path}`);
  const m: CognitoLocalModules = {
    config: lib('server/config'),
    stormDb: lib('services/dataStore/stormDb'),
    services: lib('services'),
    otp: lib('services/otp'),
    tokens: lib('services/tokenGenerator'),
    cognitoService: lib('services/cognitoService'),
    userPoolService: lib('services/userPoolService'),
    crypto: lib('services/crypto'),
    messageDelivery: lib('services/messageDelivery/messageDelivery'),
    consoleSender: lib('services/messageDelivery/consoleMessageSender'),
    router: lib('server/Router'),
    errors: lib('errors'),
    server: lib('server/server'),
  };
  const pino = createRequire(require.resolve('cognito-local'))('pino') as (
    options: Record<string, unknown>,
  ) => unknown;
  const logger = pino({ level: localSettings.cognitoLogLevel });
  const ctx = { logger };
  const dataDir = join(dir, 'db');
  mkdirSync(dataDir, { recursive: true });
  const config = await m.config.loadConfig(ctx, new m.stormDb.StormDBDataStoreFactory(dir));
  config.TokenConfig = { IssuerDomain: LOCAL_ISSUER_DOMAIN };
  config.ServerConfig = {
    ...config.ServerConfig,
    port: 0,
    hostname: '127.0.0.1',
    https: false,
    development: false,
  };
  const clock = new m.services.DateClock!();
  const storeFactory = new m.stormDb.StormDBDataStoreFactory(dataDir);
  const cognitoClient = await new m.cognitoService.CognitoServiceFactoryImpl(
    dataDir,
    storeFactory,
    new m.userPoolService.UserPoolServiceFactoryImpl(clock, storeFactory),
  ).create(ctx, config.UserPoolDefaults);
  const triggers = new m.services.TriggersService!(
    clock,
    cognitoClient,
    new m.services.LambdaService!(config.TriggerFunctions, {
      invoke: () => Promise.reject(new Error('no triggers')),
    }),
    new m.crypto.CryptoService(config.KMSConfig),
  );
  const services = {
    clock,
    cognito: cognitoClient,
    config,
    messages: new m.services.MessagesService!(
      triggers,
      new m.messageDelivery.MessageDeliveryService(new m.consoleSender.ConsoleMessageSender()),
    ),
    otp: m.otp.otp,
    tokenGenerator: new m.tokens.JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };
  const listen = () =>
    m.server
      .createServer(
        // cognito-local is untyped JavaScript: its services are described by the parts withMfa uses.
        withMfa(m.router.Router(services), services as unknown as MfaServices, m.errors),
        logger,
        config.ServerConfig,
        services,
      )
      .start();
  let server: Server | undefined = await listen();
  const url = urlOf(server);
  // Back on the same port when started again, as s3rver is: the SDK clients keep the URL they were given.
  config.ServerConfig = { ...config.ServerConfig, port: (server.address() as AddressInfo).port };
  return {
    url,
    get running() {
      return server !== undefined;
    },
    stop: async () => {
      const stopping = server;
      server = undefined;
      if (stopping) await closeServer(stopping);
    },
    start: async () => {
      server ??= await listen();
    },
  };
};
