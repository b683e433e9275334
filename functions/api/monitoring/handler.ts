import { type AlertRuleCommand, alertRuleDecider } from '../../../domain/monitoring/alerts.ts';
import { ruleById } from '../../../domain/monitoring/rules.ts';
import { systemStreams } from '../../application/aggregates.ts';
import { execute } from '../../application/command.ts';
import { httpHandler, implement, type Request } from '../../http/adapter.ts';
import { notFound } from '../../http/problem.ts';
import type { RouteContract } from '../../http/route.ts';
import { alertRule, listAlertRules } from '../../monitoring/alert-rules.ts';
import { deepHealth } from '../../monitoring/deep-health.ts';
import * as api from './contract.ts';

const act = async (
  request: Request<RouteContract>,
  id: string,
  command: (at: string, by: string) => AlertRuleCommand,
) => {
  if (!ruleById(id)) throw notFound(`Alert rule ${id}`);
  const actor = request.actor!;
  const at = new Date().toISOString();
  await execute(alertRuleDecider, systemStreams.alertRule(id), command(at, actor.email ?? actor.id), {
    actor,
    correlationId: request.correlationId,
  });
  const read = await alertRule(id, new Date());
  return { body: read!.rule, version: read!.rule.version };
};

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
  implement(api.unsilenceAlert, (request) =>
    act(request, request.params.id, (at, by) => ({
      type: 'UnsilenceAlert',
      ruleId: request.params.id,
      at,
      by,
    })),
  ),
]);
