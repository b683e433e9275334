import type { Context, EventBridgeEvent } from 'aws-lambda';
import { isTriggerEventType } from '../../domain/workflows/triggers.ts';
import type { Envelope } from '../../events/envelope.ts';
import { getBytes } from '../adapters/blobs.ts';
import { eventStore } from '../adapters/event-store.ts';
import { config } from '../runtime/config.ts';
import { logHandled, observability } from '../runtime/observability.ts';
import { startRun, type TriggerData } from './runs.ts';
import type { ScheduledStart } from './schedules.ts';
import { isWorkflowSwitch, projectSwitch, triggerRows, workflowsStartedBy } from './triggers.ts';

const { logger, instrument } = observability('workflow-start');

/** A webhook's body becomes the run's trigger data when it is at most this big (Step Functions' 256 KB). */
const MAX_WEBHOOK_BODY = 128 * 1024;

const webhookData = async (event: Envelope): Promise<Record<string, unknown>> => {
  const delivery = event.data as { bodyKey?: string; bytes?: number };
  const meta = { ...event.data };
  if (!delivery.bodyKey || (delivery.bytes ?? 0) > MAX_WEBHOOK_BODY) return meta;
  const raw = await getBytes(config.webhooksBucket, delivery.bodyKey);
  try {
    return { ...meta, body: raw ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined };
  } catch {
    return meta;
  }
};

/** The runs one domain event starts: workflows triggered by its type, and by a webhook of its integration. */
const startFromEvent = async (busEvent: EventBridgeEvent<string, Envelope>): Promise<number> => {
  const event = busEvent.detail;
  // Workflows' own events start nothing, and no workflow starts itself again by what its steps did.
  if (!isTriggerEventType(event.type)) return 0;
  const byType = (await workflowsStartedBy(busEvent as unknown as Record<string, unknown>)).filter(
    (row) => event.actor.id !== `workflow:${row.workflowId}`,
  );
  const byWebhook =
    event.type === 'WebhookDeliveryReceived'
      ? (await triggerRows()).filter(
          (row) =>
            row.active &&
            row.trigger.kind === 'webhook' &&
            row.trigger.integrationId === (event.data as { integrationId?: string }).integrationId,
        )
      : [];
  if (byType.length + byWebhook.length === 0) return 0;
  // Only events the store holds start runs: nothing put on the bus by another hand runs a workflow.
  if (!(await eventStore.findEvent(event))) {
    logger.error('event on the bus is not in the event store; no run started', { eventId: event.id });
    return 0;
  }
  const trigger = (kind: 'event' | 'webhook', data: Record<string, unknown>): TriggerData => ({
    kind,
    eventId: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    data,
  });
  for (const row of byType)
    await startRun(row, trigger('event', event.data), { correlationId: event.correlationId });
  if (byWebhook.length) {
    const data = await webhookData(event);
    for (const row of byWebhook)
      await startRun(row, trigger('webhook', data), { correlationId: event.correlationId });
  }
  logHandled(logger, event, 'started workflow runs', {
    workflows: [...byType, ...byWebhook].map((row) => row.workflowId),
  });
  return byType.length + byWebhook.length;
};

const startScheduled = async (input: ScheduledStart): Promise<number> => {
  const row = (await triggerRows()).find((r) => r.workflowId === input.workflowId);
  if (!row?.active || row.trigger.kind !== 'schedule') return 0;
  const at = input.scheduledTime ?? new Date().toISOString();
  await startRun(row, { kind: 'schedule', occurredAt: at, data: { scheduledTime: at } });
  return 1;
};

const isBusEvent = (event: unknown): event is EventBridgeEvent<string, Envelope> =>
  typeof event === 'object' && event !== null && 'detail-type' in event && 'detail' in event;

/**
 * The starter: a target of every domain event (keeps the trigger list from the workflows' own events,
 * and starts the runs an event or a webhook delivery triggers) and of workflows' schedules.
 */
export const handler = instrument(
  async (event: EventBridgeEvent<string, Envelope> | ScheduledStart, context: Context) => {
    if (!isBusEvent(event)) return { started: await startScheduled(event) };
    const envelope = event.detail;
    if (isWorkflowSwitch(envelope.type)) {
      // A workflow's schedule targets this function: its own ARN, so no variable can name another.
      await projectSwitch(envelope, context.invokedFunctionArn);
      return { started: 0 };
    }
    return { started: await startFromEvent(event) };
  },
);
