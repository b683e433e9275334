import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ALERT_RULES, type AlertRule } from '../../../domain/monitoring/rules.ts';
import { pascal, prefix } from '../settings.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';

export interface MonitoringProps {
  stage: string;
  ownerEmail?: string;
  functions: ReadonlyMap<string, lambda.IFunction>;
  api: apigw.IHttpApi;
  stateMachines: ReadonlyMap<string, sfn.IStateMachine>;
  /** Where to look for dead-letter queues; every one found gets an alarm. */
  deadLetterScope: Construct;
  /** API p99 latency that counts as degraded. */
  latencyThreshold?: Duration;
}

const PERIOD = Duration.minutes(5);
/** The EMF metric monitoring-check publishes each rule's value under (functions/monitoring/check-handler.ts). */
export const RULE_METRIC = 'alertRuleValue';

/**
 * Alarms for everything that can fail silently (function errors and throttles, API 5xx and latency,
 * anything in a dead-letter queue, failed executions) to one SNS topic, and a dashboard of the same.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: `Firefly ${props.stage} alarms`,
      enforceSSL: true,
    });
    if (props.ownerEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.ownerEmail));

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: prefix(props.stage),
      defaultInterval: Duration.hours(6),
    });

    const latency = props.latencyThreshold ?? Duration.seconds(2);
    const apiMetrics = {
      requests: props.api.metricCount({ period: PERIOD }),
      clientErrors: props.api.metricClientError({ period: PERIOD }),
      serverErrors: props.api.metricServerError({ period: PERIOD }),
      p99: props.api.metricLatency({ period: PERIOD, statistic: 'p99' }),
      p50: props.api.metricLatency({ period: PERIOD, statistic: 'p50' }),
    };
    this.alarm('Api5xx', apiMetrics.serverErrors, 5, 'API answered 5xx at least 5 times in 5 minutes');
    this.alarm(
      'ApiP99Latency',
      apiMetrics.p99,
      latency.toMilliseconds(),
      `API p99 latency above ${latency.toMilliseconds()} ms for 15 minutes`,
      3,
    );

    const fns = [...props.functions.entries()];
    for (const [name, fn] of fns) {
      this.alarm(`${pascal(name)}Errors`, fn.metricErrors({ period: PERIOD }), 1, `${name} threw`);
      this.alarm(
        `${pascal(name)}Throttles`,
        fn.metricThrottles({ period: PERIOD }),
        1,
        `${name} was throttled`,
      );
    }

    const dlqs = props.deadLetterScope.node.findAll().filter(DeadLetterQueue.isDeadLetterQueue);
    const depth = dlqs.map((dlq) => ({
      dlq,
      metric: dlq.queue.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
        label: dlq.node.id,
      }),
    }));
    for (const { dlq } of depth) {
      // Unlabelled for the alarm: a label would turn it into a metric-math alarm for no gain.
      const metric = dlq.queue.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
      });
      this.alarm(`${dlq.node.id}Depth`, metric, 1, dlq.description);
    }

    const machines = [...props.stateMachines.entries()];
    for (const [name, machine] of machines) {
      this.alarm(
        `${pascal(name)}Failed`,
        machine.metricFailed({ period: PERIOD }),
        1,
        `${name} execution failed`,
      );
    }

    // The platform's alert rules as CloudWatch alarms (functions/monitoring/check.ts publishes each rule's
    // value every minute as `alertRuleValue`, dimension `rule`).
    for (const rule of ALERT_RULES) this.ruleAlarm(rule);

    const labelled = (name: string, m: cloudwatch.Metric) => m.with({ label: name });
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        left: [apiMetrics.requests],
        right: [apiMetrics.clientErrors, apiMetrics.serverErrors],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'API latency', left: [apiMetrics.p50, apiMetrics.p99], width: 12 }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Invocations',
        left: fns.map(([name, fn]) => labelled(name, fn.metricInvocations({ period: PERIOD }))),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Errors and throttles',
        left: fns.map(([name, fn]) => labelled(name, fn.metricErrors({ period: PERIOD }))),
        right: fns.map(([name, fn]) => labelled(`${name} throttles`, fn.metricThrottles({ period: PERIOD }))),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Duration p99',
        left: fns.map(([name, fn]) =>
          labelled(name, fn.metricDuration({ period: PERIOD, statistic: 'p99' })),
        ),
        width: 8,
      }),
    );
    const bottom: cloudwatch.IWidget[] = [
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queue depth',
        left: depth.map((d) => d.metric),
        width: 12,
      }),
    ];
    if (machines.length > 0) {
      bottom.push(
        new cloudwatch.GraphWidget({
          title: 'State machine executions',
          left: machines.map(([name, m]) =>
            labelled(`${name} succeeded`, m.metricSucceeded({ period: PERIOD })),
          ),
          right: machines.map(([name, m]) => labelled(`${name} failed`, m.metricFailed({ period: PERIOD }))),
          width: 12,
        }),
      );
    }
    dashboard.addWidgets(...bottom);
  }

  /**
   * One alert rule as an alarm: its value at a 1-minute period, its threshold (or band, as metric math),
   * and its firing M of N as DatapointsToAlarm of EvaluationPeriods. CloudWatch has one M of N for both
   * ways, so the separate recovery window stays the platform's own evaluator's. A missing datapoint
   * breaches, as in the platform's evaluator: a monitoring check that stopped running is not healthy.
   * Its actions go to the alarms topic: a second line that holds even when the platform's own check
   * (which notifies through the rule's channels) cannot run.
   */
  private ruleAlarm(rule: AlertRule): void {
    const value = new cloudwatch.Metric({
      namespace: 'Firefly',
      metricName: RULE_METRIC,
      dimensionsMap: { service: 'monitoring-check', rule: rule.id },
      period: Duration.minutes(1),
      statistic: 'Maximum',
    });
    const { condition } = rule;
    const metric =
      condition.kind === 'outside'
        ? new cloudwatch.MathExpression({
            expression: `IF(v < ${condition.min} OR v > ${condition.max}, 1, 0)`,
            usingMetrics: { v: value },
            period: Duration.minutes(1),
            label: `${rule.id} outside ${condition.min}..${condition.max}`,
          })
        : value;
    const alarm = new cloudwatch.Alarm(this, `Rule${pascal(rule.id)}`, {
      metric,
      threshold: condition.kind === 'outside' ? 0 : condition.threshold,
      comparisonOperator:
        condition.kind === 'below'
          ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD
          : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: rule.policy.fire.n,
      datapointsToAlarm: rule.policy.fire.m,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: `${rule.name}: ${rule.description} (fires on ${rule.policy.fire.m} of ${rule.policy.fire.n} minutes)`,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  private alarm(
    id: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    description: string,
    evaluationPeriods = 1,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means nothing happened (no calls, an empty queue), which is healthy.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
