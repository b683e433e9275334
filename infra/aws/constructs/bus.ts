import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BUS_NAME, type EventPattern, type PatternValue, rules } from '../../../events/rules.ts';
import { pascal, type StagePolicy } from '../settings.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';

export interface BusProps {
  stage: string;
  policy: StagePolicy;
  /** Rule names some function subscribes to; only these become rules. */
  ruleNames: readonly string[];
  /** Defaults to events/rules.ts; tests may pass their own. */
  patterns?: Record<string, EventPattern>;
}

/**
 * The EventBridge bus, an archive of everything on it (replay rebuilds consumers after a bug fix), and
 * one rule per pattern from events/rules.ts that a function subscribes to.
 */
export class Bus extends Construct {
  readonly bus: events.EventBus;
  readonly rules: ReadonlyMap<string, events.Rule>;

  constructor(scope: Construct, id: string, props: BusProps) {
    super(scope, id);
    const patterns: Record<string, EventPattern> = props.patterns ?? rules;
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `${BUS_NAME}-${props.stage}` });
    this.bus.archive('Archive', {
      description: `Every event on ${BUS_NAME}-${props.stage}, for replay`,
      // An archive needs a pattern; matching the account matches everything put on this bus.
      eventPattern: { account: [this.bus.stack.account] },
      retention: props.policy.prod ? Duration.days(365) : Duration.days(30),
    });

    const byName = new Map<string, events.Rule>();
    // AWS services' own events (Step Functions' execution status changes) arrive on the default bus.
    let defaultBus: events.IEventBus | undefined;
    const busOf = (pattern: EventPattern): events.IEventBus => {
      if (!pattern.source?.every((s) => typeof s === 'string' && s.startsWith('aws.'))) return this.bus;
      defaultBus ??= events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
      return defaultBus;
    };
    for (const name of new Set(props.ruleNames)) {
      const pattern = patterns[name];
      if (!pattern)
        throw new Error(`A function subscribes to rule ${name}, which events/rules.ts does not define`);
      byName.set(
        name,
        new events.Rule(this, `${pascal(name)}Rule`, {
          eventBus: busOf(pattern),
          description: `events/rules.ts: ${name}`,
          eventPattern: toCdkPattern(pattern),
        }),
      );
    }
    this.rules = byName;
  }

  /** Sends a rule's events to a function, with retries and a dead-letter queue of its own. */
  addFunctionTarget(ruleName: string, fn: lambda.IFunction, functionName: string): void {
    const rule = this.rules.get(ruleName);
    if (!rule) throw new Error(`No rule ${ruleName} on the bus`);
    const dlq = new DeadLetterQueue(this, `${pascal(ruleName)}To${pascal(functionName)}DLQ`, {
      description: `Events rule ${ruleName} could not deliver to ${functionName}`,
    });
    rule.addTarget(
      new targets.LambdaFunction(fn, {
        deadLetterQueue: dlq.queue,
        // Consumers are idempotent by event id, so retrying is safe; a day covers a bad deploy's rollback.
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    );
  }
}

/** events/rules.ts patterns in CDK's typing; `Match` renders exactly the operators the local bus supports. */
export const toCdkPattern = (pattern: EventPattern): events.EventPattern => {
  const values = (list: PatternValue[] | undefined): string[] | undefined =>
    list &&
    (list.every((v) => typeof v === 'string')
      ? (list as string[])
      : events.Match.anyOf(...list.map(matcher)));
  return {
    source: values(pattern.source),
    detailType: values(pattern['detail-type']),
    detail:
      pattern.detail && Object.fromEntries(Object.entries(pattern.detail).map(([k, v]) => [k, values(v)])),
  };
};

const matcher = (value: PatternValue): string[] => {
  if (typeof value === 'string') return events.Match.exactString(value);
  if ('prefix' in value) return events.Match.prefix(value.prefix);
  const excluded = value['anything-but'];
  return events.Match.anythingBut(...(Array.isArray(excluded) ? excluded : [excluded]));
};
