import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { isWorkflowCommand } from '../../../functions/api/workflows/operations.ts';
import {
  type Access,
  type BucketName,
  buckets as bucketSpecs,
  type FunctionSpec,
} from '../../../functions/manifest.ts';
import { env, stateMachineEnv } from '../../../functions/runtime/env.ts';
import { type TableName, tables as tableSpecs } from '../../../functions/tables.ts';
import { accept } from '../nag.ts';
import { pascal, prefix, type StagePolicy } from '../settings.ts';
import type { Email } from './email.ts';

/**
 * Access kinds the manifest lists in `pendingAccess` until its `Access` type has them (the manifest's
 * comment there gives each kind's meaning; the grants below follow it). Intersected with `Access`, so
 * the day a kind moves into `Access` nothing here changes.
 */
export interface PendingAccess {
  userPoolAdmin?: 'read' | 'write';
  auditBucket?: 'read' | 'write';
  buckets?: Partial<Record<BucketName, 'read' | 'write'>>;
  stateMachines?: string[];
  workflowRuns?: 'run' | 'invoke';
  restoreTables?: boolean;
  monitoring?: 'read';
}
export type FullAccess = Access & PendingAccess;
export type DeployedFunctionSpec = Omit<FunctionSpec, 'access'> & { access: FullAccess };

/** Lambda's Node 24 runtime; constructed by name so an aws-cdk-lib without the constant still works. */
export const NODE_RUNTIME: lambda.Runtime =
  (lambda.Runtime as { NODEJS_24_X?: lambda.Runtime }).NODEJS_24_X ??
  new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

export interface FunctionsProps {
  stage: string;
  policy: StagePolicy;
  functions: Record<string, DeployedFunctionSpec>;
  /** The deployable code of one manifest function (the esbuild bundle, or a stand-in in tests). */
  code: (name: string) => lambda.Code;
  tables: Record<TableName, dynamodb.ITable>;
  bus: events.IEventBus;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
  buckets: Record<BucketName, s3.IBucket>;
  auditBucket: s3.IBucket;
  credentialsKey: kms.IKey;
  /** CloudFront's proof of origin (constructs/api.ts): every function behind an API route gets its value. */
  originVerifySecret: secretsmanager.ISecret;
  /** The platform's email sender, when one is configured (constructs/email.ts). */
  email?: Email;
  /** The console's URL when it is known before the web stack exists (a custom domain), for email links. */
  consoleUrl?: string;
}

const USER_POOL_READ = [
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:ListUsers',
  'cognito-idp:ListUsersInGroup',
];
const USER_POOL_WRITE = [
  ...USER_POOL_READ,
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUserGlobalSignOut',
  'cognito-idp:AdminSetUserMFAPreference',
];
/** Multipart uploads need no actions of their own beyond PutObject except to abort and list parts. */
const OBJECT_READ = ['s3:GetObject'];
const OBJECT_WRITE = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];
const RESTORE_TABLE_ACTIONS = [
  'dynamodb:CreateTable',
  'dynamodb:DeleteTable',
  'dynamodb:DescribeTable',
  'dynamodb:BatchWriteItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:GetItem',
];

/** Grants object actions on one bucket (and ListBucket on the bucket itself when asked). */
const grantObjects = (fn: lambda.Function, bucket: s3.IBucket, actions: string[], list: boolean) => {
  iam.Grant.addToPrincipal({ grantee: fn, actions, resourceArns: [bucket.arnForObjects('*')] });
  if (list)
    iam.Grant.addToPrincipal({ grantee: fn, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn] });
};

/**
 * How each kind of manifest access becomes IAM grants and environment variables. Typed over every key of
 * the access a function may declare, so a new kind fails type-checking here until it is granted, and an
 * unknown key at run time fails synthesis instead of deploying a function that cannot do its job.
 */
const GRANTS: {
  [K in keyof Required<FullAccess>]: (
    fn: lambda.Function,
    value: FullAccess[K],
    props: FunctionsProps,
  ) => void;
} = {
  tables: (fn, value, props) => {
    for (const [table, mode] of Object.entries(value ?? {}) as [TableName, 'read' | 'write'][]) {
      const target = props.tables[table];
      if (mode === 'write') target.grantReadWriteData(fn);
      else target.grantReadData(fn);
      fn.addEnvironment(tableSpecs[table].env, target.tableName);
    }
  },
  bus: (fn, value, props) => {
    if (!value) return;
    props.bus.grantPutEventsTo(fn);
    fn.addEnvironment(env.EVENT_BUS_NAME, props.bus.eventBusName);
  },
  userPool: (fn, value, props) => {
    if (!value) return;
    // InitiateAuth is a public Cognito API: the client id is all the function needs, no IAM grant.
    fn.addEnvironment(env.USER_POOL_CLIENT_ID, props.userPoolClient.userPoolClientId);
  },
  userPoolAdmin: (fn, value, props) => {
    if (!value) return;
    props.userPool.grant(fn, ...(value === 'write' ? USER_POOL_WRITE : USER_POOL_READ));
    fn.addEnvironment(env.USER_POOL_ID, props.userPool.userPoolId);
  },
  auditBucket: (fn, value, props) => {
    if (!value) return;
    // Digests are written once and never deleted (Object Lock keeps them anyway): no DeleteObject.
    grantObjects(
      fn,
      props.auditBucket,
      value === 'write' ? ['s3:GetObject', 's3:PutObject'] : OBJECT_READ,
      false,
    );
    fn.addEnvironment(env.AUDIT_BUCKET, props.auditBucket.bucketName);
  },
  buckets: (fn, value, props) => {
    for (const [name, mode] of Object.entries(value ?? {}) as [BucketName, 'read' | 'write'][]) {
      const bucket = props.buckets[name];
      grantObjects(fn, bucket, mode === 'write' ? OBJECT_WRITE : OBJECT_READ, true);
      fn.addEnvironment(bucketSpecs[name].env, bucket.bucketName);
    }
  },
  credentialsKey: (fn, value, props) => {
    if (!value) return;
    // Exactly what the Encryption SDK's KMS keyring calls: GenerateDataKey to seal a secret under a
    // fresh data key, Decrypt to open one (no ReEncrypt or wildcard GenerateDataKey* variants).
    if (value === 'encrypt') props.credentialsKey.grant(fn, 'kms:GenerateDataKey', 'kms:Decrypt');
    else props.credentialsKey.grant(fn, 'kms:Decrypt');
    fn.addEnvironment(env.CREDENTIALS_KEY_ARN, props.credentialsKey.keyArn);
  },
  tokens: (fn, value, props) => {
    if (!value) return;
    // Verifying a token needs the pool's public keys only (fetched from its issuer URL), no IAM.
    fn.addEnvironment(env.TOKEN_ISSUER, `https://${props.userPool.userPoolProviderName}`);
    fn.addEnvironment(env.USER_POOL_CLIENT_ID, props.userPoolClient.userPoolClientId);
  },
  // Set by bindPublicUrl once the API exists: its routes are built from these functions.
  publicUrl: () => {},
  consoleUrl: (fn, value, props) => {
    if (value && props.consoleUrl) fn.addEnvironment(env.CONSOLE_URL, props.consoleUrl);
  },
  email: (fn, value, props) => {
    if (!value) return;
    if (props.consoleUrl) fn.addEnvironment(env.CONSOLE_URL, props.consoleUrl);
    // No sender configured: the function sends nothing (functions/notifications/email.ts says so).
    if (!props.email) return;
    // SES v2's SendEmail is authorized as ses:SendEmail on the sender's identity, and only that one.
    props.email.identity.grant(fn, 'ses:SendEmail');
    fn.addEnvironment(env.EMAIL_FROM, props.email.from);
  },
  // Granted by bindStateMachines once the machines exist: they are built from these functions.
  stateMachines: () => {},
  // Granted by bindWorkflowMachines: the workflows' execution role invokes a function built here.
  workflowMachines: () => {},
  // Granted by Schedules: its role invokes a function built here.
  schedules: () => {},
  workflowRuns: (fn, value, props) => {
    if (!value) return;
    // Workflows' machines are created at publish under this stage's `-wf-` prefix: the grant is confined to it.
    const stack = Stack.of(fn);
    const name = `${prefix(props.stage)}-wf-*`;
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['states:StartExecution', 'states:ListExecutions'],
      resourceArns: [
        stack.formatArn({
          service: 'states',
          resource: 'stateMachine',
          resourceName: name,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['states:DescribeExecution', 'states:StopExecution', 'states:GetExecutionHistory'],
      resourceArns: [
        stack.formatArn({
          service: 'states',
          resource: 'execution',
          resourceName: `${name}:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
  },
  monitoring: (fn, value, props) => {
    if (!value) return;
    const logGroupPrefix = functionLogGroupPrefix(props.stage);
    // Neither has resource-level permissions: GetMetricData reads by query, GetQueryResults by query id.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['cloudwatch:GetMetricData', 'logs:GetQueryResults'],
      resourceArns: ['*'],
    });
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['logs:StartQuery'],
      resourceArns: [
        Stack.of(fn).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `${logGroupPrefix}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
    props.userPool.grant(fn, 'cognito-idp:DescribeUserPool');
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['events:DescribeEventBus'],
      resourceArns: [props.bus.eventBusArn],
    });
    fn.addEnvironment(env.TELEMETRY_LOG_GROUP_PREFIX, logGroupPrefix);
  },
  restoreTables: (fn, value, props) => {
    if (!value) return;
    // Restores create their own tables; the grant is confined to this stage's restore prefix.
    const tablePrefix = restoreTablePrefix(props.stage);
    const table = Stack.of(fn).formatArn({
      service: 'dynamodb',
      resource: 'table',
      resourceName: `${tablePrefix}*`,
    });
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: RESTORE_TABLE_ACTIONS,
      resourceArns: [table, `${table}/index/*`],
    });
    fn.addEnvironment(env.RESTORE_TABLE_PREFIX, tablePrefix);
  },
};

/**
 * Every function's log group is named under this prefix, so Logs Insights can search them all by it
 * (functions/monitoring/telemetry-cloudwatch.ts) and one grant covers exactly them.
 */
export const functionLogGroupPrefix = (stage: string) => `/${prefix(stage)}/functions/`;

/** The name prefix of tables a restore creates: functions/runtime/config.ts defaults to the same. */
export const restoreTablePrefix = (stage: string) => `${prefix(stage)}-restore-`;

/**
 * One Lambda per manifest function, granted exactly the access its manifest entry names. Each has its
 * own role (no AWS managed policy) that may write only its own log group.
 */
export class Functions extends Construct {
  readonly byName: ReadonlyMap<string, lambda.Function>;

  private readonly props: FunctionsProps;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    this.props = props;
    const byName = new Map<string, lambda.Function>();
    const ids = new Map<string, string>();
    for (const [name, spec] of Object.entries(props.functions)) {
      const constructId = pascal(name);
      const clash = ids.get(constructId);
      if (clash)
        throw new Error(`Functions ${clash} and ${name} map to the same construct id ${constructId}`);
      ids.set(constructId, name);
      byName.set(name, this.function(constructId, name, spec, props));
    }
    this.byName = byName;
    // A workflow's command step runs an API operation by invoking the route's function (functions/workflows):
    // only functions serving an operation a command step may run (never the workflows API itself, whose
    // variables name the step function: a grant on it would be a dependency cycle, and no use).
    const apiFunctions = [...byName].filter(([name]) =>
      props.functions[name]!.triggers.some((t) => t.kind === 'http' && isWorkflowCommand(t.route)),
    );
    for (const [name, spec] of Object.entries(props.functions)) {
      if (spec.access.workflowRuns !== 'invoke') continue;
      const fn = byName.get(name)!;
      for (const [, target] of apiFunctions) target.grantInvoke(fn);
      fn.addEnvironment(
        env.API_FUNCTIONS,
        JSON.stringify(Object.fromEntries(apiFunctions.map(([api, target]) => [api, target.functionName]))),
      );
    }
  }

  /** Lets functions start and watch the state machines their access names (and tells them the ARNs). */
  bindStateMachines(machines: ReadonlyMap<string, sfn.IStateMachine>): void {
    for (const [name, spec] of Object.entries(this.props.functions)) {
      const fn = this.byName.get(name)!;
      for (const machineName of spec.access.stateMachines ?? []) {
        const machine = machines.get(machineName);
        if (!machine)
          throw new Error(`Function ${name} starts state machine ${machineName}, which the manifest lacks`);
        machine.grantStartExecution(fn);
        machine.grantExecution(fn, 'states:DescribeExecution');
        // The deep health probe lists one execution of a machine to see Step Functions answer.
        if (spec.access.monitoring) machine.grant(fn, 'states:ListExecutions');
        fn.addEnvironment(stateMachineEnv(machineName), machine.stateMachineArn);
      }
    }
  }

  /** Tells the functions that need it where third parties reach the platform (webhook URLs). */
  bindPublicUrl(url: string): void {
    for (const [name, spec] of Object.entries(this.props.functions))
      if (spec.access.publicUrl) this.byName.get(name)!.addEnvironment(env.PUBLIC_API_URL, url);
  }

  private function(
    id: string,
    name: string,
    spec: DeployedFunctionSpec,
    props: FunctionsProps,
  ): lambda.Function {
    const { policy } = props;
    const unknown = Object.keys(spec.access).filter((k) => !(k in GRANTS));
    if (unknown.length > 0) {
      throw new Error(`Function ${name} needs access infra/aws cannot grant yet: ${unknown.join(', ')}`);
    }

    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      logGroupName: `${functionLogGroupPrefix(props.stage)}${name}`,
      retention: policy.logRetention,
      removalPolicy: policy.removalPolicy,
    });
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${name} function`,
    });
    logGroup.grantWrite(role);

    const environment: Record<string, string> = {
      [env.STAGE]: props.stage,
      [env.POWERTOOLS_SERVICE_NAME]: name,
      [env.POWERTOOLS_METRICS_NAMESPACE]: 'Firefly',
      [env.POWERTOOLS_LOG_LEVEL]: policy.logLevel,
      // The bundles ship linked source maps; this makes stack traces point at the TypeScript.
      NODE_OPTIONS: '--enable-source-maps',
    };

    const fn = new lambda.Function(this, id, {
      description: spec.description.slice(0, 256),
      runtime: NODE_RUNTIME,
      architecture: spec.architecture === 'x86_64' ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: props.code(name),
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[policy.logLevel],
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      role,
      environment,
    });

    if (spec.triggers.some((trigger) => trigger.kind === 'http')) {
      // Resolved by CloudFormation at deploy time: no run-time grant or call (see constructs/api.ts).
      fn.addEnvironment(env.ORIGIN_VERIFY_SECRET, props.originVerifySecret.secretValue.unsafeUnwrap());
    }
    for (const key of Object.keys(spec.access) as (keyof FullAccess)[]) {
      const grant = GRANTS[key] as (fn: lambda.Function, value: unknown, props: FunctionsProps) => void;
      grant(fn, spec.access[key], props);
    }

    accept(role, 'AwsSolutions-IAM5[Resource::*]');
    return fn;
  }
}
