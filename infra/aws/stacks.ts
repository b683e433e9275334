import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { authorizerFunction, type StateMachineSpec } from '../../functions/manifest.ts';
import { AnalyticsCatalog } from './constructs/analytics-catalog.ts';
import { Api } from './constructs/api.ts';
import { Auth } from './constructs/auth.ts';
import { Bus } from './constructs/bus.ts';
import { Data } from './constructs/data.ts';
import { Email } from './constructs/email.ts';
import { type DeployedFunctionSpec, Functions } from './constructs/functions.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Schedules } from './constructs/schedules.ts';
import { StateMachines } from './constructs/state-machines.ts';
import { Storage } from './constructs/storage.ts';
import { Triggers } from './constructs/triggers.ts';
import { Web } from './constructs/web.ts';
import { WorkflowMachines } from './constructs/workflows.ts';
import { policyFor, type Settings } from './settings.ts';

export interface FireflyStackProps extends StackProps {
  settings: Settings;
}

/**
 * Everything that holds data: tables, users, exports and backups. Kept apart from the code so a change
 * to the app can never replace a table, and protected from deletion in prod.
 */
export class DataStack extends Stack {
  readonly data: Data;
  readonly storage: Storage;
  readonly auth: Auth;

  constructor(scope: Construct, id: string, props: FireflyStackProps) {
    const policy = policyFor(props.settings.stage);
    super(scope, id, { ...props, terminationProtection: policy.prod });
    this.data = new Data(this, 'Data', { policy });
    this.storage = new Storage(this, 'Storage', {
      policy,
      auditRetentionDays: props.settings.auditRetentionDays ?? policy.auditRetentionDays,
    });
    this.auth = new Auth(this, 'Auth', {
      stage: props.settings.stage,
      policy,
      ownerEmail: props.settings.ownerEmail,
    });
  }
}

export interface AppStackProps extends FireflyStackProps {
  dataStack: DataStack;
  functions: Record<string, DeployedFunctionSpec>;
  stateMachines: Record<string, StateMachineSpec>;
  code: (name: string) => lambda.Code;
  root: string;
}

/** The code and its wiring: bus, functions, their triggers (API, stream, rules, schedules), state machines. */
export class AppStack extends Stack {
  readonly bus: Bus;
  readonly functions: Functions;
  readonly api: Api;
  readonly stateMachines: StateMachines;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { settings, dataStack } = props;
    const { stage } = settings;
    const policy = policyFor(stage);
    const { auth, data, storage } = dataStack;

    const ruleNames = Object.values(props.functions).flatMap((f) =>
      f.triggers.flatMap((t) => (t.kind === 'rule' ? [t.rule] : [])),
    );
    this.bus = new Bus(this, 'Bus', { stage, policy, ruleNames });
    this.api = new Api(this, 'Api', { stage, policy });
    const email = settings.emailFrom ? new Email(this, 'Email', { from: settings.emailFrom }) : undefined;
    this.functions = new Functions(this, 'Functions', {
      stage,
      policy,
      functions: props.functions,
      code: props.code,
      tables: data.tables,
      bus: this.bus.bus,
      userPool: auth.userPool,
      userPoolClient: auth.client,
      buckets: storage.buckets,
      auditBucket: storage.audit,
      credentialsKey: data.credentialsKey,
      originVerifySecret: this.api.originVerifySecret,
      email,
      // The CloudFront domain is the web stack's, made after this one; a custom domain is known now.
      consoleUrl: settings.domainName ? `https://${settings.domainName}` : undefined,
    });
    this.api.authorizeWith(this.functions.byName.get(authorizerFunction())!);
    new Triggers(this, 'Triggers', {
      stage,
      functions: props.functions,
      deployed: this.functions.byName,
      api: this.api,
      bus: this.bus,
      eventsTable: data.tables.events,
    });
    this.stateMachines = new StateMachines(this, 'StateMachines', {
      stage,
      policy,
      root: props.root,
      specs: props.stateMachines,
      functions: this.functions.byName,
    });
    this.functions.bindStateMachines(this.stateMachines.byName);
    new WorkflowMachines(this, 'WorkflowMachines', {
      stage,
      policy,
      functions: props.functions,
      deployed: this.functions.byName,
    });
    // One construct per kind of run-time schedule; the workflows' keeps its first id.
    new Schedules(this, 'WorkflowSchedules', {
      stage,
      group: 'workflows',
      functions: props.functions,
      deployed: this.functions.byName,
    });
    new Schedules(this, 'ReportSchedules', {
      stage,
      group: 'reports',
      functions: props.functions,
      deployed: this.functions.byName,
    });
    new AnalyticsCatalog(this, 'AnalyticsCatalog', {
      stage,
      engine: settings.reportEngine ?? 'duckdb',
      bucket: storage.buckets.analytics,
      functions: props.functions,
      deployed: this.functions.byName,
    });
    // Webhooks come to the API directly: providers need no console, and CloudFront adds nothing to them.
    this.functions.bindPublicUrl(this.api.api.apiEndpoint);

    new CfnOutput(this, 'ApiDirectUrl', { value: this.api.api.apiEndpoint, description: 'The API, direct' });
    new CfnOutput(this, 'EventBusName', { value: this.bus.bus.eventBusName });
  }
}

export interface WebStackProps extends FireflyStackProps {
  dataStack: DataStack;
  appStack: AppStack;
  webDist: string;
}

/** The console: its bucket, CloudFront (with `/api/*` to the App stack's API) and config.json. */
export class WebStack extends Stack {
  readonly web: Web;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const { auth } = props.dataStack;
    this.web = new Web(this, 'Web', {
      stage: settings.stage,
      policy: policyFor(settings.stage),
      webDist: props.webDist,
      apiDomainName: props.appStack.api.domainName,
      originVerifySecret: props.appStack.api.originVerifySecret,
      userPoolId: auth.userPool.userPoolId,
      userPoolClientId: auth.client.userPoolClientId,
      domainName: settings.domainName,
      certificateArn: settings.certificateArn,
    });
    new CfnOutput(this, 'ConsoleUrl', { value: this.web.url, description: 'The admin console' });
    new CfnOutput(this, 'ApiUrl', {
      value: `${this.web.url}/api`,
      description: 'The API, through CloudFront',
    });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
  }
}

export interface MonitoringStackProps extends FireflyStackProps {
  appStack: AppStack;
}

/**
 * Alarms and the dashboard, apart from the App stack: they grow with every function and queue, and
 * together they would push the App stack past CloudFormation's 500-resource limit.
 */
export class MonitoringStack extends Stack {
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { appStack, settings } = props;
    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: settings.stage,
      ownerEmail: settings.ownerEmail,
      functions: appStack.functions.byName,
      api: appStack.api.api,
      stateMachines: appStack.stateMachines.byName,
      deadLetterScope: appStack,
    });
  }
}
