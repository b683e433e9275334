import type { RuleName } from '../events/rules.ts';
import { apiKeyRoutes } from './api/apikeys/contract.ts';
import { auditRoutes } from './api/audit/contract.ts';
import { authRoutes } from './api/auth/contract.ts';
import { backupRoutes } from './api/backups/contract.ts';
import { catalogRoutes } from './api/catalog/contract.ts';
import { customerRoutes } from './api/customers/contract.ts';
import { deliveryRoutes } from './api/delivery/contract.ts';
import { exportRoutes } from './api/exports/contract.ts';
import { insightsRoutes } from './api/insights/contract.ts';
import { integrationRoutes } from './api/integrations/contract.ts';
import { inventoryRoutes } from './api/inventory/contract.ts';
import { leadRoutes } from './api/leads/contract.ts';
import { marketingRoutes } from './api/marketing/contract.ts';
import { monitoringRoutes } from './api/monitoring/contract.ts';
import { notificationRoutes } from './api/notifications/contract.ts';
import { orderRoutes } from './api/orders/contract.ts';
import { outboundRoutes } from './api/outbound/contract.ts';
import { productionRoutes } from './api/production/contract.ts';
import { purchasingRoutes } from './api/purchasing/contract.ts';
import { quoteRoutes } from './api/quotes/contract.ts';
import { reportRoutes } from './api/reports/contract.ts';
import { dashboardRoutes } from './api/reports/dashboard-contract.ts';
import { reportDeliveryRoutes } from './api/reports/delivery-contract.ts';
import { securityRoutes } from './api/security/contract.ts';
import { systemRoutes } from './api/system/contract.ts';
import { userRoutes } from './api/users/contract.ts';
import { workflowRunRoutes } from './api/workflow-runs/contract.ts';
import { workflowRoutes } from './api/workflows/contract.ts';
import type { RouteContract } from './http/route.ts';
import { env } from './runtime/env.ts';
import type { TableName } from './tables.ts';
import { webhookRoutes } from './webhooks/contract.ts';

export { type TableName, type TableSpec, tables } from './tables.ts';

/** The S3 buckets functions use, and the environment variable each one's name arrives in. */
export type BucketName = 'backups' | 'exports' | 'webhooks' | 'analytics';
export const buckets: Record<BucketName, { env: string; description: string }> = {
  backups: { env: env.BACKUPS_BUCKET, description: 'Event-store backups: zstd parts and chained manifests' },
  exports: { env: env.EXPORTS_BUCKET, description: 'Exported files and their provenance manifests' },
  webhooks: { env: env.WEBHOOKS_BUCKET, description: 'Inbound webhook deliveries, kept as received' },
  analytics: {
    env: env.ANALYTICS_BUCKET,
    description:
      "The reports' analytics dataset: a Parquet file per table, rebuilt from the event store at will",
  },
};

/**
 * The app manifest: every function, what triggers it and what it may touch, and the tables it all
 * lives in. The CDK app deploys exactly this; the local cloud runs exactly this; a test holds them to it.
 */
export type Trigger =
  | { kind: 'http'; route: RouteContract }
  /** New commits in the event store: the DynamoDB stream in AWS, the outbox poller locally. */
  | { kind: 'commits' }
  | { kind: 'rule'; rule: RuleName }
  | { kind: 'schedule'; name: string; expression: string; description: string }
  /** The API's authorizer: every route that is not public asks it who the caller is. */
  | { kind: 'authorizer' };

export interface Access {
  /** Tables and whether the function only reads them or also writes. */
  tables?: Partial<Record<TableName, 'read' | 'write'>>;
  /** May put events on the bus. */
  bus?: boolean;
  /** May call the user pool's public sign-in flows. */
  userPool?: boolean;
  /**
   * The key that wraps integrations' credentials (functions/adapters/credentials.ts): `decrypt` to use
   * them, `encrypt` also to store new ones.
   */
  credentialsKey?: 'decrypt' | 'encrypt';
  /** Verifies the user pool's tokens: its issuer and the console's client (TOKEN_ISSUER, USER_POOL_CLIENT_ID). */
  tokens?: boolean;
  /** Needs the platform's public URL (PUBLIC_API_URL): to give providers webhook URLs, or call its own. */
  publicUrl?: boolean;
  /**
   * Creates workflows' state machines (functions/adapters/workflow-machines.ts): states:CreateStateMachine,
   * DescribeStateMachine and TagResource on names `firefly-<stage>-wf-*`, iam:PassRole on the workflows'
   * execution role only, and the variables naming that role, the workflow-step function and the log group.
   */
  workflowMachines?: boolean;
  /** The console's URL (CONSOLE_URL) where the deployment knows it (a custom domain; locally always). */
  consoleUrl?: boolean;
  /**
   * Keeps one kind's schedules (functions/adapters/schedules.ts): scheduler:CreateSchedule,
   * UpdateSchedule, DeleteSchedule and GetSchedule on the stage's schedule group of that kind only,
   * iam:PassRole on that group's role (which may invoke this function only), and the variables naming
   * the group and the role.
   */
  schedules?: 'workflows' | 'reports';
  /**
   * Sends email (functions/notifications/email.ts): SES SendEmail from the configured sender identity
   * only, the sender address (EMAIL_FROM) and the console's URL (CONSOLE_URL) for links.
   */
  email?: boolean;
}

export interface FunctionSpec {
  /** Source file, relative to the repository root; it exports `handler`. */
  entry: string;
  /**
   * Lambda's architecture when not arm64 (the default): `x86_64` for functions that ship a native
   * binary built for it (DuckDB, infra/bundle.ts).
   */
  architecture?: 'x86_64';
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  triggers: Trigger[];
  access: Access;
}

const http = (routes: readonly RouteContract[]): Trigger[] =>
  routes.map((route) => ({ kind: 'http', route }));

const api = (
  name: string,
  routes: readonly RouteContract[],
  access: Access,
  description: string,
): [string, FunctionSpec] => [
  `api-${name}`,
  {
    entry: `functions/api/${name}/handler.ts`,
    description,
    memoryMb: 1024,
    timeoutSeconds: 10,
    triggers: http(routes),
    access,
  },
];

/** A function that runs DuckDB, whose shipped binary is x86_64 (infra/bundle.ts). */
const x86 = ([name, spec]: [string, FunctionSpec]): [string, FunctionSpec] => [
  name,
  { ...spec, architecture: 'x86_64' },
];

const records: Access = { tables: { events: 'write', views: 'read', idempotency: 'write' } };

export const functions: Record<string, FunctionSpec> = Object.fromEntries([
  api(
    'system',
    systemRoutes,
    { tables: { views: 'read' } },
    'Health, the OpenAPI document and the API docs page',
  ),
  api(
    'auth',
    authRoutes,
    // audit: the per-address sign-in throttle (functions/security/lockout.ts).
    { tables: { events: 'write', audit: 'write' }, userPool: true },
    'Sign-in (with its MFA step), token refresh, who-am-I and my MFA set-up',
  ),
  [
    'authorizer',
    {
      entry: 'functions/access/authorizer-handler.ts',
      description: "The API's authorizer: a user pool token (a person) or an API key (a third party)",
      memoryMb: 512,
      timeoutSeconds: 5,
      triggers: [{ kind: 'authorizer' }],
      // events: an API key's record (revoked, expiry); credentials: its hash and last use.
      access: { tables: { events: 'read', credentials: 'write' }, tokens: true },
    },
  ],
  api(
    'apikeys',
    apiKeyRoutes,
    { tables: { events: 'write', views: 'read', idempotency: 'write', credentials: 'write' } },
    'API keys for third parties: issue (shown once), list, read, revoke',
  ),
  api('catalog', catalogRoutes, records, 'Tiny-home models and their options'),
  api('customers', customerRoutes, records, 'Customers'),
  api('orders', orderRoutes, records, 'Orders, their stages and payments'),
  api('leads', leadRoutes, records, 'Leads, their contact history, qualification and conversion'),
  api('quotes', quoteRoutes, records, 'Quotes, discounts and their approval, orders from accepted quotes'),
  api('production', productionRoutes, records, 'Build slots, stages, delays and stock consumption'),
  api('delivery', deliveryRoutes, records, 'Shipments, carriers, delivery and damage claims'),
  api('inventory', inventoryRoutes, records, 'Stock items: on hand, reserved, reorder policy, adjustments'),
  api('purchasing', purchasingRoutes, records, 'Suppliers and purchase orders'),
  api('marketing', marketingRoutes, records, 'Campaigns, budgets and spend'),
  x86(
    api(
      'reports',
      [...reportRoutes, ...reportDeliveryRoutes, ...dashboardRoutes],
      // views: the kept report figures, read only since the overview's snapshot went (issue 17);
      // events: saved reports; credentials: the key share links are signed with
      // (functions/reports/delivery/links.ts).
      {
        tables: { events: 'write', views: 'read', idempotency: 'write', credentials: 'write' },
        credentialsKey: 'encrypt',
      },
      'The overview and the report builder: datasets, previews, templates, saved reports, their schedules, runs, shares and share links, dashboards (DuckDB)',
    ),
  ),
  api(
    'backups',
    backupRoutes,
    { tables: { events: 'write', views: 'write', idempotency: 'write' } },
    'Backups, retention, restores, restore drills and time travel',
  ),
  api(
    'exports',
    exportRoutes,
    // events: read for the per-request session check (functions/http/session-check.ts).
    { tables: { events: 'read', views: 'write', idempotency: 'write' } },
    'Exports of record collections and the event stream, with expiring download links',
  ),
  // Workflow automation (issue 12): workflows as records, validated, compiled and published as state machines.
  api(
    'workflows',
    workflowRoutes,
    { tables: { events: 'write', views: 'read', idempotency: 'write' }, workflowMachines: true },
    'Workflows: drafts, validation, publishing versions as state machines, pause, resume, archive',
  ),
  // The integration hub (functions/integrations): connections, their tests and checkouts, and the
  // public webhook route third parties deliver to.
  api(
    'integrations',
    integrationRoutes,
    {
      tables: { events: 'write', views: 'read', audit: 'read', idempotency: 'write', credentials: 'write' },
      credentialsKey: 'encrypt',
      publicUrl: true,
    },
    'Integrations: templates, connect, connection tests, credentials, deliveries and card checkouts',
  ),
  api(
    'outbound',
    outboundRoutes,
    {
      tables: { events: 'write', views: 'write', idempotency: 'write', credentials: 'write' },
      credentialsKey: 'encrypt',
    },
    'Outbound webhooks: endpoints, their secrets, the delivery log, retry now and replay',
  ),
  // The one signed outbound-webhook sender (functions/integrations/outbound): views holds the due index.
  [
    'outbound-webhooks',
    {
      entry: 'functions/integrations/outbound/consumer.ts',
      description: 'Sends each domain event to the outbound endpoints subscribed to it, signed',
      memoryMb: 512,
      // A first attempt (15 s), the 5-second retry slept in process, and a second attempt (15 s).
      timeoutSeconds: 60,
      triggers: [{ kind: 'rule', rule: 'allDomainEvents' }],
      access: { tables: { events: 'write', views: 'write', credentials: 'read' }, credentialsKey: 'decrypt' },
    },
  ],
  [
    'integration-health',
    {
      entry: 'functions/integrations/health-check.ts',
      description: "Scheduled health checks of integrations' providers, raising and clearing their alerts",
      memoryMb: 512,
      timeoutSeconds: 300,
      triggers: [
        {
          kind: 'schedule',
          name: 'integration-health',
          expression: 'rate(15 minutes)',
          description: 'Check every active integration against its provider',
        },
      ],
      access: { tables: { events: 'write', views: 'read', credentials: 'read' }, credentialsKey: 'decrypt' },
    },
  ],
  [
    'credentials-reencrypt',
    {
      entry: 'functions/integrations/reencrypt.ts',
      description: 'Re-seals stored credentials under the current key after a key rotation',
      memoryMb: 512,
      timeoutSeconds: 300,
      triggers: [
        {
          kind: 'schedule',
          name: 'credentials-reencrypt',
          expression: 'rate(1 hour)',
          description: 'Move credentials sealed under a retired key to the current one',
        },
      ],
      access: { tables: { events: 'write', credentials: 'write' }, credentialsKey: 'encrypt' },
    },
  ],
  [
    'outbound-retries',
    {
      entry: 'functions/integrations/outbound/retries.ts',
      description: 'Sends the outbound deliveries whose retry is due',
      memoryMb: 512,
      timeoutSeconds: 300,
      triggers: [
        {
          kind: 'schedule',
          name: 'outbound-retries',
          expression: 'rate(1 minute)',
          description: 'Retry outbound webhook deliveries that are due',
        },
      ],
      access: { tables: { events: 'write', views: 'write', credentials: 'read' }, credentialsKey: 'decrypt' },
    },
  ],
  [
    'webhooks',
    {
      entry: 'functions/webhooks/handler.ts',
      description: "Third parties' signed webhooks: verified on the raw bytes, kept, mapped to commands",
      memoryMb: 512,
      timeoutSeconds: 10,
      triggers: http(webhookRoutes),
      access: { tables: { events: 'write', credentials: 'read' }, credentialsKey: 'decrypt' },
    },
  ],
  // Backup, restore and export (functions/backup, functions/export): the state machines' tasks.
  [
    'backup-worker',
    {
      entry: 'functions/backup/handler.ts',
      description: 'Backup tasks: collect, write zstd parts, write the chained manifest, verify, retention',
      memoryMb: 1769,
      timeoutSeconds: 900,
      triggers: [],
      access: { tables: { events: 'write', views: 'write' } },
    },
  ],
  [
    'restore-worker',
    {
      entry: 'functions/backup/restore-handler.ts',
      description:
        'Restore tasks: verify a backup chain, load it into new tables, rebuild and digest the views',
      // The views are rebuilt in memory, as a projection rebuild does.
      memoryMb: 3008,
      timeoutSeconds: 900,
      triggers: [],
      access: { tables: { events: 'write', views: 'write' } },
    },
  ],
  [
    'export-worker',
    {
      entry: 'functions/export/handler.ts',
      description:
        'Streams a collection or the event stream as JSON, CSV, XLSX or SQL into the exports bucket',
      memoryMb: 1024,
      timeoutSeconds: 900,
      triggers: [],
      access: { tables: { events: 'write', views: 'write' } },
    },
  ],
  [
    'publisher',
    {
      entry: 'functions/publish/handler.ts',
      description: 'Puts newly committed events on the bus and clears their outbox mark',
      memoryMb: 512,
      timeoutSeconds: 60,
      triggers: [{ kind: 'commits' }],
      access: { tables: { events: 'write' }, bus: true },
    },
  ],
  [
    'sweeper',
    {
      entry: 'functions/publish/sweeper.ts',
      description: 'Republishes commits still marked unpublished: the safety net behind the publisher',
      memoryMb: 512,
      timeoutSeconds: 120,
      triggers: [
        {
          kind: 'schedule',
          name: 'outbox-sweep',
          expression: 'rate(1 minute)',
          description: 'Publish commits the publisher missed',
        },
      ],
      access: { tables: { events: 'write' }, bus: true },
    },
  ],
  [
    'reports-dataset',
    {
      entry: 'functions/reports/dataset-handler.ts',
      architecture: 'x86_64',
      description: "Folds new commits into the reports' analytics dataset: a Parquet file per table in S3",
      // DuckDB writes the Parquet files; the rows of the changed tables are held in memory.
      memoryMb: 2048,
      timeoutSeconds: 300,
      triggers: [
        {
          kind: 'schedule',
          name: 'reports-dataset',
          expression: 'rate(1 minute)',
          description: 'Keep the analytics dataset at most about a minute behind the events',
        },
      ],
      access: { tables: { events: 'read' } },
    },
  ],
  // Insights (issue 15, functions/insights): recommendations and their lifecycle, runs, the latest figures.
  [
    'report-start',
    {
      entry: 'functions/reports/start.ts',
      description: "Keeps saved reports' schedules in EventBridge Scheduler and starts their scheduled runs",
      memoryMb: 512,
      timeoutSeconds: 60,
      triggers: [{ kind: 'rule', rule: 'reportSchedules' }],
      access: { tables: { events: 'read' }, schedules: 'reports' },
    },
  ],
  [
    'report-worker',
    {
      entry: 'functions/reports/delivery-handler.ts',
      architecture: 'x86_64',
      description:
        'Report runs: the query and its condition, the files (JSON, CSV, XLSX, SQL) with manifests, email and webhook delivery',
      memoryMb: 2048,
      timeoutSeconds: 900,
      triggers: [],
      // views: the owner's notification of a failed run; credentials: webhook endpoints' signing secrets.
      access: {
        tables: { events: 'write', views: 'write', credentials: 'read' },
        credentialsKey: 'decrypt',
        email: true,
      },
    },
  ],
  api(
    'insights',
    insightsRoutes,
    { tables: { events: 'write', views: 'read', idempotency: 'write' } },
    'Insights: recommendations (accept, dismiss, implement), runs, segments, inventory advice, marketing return, ROI',
  ),
  [
    'insights-worker',
    {
      entry: 'functions/insights/handler.ts',
      description:
        'Insights tasks: analyse the history and propose recommendations, measure those past their horizon',
      memoryMb: 1769,
      timeoutSeconds: 900,
      triggers: [],
      // views: write for the latest run's figures (one row beside the read models).
      access: { tables: { events: 'write', views: 'write' } },
    },
  ],
  [
    'insights-refresh',
    {
      entry: 'functions/insights/refresh.ts',
      description:
        'Starts a scoped insights run within a minute of stock falling or a large order, one at a time',
      memoryMb: 512,
      timeoutSeconds: 30,
      triggers: [{ kind: 'rule', rule: 'insightsRefresh' }],
      // events: the run's start; views: the refresh lease.
      access: { tables: { events: 'write', views: 'write' } },
    },
  ],
  // Monitoring (functions/monitoring): deep health, and the alert rules a minutely check moves by M of N.
  api(
    'monitoring',
    monitoringRoutes,
    // Reads every table, bucket and service it probes (see pendingAccess for what infra/aws lacks); bus:
    // its name, for DescribeEventBus.
    { tables: { events: 'write', views: 'read', audit: 'read', idempotency: 'write' }, bus: true },
    'Deep health of every dependency and the pipeline; alert rules, their history, acknowledge and silence; metrics with history, resources, logs and traces',
  ),
  [
    'monitoring-check',
    {
      entry: 'functions/monitoring/check-handler.ts',
      description: 'Measures the deep health checks and moves each alert rule by M of N datapoints',
      memoryMb: 512,
      timeoutSeconds: 60,
      triggers: [
        {
          kind: 'schedule',
          name: 'monitoring-check',
          expression: 'rate(1 minute)',
          description: "Record every alert rule's datapoint and evaluate it",
        },
      ],
      access: { tables: { events: 'write', views: 'read', audit: 'read' }, bus: true },
    },
  ],
  // Uptime (functions/monitoring/uptime*.ts): synthetic checks of the console, the API and a sign-in.
  [
    'uptime-check',
    {
      entry: 'functions/monitoring/uptime-handler.ts',
      description: 'Checks the console, the API health and a sign-in as a person would, every 60 s',
      memoryMb: 512,
      timeoutSeconds: 60,
      triggers: [
        {
          kind: 'schedule',
          name: 'uptime-check',
          expression: 'rate(1 minute)',
          description: 'Run the synthetic uptime checks and record their results',
        },
      ],
      // credentials: the synthetic account's sealed password (made on the first run, hence encrypt);
      // userPool: its sign-in; publicUrl: where the API answers; consoleUrl: where the console does.
      access: {
        tables: { events: 'write', credentials: 'write' },
        credentialsKey: 'encrypt',
        userPool: true,
        publicUrl: true,
        consoleUrl: true,
      },
    },
  ],
  // Security and audit (functions/audit, functions/security, functions/api/{audit,security,users}).
  [
    'api-audit',
    {
      entry: 'functions/api/audit/handler.ts',
      description: 'Audit log search, export, verification, digests and evidence packs',
      memoryMb: 1024,
      // Verifying the whole chain reads every entry; 30 s is API Gateway's own limit.
      timeoutSeconds: 30,
      triggers: http(auditRoutes),
      access: { tables: { events: 'write', audit: 'write', idempotency: 'write' } },
    },
  ],
  api(
    'security',
    securityRoutes,
    { tables: { events: 'write', views: 'write', audit: 'read', idempotency: 'write' } },
    'Security events, acknowledgement and resolution, recommendations and the rules',
  ),
  api(
    'users',
    userRoutes,
    { tables: { events: 'write', audit: 'write', idempotency: 'write' }, userPool: true },
    'Staff accounts: invite, roles, disable, unlock, MFA reset, activity, access review, activation',
  ),
  // Workflow runs and tasks (functions/workflows): reads Step Functions' history, starts and stops runs.
  api(
    'workflow-runs',
    workflowRunRoutes,
    // workflowMachines: a test run of the draft creates its own state machine.
    { tables: { events: 'write', views: 'read', idempotency: 'write' }, workflowMachines: true },
    "Workflow runs (history, cancel, re-run, manual runs, figures) and my role's tasks",
  ),
  [
    'workflow-step',
    {
      entry: 'functions/workflows/step.ts',
      description:
        "Runs one step of a workflow (look up, command, email, webhook, task) as the workflow's own identity",
      memoryMb: 1024,
      // A webhook's Retry-After (up to 60 s) waited inside the step, and its attempt (15 s).
      timeoutSeconds: 90,
      triggers: [],
      access: {
        tables: { events: 'write', views: 'write', credentials: 'read' },
        credentialsKey: 'decrypt',
        email: true,
      },
    },
  ],
  [
    'workflow-start',
    {
      entry: 'functions/workflows/start.ts',
      description:
        'Starts workflow runs: from the domain events and webhook deliveries that trigger them, and their schedules',
      memoryMb: 512,
      timeoutSeconds: 60,
      triggers: [{ kind: 'rule', rule: 'workflowStarts' }],
      // views: the trigger list it keeps from the workflows' own events; and their schedules, which target it.
      access: { tables: { events: 'write', views: 'write' }, schedules: 'workflows' },
    },
  ],
  [
    'workflow-ended',
    {
      entry: 'functions/workflows/ended.ts',
      description: "Ends workflow runs as their executions end, and tells a workflow's owner of a failed run",
      memoryMb: 512,
      timeoutSeconds: 30,
      triggers: [{ kind: 'rule', rule: 'executionStatusChanges' }],
      access: { tables: { events: 'write', views: 'write' }, email: true },
    },
  ],
  // The notification centre (functions/notifications): everyone's own inbox, and the one consumer that
  // turns events people must hear about into notifications and emails.
  api(
    'notifications',
    notificationRoutes,
    // views: write, to show a read mark at once (the consumer projects it too).
    { tables: { events: 'write', views: 'write' } },
    'My notifications: the list with the unread count, mark read, mark all read',
  ),
  [
    'notifications',
    {
      entry: 'functions/notifications/consumer.ts',
      description:
        'Notifies owners of disabled webhook endpoints, and owners and admins of security events and alerts',
      memoryMb: 512,
      timeoutSeconds: 60,
      triggers: [{ kind: 'rule', rule: 'allDomainEvents' }],
      access: { tables: { events: 'write', views: 'write' }, email: true },
    },
  ],
  [
    'audit',
    {
      entry: 'functions/audit/consumer.ts',
      description: 'Turns every domain event into a hash-chained audit entry',
      memoryMb: 512,
      timeoutSeconds: 30,
      triggers: [{ kind: 'rule', rule: 'allDomainEvents' }],
      access: { tables: { events: 'read', audit: 'write' } },
    },
  ],
  [
    'audit-digest',
    {
      entry: 'functions/audit/digest-handler.ts',
      description: 'Chains events the consumer missed and seals new audit entries in a digest in S3',
      memoryMb: 1024,
      timeoutSeconds: 300,
      triggers: [
        {
          kind: 'schedule',
          name: 'audit-digest',
          expression: 'rate(1 hour)',
          description: 'Seal the audit entries of the last hour in a digest',
        },
      ],
      access: { tables: { events: 'write', views: 'write', audit: 'write' } },
    },
  ],
  [
    'security-detector',
    {
      entry: 'functions/security/detector.ts',
      description: 'Runs the detection rules over every domain event and raises security events',
      memoryMb: 512,
      timeoutSeconds: 30,
      triggers: [{ kind: 'rule', rule: 'allDomainEvents' }],
      access: { tables: { events: 'write', views: 'write', audit: 'write' } },
    },
  ],
  [
    'projector',
    {
      entry: 'functions/projections/handler.ts',
      description: 'Keeps the read models current from the event stream',
      memoryMb: 512,
      timeoutSeconds: 30,
      triggers: [{ kind: 'rule', rule: 'allDomainEvents' }],
      access: { tables: { events: 'read', views: 'write' } },
    },
  ],
]);

/**
 * Step Functions state machines. The ASL file (JSONPath only: the local engine ignores JSONata) names
 * each Task state's Resource as a `${StateName}` placeholder; `tasks` maps state names to functions.
 * The CDK app substitutes the functions' ARNs; the local cloud maps the states to the same handlers.
 */
export interface StateMachineSpec {
  /** ASL file, relative to the repository root (statemachines/<name>.asl.json). */
  definition: string;
  description: string;
  tasks: Record<string, string>;
  /** Schedules that start an execution (input: `{ schedule, scheduledTime }`). */
  triggers: Extract<Trigger, { kind: 'schedule' }>[];
  timeoutSeconds: number;
}

export const stateMachines: Record<string, StateMachineSpec> = {
  backup: {
    definition: 'statemachines/backup.asl.json',
    description: 'Backs up the event store (full or incremental), verifies the backup, applies retention',
    tasks: Object.fromEntries(
      [
        'VerifyOnly',
        'Collect',
        'WriteParts',
        'WriteManifest',
        'Verify',
        'ApplyRetention',
        'RecordFailure',
      ].map((state) => [state, 'backup-worker']),
    ),
    triggers: [
      {
        kind: 'schedule',
        name: 'backup-nightly',
        expression: 'cron(0 3 * * ? *)',
        description: 'Back up the event store: incremental, with a full backup every few (see the settings)',
      },
    ],
    timeoutSeconds: 21600,
  },
  restore: {
    definition: 'statemachines/restore.asl.json',
    description: 'Point-in-time restore into new tables; scheduled, a restore drill of the latest backup',
    tasks: Object.fromEntries(
      ['Prepare', 'VerifyBackups', 'LoadCommits', 'CompareDigests', 'Finish', 'RecordFailure'].map(
        (state) => [state, 'restore-worker'],
      ),
    ),
    triggers: [
      {
        kind: 'schedule',
        name: 'restore-drill',
        expression: 'cron(0 5 ? * SUN *)',
        description: "Restore the latest backup into scratch tables and compare its views with the source's",
      },
    ],
    timeoutSeconds: 21600,
  },
  report: {
    definition: 'statemachines/report.asl.json',
    description:
      'Runs a saved report: query and condition, files with manifests, email and webhook delivery, the run record',
    tasks: Object.fromEntries(
      ['Query', 'Export', 'Deliver', 'RecordSucceeded', 'RecordSkipped', 'RecordFailure'].map((state) => [
        state,
        'report-worker',
      ]),
    ),
    // Each report's own schedule starts it (EventBridge Scheduler, through report-start), not the manifest.
    triggers: [],
    timeoutSeconds: 3600,
  },
  insights: {
    definition: 'statemachines/insights.asl.json',
    description: 'Analyses the history, proposes recommendations and measures those past their horizon',
    tasks: { Analyse: 'insights-worker', Measure: 'insights-worker', RecordFailure: 'insights-worker' },
    triggers: [
      {
        kind: 'schedule',
        name: 'insights-nightly',
        expression: 'cron(0 4 * * ? *)',
        description: 'Run the insights on the day just ended and measure recommendations past their horizon',
      },
    ],
    timeoutSeconds: 1800,
  },
  export: {
    definition: 'statemachines/export.asl.json',
    description: 'Exports a record collection or the event stream to the exports bucket',
    tasks: { RunExport: 'export-worker', RecordFailure: 'export-worker' },
    triggers: [],
    timeoutSeconds: 3600,
  },
};

/**
 * Access the security and audit functions need that infra/aws cannot grant yet (its Functions construct
 * rejects unknown access kinds). Locally every function already sees these variables. Once infra/aws
 * grants the kinds, move each entry into the function's `access` above and delete this map.
 * - userPoolAdmin: cognito-idp Admin* on the user pool (read: AdminGetUser, AdminListGroupsForUser,
 *   ListUsers, ListUsersInGroup; write: also AdminCreateUser, AdminAdd/RemoveUserFromGroup,
 *   AdminDisable/EnableUser, AdminUserGlobalSignOut, AdminSetUserMFAPreference) and USER_POOL_ID.
 * - auditBucket: the digest bucket (S3 Object Lock, compliance mode) and AUDIT_BUCKET; `write` is
 *   s3:PutObject only (digests are never overwritten), `read` is s3:GetObject.
 * - buckets: the manifest's `buckets` and their environment variables; `read` is s3:GetObject and
 *   s3:ListBucket, `write` also s3:PutObject, s3:DeleteObject and multipart uploads.
 * - stateMachines: states:StartExecution and states:DescribeExecution on the manifest's state
 *   machines named, their ARNs in `stateMachineEnv(name)` (functions/runtime/env.ts).
 * - workflowRuns: states:StartExecution, StopExecution, DescribeExecution and GetExecutionHistory
 *   on the workflows' state machines (`<prefix>-wf-*`) and their executions; `invoke` adds
 *   lambda:InvokeFunction on the API functions (a command step runs an API operation).
 * - monitoring: reads what the monitoring API and check show: cloudwatch:GetMetricData, Logs Insights
 *   (logs:StartQuery on the functions' log groups, logs:GetQueryResults) and TELEMETRY_LOG_GROUP_PREFIX;
 *   and the deep health probes' own calls: cognito-idp:DescribeUserPool, events:DescribeEventBus,
 *   states:ListExecutions on the state machines it names.
 * - restoreTables: dynamodb:CreateTable, DeleteTable, DescribeTable, BatchWriteItem, Query, Scan,
 *   GetItem on tables (and their indexes) named `${RESTORE_TABLE_PREFIX}*`, and that variable
 *   (`firefly-<stage>-restore-`): restores and drills make their own new tables.
 */
export const pendingAccess: Record<
  string,
  {
    userPoolAdmin?: 'read' | 'write';
    auditBucket?: 'read' | 'write';
    buckets?: Partial<Record<BucketName, 'read' | 'write'>>;
    stateMachines?: string[];
    workflowRuns?: 'run' | 'invoke';
    restoreTables?: boolean;
    monitoring?: 'read';
  }
> = {
  'api-users': { userPoolAdmin: 'write' },
  // AdminGetUser for `GET /api/me/mfa`; enrolment itself uses the caller's access token, no IAM.
  'api-auth': { userPoolAdmin: 'read' },
  'api-security': { userPoolAdmin: 'read' },
  // Role members and their addresses, to notify owners and admins.
  notifications: { userPoolAdmin: 'read' },
  'api-audit': { auditBucket: 'write' },
  'audit-digest': { auditBucket: 'write' },
  'api-backups': { buckets: { backups: 'read' }, stateMachines: ['backup', 'restore'] },
  // Presigned download links are signed with the function's role: it needs s3:GetObject.
  'api-exports': { buckets: { exports: 'read' }, stateMachines: ['export'] },
  'backup-worker': { buckets: { backups: 'write' } },
  'restore-worker': { buckets: { backups: 'read' }, restoreTables: true },
  'export-worker': { buckets: { exports: 'write' } },
  'reports-dataset': { buckets: { analytics: 'write' } },
  // Report queries download the dataset's Parquet files (DuckDB has no network access of its own);
  // runs by hand start the report machine; a run's files are linked from its history (presigned).
  'api-reports': {
    buckets: { analytics: 'read', exports: 'read' },
    stateMachines: ['report'],
    // Share links read as the report's owner may today.
    userPoolAdmin: 'read',
  },
  'report-start': { stateMachines: ['report'] },
  // The owner's address for a failed run's email.
  'report-worker': { buckets: { analytics: 'read', exports: 'write' }, userPoolAdmin: 'read' },
  'api-insights': { stateMachines: ['insights'] },
  // A refresh starts the insights machine (a follow-up refresh runs on in the same execution).
  'insights-refresh': { stateMachines: ['insights'] },
  webhooks: { buckets: { webhooks: 'write' } },
  // Deep health: HeadBucket on every bucket (s3:ListBucket), DescribeTable (with the tables' read), the
  // pool, the bus and ListExecutions; metrics and Logs Insights for the monitoring pages and rules.
  'api-monitoring': {
    userPoolAdmin: 'read',
    auditBucket: 'read',
    buckets: { backups: 'read', exports: 'read', webhooks: 'read', analytics: 'read' },
    stateMachines: ['backup'],
    monitoring: 'read',
  },
  'monitoring-check': {
    userPoolAdmin: 'read',
    auditBucket: 'read',
    buckets: { backups: 'read', exports: 'read', webhooks: 'read', analytics: 'read' },
    stateMachines: ['backup'],
    monitoring: 'read',
  },
  // The synthetic account is created (AdminCreateUser, AdminSetUserPassword) on the first run.
  'uptime-check': { userPoolAdmin: 'write' },
  'api-workflow-runs': { workflowRuns: 'run' },
  // A webhook trigger's run gets the delivery's body as received.
  'workflow-start': { workflowRuns: 'run', buckets: { webhooks: 'read' } },
  // The failed step from the execution's history; the owner's address for the notification's email.
  'workflow-ended': { workflowRuns: 'run', userPoolAdmin: 'read' },
  // Role members' addresses (email and task steps); a command step invokes the route's API function.
  'workflow-step': { userPoolAdmin: 'read', workflowRuns: 'invoke' },
};

/**
 * How long API Gateway keeps the authorizer's answer per Authorization header, in seconds. At most a
 * minute, so a revoked API key is refused within one (functions/access/authorizer-handler.ts); the
 * local gateway keeps answers as long.
 */
export const AUTHORIZER_CACHE_SECONDS = 60;

/** The function that authorizes API requests (the one with the `authorizer` trigger). */
export const authorizerFunction = (): string => {
  const names = Object.entries(functions)
    .filter(([, spec]) => spec.triggers.some((t) => t.kind === 'authorizer'))
    .map(([name]) => name);
  if (names.length !== 1) throw new Error(`The manifest needs one authorizer function, not ${names.length}`);
  return names[0]!;
};

export const httpRoutes = (): { functionName: string; route: RouteContract }[] =>
  Object.entries(functions).flatMap(([functionName, spec]) =>
    spec.triggers.flatMap((t) => (t.kind === 'http' ? [{ functionName, route: t.route }] : [])),
  );
