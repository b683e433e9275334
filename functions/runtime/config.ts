/**
 * Typed configuration from the environment. Both clouds set the same variables: the CDK app from
 * resource names, the local cloud from its own. Endpoints come from the SDK's standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, so nothing here knows which cloud it runs in.
 */
const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
};

export const config = {
  get eventsTable() {
    return required('EVENTS_TABLE');
  },
  get viewsTable() {
    return required('VIEWS_TABLE');
  },
  get idempotencyTable() {
    return required('IDEMPOTENCY_TABLE');
  },
  get busName() {
    return required('EVENT_BUS_NAME');
  },
  get userPoolClientId() {
    return required('USER_POOL_CLIENT_ID');
  },
  /** For the Cognito admin APIs (user management); only functions granted `userPoolAdmin` get it. */
  get userPoolId() {
    return required('USER_POOL_ID');
  },
  get auditTable() {
    return required('AUDIT_TABLE');
  },
  /** Where the audit log's periodic digests go (write-once in AWS: Object Lock). */
  get auditBucket() {
    return required('AUDIT_BUCKET');
  },
  /** Business hours for the off-hours detection rule: an IANA zone, hours `7-19`, days `1-5` (Mon-Fri). */
  get businessHours() {
    return {
      timeZone: process.env.BUSINESS_TIMEZONE ?? 'America/Denver',
      hours: process.env.BUSINESS_HOURS ?? '7-19',
      days: process.env.BUSINESS_DAYS ?? '1-5',
    };
  },
  /** How long a function instance trusts what it read of an account's access changes (session checks). */
  get sessionCheckTtlMs() {
    const value = Number(process.env.SESSION_CHECK_TTL_MS ?? 10_000);
    return Number.isFinite(value) && value >= 0 ? value : 10_000;
  },
  get s3ForcePathStyle() {
    return process.env.S3_FORCE_PATH_STYLE === 'true';
  },
  get stage() {
    return process.env.STAGE ?? 'local';
  },
  get exportsBucket() {
    return required('EXPORTS_BUCKET');
  },
  get backupsBucket() {
    return required('BACKUPS_BUCKET');
  },
  /** The ARN of a manifest state machine, from the variable `stateMachineEnv(name)` names. */
  stateMachineArn(name: string) {
    return required(stateMachineEnv(name));
  },
  /**
   * Restores and restore drills create their tables under this prefix (`<prefix><id>-events`), so the
   * functions that make them may be granted exactly those names.
   */
  get restoreTablePrefix() {
    return process.env.RESTORE_TABLE_PREFIX ?? `firefly-${this.stage}-restore-`;
  },
  /**
   * Backups take commits up to this many seconds ago, so a commit still being written when a backup
   * starts (its id already taken, its put not yet landed) is never skipped by the next incremental.
   */
  get backupSettleSeconds() {
    return Number(process.env.BACKUP_SETTLE_SECONDS ?? 5);
  },
  /** Commits per backup part (parts also end at 128 MB uncompressed); tests set it low. */
  get backupPartMaxCommits() {
    return Number(process.env.BACKUP_PART_MAX_COMMITS ?? 250_000);
  },
};

/** `backup` -> `BACKUP_STATE_MACHINE_ARN`: both clouds set it for functions that start the machine. */
export const stateMachineEnv = (name: string): string =>
  `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_STATE_MACHINE_ARN`;
