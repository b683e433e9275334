import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../../functions/http/caller-address.ts';
import { accept } from '../nag.ts';
import type { StagePolicy } from '../settings.ts';
import { secureBucket } from './secure-bucket.ts';
import { accessLogBucket } from './storage.ts';

export interface WebProps {
  stage: string;
  policy: StagePolicy;
  /** The built console (`web/dist`); deployed when it exists at synth time. */
  webDist: string;
  /** The HTTP API's host name: CloudFront forwards `/api/*` there. */
  apiDomainName: string;
  /** Sent to the API on every request, so it knows the request came through CloudFront. */
  originVerifySecret: secretsmanager.ISecret;
  userPoolId: string;
  userPoolClientId: string;
  domainName?: string;
  certificateArn?: string;
}

/**
 * Rewrites console routes (no file extension) to index.html. A CloudFront Function on the default
 * behaviour rather than distribution-wide error responses: those would also turn the API's own 403/404
 * problem documents into the console's HTML.
 */
const SPA_FALLBACK = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/**
 * The content security policy the console and the API docs page are built for: everything from this
 * origin (the API is under /api on the same origin), inline styles for the component library, data:
 * images for icons, and no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Long cache for Vite's content-hashed files; everything else must be revalidated on each load. */
const IMMUTABLE = [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')];
const REVALIDATE = [s3deploy.CacheControl.fromString('public, max-age=0, must-revalidate')];
/** One helper Lambda for all deployments: BucketDeployment shares it only when the memory matches. */
const DEPLOYMENT_MEMORY_MB = 512;

/**
 * The console: a private bucket behind CloudFront (Origin Access Control), security headers on every
 * response, and `/api/*` forwarded to the HTTP API on the same origin so the browser needs no CORS.
 */
export class Web extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** The console's URL; the API is under `${url}/api`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const { policy } = props;
    // CloudFront standard logging writes with ACLs, so this log bucket must accept them.
    const logs = accessLogBucket(this, 'AccessLogs', policy, s3.ObjectOwnership.BUCKET_OWNER_PREFERRED);
    this.bucket = secureBucket(this, 'Site', { policy, accessLogs: logs, accessLogsPrefix: 'site/' });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Firefly console and API security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        ],
      },
    });

    // The API must never serve one caller's response to another: the token is part of the cache key
    // (which is also what makes CloudFront forward it), and nothing is kept beyond a second.
    const apiCache = new cloudfront.CachePolicy(this, 'ApiCachePolicy', {
      comment: 'Firefly API: keyed by caller, effectively uncached',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      comment: 'Serve index.html for console routes',
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    const certificate = props.certificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
      : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Firefly admin console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          { function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new origins.HttpOrigin(props.apiDomainName, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
            // The proof that a request came through CloudFront (functions/http/caller-address.ts); CloudFront
            // overwrites a header of this name that a viewer sends.
            customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originVerifySecret.secretValue.unsafeUnwrap() },
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: apiCache,
          // Every viewer header but Host (API Gateway routes by its own host name), plus CloudFront's own
          // headers, CloudFront-Viewer-Address among them: the caller's address. A custom policy cannot
          // do both: `allExcept` adds no CloudFront headers, and `allViewerAndWhitelistCloudFront` sends Host.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          compress: true,
        },
      },
      domainNames: props.domainName ? [props.domainName] : undefined,
      certificate,
      // Only a custom certificate can raise the TLS floor; the default certificate's is fixed.
      minimumProtocolVersion: certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    accept(this.distribution, 'AwsSolutions-CFR1');
    accept(this.distribution, 'AwsSolutions-CFR2');
    if (!certificate) accept(this.distribution, 'AwsSolutions-CFR4');

    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
    this.deploy(props);
  }

  private deploy(props: WebProps): void {
    const common = {
      destinationBucket: this.bucket,
      memoryLimit: DEPLOYMENT_MEMORY_MB,
      distribution: this.distribution,
    };
    // The console reads its endpoints at start-up, so one build serves every stage. apiUrl '' means
    // "this origin" (as locally): CloudFront serves /api/*, whichever host name the browser used.
    const config = s3deploy.Source.jsonData('config.json', {
      apiUrl: '',
      region: Stack.of(this).region,
      userPoolId: props.userPoolId,
      userPoolClientId: props.userPoolClientId,
      stage: props.stage,
    });
    if (!existsSync(join(props.webDist, 'index.html'))) {
      Annotations.of(this).addWarningV2(
        'firefly:web-dist-missing',
        `${props.webDist} has no index.html: only config.json is deployed (run npm run build:web first)`,
      );
      new s3deploy.BucketDeployment(this, 'DeploySite', {
        ...common,
        sources: [config],
        prune: false,
        cacheControl: REVALIDATE,
        distributionPaths: ['/config.json'],
      });
      return;
    }
    const built = s3deploy.Source.asset(props.webDist);
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      ...common,
      sources: [built],
      include: ['assets/*'],
      exclude: ['*'],
      cacheControl: IMMUTABLE,
      // Old hashed files stay: a browser still running the previous version keeps loading its chunks.
      prune: false,
      // Content-hashed names never change content, so nothing to invalidate.
      distribution: undefined,
    });
    const site = new s3deploy.BucketDeployment(this, 'DeploySite', {
      ...common,
      // Last source wins: the generated config.json replaces any a local build left in web/dist.
      sources: [built, config],
      exclude: ['assets/*'],
      cacheControl: REVALIDATE,
      distributionPaths: ['/*'],
    });
    // A new index.html must not go live before the chunks it references.
    site.node.addDependency(assets);
  }
}
