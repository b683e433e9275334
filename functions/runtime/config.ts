import { type EnvName, env, stateMachineEnv } from './env.ts';

/**
 * Typed configuration from the environment: the variables of the registry in env.ts. Both clouds set the
 * same variables: the CDK app from resource names, the local cloud from its own. Endpoints come from the SDK's standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, so nothing here knows which cloud it runs in.
 */
const read = (name: EnvName): string | undefined => process.env[name];

const required = (name: EnvName | ReturnType<typeof stateMachineEnv>): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
};

export const config = {
  get eventsTable() {
    return required(env.EVENTS_TABLE);
  },
  get viewsTable() {
    return required(env.VIEWS_TABLE);
  },
  get idempotencyTable() {
    return required(env.IDEMPOTENCY_TABLE);
  },
  get busName() {
    return required(env.EVENT_BUS_NAME);
  },
  get userPoolClientId() {
    return required(env.USER_POOL_CLIENT_ID);
  },
  /** For the Cognito admin APIs (user management); only functions granted `userPoolAdmin` get it. */
  get userPoolId() {
    return required(env.USER_POOL_ID);
  },
  /** The user pool's tokens, for the API's authorizer: issuer, signing keys and the console's client. */
  get tokens() {
    const issuer = required(env.TOKEN_ISSUER);
    return {
      issuer,
      jwksUrl: read(env.TOKEN_JWKS_URL) ?? `${issuer}/.well-known/jwks.json`,
      clientId: required(env.USER_POOL_CLIENT_ID),
    };
  },
  get auditTable() {
    return required(env.AUDIT_TABLE);
  },
  /** Where the audit log's periodic digests go (write-once in AWS: Object Lock). */
  get auditBucket() {
    return required(env.AUDIT_BUCKET);
  },
  /** Business hours for the off-hours detection rule: an IANA zone, hours `7-19`, days `1-5` (Mon-Fri). */
  get businessHours() {
    return {
      timeZone: read(env.BUSINESS_TIMEZONE) ?? 'America/Denver',
      hours: read(env.BUSINESS_HOURS) ?? '7-19',
      days: read(env.BUSINESS_DAYS) ?? '1-5',
    };
  },
  /** How long a function instance trusts what it read of an account's access changes (session checks). */
  get sessionCheckTtlMs() {
    const value = Number(read(env.SESSION_CHECK_TTL_MS) ?? 10_000);
    return Number.isFinite(value) && value >= 0 ? value : 10_000;
  },
  /** The API functions a workflow's command step invokes: manifest name → deployed function name. */
  get apiFunctions(): Record<string, string> {
    return JSON.parse(required(env.API_FUNCTIONS)) as Record<string, string>;
  },
  get s3ForcePathStyle() {
    return read(env.S3_FORCE_PATH_STYLE) === 'true';
  },
  /** Which engine runs report queries, and for Athena where (the CDK sets all three with `reportEngine`). */
  get reportEngine():
    | { engine: 'duckdb' }
    | { engine: 'athena'; workgroup: string; database: string; outputLocation?: string } {
    const engine = read(env.REPORT_ENGINE) ?? 'duckdb';
    if (engine === 'duckdb') return { engine };
    if (engine !== 'athena') throw new Error(`REPORT_ENGINE "${engine}" must be duckdb or athena`);
    const outputLocation = read(env.ATHENA_OUTPUT_LOCATION);
    return {
      engine,
      workgroup: required(env.ATHENA_WORKGROUP),
      database: required(env.GLUE_DATABASE),
      ...(outputLocation ? { outputLocation } : {}),
    };
  },
  get stage() {
    return read(env.STAGE) ?? 'local';
  },
  /**
   * What CloudFront sends in X-Firefly-Origin-Verify (functions/http/caller-address.ts); unset, no
   * request is taken to come through CloudFront.
   */
  get originVerifySecret() {
    return read(env.ORIGIN_VERIFY_SECRET);
  },
  get exportsBucket() {
    return required(env.EXPORTS_BUCKET);
  },
  get analyticsBucket() {
    return required(env.ANALYTICS_BUCKET);
  },
  get backupsBucket() {
    return required(env.BACKUPS_BUCKET);
  },
  get webhooksBucket() {
    return required(env.WEBHOOKS_BUCKET);
  },
  /** Where third parties reach the platform: webhook endpoints are `<this>/webhooks/<integration id>`. */
  get publicApiUrl() {
    return required(env.PUBLIC_API_URL).replace(/\/$/, '');
  },
  /**
   * How email leaves: through an SMTP server when `SMTP_URL` is set (the local mail catcher), otherwise
   * SES; `from` undefined when no sender is configured (nothing can be emailed then).
   */
  get email() {
    return { from: read(env.EMAIL_FROM), smtpUrl: read(env.SMTP_URL) };
  },
  get consoleUrl() {
    return read(env.CONSOLE_URL)?.replace(/\/$/, '');
  },
  /** The ARN of a manifest state machine, from the variable `stateMachineEnv(name)` (env.ts) names. */
  stateMachineArn(name: string) {
    return required(stateMachineEnv(name));
  },
  /**
   * Workflows' state machines: one per published version, named `<prefix><workflowId>-v<version>` so
   * the functions that create them may be granted exactly those names.
   */
  get workflowMachines() {
    return {
      namePrefix: `firefly-${this.stage}-wf-`,
      roleArn: required(env.WORKFLOW_ROLE_ARN),
      stepFunctionArn: required(env.WORKFLOW_STEP_FUNCTION_ARN),
      logGroupArn: read(env.WORKFLOW_LOG_GROUP_ARN),
    };
  },
  /**
   * Schedules made at run time (functions/adapters/schedules.ts): one EventBridge Scheduler schedule per
   * active workflow with a schedule trigger, or per scheduled report, each kind in a group of this
   * stage's own, so its starter may be granted that group's schedules and nothing else.
   */
  schedules(group: ScheduleGroup) {
    const vars = SCHEDULE_ENV[group];
    return {
      groupName: read(vars.group) ?? `firefly-${this.stage}-${group}`,
      roleArn: required(vars.role),
    };
  },
  /**
   * Restores and restore drills create their tables under this prefix (`<prefix><id>-events`), so the
   * functions that make them may be granted exactly those names.
   */
  get restoreTablePrefix() {
    return read(env.RESTORE_TABLE_PREFIX) ?? `firefly-${this.stage}-restore-`;
  },
  /**
   * Backups take commits up to this many seconds ago, so a commit still being written when a backup
   * starts (its id already taken, its put not yet landed) is never skipped by the next incremental.
   */
  get backupSettleSeconds() {
    return Number(read(env.BACKUP_SETTLE_SECONDS) ?? 5);
  },
  /** Commits per backup part (parts also end at 128 MB uncompressed); tests set it low. */
  get backupPartMaxCommits() {
    return Number(read(env.BACKUP_PART_MAX_COMMITS) ?? 250_000);
  },
  /** The outbox sweeper leaves commits younger than this to the stream-triggered publisher. */
  get sweepMinAgeMs() {
    return Number(read(env.SWEEP_MIN_AGE_MS) ?? 30_000);
  },
  /** Scales outbound webhooks' retry schedule; 1 everywhere but tests, which retry in milliseconds. */
  get outboundRetryScale() {
    const value = Number(read(env.OUTBOUND_RETRY_SCALE) ?? 1);
    return Number.isFinite(value) && value > 0 ? value : 1;
  },
};

export type ScheduleGroup = 'workflows' | 'reports';
/** The variables naming each schedule group and the role its schedules run as. */
export const SCHEDULE_ENV: Record<ScheduleGroup, { group: EnvName; role: EnvName }> = {
  workflows: { group: env.WORKFLOW_SCHEDULE_GROUP, role: env.WORKFLOW_SCHEDULER_ROLE_ARN },
  reports: { group: env.REPORT_SCHEDULE_GROUP, role: env.REPORT_SCHEDULER_ROLE_ARN },
};
