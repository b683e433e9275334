import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accept } from '../nag.ts';
import type { StagePolicy } from '../settings.ts';
import { secureBucket } from './secure-bucket.ts';

export interface StorageProps {
  policy: StagePolicy;
}

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
 * Exports (files users download, short-lived) and backups (event-store snapshots, kept long and cold).
 * Both log access into one log bucket in the same stack.
 */
export class Storage extends Construct {
  readonly accessLogs: s3.Bucket;
  readonly exports: s3.Bucket;
  readonly backups: s3.Bucket;

  constructor(scope: Construct, id: string, { policy }: StorageProps) {
    super(scope, id);
    this.accessLogs = accessLogBucket(this, 'AccessLogs', policy);
    this.exports = secureBucket(this, 'Exports', {
      policy,
      accessLogs: this.accessLogs,
      lifecycleRules: [
        // Exports are regenerated on demand; a month covers any download link's life.
        {
          id: 'expire-exports',
          expiration: Duration.days(30),
          noncurrentVersionExpiration: Duration.days(7),
        },
      ],
    });
    this.backups = secureBucket(this, 'Backups', {
      policy,
      accessLogs: this.accessLogs,
      lifecycleRules: [
        {
          // Recent backups are the ones restored; older ones are kept for audits and rarely read.
          id: 'cool-backups',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(30) },
            { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(180) },
          ],
          noncurrentVersionTransitions: [
            { storageClass: s3.StorageClass.DEEP_ARCHIVE, transitionAfter: Duration.days(30) },
          ],
          noncurrentVersionExpiration: Duration.days(365),
        },
      ],
    });
  }
}
