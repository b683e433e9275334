import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { observability } from '../runtime/observability.ts';
import { runMonitoringCheck } from './check.ts';

const { logger, metrics, instrument } = observability('monitoring-check');

/**
 * Every minute: the deep health checks measured once, each alert rule's datapoint recorded and its state
 * moved by M of N (domain/monitoring/evaluator.ts).
 */
// The time of the run, not of the schedule: a run started late must not record a stale minute.
export const handler = instrument(async () => {
  const summary = await runMonitoringCheck(new Date());
  metrics.addMetric('alertsFiring', MetricUnit.Count, summary.alarms);
  metrics.addMetric('monitoringCheckErrors', MetricUnit.Count, summary.errors);
  // Each rule's value, for its CloudWatch alarm (infra/aws/constructs/monitoring.ts, RULE_METRIC).
  for (const point of summary.values) {
    const single = metrics.singleMetric();
    single.addDimension('rule', point.ruleId);
    single.addMetric('alertRuleValue', MetricUnit.Count, point.value);
  }
  if (summary.changed.length) logger.info('alert states changed', { changed: summary.changed });
  if (summary.errors) logger.warn('some rules could not be checked', { failures: summary.failures });
  return summary;
});
