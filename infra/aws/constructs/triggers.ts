import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { FunctionSpec, Trigger } from '../../../functions/manifest.ts';
import { pascal, prefix } from '../settings.ts';
import type { Api } from './api.ts';
import type { Bus } from './bus.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';

export interface TriggersProps {
  stage: string;
  functions: Record<string, FunctionSpec>;
  deployed: ReadonlyMap<string, lambda.IFunction>;
  api: Api;
  bus: Bus;
  /** The event store; its stream is the `commits` trigger. */
  eventsTable: dynamodb.ITable;
}

export type ScheduleSpec = Extract<Trigger, { kind: 'schedule' }>;

/**
 * What a scheduled target receives: the same `{ schedule, scheduledTime }` the local scheduler passes,
 * with Scheduler filling in the time of the tick.
 */
export const scheduleInput = (spec: ScheduleSpec): scheduler.ScheduleTargetInput =>
  scheduler.ScheduleTargetInput.fromObject({
    schedule: spec.name,
    scheduledTime: scheduler.ContextAttribute.scheduledTime,
  });

/** Makes a Scheduler schedule with retries and its own dead-letter queue. */
export const addSchedule = (
  scope: Construct,
  stage: string,
  spec: ScheduleSpec,
  target: (dlq: DeadLetterQueue) => scheduler.IScheduleTarget,
): scheduler.Schedule => {
  const dlq = new DeadLetterQueue(scope, `${pascal(spec.name)}ScheduleDLQ`, {
    description: `Schedule ${spec.name} could not invoke its target`,
  });
  return new scheduler.Schedule(scope, `${pascal(spec.name)}Schedule`, {
    scheduleName: `${prefix(stage)}-${spec.name}`.slice(0, 64),
    description: spec.description,
    schedule: scheduler.ScheduleExpression.expression(spec.expression),
    target: target(dlq),
  });
};

/**
 * Wires every trigger in the manifest to its function: routes to the HTTP API, `commits` to the events
 * table's stream, rules to the bus, schedules to EventBridge Scheduler.
 */
export class Triggers extends Construct {
  constructor(scope: Construct, id: string, props: TriggersProps) {
    super(scope, id);
    for (const [name, spec] of Object.entries(props.functions)) {
      const fn = props.deployed.get(name);
      if (!fn) throw new Error(`Function ${name} was not deployed`);
      for (const trigger of spec.triggers) this.wire(trigger, name, fn, props);
    }
  }

  private wire(trigger: Trigger, name: string, fn: lambda.IFunction, props: TriggersProps): void {
    switch (trigger.kind) {
      case 'http':
        props.api.addRoute(trigger.route, fn, name);
        return;
      case 'commits':
        this.commits(name, fn, props.eventsTable);
        return;
      case 'rule':
        props.bus.addFunctionTarget(trigger.rule, fn, name);
        return;
      case 'schedule':
        addSchedule(
          this,
          props.stage,
          trigger,
          (dlq) =>
            new schedulerTargets.LambdaInvoke(fn, {
              input: scheduleInput(trigger),
              deadLetterQueue: dlq.queue,
              retryAttempts: 3,
              // A missed tick is superseded by the next one, so stale invocations are dropped.
              maxEventAge: Duration.minutes(5),
            }),
        );
        return;
      case 'authorizer':
        // The API puts it on its routes (Api.authorizeWith, called by the App stack before any route).
        return;
      default: {
        // A trigger kind added to the manifest but not here must fail the build, not deploy half an app.
        const unknown: never = trigger;
        throw new Error(
          `Function ${name} has a trigger infra/aws does not support: ${JSON.stringify(unknown)}`,
        );
      }
    }
  }

  private commits(name: string, fn: lambda.IFunction, table: dynamodb.ITable): void {
    const dlq = new DeadLetterQueue(this, `${pascal(name)}CommitsDLQ`, {
      description: `Commits the ${name} function failed on after all retries`,
    });
    fn.addEventSource(
      new DynamoEventSource(table, {
        // From the oldest record kept, so commits written while the mapping is created are not skipped.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        retryAttempts: 5,
        bisectBatchOnError: true,
        maxRecordAge: Duration.hours(1),
        onFailure: new SqsDlq(dlq.queue),
        // Only inserts carry new commits; the MODIFY clearing the outbox mark would be a wasted call.
        filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT') })],
      }),
    );
  }
}
