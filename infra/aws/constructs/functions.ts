import { Duration } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Access, FunctionSpec } from '../../../functions/manifest.ts';
import { type TableName, tables as tableSpecs } from '../../../functions/tables.ts';
import { accept } from '../nag.ts';
import { pascal, type StagePolicy } from '../settings.ts';

/** Lambda's Node 24 runtime; constructed by name so an aws-cdk-lib without the constant still works. */
export const NODE_RUNTIME: lambda.Runtime =
  (lambda.Runtime as { NODEJS_24_X?: lambda.Runtime }).NODEJS_24_X ??
  new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

export interface FunctionsProps {
  stage: string;
  policy: StagePolicy;
  functions: Record<string, FunctionSpec>;
  /** The deployable code of one manifest function (the esbuild bundle, or a stand-in in tests). */
  code: (name: string) => lambda.Code;
  tables: Record<TableName, dynamodb.ITable>;
  bus: events.IEventBus;
  userPoolClient: cognito.IUserPoolClient;
}

/**
 * How each kind of manifest access becomes IAM grants and environment variables. Typed over every key of
 * `Access`, so a new kind in the manifest fails type-checking here until it is granted, and an unknown key
 * at run time fails synthesis instead of deploying a function that cannot do its job.
 */
const GRANTS: {
  [K in keyof Required<Access>]: (fn: lambda.Function, value: Access[K], props: FunctionsProps) => void;
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
    fn.addEnvironment('EVENT_BUS_NAME', props.bus.eventBusName);
  },
  userPool: (fn, value, props) => {
    if (!value) return;
    // InitiateAuth is a public Cognito API: the client id is all the function needs, no IAM grant.
    fn.addEnvironment('USER_POOL_CLIENT_ID', props.userPoolClient.userPoolClientId);
  },
};

/**
 * One Lambda per manifest function, granted exactly the access its manifest entry names. Each has its
 * own role (no AWS managed policy) that may write only its own log group.
 */
export class Functions extends Construct {
  readonly byName: ReadonlyMap<string, lambda.Function>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
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
  }

  private function(id: string, name: string, spec: FunctionSpec, props: FunctionsProps): lambda.Function {
    const { policy } = props;
    const unknown = Object.keys(spec.access).filter((k) => !(k in GRANTS));
    if (unknown.length > 0) {
      throw new Error(`Function ${name} needs access infra/aws cannot grant yet: ${unknown.join(', ')}`);
    }

    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: policy.logRetention,
      removalPolicy: policy.removalPolicy,
    });
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${name} function`,
    });
    logGroup.grantWrite(role);

    const environment: Record<string, string> = {
      STAGE: props.stage,
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_METRICS_NAMESPACE: 'Firefly',
      POWERTOOLS_LOG_LEVEL: policy.logLevel,
      // The bundles ship linked source maps; this makes stack traces point at the TypeScript.
      NODE_OPTIONS: '--enable-source-maps',
    };

    const fn = new lambda.Function(this, id, {
      description: spec.description.slice(0, 256),
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
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

    for (const key of Object.keys(spec.access) as (keyof Access)[]) {
      const grant = GRANTS[key] as (fn: lambda.Function, value: unknown, props: FunctionsProps) => void;
      grant(fn, spec.access[key], props);
    }

    accept(role, 'AwsSolutions-IAM5[Resource::*]');
    return fn;
  }
}
