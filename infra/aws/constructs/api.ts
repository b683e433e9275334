import { Duration, Fn, NestedStack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { operationIdOf, type RouteContract } from '../../../functions/http/route.ts';
import { AUTHORIZER_CACHE_SECONDS } from '../../../functions/manifest.ts';
import { accept } from '../nag.ts';
import { pascal, prefix, type StagePolicy } from '../settings.ts';

export interface ApiProps {
  stage: string;
  policy: StagePolicy;
  /** Steady-state requests per second and burst for every route, before per-user limits exist. */
  throttle?: { rateLimit: number; burstLimit: number };
}

export const DEFAULT_THROTTLE = { rateLimit: 50, burstLimit: 100 };

/** Every field is a documented HTTP API `$context` variable; JSON so Logs Insights can query it. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  time: '$context.requestTime',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  sub: '$context.authorizer.sub',
  apiKey: '$context.authorizer.keyId',
});

/**
 * A Lambda proxy integration that, unlike HttpLambdaIntegration, adds no invoke permission per route:
 * with a hundred routes those permissions alone would crowd CloudFormation's 500-resource limit. The
 * function gets one permission for this API instead (Api.addRoute).
 */
class LambdaProxyIntegration extends apigw.HttpRouteIntegration {
  constructor(
    id: string,
    private readonly fn: lambda.IFunction,
  ) {
    super(id);
  }

  bind(): apigw.HttpRouteIntegrationConfig {
    return {
      type: apigw.HttpIntegrationType.AWS_PROXY,
      uri: this.fn.functionArn,
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    };
  }
}

/** How long API Gateway keeps the authorizer's answer per Authorization header (the manifest's). */
export const AUTHORIZER_CACHE = Duration.seconds(AUTHORIZER_CACHE_SECONDS);

/**
 * The HTTP API: one route per manifest route, the manifest's Lambda authorizer (user pool tokens and
 * API keys) on every route that is not `public`, default throttling and JSON access logs on the
 * `$default` stage.
 */
export class Api extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  /** The API's host name, for CloudFront's `/api/*` origin. */
  readonly domainName: string;
  /**
   * What CloudFront adds to every API request as `X-Firefly-Origin-Verify`, so the API functions can
   * tell a request that came through CloudFront (whose `CloudFront-Viewer-Address` they may believe)
   * from one sent straight to the API Gateway URL (functions/http/caller-address.ts).
   */
  readonly originVerifySecret: secretsmanager.Secret;
  /**
   * The routes and their integrations, in a nested stack: a route is a resource each, and
   * 200-odd of them beside every function's role, policy and log group would push the App stack past
   * CloudFormation's 500-resource limit. A nested stack takes its references as parameters, so nothing
   * is exported and no deploy is locked by an export in use.
   */
  readonly routes: NestedStack;
  private authorizer?: HttpLambdaAuthorizer;
  private readonly integrations = new Map<lambda.IFunction, LambdaProxyIntegration>();

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: prefix(props.stage),
      description: 'Firefly admin API (routes from the app manifest)',
      // The stage is created below with throttling and access logs, which the default stage cannot take.
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.policy.logRetention,
      removalPolicy: props.policy.removalPolicy,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? DEFAULT_THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    this.domainName = Fn.select(2, Fn.split('/', this.api.apiEndpoint));
    this.routes = new NestedStack(this, 'Routes', {
      description: `${prefix(props.stage)}: the HTTP API's routes, one per manifest route`,
    });
    // Generated by Secrets Manager, so the value is in neither the source nor the templates (they hold
    // a dynamic reference, which CloudFormation resolves at deploy time). Of the ways to prove a request
    // came through CloudFront this needs the least: disabling the execute-api endpoint would need a
    // custom domain and certificate for the API, and reading the secret at run time would give every
    // API function a secretsmanager grant and a cold-start call while hiding the value from no one who
    // can already read CloudFront's origin configuration, where it appears in plain text anyway.
    this.originVerifySecret = new secretsmanager.Secret(this, 'OriginVerify', {
      description: `${prefix(props.stage)}: the header CloudFront adds to API requests to prove where they came from`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: props.policy.removalPolicy,
    });
    accept(this.originVerifySecret, 'AwsSolutions-SMG4');
  }

  /**
   * The authorizer of every non-public route: one function answering who the caller is, a person (a
   * user pool token, verified with aws-jwt-verify) or an API key. An HTTP API route takes one
   * authorizer, so both kinds of caller go through this one. Simple responses: its context reaches the
   * route's function as `requestContext.authorizer.lambda`.
   */
  authorizeWith(fn: lambda.IFunction): void {
    if (this.authorizer) throw new Error('The API has its authorizer already');
    this.authorizer = new HttpLambdaAuthorizer('Authorizer', fn, {
      authorizerName: 'firefly',
      identitySource: ['$request.header.Authorization'],
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      resultsCacheTtl: AUTHORIZER_CACHE,
    });
  }

  addRoute(route: RouteContract, fn: lambda.IFunction, functionName: string): void {
    let integration = this.integrations.get(fn);
    if (!integration) {
      integration = new LambdaProxyIntegration(`${pascal(functionName)}Integration`, fn);
      this.integrations.set(fn, integration);
      // Any route of this API (and only this API) may invoke the function.
      fn.addPermission(`${pascal(functionName)}ApiInvoke`, {
        principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        sourceArn: this.api.arnForExecuteApi(),
      });
    }
    const isPublic = route.permission === 'public';
    if (!isPublic && !this.authorizer) throw new Error('Call authorizeWith before adding private routes');
    // Created in the routes' nested stack; the first route using an integration creates it there too.
    const created = new apigw.HttpRoute(this.routes, operationIdOf(route), {
      httpApi: this.api,
      routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
      integration,
      authorizer: isPublic ? new apigw.HttpNoneAuthorizer() : this.authorizer!,
    });
    if (isPublic && created) accept(created, 'AwsSolutions-APIG4');
    // COG4 asks for a Cognito user pool authorizer; the Lambda authorizer verifies the pool's tokens
    // itself (and API keys beside them), and public routes have none.
    if (created && isPublic) accept(created, 'AwsSolutions-COG4');
    else if (created) accept(created, 'AwsSolutions-COG4[lambda-authorizer]', 'AwsSolutions-COG4');
    if (route.throttle) {
      // HTTP APIs throttle per route through the stage's route settings, keyed by route key. The
      // property is untyped JSON in CloudFormation's own casing.
      const stage = this.stage.node.defaultChild as apigw.CfnStage;
      stage.routeSettings = {
        ...((stage.routeSettings ?? {}) as Record<string, unknown>),
        [`${route.method} ${route.path}`]: {
          ThrottlingRateLimit: route.throttle.rateLimit,
          ThrottlingBurstLimit: route.throttle.burstLimit,
        },
      };
    }
  }
}
