import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/** Everything a deployment varies by, read from CDK context (`-c stage=prod -c ownerEmail=...`). */
export interface Settings {
  /** Names every resource and decides how careful to be: `prod` keeps data when a stack is deleted. */
  stage: string;
  /** Receives alarm notifications and becomes the first user (in the `owner` group). */
  ownerEmail?: string;
  /** A custom domain for the console; needs `certificateArn` (ACM, us-east-1) with it. */
  domainName?: string;
  certificateArn?: string;
  /** How long each audit digest is locked; default seven years in prod, one day elsewhere. */
  auditRetentionDays?: number;
  /**
   * The sender address of the platform's email (notifications); an SES identity is made for it. Without
   * it the platform sends no email: notifications stay in the console's notification centre.
   */
  emailFrom?: string;
  /**
   * Which engine runs report queries: `duckdb` (the default, in the report functions over the Parquet
   * they download) or `athena` (the same SQL, compiled for Trino, over the Glue tables) for when the
   * data outgrows one function.
   */
  reportEngine?: 'duckdb' | 'athena';
  /** Pin the stacks to an account/region; without them the stacks are environment-agnostic. */
  account?: string;
  region?: string;
}

const STAGE = /^[a-z][a-z0-9-]{1,15}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const text = (node: Node, key: string): string | undefined => {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  // `-c key=7` arrives as a string, cdk.json or a test may give a number.
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Error(`Context ${key} must be a string`);
  return String(value).trim();
};

export const readSettings = (node: Node): Settings => {
  const settings: Settings = {
    stage: text(node, 'stage') ?? 'dev',
    ownerEmail: text(node, 'ownerEmail'),
    emailFrom: text(node, 'emailFrom'),
    domainName: text(node, 'domainName'),
    certificateArn: text(node, 'certificateArn'),
    auditRetentionDays:
      text(node, 'auditRetentionDays') === undefined ? undefined : Number(text(node, 'auditRetentionDays')),
    account: text(node, 'account'),
    region: text(node, 'region'),
    reportEngine: text(node, 'reportEngine') as Settings['reportEngine'],
  };
  return validateSettings(settings);
};

export const validateSettings = (settings: Settings): Settings => {
  if (!STAGE.test(settings.stage)) {
    throw new Error(`stage "${settings.stage}" must be 2-16 lowercase letters, digits or dashes`);
  }
  if (settings.ownerEmail && !EMAIL.test(settings.ownerEmail)) {
    throw new Error(`ownerEmail "${settings.ownerEmail}" is not an email address`);
  }
  if (settings.reportEngine && !['duckdb', 'athena'].includes(settings.reportEngine)) {
    throw new Error(`reportEngine "${settings.reportEngine}" must be duckdb or athena`);
  }
  if (settings.emailFrom && !EMAIL.test(settings.emailFrom)) {
    throw new Error(`emailFrom "${settings.emailFrom}" is not an email address`);
  }
  const days = settings.auditRetentionDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1)) {
    throw new Error(`auditRetentionDays must be a whole number of days, at least 1`);
  }
  // CloudFront only serves a custom domain with a certificate it can see; creating one would need a
  // DNS lookup at synth time, which would break offline synthesis.
  if (settings.domainName && !settings.certificateArn) {
    throw new Error('domainName needs certificateArn: an ACM certificate in us-east-1 covering it');
  }
  return settings;
};

/** Stage-dependent defaults, in one place so every construct treats `prod` the same way. */
export const policyFor = (stage: string) => {
  const prod = stage === 'prod';
  return {
    prod,
    /** Non-prod stages are disposable: deleting the stack deletes their data too. */
    removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: prod ? RetentionDays.ONE_YEAR : RetentionDays.TWO_WEEKS,
    logLevel: prod ? ('INFO' as const) : ('DEBUG' as const),
    /** SOX-style seven years for the audit log's evidence in prod; a day elsewhere, so tests can clean up. */
    auditRetentionDays: prod ? 2555 : 1,
    /** Server access logs are for audits in prod and for debugging elsewhere. */
    accessLogExpiry: prod ? Duration.days(365) : Duration.days(30),
  };
};

export type StagePolicy = ReturnType<typeof policyFor>;

/** Resource names: `firefly-<stage>-<what>`. */
export const prefix = (stage: string) => `firefly-${stage}`;

/** Construct ids from manifest names: `api-orders` -> `ApiOrders`. */
export const pascal = (name: string): string =>
  name.replace(/(^|[-_.\s]+)(\w)/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
