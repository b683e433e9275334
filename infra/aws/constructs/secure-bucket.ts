import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { StagePolicy } from '../settings.ts';

export interface SecureBucketProps {
  policy: StagePolicy;
  /** Where this bucket's server access logs go; omit only for the log bucket itself. */
  accessLogs?: s3.IBucket;
  accessLogsPrefix?: string;
  lifecycleRules?: s3.LifecycleRule[];
  /** CloudFront standard logging writes with ACLs, so a bucket it logs into must accept them. */
  objectOwnership?: s3.ObjectOwnership;
  versioned?: boolean;
  /** Write-once objects (Object Lock); such a bucket is always retained, since its objects cannot go. */
  objectLockRetention?: s3.ObjectLockRetention;
}

/**
 * The one way this app makes a bucket: no public access, TLS only, encrypted, versioned and logged.
 * SSE-S3 rather than KMS: server access log targets must use SSE-S3, CloudFront OAC reads SSE-S3 without
 * key policy changes, and nothing stored here needs a customer-managed key's audit trail.
 */
export const secureBucket = (scope: Construct, id: string, props: SecureBucketProps): s3.Bucket =>
  new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    encryption: s3.BucketEncryption.S3_MANAGED,
    versioned: props.versioned ?? true,
    objectOwnership: props.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: props.accessLogs,
    serverAccessLogsPrefix: props.accessLogs ? (props.accessLogsPrefix ?? `${id}/`) : undefined,
    lifecycleRules: [
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ...(props.lifecycleRules ?? []),
    ],
    objectLockEnabled: props.objectLockRetention ? true : undefined,
    objectLockDefaultRetention: props.objectLockRetention,
    removalPolicy: props.objectLockRetention ? RemovalPolicy.RETAIN : props.policy.removalPolicy,
    // Non-prod stacks must delete cleanly; prod buckets are retained with their contents.
    autoDeleteObjects: !props.policy.prod && !props.objectLockRetention,
  });
