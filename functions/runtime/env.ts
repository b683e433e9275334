/**
 * The one registry of the environment variables functions run with: each name and what it means.
 * Everything that reads or sets one goes through here: config (functions/runtime/config.ts) and
 * observability read them; the CDK app (infra/aws/constructs/functions.ts), the local cloud
 * (infra/local/cloud.ts) and the bundler's import check (infra/bundle.ts) set them. A test holds the
 * rest of the code to it (no name spelled out anywhere else).
 *
 * Not here: the SDK's own variables (AWS_REGION, AWS_ENDPOINT_URL_<SERVICE>, credentials, checksum
 * switches), which the SDK reads itself, and the settings of the local tools (`npm start`'s PORT,
 * DATA_DIR, DEMO_PASSWORD…, documented in the README), which no function reads.
 */
export const ENV_VARIABLES = {
  // Resources, set by both clouds from the access a function's manifest entry declares.
  EVENTS_TABLE: 'DynamoDB table of the event store: one item per commit (functions/tables.ts)',
  VIEWS_TABLE: 'DynamoDB table of the read models: one row per record',
  IDEMPOTENCY_TABLE: 'DynamoDB table of Idempotency-Key records',
  AUDIT_TABLE: 'DynamoDB table of the hash-chained audit log and the security state',
  EVENT_BUS_NAME: 'EventBridge bus the publisher puts events on',
  USER_POOL_CLIENT_ID: 'Cognito app client id, for sign-in (InitiateAuth)',
  USER_POOL_ID: 'Cognito user pool id, for the admin APIs of user management',
  TOKEN_ISSUER: "The user pool's token issuer URL, whose tokens the API's authorizer accepts",
  TOKEN_JWKS_URL:
    "Where the issuer's signing keys are (default: the issuer's /.well-known/jwks.json; the local cloud's Cognito serves them elsewhere)",
  AUDIT_BUCKET: "S3 bucket of the audit log's digests (Object Lock in AWS)",
  BACKUPS_BUCKET: 'S3 bucket of event-store backups: zstd parts and chained manifests',
  EXPORTS_BUCKET: 'S3 bucket of exported files and their provenance manifests',
  ANALYTICS_BUCKET:
    "S3 bucket of the reports' analytics dataset: one Parquet file per table and its manifest",
  RESTORE_TABLE_PREFIX: 'Name prefix of the tables restores and restore drills create',
  CREDENTIALS_TABLE: "DynamoDB table of integrations' encrypted credentials",
  WEBHOOKS_BUCKET: 'S3 bucket of inbound webhook deliveries, kept as received',
  CREDENTIALS_KEY_ARN: 'KMS key that wraps the data keys of stored credentials (AWS)',
  CREDENTIALS_KEY_FILE: 'File of the raw AES-256 key that wraps credentials where there is no KMS (local)',
  PUBLIC_API_URL: 'Base URL third parties reach the platform at (webhook endpoints are registered under it)',
  ALLOW_PRIVATE_OUTBOUND: '`true` lets calls to providers reach private addresses (the local sandboxes only)',
  ORIGIN_VERIFY_SECRET:
    'Secret CloudFront adds to API requests (X-Firefly-Origin-Verify): proves a request came through it, so its CloudFront-Viewer-Address is believed (API functions only)',
  EMAIL_FROM: "Sender address of the platform's email (an SES verified identity in AWS)",
  SMTP_URL:
    'SMTP server email goes to instead of SES, e.g. `smtp://127.0.0.1:1025` (the local mail catcher only)',
  API_FUNCTIONS:
    "JSON map of the API functions (manifest name → deployed function name) a workflow's command step invokes",
  CONSOLE_URL: "The console's base URL, for links in emails (absent: emails give the console path alone)",
  WORKFLOW_ROLE_ARN: "IAM role workflows' state machines run as: it invokes the workflow-step function only",
  WORKFLOW_STEP_FUNCTION_ARN: "The workflow-step function's ARN: the Resource of every workflow Task state",
  WORKFLOW_SCHEDULE_GROUP:
    "EventBridge Scheduler group of workflows' schedule triggers (default `firefly-<stage>-workflows`)",
  WORKFLOW_SCHEDULER_ROLE_ARN:
    "IAM role workflows' schedules run as: it invokes the workflow-start function only",
  REPORT_ENGINE:
    'Which engine runs report queries: `duckdb` in the function (absent: the default) or `athena` (the CDK setting `reportEngine`)',
  ATHENA_WORKGROUP:
    'Athena workgroup of report queries when REPORT_ENGINE is `athena` (`firefly-<stage>-reports`)',
  GLUE_DATABASE: "Glue database of the analytics dataset's tables when REPORT_ENGINE is `athena`",
  ATHENA_OUTPUT_LOCATION:
    "S3 URL Athena writes report query results to when REPORT_ENGINE is `athena` (the workgroup's, which it enforces)",
  REPORT_SCHEDULE_GROUP:
    "EventBridge Scheduler group of saved reports' schedules (default `firefly-<stage>-reports`)",
  REPORT_SCHEDULER_ROLE_ARN: "IAM role reports' schedules run as: it invokes the report-start function only",
  WORKFLOW_LOG_GROUP_ARN:
    "CloudWatch log group workflows' state machines log to (absent: they do not log; the local engine)",
  TELEMETRY_STORE:
    "The local cloud's telemetry store (a SQLite file under DATA_DIR) the monitoring API reads; absent: CloudWatch",
  TELEMETRY_LOG_GROUP_PREFIX:
    "The name prefix of the functions' log groups, which Logs Insights searches (AWS; infra/aws/constructs/functions.ts)",
  // The deployment.
  STAGE: 'Deployment stage (`local` on this machine); names resources',
  // Tuning, with defaults in config; tests and the local cloud set some of them.
  BUSINESS_TIMEZONE: 'IANA time zone of business hours, for the off-hours rule (default America/Denver)',
  BUSINESS_HOURS: 'Business hours as `from-to`, e.g. `7-19` (default)',
  BUSINESS_DAYS: 'Business days as ISO weekdays `from-to`, e.g. `1-5` (default, Mon-Fri)',
  SESSION_CHECK_TTL_MS: "How long an instance trusts what it read of an account's access changes (10000)",
  S3_FORCE_PATH_STYLE: '`true` for path-style S3 addressing (the local s3rver)',
  BACKUP_SETTLE_SECONDS: 'Backups take commits up to this many seconds ago (5)',
  BACKUP_PART_MAX_COMMITS: 'Commits per backup part (250000)',
  OUTBOUND_RETRY_SCALE:
    "Multiplies outbound webhooks' retry schedule (1); only tests set it, to retry in milliseconds",
  SWEEP_MIN_AGE_MS: 'The outbox sweeper leaves commits younger than this to the publisher (30000)',
  // Powertools' standard variables (read by Powertools itself, except where noted).
  POWERTOOLS_SERVICE_NAME: 'Powertools service name: the function name',
  POWERTOOLS_METRICS_NAMESPACE: 'Powertools metrics namespace (Firefly)',
  POWERTOOLS_LOG_LEVEL: 'Powertools log level',
  POWERTOOLS_TRACE_ENABLED: '`false` turns X-Ray tracing off (also read by observability.ts)',
  POWERTOOLS_METRICS_DISABLED: '`true` turns metrics off (the local cloud)',
  POWERTOOLS_DEV: 'Powertools dev mode (pretty logs); `false` in the local cloud',
} as const satisfies Record<string, string>;

export type EnvName = keyof typeof ENV_VARIABLES;

/** Every name as itself, for reading and setting: `process.env[env.EVENTS_TABLE]`. */
export const env = Object.fromEntries(Object.keys(ENV_VARIABLES).map((name) => [name, name])) as {
  readonly [K in EnvName]: K;
};

/** The variable each manifest state machine's ARN arrives in: `backup` -> `BACKUP_STATE_MACHINE_ARN`. */
export const stateMachineEnv = (name: string): string =>
  `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_STATE_MACHINE_ARN`;
