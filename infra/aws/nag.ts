import {
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Validations,
} from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Every cdk-nag finding this app accepts, with the reason. cdk-nag v3 reports through CDK's policy
 * validation, where any unacknowledged finding stops synthesis, so each entry is a decision on record.
 * `accept()` applies an entry to a construct chosen by the code that made it; entries with `where` are
 * findings whose ids embed generated names (IAM5 lists the resource it flags), matched by pattern.
 * The README lists the same table.
 */
export const ACCEPTED = {
  'AwsSolutions-IAM5[Resource::*]': {
    reason:
      'Only actions without resource-level permissions are granted on `*`: `xray:PutTraceSegments` and ' +
      '`xray:PutTelemetryRecords` (active tracing; Step Functions also `xray:GetSamplingRules` and ' +
      '`xray:GetSamplingTargets`), `dynamodb:ListStreams` (stream event source), the CloudWatch Logs ' +
      'delivery actions Step Functions logging needs, and for the monitoring functions ' +
      '`cloudwatch:GetMetricData` and `logs:GetQueryResults`. A test pins this list.',
  },
  'AwsSolutions-IAM5[restore-tables]': {
    reason:
      'Restores and restore drills create their own tables, so the restore worker may create, read, ' +
      'write and delete tables named `firefly-<stage>-restore-*` (and their indexes): only that prefix, ' +
      'never the live tables.',
    where: {
      finding:
        /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table\/firefly-[a-z0-9-]+-restore-\*(\/index\/\*)?\]$/,
      path: /\/Functions\/[^/]+Role\//,
    },
  },
  'AwsSolutions-IAM5[table-index]': {
    reason:
      "grantReadData/grantReadWriteData add `{table ARN}/index/*` so queries can use that table's own " +
      'GSIs; the wildcard ranges over the indexes of one table, never over tables.',
    where: { finding: /^AwsSolutions-IAM5\[Resource::.*\/index\/\*\]$/, path: /\/Functions\/[^/]+Role\// },
  },
  'AwsSolutions-IAM5[function-versions]': {
    reason:
      'grantInvoke (Scheduler and Step Functions roles, and the workflow step runner invoking the API ' +
      'functions of the commands a workflow may run) covers the function and its versions ' +
      '(`{function ARN}:*`), never another function.',
    where: {
      finding: /^AwsSolutions-IAM5\[Resource::.*:\*\]$/,
      path: /\/(SchedulerRoleForTarget-[^/]+|StateMachines\/[^/]+\/Role|WorkflowMachines\/ExecutionRole|(?:Workflow|Report)Schedules\/Role|Functions\/WorkflowStepRole)\/DefaultPolicy\//,
    },
  },
  'AwsSolutions-IAM5[bucket-objects]': {
    reason:
      'Object actions (the exact list of the manifest access kind) apply to the objects of one bucket ' +
      '(`{bucket ARN}/*`): keys are chosen at run time, the bucket is fixed.',
    where: {
      finding: /^AwsSolutions-IAM5\[Resource::.*Storage[A-Za-z]+[0-9A-F]{8}Arn.*\/\*\]$/,
      path: /\/Functions\/[^/]+Role\//,
    },
  },
  'AwsSolutions-IAM5[state-machine-executions]': {
    reason:
      'states:DescribeExecution is granted on the executions of the named state machine only ' +
      '(`execution:{machine}:*`); execution names are generated per run.',
    where: {
      finding:
        /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:.*:\*\]$/,
      path: /\/Functions\/[^/]+Role\//,
    },
  },
  'AwsSolutions-IAM5[function-log-groups]': {
    reason:
      "The monitoring API and check search the functions' logs with Logs Insights, so they may start " +
      'queries on the log groups named `/firefly-<stage>/functions/*` only: every function of the stage ' +
      'logs there, nothing else does.',
    where: {
      finding:
        /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:\/firefly-[a-z0-9-]+\/functions\/\*\]$/,
      path: /\/Functions\/(ApiMonitoring|MonitoringCheck)Role\//,
    },
  },
  'AwsSolutions-IAM5[workflow-machines]': {
    reason:
      "Workflows' state machines are created at run time, one per published version, so the workflows " +
      'API may create, describe and tag state machines named `firefly-<stage>-wf-*` only (and pass ' +
      'their one execution role).',
    where: {
      finding:
        /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:firefly-[a-z0-9-]+-wf-\*\]$/,
      path: /\/Functions\/[^/]+Role\//,
    },
  },
  'AwsSolutions-IAM5[workflow-schedules]': {
    reason:
      "Workflows' and saved reports' schedules are made at run time, one per workflow with a schedule " +
      'trigger or per scheduled report, so each starter may create, update, read and delete the schedules of ' +
      "the stage's group of its kind only (`schedule/firefly-<stage>-workflows/*` or `-reports/*`), and " +
      "pass that group's one role.",
    where: {
      finding:
        /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\/firefly-[a-z0-9-]+-(workflows|reports)\/\*\]$/,
      path: /\/Functions\/[^/]+Role\//,
    },
  },
  'AwsSolutions-IAM5[analytics-catalog]': {
    reason:
      "With the Athena report engine, the functions that run reports read the analytics dataset's Glue " +
      'tables, which are listed from the dataset definition, as the tables of its one database ' +
      '(`table/firefly_<stage>_analytics/*`).',
    where: {
      finding:
        /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table\/firefly_[a-z0-9_]+_analytics\/\*\]$/,
      path: /\/Functions\/[^/]+Role\//,
    },
  },
  'AwsSolutions-IAM4[bucket-deployment]': {
    reason: 'The BucketDeployment helper Lambda is CDK-managed and logs via AWSLambdaBasicExecutionRole.',
    where: { finding: /^AwsSolutions-IAM4\[/, path: /\/Custom::CDKBucketDeployment[^/]*\// },
  },
  'AwsSolutions-IAM5[bucket-deployment]': {
    reason:
      'The BucketDeployment helper (CDK-managed) reads its asset objects and writes/deletes any key of ' +
      'the console bucket it syncs; CloudFront invalidations have no resource-level permissions.',
    where: { finding: /^AwsSolutions-IAM5\[/, path: /\/Custom::CDKBucketDeployment[^/]*\// },
  },
  'AwsSolutions-L1[bucket-deployment]': {
    reason: 'The BucketDeployment helper Lambda is CDK-managed; its runtime moves with aws-cdk-lib upgrades.',
    where: { finding: /^AwsSolutions-L1$/, path: /\/Custom::CDKBucketDeployment[^/]*\// },
  },
  'AwsSolutions-SQS3': {
    reason:
      'This queue is itself a dead-letter queue (of an EventBridge target, schedule or stream mapping); ' +
      'a DLQ for a DLQ adds nothing. Its depth is alarmed instead.',
  },
  'AwsSolutions-S1': {
    reason: 'This bucket is the server access log destination; logging it into itself would loop.',
  },
  'AwsSolutions-COG2': {
    reason:
      'MFA is optional (TOTP) by design: each person enrols an authenticator app from the console and ' +
      "sign-in then asks for its code; requiring MFA would block an invitee's first sign-in, which has " +
      "no enrolment step (Cognito's MFA_SETUP challenge).",
  },
  'AwsSolutions-COG8': {
    reason:
      'The Plus feature plan (threat protection) is billed per monthly active user; the console has a ' +
      'handful of staff users with strong passwords and optional TOTP. Revisit if sign-up opens.',
  },
  'AwsSolutions-APIG4': {
    reason:
      'Public by contract (route permission "public"): sign-in, token refresh, health and the API ' +
      'description must work without a token. Every other route has the Lambda authorizer (Cognito tokens or API keys).',
  },
  'AwsSolutions-COG4': {
    reason: 'Public by contract (route permission "public"); see AwsSolutions-APIG4.',
  },
  'AwsSolutions-COG4[lambda-authorizer]': {
    reason:
      "The route's authorizer is the manifest's Lambda authorizer (functions/access/authorizer-handler.ts): " +
      'it verifies the Cognito user pool tokens itself with aws-jwt-verify and accepts API keys beside them, ' +
      'since an HTTP API route takes a single authorizer.',
  },
  'AwsSolutions-CFR1': {
    reason: 'Staff use the console wherever they are; access is controlled by Cognito, not geography.',
  },
  'AwsSolutions-CFR2': {
    reason:
      'No WAF: the console is static files and the API is behind Cognito JWT and stage throttling; a ' +
      'web ACL costs more than this traffic. Add one if the API becomes public-facing.',
  },
  'AwsSolutions-SMG4': {
    reason:
      'The origin secret CloudFront adds to API requests has no rotation Lambda: CloudFront and the API ' +
      'functions take it through dynamic references resolved at deploy time, so a new value (put-secret-value) ' +
      'takes effect on the next deploy of both stacks. A leaked value only lets a caller choose the address ' +
      'recorded for its own requests.',
  },
  'AwsSolutions-CFR4': {
    reason:
      'Without a custom domain the distribution uses the default `*.cloudfront.net` certificate, whose ' +
      'TLS policy CloudFront fixes; with domainName + certificateArn, TLSv1.2_2021 is enforced.',
  },
} as const satisfies Record<string, { reason: string; where?: { finding: RegExp; path: RegExp } }>;

export type AcceptedFinding = keyof typeof ACCEPTED;

/** Acknowledges an accepted finding on a construct and its children. */
export const accept = (scope: IConstruct, key: AcceptedFinding, finding: string = key): void => {
  Validations.of(scope).acknowledge({ id: finding, reason: ACCEPTED[key].reason });
};

const PATTERNS = Object.values(ACCEPTED).flatMap((entry) =>
  'where' in entry ? [{ ...entry.where, reason: entry.reason }] : [],
);

/** The ACCEPTED entry a finding on a construct path falls under, if any. */
export const acceptedPattern = (finding: string, path: string) =>
  PATTERNS.find((p) => p.finding.test(finding) && p.path.test(path));

const withoutAccepted = (report: PolicyValidationPluginReport): PolicyValidationPluginReport => {
  const violations = report.violations.flatMap((violation) => {
    const violatingResources = violation.violatingResources.filter(
      (r) => !acceptedPattern(violation.ruleName, r.constructPath ?? ''),
    );
    return violatingResources.length > 0 ? [{ ...violation, violatingResources }] : [];
  });
  return { ...report, violations, success: violations.length === 0 };
};

/**
 * cdk-nag's AwsSolutions pack, minus the pattern entries of ACCEPTED. Those findings name resources by
 * their synthesized form (a cross-stack ARN becomes an Fn::GetStackOutput), which exists only once
 * references are resolved during synthesis, so they cannot be acknowledged on the construct beforehand;
 * this plugin runs after that point and drops exactly the findings an entry matches.
 */
export class FireflyNagChecks implements IPolicyValidationPlugin {
  readonly name = 'AwsSolutions';
  private readonly pack: AwsSolutionsChecks;

  constructor(scope?: IConstruct) {
    this.pack = new AwsSolutionsChecks(scope, { verbose: true });
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return withoutAccepted(this.pack.validate(context));
  }

  /** The same check on a construct tree directly (tests); call after synthesis so references resolve. */
  validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return withoutAccepted(this.pack.validateScope(scope));
  }
}
