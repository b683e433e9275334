import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type BucketName, buckets } from '../../../functions/manifest.ts';
import { accept } from '../nag.ts';
import { pascal, type StagePolicy } from '../settings.ts';
import { secureBucket } from './secure-bucket.ts';

/** A bucket for server access logs: unversioned (log objects are never rewritten) and expiring. */
export const accessLogBucket = (
  scope: Construct,
  id: string,
  policy: StagePolicy,
  objectOwnership?: s3.ObjectOwnership,
): s3.Bucket => {
  const bucket = secureBucket(scope, id, {
    policy,
    versioned: false,
    objectOwnership,
    lifecycleRules: [{ id: 'expire-logs', expiration: policy.accessLogExpiry }],
  });
  accept(bucket, 'AwsSolutions-S1');
  return bucket;
};

/**
 * Each manifest bucket's lifecycle. Typed over the manifest's BucketName, so a new bucket there fails
 * type-checking here until it has a policy.
 */
const LIFECYCLE: Record<BucketName, s3.LifecycleRule[]> = {
  // Download links expire within hours and an export can be run again; a month covers any late download.
  exports: [
    { id: 'expire-exports', expiration: Duration.days(30), noncurrentVersionExpiration: Duration.days(7) },
  ],
  // Deliveries as received are evidence for a dispute or a replay; after a year they are cold history.
  webhooks: [
    {
      id: 'cool-webhook-deliveries',
      transitions: [
        { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
      ],
      expiration: Duration.days(730),
      noncurrentVersionExpiration: Duration.days(30),
    },
  ],
  // The dataset is rewritten every minute and rebuildable from the store: old versions are only a
  // moment's safety net.
  analytics: [{ id: 'expire-old-dataset-versions', noncurrentVersionExpiration: Duration.days(1) }],
  backups: [
    {
      // Restores, drills and chain verification read backups of any age retention keeps (about a year)
      // with plain GetObject, so live objects may only move to Glacier Instant Retrieval. What retention
      // deletes survives as noncurrent versions, cold in Deep Archive, for a year.
      id: 'cool-backups',
      transitions: [
        { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(30) },
      ],
      noncurrentVersionTransitions: [
        { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(30) },
      ],
      noncurrentVersionExpiration: Duration.days(365),
    },
  ],
};

export interface StorageProps {
  policy: StagePolicy;
  /** Days each audit digest stays locked (Object Lock); compliance mode in prod, governance elsewhere. */
  auditRetentionDays: number;
}

/**
 * The manifest's buckets (exports, backups) and the audit digests' write-once bucket, all logging
 * access into one log bucket in the same stack.
 */
export class Storage extends Construct {
  readonly accessLogs: s3.Bucket;
  readonly buckets: Record<BucketName, s3.Bucket>;
  readonly audit: s3.Bucket;

  constructor(scope: Construct, id: string, { policy, auditRetentionDays }: StorageProps) {
    super(scope, id);
    this.accessLogs = accessLogBucket(this, 'AccessLogs', policy);
    this.buckets = Object.fromEntries(
      (Object.keys(buckets) as BucketName[]).map((name) => [
        name,
        secureBucket(this, pascal(name), {
          policy,
          accessLogs: this.accessLogs,
          lifecycleRules: LIFECYCLE[name],
        }),
      ]),
    ) as Record<BucketName, s3.Bucket>;
    const lock = Duration.days(auditRetentionDays);
    this.audit = secureBucket(this, 'AuditDigests', {
      policy,
      accessLogs: this.accessLogs,
      // Compliance mode: not even the account root can delete a digest early, which is what makes the
      // digests evidence. Governance mode elsewhere, so a test stage's lock can be lifted.
      objectLockRetention: policy.prod
        ? s3.ObjectLockRetention.compliance(lock)
        : s3.ObjectLockRetention.governance(lock),
    });
  }
}
