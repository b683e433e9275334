import { Fn } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteContract } from '../../../functions/http/route.ts';
import { accept } from '../nag.ts';
import { pascal, prefix, type StagePolicy } from '../settings.ts';

export interface ApiProps {
  stage: string;
  policy: StagePolicy;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
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
  sub: '$context.authorizer.claims.sub',
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

/**
 * The HTTP API: one route per manifest route, the Cognito JWT authorizer on every route that is not
 * `public`, default throttling and JSON access logs on the `$default` stage.
 */
export class Api extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  /** The API's host name, for CloudFront's `/api/*` origin. */
  readonly domainName: string;
  private readonly authorizer: HttpUserPoolAuthorizer;
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
    this.authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', props.userPool, {
      userPoolClients: [props.userPoolClient],
      authorizerName: 'cognito',
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
    const [created] = this.api.addRoutes({
      path: route.path,
      methods: [apigw.HttpMethod[route.method]],
      integration,
      authorizer: isPublic ? new apigw.HttpNoneAuthorizer() : this.authorizer,
    });
    if (isPublic && created) {
      accept(created, 'AwsSolutions-APIG4');
      accept(created, 'AwsSolutions-COG4');
    }
  }
}
