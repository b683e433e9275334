import { type AlertRuleCommand, alertRuleDecider } from '../../../domain/monitoring/alerts.ts';
import { ruleById, ruleSettingsProblems } from '../../../domain/monitoring/rules.ts';
import { aggregates, systemStreams } from '../../application/aggregates.ts';
import { execute, loadRecord } from '../../application/command.ts';
import { httpHandler, implement, type Request } from '../../http/adapter.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import type { RouteContract } from '../../http/route.ts';
import { alertRule, listAlertRules } from '../../monitoring/alert-rules.ts';
import { deepHealth } from '../../monitoring/deep-health.ts';
import { telemetry } from '../../monitoring/telemetry.ts';
import { catalog, metricSeries, searchLogs, traceOf } from '../../monitoring/telemetry-queries.ts';
import { sloOf, uptimeIncidents, uptimeReport } from '../../monitoring/uptime-report.ts';
import { setSloTarget } from '../../monitoring/uptime-store.ts';
import * as api from './contract.ts';

const act = async (
  request: Request<RouteContract>,
  id: string,
  command: (at: string, by: string) => AlertRuleCommand,
  expectedVersion?: number,
) => {
  if (!ruleById(id)) throw notFound(`Alert rule ${id}`);
  const actor = request.actor!;
  const at = new Date().toISOString();
  await execute(alertRuleDecider, systemStreams.alertRule(id), command(at, actor.email ?? actor.id), {
    actor,
    correlationId: request.correlationId,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
  });
  const read = await alertRule(id, new Date());
  return { body: read!.rule, version: read!.rule.version };
};

/** The uptime page's default period: two weeks of days, as a strip per check. */
const UPTIME_DAYS = 14;

export const handler = httpHandler('monitoring', [
  implement(api.deepHealth, async () => ({ body: await deepHealth() })),
  implement(api.listAlertRules, async ({ query }) => ({
    body: { items: await listAlertRules(new Date(), query.state) },
  })),
  implement(api.getAlertRule, async ({ params }) => {
    const found = await alertRule(params.id, new Date());
    if (!found) throw notFound(`Alert rule ${params.id}`);
    return { body: found };
  }),
  implement(api.acknowledgeAlert, (request) =>
    act(request, request.params.id, (at, by) => ({
      type: 'AcknowledgeAlert',
      ruleId: request.params.id,
      at,
      by,
      ...(request.body.note ? { note: request.body.note } : {}),
    })),
  ),
  implement(api.silenceAlert, (request) =>
    act(request, request.params.id, (at, by) => ({
      type: 'SilenceAlert',
      ruleId: request.params.id,
      at,
      by,
      until: request.body.until,
      ...(request.body.note ? { note: request.body.note } : {}),
    })),
  ),
  // Metrics, resources, logs and traces: one port, CloudWatch in AWS and the local store here.
  implement(api.metricsCatalog, async () => {
    const port = await telemetry();
    return { body: { cloud: port.cloud, items: await catalog(port) } };
  }),
  implement(api.getMetrics, async ({ query }) => {
    const step = api.STEPS[query.step ?? '1m'];
    const found = await metricSeries(await telemetry(), query, step, api.MAX_POINTS, new Date());
    if (!found) throw notFound(`Metric ${query.metric} (GET /api/monitoring/metrics/catalog lists them)`);
    return { body: found };
  }),
  implement(api.getResources, async () => {
    const port = await telemetry();
    const now = new Date();
    return { body: { cloud: port.cloud, at: now.toISOString(), items: await port.resources(now) } };
  }),
  implement(api.listLogs, async ({ query }) => ({
    body: await searchLogs(await telemetry(), query, new Date()),
  })),
  implement(api.getTrace, async ({ params }) => ({
    body: await traceOf(await telemetry(), params.correlationId),
  })),
  implement(api.configureAlertRule, async (request) => {
    const rule = ruleById(request.params.id);
    if (!rule) throw notFound(`Alert rule ${request.params.id}`);
    const problems = ruleSettingsProblems(rule, request.body);
    const endpointId = request.body.channels.webhookEndpointId;
    if (endpointId && !(await loadRecord(aggregates.outboundEndpoint, endpointId)).state.exists)
      problems.push({
        path: 'channels.webhookEndpointId',
        message: `No outbound webhook endpoint ${endpointId}`,
      });
    if (problems.length)
      throw new HttpProblem(
        422,
        'invalid-rule',
        'The rule settings are not sound',
        problems.map((p) => `${p.path}: ${p.message}`).join('; '),
        { errors: problems.map((p) => ({ path: `body.${p.path}`, message: p.message })) },
      );
    return act(
      request,
      rule.id,
      (at, by) => ({ type: 'ConfigureAlertRule', rule, at, by, ...request.body }),
      request.ifMatch,
    );
  }),
  implement(api.getUptime, async ({ query }) => ({
    body: await uptimeReport(new Date(), query.days ?? UPTIME_DAYS),
  })),
  implement(api.listUptimeIncidents, async ({ query }) => ({
    body: { items: await uptimeIncidents(new Date(), query.days ?? UPTIME_DAYS, query.check) },
  })),
  implement(api.getSlo, async () => {
    const slo = await sloOf(new Date());
    return { body: slo, version: slo.version };
  }),
  implement(api.putSlo, async ({ body, actor, correlationId, ifMatch }) => {
    await setSloTarget(body.target, { actor, correlationId, expectedVersion: ifMatch });
    const slo = await sloOf(new Date());
    return { body: slo, version: slo.version };
  }),
  implement(api.unsilenceAlert, (request) =>
    act(request, request.params.id, (at, by) => ({
      type: 'UnsilenceAlert',
      ruleId: request.params.id,
      at,
      by,
    })),
  ),
]);
