/**
 * The environment variables of the local tools (`npm start`, `npm run seed`, `rebuild`, `restore`,
 * `audit:verify`): each name, its default and what it means, read only here. The functions' own
 * variables are in functions/runtime/env.ts; no function reads these. The README's settings table
 * describes the same variables for people.
 */
export const DEFAULT_DEMO_PASSWORD = 'Firefly-demo-2026!';

export const LOCAL_SETTINGS = {
  PORT: 'Port of the console and API (`0` picks a free one); default 3000',
  DATA_DIR: 'Where the local DynamoDB, S3 and Cognito keep their data; default `.data`',
  DEMO_PASSWORD: `Password of the demo users, applied on every start; default ${DEFAULT_DEMO_PASSWORD}`,
  LOG_LEVEL: 'Powertools log level of the functions; default WARN',
  SEED: '`none` starts with an empty store instead of seeding demo data on the first start',
  BUILD_CONSOLE: '`false` skips building the console when web/dist is missing',
  HOLD_OUTBOX: '`true` keeps new commits in the outbox, unpublished (crash-recovery tests)',
  LOCAL_CONTROL:
    '`true` starts a loopback control endpoint to stop and start local services and run schedules now (outage tests)',
  DEMO_SEED: 'Seed of the demo history generator (same seed, same history)',
  DEMO_SCALE: 'Scale factor of the demo history (the same as SCALE)',
  SCALE:
    'Size of the demo business the seeder generates: 1 (default) is about 1,500 orders and 10,000 leads, 10 about ten times that',
  LOCAL_SFN_RETRY_INTERVAL_MS: "Overrides the state machines' retry intervals (tests)",
  LOCAL_SFN_WAIT_MS: 'Makes every Wait state of every state machine pause this many milliseconds (tests)',
  TELEMETRY_LOG_DAYS: 'Days the local telemetry store keeps raw log records; default 7',
  TELEMETRY_ROLLUP_DAYS: "Days it keeps metrics' one-minute rollups; default 30",
  COGNITO_LOCAL_LOG: "cognito-local's log level; default silent",
  FIREFLY_EMAIL: '`npm run audit:verify`: who signs in to the running platform; default the owner',
  FIREFLY_PASSWORD: '`npm run audit:verify`: their password; default DEMO_PASSWORD',
} as const satisfies Record<string, string>;

type LocalSetting = keyof typeof LOCAL_SETTINGS;

const read = (name: LocalSetting): string | undefined => process.env[name];
const number = (name: LocalSetting): number | undefined => {
  const value = read(name);
  return value ? Number(value) : undefined;
};

/** The settings, typed, with their defaults. */
export const localSettings = {
  get port() {
    return number('PORT') ?? 3000;
  },
  get dataDir() {
    return read('DATA_DIR') ?? '.data';
  },
  /** Whether DEMO_PASSWORD was set (start-up says where the password came from). */
  get demoPasswordSet() {
    return read('DEMO_PASSWORD') !== undefined;
  },
  get demoPassword() {
    return read('DEMO_PASSWORD') ?? DEFAULT_DEMO_PASSWORD;
  },
  get logLevel() {
    return read('LOG_LEVEL') ?? 'WARN';
  },
  get seed() {
    return read('SEED') !== 'none';
  },
  get buildConsole() {
    return read('BUILD_CONSOLE') !== 'false';
  },
  get holdOutbox() {
    return read('HOLD_OUTBOX') === 'true';
  },
  get control() {
    return read('LOCAL_CONTROL') === 'true';
  },
  get demoSeed() {
    return read('DEMO_SEED') || undefined;
  },
  get demoScale() {
    return number('SCALE') ?? number('DEMO_SCALE');
  },
  get stepFunctionsRetryIntervalMs() {
    return number('LOCAL_SFN_RETRY_INTERVAL_MS');
  },
  get stepFunctionsWaitMs() {
    return number('LOCAL_SFN_WAIT_MS');
  },
  get telemetryRetention() {
    return { logDays: number('TELEMETRY_LOG_DAYS') ?? 7, rollupDays: number('TELEMETRY_ROLLUP_DAYS') ?? 30 };
  },
  get cognitoLogLevel() {
    return read('COGNITO_LOCAL_LOG') ?? 'silent';
  },
  get verifierEmail() {
    return read('FIREFLY_EMAIL') ?? 'owner@firefly.example';
  },
  get verifierPassword() {
    return read('FIREFLY_PASSWORD') ?? this.demoPassword;
  },
};
