import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { accept } from '../nag.ts';

export interface DeadLetterQueueProps {
  /** What fails into this queue, for the alarm and the dashboard. */
  description: string;
}

/**
 * A queue that catches what a target could not process. Monitoring finds every instance in the construct
 * tree and alarms on its depth, so a new trigger cannot forget its alarm.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly description: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.description = props.description;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: failures wait here for a human to inspect and redrive them.
      retentionPeriod: Duration.days(14),
    });
    accept(this.queue, 'AwsSolutions-SQS3');
  }

  static isDeadLetterQueue(x: unknown): x is DeadLetterQueue {
    return x instanceof DeadLetterQueue;
  }
}
