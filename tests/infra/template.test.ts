/**
 * The synthesized templates of a prod deployment: the properties the architecture depends on (data
 * kept, encrypted and recoverable; code on Node 24 arm64 with tracing; least-privilege grants; the API's
 * authorizer and throttling; private buckets behind CloudFront; Cognito's groups and password rules).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../domain/access/permissions.ts';
import { ALERT_RULES } from '../../domain/monitoring/rules.ts';
import { TABLES } from '../../domain/reports/dataset.ts';
import { BUS_NAME } from '../../events/rules.ts';
import { ORIGIN_VERIFY_HEADER } from '../../functions/http/caller-address.ts';
import { buckets, httpRoutes, pendingAccess, stateMachines, tables } from '../../functions/manifest.ts';
import { ENV_VARIABLES, stateMachineEnv } from '../../functions/runtime/env.ts';
import { RULE_METRIC } from '../../infra/aws/constructs/monitoring.ts';
import { CONTENT_SECURITY_POLICY } from '../../infra/aws/constructs/web.ts';
import { manifestFunctions } from '../../infra/aws/firefly.ts';
import { pascal as constructName } from '../../infra/aws/settings.ts';
import {
  allTemplates,
  fixtureMachine,
  type Resource,
  resources,
  type Synthesized,
  synthesize,
} from './support.ts';

const functions = manifestFunctions();

const OWNER = 'owner@example.com';
const SENDER = 'notifications@example.com';
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';

/** Actions that have no resource-level permissions, the only ones allowed on "*". */
const STAR_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  // Step Functions tracing samples by the account's X-Ray rules.
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'dynamodb:ListStreams',
  'cloudfront:CreateInvalidation',
  'cloudfront:GetInvalidation',
  // Step Functions' CloudWatch Logs delivery (documented as requiring "*").
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  // The monitoring API and check read metrics by query and Logs Insights results by query id.
  'cloudwatch:GetMetricData',
  'logs:GetQueryResults',
]);

const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

let s: Synthesized;
const machine = fixtureMachine();

beforeAll(() => {
  s = synthesize({
    context: {
      stage: 'prod',
      ownerEmail: OWNER,
      emailFrom: SENDER,
      domainName: 'admin.example.com',
      certificateArn: CERTIFICATE,
    },
    stateMachines: { ...stateMachines, [machine.name]: machine.spec },
  });
});

const appLambdas = (): [string, Resource][] =>
  resources(s.appTemplate, 'AWS::Lambda::Function').filter(
    ([, r]) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME in functions,
  );

describe('data stack', () => {
  it.each(Object.entries(tables))(
    'table %s: keys, on-demand, PITR, encryption, kept in prod',
    (name, spec) => {
      const matching = resources(s.data, 'AWS::DynamoDB::Table').filter(
        ([, r]) => r.Properties.KeySchema[0].AttributeName === spec.partitionKey.name,
      );
      expect(matching).toHaveLength(1);
      const [, table] = matching[0]!;
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
        KeySchema: [
          { AttributeName: spec.partitionKey.name, KeyType: 'HASH' },
          ...(spec.sortKey ? [{ AttributeName: spec.sortKey.name, KeyType: 'RANGE' }] : []),
        ],
      });
      const indexes = (table.Properties.GlobalSecondaryIndexes ?? []) as {
        IndexName: string;
        KeySchema: unknown;
        Projection: unknown;
      }[];
      expect(indexes.map((i) => i.IndexName).toSorted()).toEqual(spec.indexes.map((i) => i.name).toSorted());
      for (const index of spec.indexes) {
        expect(indexes.find((i) => i.IndexName === index.name)?.KeySchema).toEqual([
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ]);
        expect(indexes.find((i) => i.IndexName === index.name)?.Projection).toEqual({
          ProjectionType: index.projection ?? 'ALL',
        });
      }
      if (spec.ttlAttribute) {
        expect(table.Properties.TimeToLiveSpecification).toEqual({
          AttributeName: spec.ttlAttribute,
          Enabled: true,
        });
      } else {
        expect(table.Properties.TimeToLiveSpecification).toBeUndefined();
      }
      const stream = name === 'events' ? { StreamViewType: 'NEW_IMAGE' } : undefined;
      expect(table.Properties.StreamSpecification).toEqual(stream);
    },
  );

  it('has a user pool with the role groups, a strong password policy and optional TOTP', () => {
    s.data.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      DeletionProtection: 'ACTIVE',
    });
    const groups = resources(s.data, 'AWS::Cognito::UserPoolGroup').map(([, r]) => [
      r.Properties.GroupName,
      r.Properties.Precedence,
    ]);
    expect(groups.toSorted()).toEqual(ROLES.map((role, i) => [role, i]).toSorted());
  });

  it('has an app client for the password and refresh flows, without a secret', () => {
    s.data.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: Match.arrayEquals(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('creates the owner in the owner group', () => {
    s.data.hasResourceProperties('AWS::Cognito::UserPoolUser', { Username: OWNER });
    s.data.hasResourceProperties('AWS::Cognito::UserPoolUserToGroupAttachment', {
      Username: OWNER,
      GroupName: ROLES[0],
    });
  });

  it('keeps backups readable but cooler over time, deleted ones in Deep Archive, and exports briefly', () => {
    s.data.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            // Restores read old backups with GetObject: only instant-retrieval classes for live objects.
            Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }],
            NoncurrentVersionTransitions: [{ StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 30 }],
          }),
        ]),
      },
    });
    s.data.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 30 })]) },
    });
  });

  it('locks audit digests in compliance mode for seven years in prod, and keeps the bucket', () => {
    const locked = resources(s.data, 'AWS::S3::Bucket').filter(([, b]) => b.Properties.ObjectLockEnabled);
    expect(locked).toHaveLength(1);
    expect(locked[0]![1].DeletionPolicy).toBe('Retain');
    expect(locked[0]![1].Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } },
    });
  });
});

describe('buckets', () => {
  const allBuckets = () => [
    ...resources(s.data, 'AWS::S3::Bucket').map(([id, r]) => ({ template: s.data, id, r })),
    ...resources(s.appTemplate, 'AWS::S3::Bucket').map(([id, r]) => ({ template: s.appTemplate, id, r })),
    ...resources(s.web, 'AWS::S3::Bucket').map(([id, r]) => ({ template: s.web, id, r })),
  ];

  it('every bucket blocks public access, is encrypted, kept in prod and TLS-only', () => {
    const buckets = allBuckets();
    expect(buckets.length).toBeGreaterThanOrEqual(5);
    for (const { template, id, r } of buckets) {
      expect(r.DeletionPolicy).toBe('Retain');
      expect(r.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(r.Properties.BucketEncryption).toBeDefined();
      const policies = resources(template, 'AWS::S3::BucketPolicy').filter(
        ([, p]) => p.Properties.Bucket.Ref === id,
      );
      expect(policies).toHaveLength(1);
      expect(policies[0]![1].Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('every bucket but the log buckets is versioned and logs access', () => {
    const logged = allBuckets().filter(({ r }) => r.Properties.LoggingConfiguration);
    expect(logged.length).toBeGreaterThanOrEqual(3);
    for (const { r } of logged) expect(r.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });
});

describe('functions', () => {
  it('run on nodejs24.x, arm64 (x86_64 where they ship DuckDB), traced, with Powertools settings', () => {
    const lambdas = appLambdas();
    expect(lambdas).toHaveLength(Object.keys(functions).length);
    for (const [, fn] of lambdas) {
      const spec = functions[fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string]!;
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: [spec.architecture ?? 'arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: {
            POWERTOOLS_METRICS_NAMESPACE: 'Firefly',
            POWERTOOLS_LOG_LEVEL: 'INFO',
            STAGE: 'prod',
          },
        },
      });
    }
  });

  it('log to their own log group, kept a year in prod', () => {
    const groups = new Map(resources(s.appTemplate, 'AWS::Logs::LogGroup'));
    for (const [, fn] of appLambdas()) {
      const group = groups.get(fn.Properties.LoggingConfig.LogGroup.Ref);
      expect(group?.Properties.RetentionInDays).toBe(365);
    }
  });

  it('get the environment variables their access needs, and no others', () => {
    for (const [, fn] of appLambdas()) {
      const vars = fn.Properties.Environment.Variables as Record<string, unknown>;
      const spec = functions[vars.POWERTOOLS_SERVICE_NAME as string]!;
      const expected = [
        ...Object.keys(spec.access.tables ?? {}).map((t) => tables[t as keyof typeof tables].env),
        ...(spec.access.bus ? ['EVENT_BUS_NAME'] : []),
        ...(spec.access.userPool || spec.access.tokens ? ['USER_POOL_CLIENT_ID'] : []),
        ...(spec.access.tokens ? ['TOKEN_ISSUER'] : []),
        ...(spec.access.userPoolAdmin ? ['USER_POOL_ID'] : []),
        ...(spec.access.auditBucket ? ['AUDIT_BUCKET'] : []),
        ...Object.keys(spec.access.buckets ?? {}).map((b) => buckets[b as keyof typeof buckets].env),
        ...(spec.access.stateMachines ?? []).map(stateMachineEnv),
        ...(spec.access.restoreTables ? ['RESTORE_TABLE_PREFIX'] : []),
        ...(spec.access.monitoring ? ['TELEMETRY_LOG_GROUP_PREFIX'] : []),
        ...(spec.access.credentialsKey ? ['CREDENTIALS_KEY_ARN'] : []),
        ...(spec.access.publicUrl ? ['PUBLIC_API_URL'] : []),
        ...(spec.access.email ? ['EMAIL_FROM', 'CONSOLE_URL'] : []),
        ...(spec.access.consoleUrl ? ['CONSOLE_URL'] : []),
        ...(spec.access.workflowMachines
          ? [
              'WORKFLOW_ROLE_ARN',
              'WORKFLOW_LOG_GROUP_ARN',
              ...(functions['workflow-step'] ? ['WORKFLOW_STEP_FUNCTION_ARN'] : []),
            ]
          : []),
        ...(spec.access.workflowRuns === 'invoke' ? ['API_FUNCTIONS'] : []),
        ...(spec.access.schedules === 'workflows'
          ? ['WORKFLOW_SCHEDULE_GROUP', 'WORKFLOW_SCHEDULER_ROLE_ARN']
          : []),
        ...(spec.access.schedules === 'reports'
          ? ['REPORT_SCHEDULE_GROUP', 'REPORT_SCHEDULER_ROLE_ARN']
          : []),
        ...(spec.triggers.some((t) => t.kind === 'http') ? ['ORIGIN_VERIFY_SECRET'] : []),
      ];
      const resourceVars = Object.keys(vars).filter(
        (k) => !['STAGE', 'NODE_OPTIONS'].includes(k) && !k.startsWith('POWERTOOLS_'),
      );
      expect(resourceVars.toSorted()).toEqual(expected.toSorted());
      // Every variable a function gets is one of the registry's (functions/runtime/env.ts).
      for (const name of Object.keys(vars)) {
        const known = name in ENV_VARIABLES || name === 'NODE_OPTIONS' || name.endsWith('_STATE_MACHINE_ARN');
        expect(known, `${name} is not in functions/runtime/env.ts`).toBe(true);
      }
    }
  });

  it('have roles without AWS managed policies', () => {
    const roles = new Set(appLambdas().map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0]));
    for (const [id, role] of resources(s.appTemplate, 'AWS::IAM::Role')) {
      if (roles.has(id)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('least privilege', () => {
  type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
  const statements = (template = s.appTemplate): { policy: Resource; statement: Statement }[] =>
    resources(template, 'AWS::IAM::Policy').flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument.Statement as Statement[]).map((statement) => ({ policy, statement })),
    );
  const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

  it('grants "*" only for actions without resource-level permissions', () => {
    for (const template of allTemplates(s)) {
      for (const { statement } of statements(template)) {
        if (!list(statement.Resource).includes('*')) continue;
        for (const action of list(statement.Action)) expect(STAR_ACTIONS, action).toContain(action);
      }
    }
  });

  it('never grants a wildcard action', () => {
    for (const { statement } of statements()) {
      for (const action of list(statement.Action)) expect(action).not.toMatch(/^\*$|:\*$/);
    }
  });

  const ownStatements = (name: string) => {
    const [, fn] = appLambdas().find(
      ([, r]) => r.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === name,
    )!;
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    return statements().filter(({ policy }) =>
      (policy.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId),
    );
  };

  it.each(Object.entries(functions))('%s may write only the tables it writes', (name, spec) => {
    const own = ownStatements(name);
    const tableOutputs = (statement: Statement) =>
      list(statement.Resource).map((r) => JSON.stringify(r).match(/Data(\w+?)Table[0-9A-F]{8}Arn/)?.[1]);
    const written = new Set(
      own
        .filter(({ statement }) => list(statement.Action).some((a) => WRITE_ACTIONS.includes(a)))
        .flatMap(({ statement }) => tableOutputs(statement))
        .filter(Boolean),
    );
    const touched = new Set(
      own
        .filter(({ statement }) =>
          list(statement.Action).some((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:ListStreams'),
        )
        .flatMap(({ statement }) => tableOutputs(statement))
        .filter(Boolean),
    );
    const pascal = (t: string) => t[0]!.toUpperCase() + t.slice(1);
    const access = Object.entries(spec.access.tables ?? {});
    expect([...written].toSorted()).toEqual(
      access
        .filter(([, m]) => m === 'write')
        .map(([t]) => pascal(t))
        .toSorted(),
    );
    expect([...touched].toSorted()).toEqual(access.map(([t]) => pascal(t)).toSorted());
    const putsEvents = own.some(({ statement }) => list(statement.Action).includes('events:PutEvents'));
    expect(putsEvents).toBe(Boolean(spec.access.bus));
  });

  it.each(Object.entries(functions))(
    '%s reaches only its buckets, state machines and user pool actions',
    (name, spec) => {
      const own = ownStatements(name);
      const bucketIds = new Map(
        resources(s.data, 'AWS::S3::Bucket').map(([id]) => [
          id,
          id.replace(/^Storage/, '').replace(/[0-9A-F]{8}$/, ''),
        ]),
      );
      const bucketsOf = (write: boolean) =>
        new Set(
          own
            .filter(({ statement }) =>
              list(statement.Action).some(
                (a) => a.startsWith('s3:') && (!write || ['s3:PutObject', 's3:DeleteObject'].includes(a)),
              ),
            )
            .flatMap(({ statement }) => list(statement.Resource))
            .map((r) =>
              JSON.stringify(s.deref((r as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1][0] ?? r)),
            )
            .map((r) => [...bucketIds.entries()].find(([id]) => r.includes(id))?.[1]),
        );
      const pascalName = (b: string) => b[0]!.toUpperCase() + b.slice(1);
      const declared = Object.entries(spec.access.buckets ?? {});
      const expectRead = [
        ...declared.map(([b]) => pascalName(b)),
        ...(spec.access.auditBucket ? ['AuditDigests'] : []),
      ];
      const expectWrite = [
        ...declared.filter(([, m]) => m === 'write').map(([b]) => pascalName(b)),
        ...(spec.access.auditBucket === 'write' ? ['AuditDigests'] : []),
      ];
      expect([...bucketsOf(false)].toSorted()).toEqual(expectRead.toSorted());
      expect([...bucketsOf(true)].toSorted()).toEqual(expectWrite.toSorted());

      const started = own
        .filter(({ statement }) => list(statement.Action).includes('states:StartExecution'))
        .flatMap(({ statement }) => list(statement.Resource))
        // Workflows' machines, made at publish, are reached by their name prefix (workflowRuns), never by Ref.
        .filter(
          (r) => !(spec.access.workflowRuns && JSON.stringify(r).includes(':stateMachine:firefly-prod-wf-*')),
        )
        .map((r) => (r as { Ref: string }).Ref);
      const machineIds = new Map(
        resources(s.appTemplate, 'AWS::StepFunctions::StateMachine').map(([id, m]) => [
          id,
          (m.Properties.StateMachineName as string).replace('firefly-prod-', ''),
        ]),
      );
      expect(started.map((id) => machineIds.get(id)).toSorted()).toEqual(
        [...(spec.access.stateMachines ?? [])].toSorted(),
      );

      const cognito = own
        .flatMap(({ statement }) => list(statement.Action))
        .filter((a) => a.startsWith('cognito-idp:'));
      expect(cognito.length > 0).toBe(Boolean(spec.access.userPoolAdmin));
      expect(cognito.includes('cognito-idp:AdminCreateUser')).toBe(spec.access.userPoolAdmin === 'write');
    },
  );
});

describe('http api', () => {
  it('throttles and logs the default stage', () => {
    s.appTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('asks the Lambda authorizer (tokens or API keys), caching its answer per header for at most a minute', () => {
    const authorizers = resources(s.appTemplate, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [, authorizer] = authorizers[0]!;
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
    });
    expect(authorizer.Properties.AuthorizerResultTtlInSeconds).toBeGreaterThan(0);
    expect(authorizer.Properties.AuthorizerResultTtlInSeconds).toBeLessThanOrEqual(60);
  });

  it('puts the authorizer on every route that is not public', () => {
    const routes = resources(s.routes, 'AWS::ApiGatewayV2::Route');
    const publicKeys = new Set(
      httpRoutes()
        .filter(({ route }) => route.permission === 'public')
        .map(({ route }) => `${route.method} ${route.path}`),
    );
    expect(publicKeys.size).toBeGreaterThan(0);
    for (const [, route] of routes) {
      expect(route.Properties.AuthorizationType).toBe(
        publicKeys.has(route.Properties.RouteKey) ? 'NONE' : 'CUSTOM',
      );
    }
  });
});

/** The CloudFormation dynamic reference to a Secrets Manager secret's whole value, by logical id. */
const secretReference = (value: unknown, deref: (v: unknown) => unknown) => {
  const parts = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1] ?? [];
  const [head, ref, tail] = parts;
  expect(head).toBe('{{resolve:secretsmanager:');
  expect(tail).toBe(':SecretString:::}}');
  return (deref(ref) as { Ref?: string }).Ref;
};

describe("the caller's address behind CloudFront", () => {
  const webApiOrigin = () => {
    const [, distribution] = resources(s.web, 'AWS::CloudFront::Distribution')[0]!;
    const config = distribution.Properties.DistributionConfig;
    const behavior = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    const origin = config.Origins.find((o: { Id: string }) => o.Id === behavior.TargetOriginId);
    return { behavior, origin };
  };

  it('has a generated origin secret, kept out of the templates', () => {
    const secrets = resources(s.appTemplate, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const [, secret] = secrets[0]!;
    expect(secret.Properties.GenerateSecretString).toMatchObject({
      PasswordLength: 48,
      ExcludePunctuation: true,
    });
    expect(secret.Properties.SecretString).toBeUndefined();
  });

  it('forwards CloudFront-Viewer-Address: every viewer header but Host, and CloudFront headers', () => {
    // The managed AllViewerExceptHostHeader policy; it includes CloudFront's headers.
    expect(webApiOrigin().behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
  });

  it('adds the origin secret to every API request, and gives the same secret to every API function', () => {
    const [secretId] = resources(s.appTemplate, 'AWS::SecretsManager::Secret')[0]!;
    const headers = webApiOrigin().origin.OriginCustomHeaders as {
      HeaderName: string;
      HeaderValue: unknown;
    }[];
    expect(headers.map((h) => h.HeaderName)).toEqual([ORIGIN_VERIFY_HEADER]);
    expect(secretReference(headers[0]!.HeaderValue, s.deref)).toBe(secretId);
    const apiFunctions = new Set(httpRoutes().map((r) => r.functionName));
    expect(apiFunctions.size).toBeGreaterThan(0);
    for (const [, fn] of appLambdas()) {
      const vars = fn.Properties.Environment.Variables as Record<string, unknown>;
      if (!apiFunctions.has(vars.POWERTOOLS_SERVICE_NAME as string)) continue;
      expect(secretReference(vars.ORIGIN_VERIFY_SECRET, s.deref)).toBe(secretId);
    }
  });

  it('grants no function a run-time read of the secret', () => {
    for (const [, policy] of resources(s.appTemplate, 'AWS::IAM::Policy')) {
      const actions = (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap(
        (statement) => statement.Action,
      );
      expect(actions.filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
    }
  });
});

describe('console', () => {
  it('serves the private bucket through Origin Access Control', () => {
    s.web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    s.web.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    });
    const [, distribution] = resources(s.web, 'AWS::CloudFront::Distribution')[0]!;
    const config = distribution.Properties.DistributionConfig;
    const s3Origin = config.Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
  });

  it('has index.html as root, SPA routes, security headers, /api/* to the API, logs and the domain', () => {
    const [, distribution] = resources(s.web, 'AWS::CloudFront::Distribution')[0]!;
    const config = distribution.Properties.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual(
      [{ EventType: 'viewer-request', FunctionARN: Match.anyValue() }].map(() =>
        expect.objectContaining({ EventType: 'viewer-request' }),
      ),
    );
    // Distribution-wide error pages would turn the API's 403/404 problem documents into HTML.
    expect(config.CustomErrorResponses).toBeUndefined();
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['POST', 'DELETE', 'PATCH', 'PUT']),
    });
    expect(api.ResponseHeadersPolicyId).toBeDefined();
    expect(api.FunctionAssociations).toBeUndefined();
    expect(config.Logging.Bucket).toBeDefined();
    expect(config.Aliases).toEqual(['admin.example.com']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  it('keys API caching by the caller token', () => {
    s.web.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: {
        DefaultTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: { HeadersConfig: { Headers: ['Authorization'] } },
      },
    });
  });

  it('sends HSTS, the CSP, nosniff, DENY framing and a referrer policy', () => {
    s.web.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: Match.anyValue(),
            IncludeSubdomains: true,
            Override: true,
          },
          ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: Match.anyValue(),
        },
      },
    });
  });

  it('deploys the built console and a generated config.json', () => {
    const deployments = resources(s.web, 'Custom::CDKBucketDeployment');
    // Hashed assets (cached for a year) and everything else (revalidated), config.json included.
    expect(deployments).toHaveLength(2);
    const site = deployments.find(([, d]) => d.Properties.SourceMarkers)!;
    expect(site[1].Properties.SystemMetadata['cache-control']).toContain('must-revalidate');
    const markers = JSON.stringify(site[1].Properties.SourceMarkers);
    // config.json's values resolve at deploy time: the region and the user pool and client ids.
    expect(markers).toContain('AWS::Region');
    expect(markers).toMatch(/OutputRefAuthUserPool[0-9A-F]{8}/);
    expect(markers).toMatch(/OutputRefAuthUserPoolConsoleClient[0-9A-F]{8}/);
  });
});

describe('bus', () => {
  it('is named from events/rules.ts and archived for replay', () => {
    s.appTemplate.hasResourceProperties('AWS::Events::EventBus', { Name: `${BUS_NAME}-prod` });
    s.appTemplate.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 365 });
  });

  it('gives every rule target retries and a dead-letter queue', () => {
    for (const [, rule] of resources(s.appTemplate, 'AWS::Events::Rule')) {
      for (const t of rule.Properties.Targets) {
        expect(t.DeadLetterConfig?.Arn).toBeDefined();
        expect(t.RetryPolicy).toMatchObject({ MaximumRetryAttempts: expect.any(Number) });
      }
    }
  });

  it('retries failed stream batches, bisecting, then dead-letters them', () => {
    for (const [, mapping] of resources(s.appTemplate, 'AWS::Lambda::EventSourceMapping')) {
      expect(mapping.Properties).toMatchObject({
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: expect.any(Number),
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
    }
  });
});

describe('monitoring', () => {
  const alarmsOn = (metric: string) =>
    resources(s.monitoring, 'AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === metric);

  it('alarms on errors and throttles of every function', () => {
    const ids = new Set(appLambdas().map(([id]) => id));
    for (const metric of ['Errors', 'Throttles']) {
      const alarmed = alarmsOn(metric).map(
        ([, a]) => (s.deref(a.Properties.Dimensions[0].Value) as { Ref: string }).Ref,
      );
      expect(new Set(alarmed)).toEqual(ids);
    }
  });

  it('alarms on every dead-letter queue, API 5xx and p99 latency, failed executions', () => {
    const queues = resources(s.appTemplate, 'AWS::SQS::Queue').map(([id]) => id);
    const alarmed = alarmsOn('ApproximateNumberOfMessagesVisible').map(
      ([, a]) => (s.deref(a.Properties.Dimensions[0].Value) as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
    );
    expect(alarmed.toSorted()).toEqual(queues.toSorted());
    expect(alarmsOn('5xx')).toHaveLength(1);
    expect(alarmsOn('Latency')).toHaveLength(1);
    expect(alarmsOn('ExecutionsFailed')).toHaveLength(Object.keys(stateMachines).length + 1);
  });

  it('turns every alert rule into an alarm: its threshold, and its firing M of N as datapoints of periods', () => {
    const ruleAlarms = alarmsOn(RULE_METRIC);
    expect(ruleAlarms).toHaveLength(ALERT_RULES.length);
    for (const rule of ALERT_RULES) {
      const found = ruleAlarms.find(([, a]) =>
        (a.Properties.Dimensions as { Name: string; Value: string }[]).some(
          (d) => d.Name === 'rule' && d.Value === rule.id,
        ),
      );
      expect(found, rule.id).toBeDefined();
      expect(found![1].Properties).toMatchObject({
        Namespace: 'Firefly',
        Period: 60,
        EvaluationPeriods: rule.policy.fire.n,
        DatapointsToAlarm: rule.policy.fire.m,
        TreatMissingData: 'breaching',
        ...(rule.condition.kind === 'outside' ? {} : { Threshold: rule.condition.threshold }),
      });
    }
  });

  it("keeps the App stack under CloudFormation's 500 resources", () => {
    const count = Object.keys(s.appTemplate.toJSON().Resources).length;
    expect(count).toBeLessThan(500);
  });

  it('notifies the owner and has a dashboard', () => {
    s.monitoring.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: OWNER });
    s.monitoring.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});

describe('state machines', () => {
  const machines = () => resources(s.appTemplate, 'AWS::StepFunctions::StateMachine');
  const named = (name: string) =>
    machines().find(([, m]) => m.Properties.StateMachineName === `firefly-prod-${name}`)!;

  it('logs ALL with execution data, traces and times out, every one', () => {
    expect(machines()).toHaveLength(Object.keys(stateMachines).length + 1);
    for (const [, m] of machines()) {
      expect(m.Properties).toMatchObject({
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
        TracingConfiguration: { Enabled: true },
      });
      expect(JSON.stringify(m.Properties.DefinitionString)).toContain('TimeoutSeconds');
    }
  });

  it('substitutes each Task placeholder with its function ARN, in nested states too', () => {
    const [, sm] = named(machine.name);
    const lambdaIds = new Map(
      appLambdas().map(([id, r]) => [
        r.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME as string,
        id,
      ]),
    );
    expect(sm.Properties.DefinitionSubstitutions).toEqual({
      Load: { 'Fn::GetAtt': [lambdaIds.get(machine.taskFunctions[0]!), 'Arn'] },
      Render: { 'Fn::GetAtt': [lambdaIds.get(machine.taskFunctions[1]!), 'Arn'] },
    });
  });

  it("is started by its schedule with the local scheduler's input", () => {
    const [smId] = named(machine.name);
    s.appTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      Target: {
        Arn: { Ref: smId },
        Input: JSON.stringify({
          schedule: 'nightly-report',
          scheduledTime: '<aws.scheduler.scheduled-time>',
        }),
      },
    });
  });
});

describe('integration credentials', () => {
  it('are wrapped by a rotating KMS key that only the integration functions may use, each only as it needs', () => {
    const keys = resources(s.data, 'AWS::KMS::Key');
    expect(keys.some(([, key]) => key.Properties.EnableKeyRotation === true)).toBe(true);
    const kmsActions = (role: string) =>
      resources(s.appTemplate, 'AWS::IAM::Policy')
        .filter(([id]) => id.includes(role))
        .flatMap(([, policy]) =>
          (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) =>
            [st.Action].flat(),
          ),
        )
        .filter((action) => action.startsWith('kms:'))
        .toSorted();
    expect(kmsActions('ApiIntegrationsRole')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    // The outbound webhooks' API stores endpoints' new secrets; the sender and its retries only sign.
    expect(kmsActions('ApiOutboundRole')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(kmsActions('OutboundWebhooksRole')).toEqual(['kms:Decrypt']);
    expect(kmsActions('OutboundRetriesRole')).toEqual(['kms:Decrypt']);
    // The scheduled health checks call providers with the stored API key.
    expect(kmsActions('IntegrationHealthRole')).toEqual(['kms:Decrypt']);
    // A workflow's webhook step signs with its endpoint's secret, opened from the credentials table.
    expect(kmsActions('WorkflowStepRole')).toEqual(['kms:Decrypt']);
    // The re-sealing after a key change reads and seals.
    expect(kmsActions('CredentialsReencryptRole')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    // The uptime check seals its synthetic account's password on its first run, then opens it.
    expect(kmsActions('UptimeCheckRole')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    // The reports API seals the share links' signing key on first use, then opens it; the report
    // runs open webhook endpoints' signing secrets.
    expect(kmsActions('ApiReportsRole')).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(kmsActions('ReportWorkerRole')).toEqual(['kms:Decrypt']);
    const webhooks = (role: string) =>
      role.includes('WebhooksRole') && !role.includes('OutboundWebhooksRole');
    expect(kmsActions('WebhooksRole').length).toBeGreaterThan(0);
    expect(
      resources(s.appTemplate, 'AWS::IAM::Policy')
        .filter(([id]) => webhooks(id))
        .flatMap(([, policy]) =>
          (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((st) =>
            [st.Action].flat(),
          ),
        )
        .filter((action) => action.startsWith('kms:')),
    ).toEqual(['kms:Decrypt']);
    const others = resources(s.appTemplate, 'AWS::IAM::Policy').filter(
      ([id, policy]) =>
        !/ApiIntegrationsRole|WebhooksRole|ApiOutboundRole|OutboundRetriesRole|IntegrationHealthRole|CredentialsReencryptRole|WorkflowStepRole|UptimeCheckRole|ApiReportsRole|ReportWorkerRole/.test(
          id,
        ) && JSON.stringify(policy.Properties).includes('"kms:'),
    );
    expect(others.map(([id]) => id)).toEqual([]);
  });
});

describe('email', () => {
  const sesStatements = () =>
    resources(s.appTemplate, 'AWS::IAM::Policy').flatMap(([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
        .filter((st) => [st.Action].flat().some((a) => a.startsWith('ses:')))
        .map((st) => ({ id, actions: [st.Action].flat(), resource: st.Resource })),
    );

  it('is sent from an SES identity of the configured sender', () => {
    s.appTemplate.resourceCountIs('AWS::SES::EmailIdentity', 1);
    s.appTemplate.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: SENDER });
  });

  it('may be sent only by the functions whose access says so, only SendEmail, only from that identity', () => {
    const senders = Object.entries(functions)
      .filter(([, spec]) => spec.access.email)
      .map(([name]) => `${constructName(name)}Role`);
    expect(senders.length).toBeGreaterThan(0);
    const found = sesStatements();
    expect([...new Set(found.map((f) => senders.find((r) => f.id.includes(r))))].toSorted()).toEqual(
      senders.toSorted(),
    );
    for (const statement of found) {
      expect(statement.actions).toEqual(['ses:SendEmail']);
      const arn = JSON.stringify(statement.resource);
      expect(arn).toContain(':identity/');
      expect(arn).not.toContain('*');
    }
    for (const [, fn] of appLambdas()) {
      const vars = fn.Properties.Environment.Variables as Record<string, string>;
      if (vars.EMAIL_FROM !== undefined) expect(vars.EMAIL_FROM).toBe(SENDER);
      if (vars.CONSOLE_URL !== undefined) expect(vars.CONSOLE_URL).toBe('https://admin.example.com');
    }
  });

  it('is not sent at all without a sender: no identity, no grant, no sender address', () => {
    const plain = synthesize();
    plain.appTemplate.resourceCountIs('AWS::SES::EmailIdentity', 0);
    const grants = resources(plain.appTemplate, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties).includes('"ses:'),
    );
    expect(grants).toEqual([]);
    for (const [, fn] of resources(plain.appTemplate, 'AWS::Lambda::Function'))
      expect(fn.Properties.Environment?.Variables?.EMAIL_FROM).toBeUndefined();
  });
});

describe("the analytics dataset's catalog", () => {
  it('has a Glue table per dataset table over its own Parquet folder, typed from the dataset definition', () => {
    const tables = resources(s.appTemplate, 'AWS::Glue::Table');
    expect(tables.map(([, t]) => t.Properties.TableInput.Name).toSorted()).toEqual(
      Object.keys(TABLES).toSorted(),
    );
    const [, orders] = tables.find(([, t]) => t.Properties.TableInput.Name === 'orders')!;
    const descriptor = orders.Properties.TableInput.StorageDescriptor;
    expect(JSON.stringify(descriptor.Location)).toContain('/tables/orders/');
    expect(descriptor.Columns.map((c: { Name: string }) => c.Name)).toEqual(
      TABLES.orders.columns.map((c) => c.name),
    );
    expect(descriptor.Columns.find((c: { Name: string }) => c.Name === 'total_cents').Type).toBe('bigint');
    const [, database] = resources(s.appTemplate, 'AWS::Glue::Database')[0]!;
    expect(database.Properties.DatabaseInput.Name).toBe('firefly_prod_analytics');
  });

  it('has an Athena workgroup that enforces encrypted results in the analytics bucket', () => {
    const [, workgroup] = resources(s.appTemplate, 'AWS::Athena::WorkGroup')[0]!;
    expect(workgroup.Properties.Name).toBe('firefly-prod-reports');
    const configuration = workgroup.Properties.WorkGroupConfiguration;
    expect(configuration.EnforceWorkGroupConfiguration).toBe(true);
    expect(configuration.ResultConfiguration.EncryptionConfiguration.EncryptionOption).toBe('SSE_S3');
  });

  const athenaGrants = (template: typeof s.appTemplate) =>
    resources(template, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties).includes('"athena:'),
    );

  it('gives no function Athena with the default engine (DuckDB)', () => {
    expect(athenaGrants(s.appTemplate)).toEqual([]);
  });

  it('with the athena engine, lets exactly the functions that read the dataset query its workgroup and database', () => {
    const athenaApp = synthesize({ context: { stage: 'prod', reportEngine: 'athena' } });
    const readers = Object.entries(pendingAccess)
      .filter(([, a]) => a.buckets?.analytics === 'read' && !a.monitoring)
      .map(([name]) => name);
    expect(readers.toSorted()).toEqual(['api-reports', 'report-worker']);
    const lambdas = resources(athenaApp.appTemplate, 'AWS::Lambda::Function').filter(
      ([, r]) => r.Properties.Environment?.Variables?.REPORT_ENGINE === 'athena',
    );
    expect(
      lambdas.map(([, r]) => r.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).toSorted(),
    ).toEqual(readers.toSorted());
    for (const [, lambda] of lambdas) {
      const variables = lambda.Properties.Environment.Variables;
      expect(variables.ATHENA_WORKGROUP).toBe('firefly-prod-reports');
      expect(variables.GLUE_DATABASE).toBe('firefly_prod_analytics');
      expect(JSON.stringify(variables.ATHENA_OUTPUT_LOCATION)).toContain('/athena-results/');
    }
    for (const [, policy] of athenaGrants(athenaApp.appTemplate)) {
      const text = JSON.stringify(policy.Properties);
      expect(text).toContain(':workgroup/firefly-prod-reports');
      expect(text).toContain(':database/firefly_prod_analytics');
      expect(text).not.toContain('"athena:*"');
    }
  });
});

describe('webhook routes', () => {
  it('are public, outside the authorizer, and throttled on their own, tighter than the stage', () => {
    const routes = resources(s.routes, 'AWS::ApiGatewayV2::Route').filter(([, r]) =>
      String(r.Properties.RouteKey).startsWith('POST /webhooks/'),
    );
    expect(routes).toHaveLength(1);
    expect(routes[0]![1].Properties.AuthorizationType).toBe('NONE');
    const [, stage] = resources(s.appTemplate, 'AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.Properties.RouteSettings['POST /webhooks/{integrationId}']).toEqual({
      ThrottlingRateLimit: 20,
      ThrottlingBurstLimit: 40,
    });
    expect(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(20);
  });
});

describe('workflow state machines', () => {
  type Statement = { Action: string | string[]; Resource: unknown };
  const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
  const roleOf = (predicate: (role: Resource) => boolean) =>
    resources(s.appTemplate, 'AWS::IAM::Role').find(([, r]) => predicate(r))!;
  const statementsOf = (roleId: string): Statement[] =>
    resources(s.appTemplate, 'AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
  const executionRoleId = () =>
    roleOf(
      (r) =>
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('states.amazonaws.com') &&
        String(r.Properties.Description).startsWith("Runs workflows'"),
    )[0];

  it('run as one role that may invoke the workflow-step function only', () => {
    const invoked = statementsOf(executionRoleId())
      .filter((st) => list(st.Action).includes('lambda:InvokeFunction'))
      .flatMap((st) => list(st.Resource));
    const step = appLambdas().find(
      ([, r]) => r.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'workflow-step',
    );
    if (!step) expect(invoked).toEqual([]);
    else for (const r of invoked) expect(JSON.stringify(r)).toContain(step[0]);
    const other = statementsOf(executionRoleId())
      .flatMap((st) => list(st.Action))
      .filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:') && a !== 'lambda:InvokeFunction');
    expect(other).toEqual([]);
  });

  it.each(Object.entries(functions))(
    '%s creates workflow machines (by name prefix) and passes their role only if its access says so',
    (name, spec) => {
      const [, fn] = appLambdas().find(
        ([, r]) => r.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === name,
      )!;
      const own = statementsOf(fn.Properties.Role['Fn::GetAtt'][0] as string);
      const states = own.filter((st) =>
        list(st.Action).some((a) => ['states:CreateStateMachine', 'states:TagResource'].includes(a)),
      );
      const passes = own.filter(
        (st) =>
          list(st.Action).includes('iam:PassRole') && JSON.stringify(st.Resource).includes(executionRoleId()),
      );
      if (!spec.access.workflowMachines) {
        expect(states).toEqual([]);
        expect(passes).toEqual([]);
        return;
      }
      expect(states).toHaveLength(1);
      // A function that also runs workflows (a test run) has its start and list actions on the same
      // name prefix, merged into the one statement.
      expect(list(states[0]!.Action).toSorted()).toEqual(
        [
          'states:CreateStateMachine',
          'states:DescribeStateMachine',
          'states:TagResource',
          ...(spec.access.workflowRuns ? ['states:ListExecutions', 'states:StartExecution'] : []),
        ].toSorted(),
      );
      expect(JSON.stringify(states[0]!.Resource)).toContain(':stateMachine:firefly-prod-wf-*');
      expect(passes.flatMap((st) => list(st.Resource))).toEqual([
        { 'Fn::GetAtt': [executionRoleId(), 'Arn'] },
      ]);
    },
  );

  const schedulesRoleId = (group = 'workflows') =>
    roleOf(
      (r) =>
        JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com') &&
        String(r.Properties.Description).startsWith(`Runs ${group}' schedules`),
    )[0];

  it.each([
    ['workflows', 'workflow-start'],
    ['reports', 'report-start'],
  ])(
    "%s' schedules run as one role that may invoke their starter (%s) only, in the stage's own group",
    (group, starterName) => {
      const invoked = statementsOf(schedulesRoleId(group)).flatMap((st) => list(st.Action));
      expect([...new Set(invoked)]).toEqual(['lambda:InvokeFunction']);
      const starter = appLambdas().find(
        ([, r]) => r.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === starterName,
      )!;
      for (const st of statementsOf(schedulesRoleId(group)))
        expect(JSON.stringify(st.Resource)).toContain(starter[0]);
      const names = resources(s.appTemplate, 'AWS::Scheduler::ScheduleGroup').map(
        ([, g]) => g.Properties.Name,
      );
      expect(names).toContain(`firefly-prod-${group}`);
    },
  );

  it.each(Object.entries(functions))(
    '%s keeps run-time schedules (in their group) and passes their role only if its access says so',
    (name, spec) => {
      const [, fn] = appLambdas().find(
        ([, r]) => r.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === name,
      )!;
      const own = statementsOf(fn.Properties.Role['Fn::GetAtt'][0] as string);
      const schedules = own.filter((st) => list(st.Action).some((a) => a.startsWith('scheduler:')));
      const roles = [schedulesRoleId('workflows'), schedulesRoleId('reports')];
      const passes = own.filter(
        (st) =>
          list(st.Action).includes('iam:PassRole') &&
          roles.some((role) => JSON.stringify(st.Resource).includes(role!)),
      );
      if (!spec.access.schedules) {
        expect(schedules).toEqual([]);
        expect(passes).toEqual([]);
        return;
      }
      expect(schedules).toHaveLength(1);
      expect(list(schedules[0]!.Action).toSorted()).toEqual([
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'scheduler:GetSchedule',
        'scheduler:UpdateSchedule',
      ]);
      expect(JSON.stringify(schedules[0]!.Resource)).toContain(
        `:schedule/firefly-prod-${spec.access.schedules}/*`,
      );
      expect(passes.flatMap((st) => list(st.Resource))).toEqual([
        { 'Fn::GetAtt': [schedulesRoleId(spec.access.schedules), 'Arn'] },
      ]);
    },
  );
});
