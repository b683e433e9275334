import { setTimeout as sleep } from 'node:timers/promises';
import type { Step } from '../../../events/contexts/workflows.ts';
import type { Actor } from '../../../events/envelope.ts';
import { aggregates } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { signingSecretsOf } from '../../integrations/outbound/endpoints.ts';
import { send } from '../../integrations/outbound/send.ts';
import { misconfigured, StepError, transient } from './errors.ts';
import { stepIdOf } from './ids.ts';
import { type RunData, resolveAll } from './values.ts';

/** A receiver's Retry-After is waited inside the step up to this long; beyond it the state's Retry paces. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Posts the step's payload to an outbound endpoint through the one signed sender, as
 * `workflow.<workflowId>.<stepId>`, with a message id stable across the step's retries (receivers drop
 * duplicates by it). A 5xx, 429 or no answer is transient, after waiting a short Retry-After.
 */
export const runWebhook = async (
  step: Extract<Step, { kind: 'webhook' }>,
  data: RunData,
  execution: string,
  actor: Actor,
  sleepFor: (ms: number) => Promise<unknown> = sleep,
) => {
  const { state: endpoint } = await loadRecord(aggregates.outboundEndpoint, step.endpointId);
  if (!endpoint.exists) throw misconfigured(`Webhook endpoint ${step.endpointId} does not exist`);
  if (endpoint.status !== 'active')
    throw misconfigured(`Webhook endpoint ${step.endpointId} is ${endpoint.status}`);
  const now = new Date();
  const id = stepIdOf(execution, step.id);
  const secrets =
    endpoint.format === 'standard-webhooks'
      ? await signingSecretsOf(endpoint, { actor, correlationId: id }, now)
      : undefined;
  if (endpoint.format === 'standard-webhooks' && !secrets)
    throw misconfigured(`Webhook endpoint ${step.endpointId} has no stored signing secret`);
  const run = (data.run ?? {}) as { workflowId?: string };
  const result = await send(
    { url: endpoint.url, format: endpoint.format, ...(secrets ? { secrets } : {}) },
    {
      id,
      type: `workflow.${run.workflowId ?? 'unknown'}.${step.id}`,
      timestamp: now.toISOString(),
      data: resolveAll(step.payload, data),
    },
    now,
  );
  if (result.ok) return { statusCode: result.statusCode, latencyMs: result.latencyMs };
  const status = result.statusCode;
  if (status === undefined || status >= 500 || status === 429) {
    if (result.retryAfterMs !== undefined && result.retryAfterMs <= MAX_RETRY_AFTER_MS)
      await sleepFor(result.retryAfterMs);
    throw transient(`${endpoint.url}: ${result.error ?? `HTTP ${status}`}`);
  }
  throw new StepError('Firefly.WebhookRefused', `${endpoint.url}: ${result.error ?? `HTTP ${status}`}`);
};
