import { ulid } from 'ulid';
import {
  alertRuleDecider,
  type CheckRun,
  datapointsOf,
  freshDatapoints,
} from '../../domain/monitoring/alerts.ts';
import { breaches, evaluate } from '../../domain/monitoring/evaluator.ts';
import { ALERT_RULES, type AlertRule, STATUS_VALUE, withSettings } from '../../domain/monitoring/rules.ts';
import { systemStreams } from '../application/aggregates.ts';
import { execute, load } from '../application/command.ts';
import { apiFiguresCheck } from './api-figures.ts';
import { MONITOR, recordCheck } from './datapoints.ts';
import { type DeepHealth, deepHealth } from './deep-health.ts';
import { measureSignals } from './signals.ts';

type Check = DeepHealth['checks'][number];

const measure = (rule: AlertRule, check: Check | undefined): number | undefined => {
  if (!check) return undefined;
  if (rule.measure === 'status') return STATUS_VALUE[check.status];
  return check.figures?.[rule.measure];
};

/** A rule's datapoint in one deep health reading. */
const datapointOf = (rule: AlertRule, health: DeepHealth) => {
  const check = health.checks.find((c) => c.check === rule.check);
  const value = measure(rule, check);
  // A check that measured nothing (a pipeline read that failed) breaches: not knowing is not healthy.
  const breaching = value === undefined || breaches(rule.condition, value);
  const detail = check ? `${check.status}: ${check.reason}` : `No check ${rule.check}`;
  return { ruleId: rule.id, breaching, detail, ...(value === undefined ? {} : { value }) };
};

/**
 * One rule judged by the evaluator over its latest fresh datapoints; a change of state is recorded on
 * the rule's stream (the notification consumer tells people about it).
 */
const judgeRule = async (rule: AlertRule, runs: CheckRun[], now: Date, correlationId: string) => {
  const meta = { actor: MONITOR, correlationId };
  const window = Math.max(rule.policy.fire.n, rule.policy.recover.n);
  const points = freshDatapoints(datapointsOf(runs, rule.id).slice(-window), now, window);
  const detail = points.at(-1)?.detail ?? `No check ${rule.check}`;
  const stream = systemStreams.alertRule(rule.id);
  const current = await load(alertRuleDecider, stream);
  const evaluation = evaluate(
    rule.policy,
    points.map((p) => p.breaching),
    current.state.state,
  );
  const reason =
    evaluation.state === 'ALARM'
      ? `${evaluation.count} of the last ${evaluation.of} checks breached: ${detail}`
      : evaluation.state === 'OK'
        ? `${evaluation.count} of the last ${evaluation.of} checks passed: ${detail}`
        : 'No datapoints';
  const executed = await execute(
    alertRuleDecider,
    stream,
    { type: 'ApplyEvaluation', rule, at: now.toISOString(), evaluation, reason },
    meta,
  );
  return { ruleId: rule.id, state: evaluation.state, changed: executed.events.length > 0 };
};

/** Every rule under the condition and M of N a person set for it, if any. */
const effectiveRules = async (): Promise<AlertRule[]> =>
  Promise.all(
    ALERT_RULES.map(async (rule) =>
      withSettings(rule, (await load(alertRuleDecider, systemStreams.alertRule(rule.id))).state.settings),
    ),
  );

/**
 * One run: a deep health reading and the other signals (functions/monitoring/signals.ts), every rule's datapoint recorded as one event, then every rule judged;
 * a rule that throws is counted, the others still run.
 */
export const runMonitoringCheck = async (now: Date) => {
  const [deep, api, signals, rules] = await Promise.all([
    deepHealth({ now }),
    apiFiguresCheck(now),
    measureSignals(now),
    effectiveRules(),
  ]);
  // The API's figures and the uptime signals are read beside the dependencies, for the rules on them.
  const health = { ...deep, checks: [...deep.checks, api, ...signals] };
  const correlationId = ulid();
  const datapoints = rules.map((rule) => datapointOf(rule, health));
  const runs = await recordCheck({ at: now.toISOString(), datapoints }, { actor: MONITOR, correlationId });
  const results = await Promise.allSettled(rules.map((rule) => judgeRule(rule, runs, now, correlationId)));
  const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = results.flatMap((r, i) =>
    r.status === 'rejected'
      ? [{ ruleId: ALERT_RULES[i]!.id, error: String((r.reason as Error)?.message ?? r.reason) }]
      : [],
  );
  return {
    status: deep.status,
    rules: done.length,
    alarms: done.filter((r) => r.state === 'ALARM').length,
    changed: done.filter((r) => r.changed).map((r) => `${r.ruleId}:${r.state}`),
    errors: failures.length,
    failures,
    /** The measured value of each rule (none when it could not be measured: its alarm's missing datapoint). */
    values: datapoints.flatMap((p) => (p.value === undefined ? [] : [{ ruleId: p.ruleId, value: p.value }])),
  };
};
