import {
  type OutboundDeliveryCommand,
  type OutboundDeliveryState,
  outboundDeliveryIdOf,
} from '../../../domain/integrations/outbound-deliveries.ts';
import { type EndpointCommand, endpointWants } from '../../../domain/integrations/outbound-endpoints.ts';
import { reject } from '../../../domain/shared/decider.ts';
import type { Actor, Envelope } from '../../../events/envelope.ts';
import { readAll } from '../../adapters/event-store.ts';
import { claimDue, type DueRow, deleteDue, dueRows, putDue } from '../../adapters/outbound-due.ts';
import { listRows } from '../../adapters/views.ts';
import { aggregates } from '../../application/aggregates.ts';
import { execute, loadRecord } from '../../application/command.ts';
import { ConcurrencyError } from '../../application/event-store-port.ts';
import { alertWebhookEndpointId } from '../../monitoring/channels.ts';
import { config } from '../../runtime/config.ts';
import { observability } from '../../runtime/observability.ts';
import type { Endpoint } from './endpoints.ts';
import { signingSecretsOf } from './endpoints.ts';
import { type SendResult, send } from './send.ts';

const { logger } = observability('outbound-webhooks');

/** What the sender acts as: visible as the actor of every delivery event and secret decryption. */
export const SENDER: Actor = { id: 'system:outbound-webhooks', role: 'system' };

export type Delivery = Extract<OutboundDeliveryState, { exists: true }>;

const deliveries = aggregates.outboundDelivery;
const endpoints = aggregates.outboundEndpoint;

/** Runs a command again on a lost race: concurrent attempts share an endpoint's stream. */
const withRetry = async <T>(run: () => Promise<T>): Promise<T> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= 4) throw error;
    }
  }
};

/** Every active endpoint, from its view (a handful of rows, one query page each 100). */
export const activeEndpoints = async (): Promise<Endpoint[]> => {
  const found: Endpoint[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRows<Endpoint>(endpoints, {
      limit: 100,
      cursor,
      where: { status: 'active' },
    });
    found.push(...page.items.map((row) => row.state));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
};

/**
 * Records the delivery of an event to an endpoint, once: the stream is per (endpoint, event), so a bus
 * event arriving twice finds it begun. The due row goes in first, already claimed by the caller, so a
 * crash between the two leaves a row the schedule clears or sends, never a delivery nobody sends.
 * Returns the claimed row when this call made the delivery.
 */
export const recordDelivery = async (
  endpoint: Pick<Endpoint, 'endpointId'>,
  event: Pick<Envelope, 'id' | 'type' | 'occurredAt' | 'data' | 'correlationId'>,
  options: { replay?: boolean; now: Date },
): Promise<DueRow | undefined> => {
  const deliveryId = outboundDeliveryIdOf(endpoint.endpointId, event.id);
  const row = await putDue(deliveryId, options.now.toISOString(), true);
  try {
    const result = await execute(
      deliveries.decider,
      deliveries.stream(deliveryId),
      {
        type: 'CreateOutboundDelivery',
        deliveryId,
        endpointId: endpoint.endpointId,
        eventId: event.id,
        eventType: event.type,
        occurredAt: event.occurredAt,
        data: event.data,
        ...(options.replay ? { replay: true } : {}),
      },
      { actor: SENDER, correlationId: event.correlationId },
    );
    if (result.events.length > 0) return row;
  } catch (error) {
    if (!(error instanceof ConcurrencyError)) throw error;
  }
  await deleteDue(row);
  return undefined;
};

const messageOf = (delivery: Delivery) => ({
  id: delivery.deliveryId,
  type: delivery.eventType,
  timestamp: delivery.occurredAt,
  data: delivery.data,
});

/** Sends one attempt of a delivery to its endpoint as it is now (URL, format, secrets). */
const sendTo = async (endpoint: Endpoint, delivery: Delivery, now: Date): Promise<SendResult> => {
  const secrets =
    endpoint.format === 'standard-webhooks'
      ? await signingSecretsOf(endpoint, { actor: SENDER, correlationId: delivery.deliveryId }, now)
      : undefined;
  if (endpoint.format === 'standard-webhooks' && !secrets)
    return { ok: false, latencyMs: 0, error: 'The endpoint has no stored signing secret' };
  return send(
    { url: endpoint.url, format: endpoint.format, ...(secrets ? { secrets } : {}) },
    messageOf(delivery),
    now,
  );
};

const recordOutcome = (endpointId: string, ok: boolean, at: Date) =>
  withRetry(() =>
    execute(
      endpoints.decider,
      endpoints.stream(endpointId),
      { type: 'RecordEndpointOutcome', ok, at: at.toISOString() } satisfies EndpointCommand,
      { actor: SENDER, correlationId: endpointId },
    ),
  );

/**
 * One attempt of a delivery and its record: the attempt (number, status, latency, first 2 KB of the
 * answer, error, when the next is due) on the delivery's stream, and the endpoint's health. `manual`
 * is a person's "retry now", which leaves the schedule as it was.
 */
export const attemptDelivery = async (deliveryId: string, options: { manual?: boolean; now?: Date } = {}) => {
  const loaded = await loadRecord(deliveries, deliveryId);
  if (!loaded.state.exists) return undefined;
  const delivery = loaded.state as Delivery;
  const endpointLoaded = await loadRecord(endpoints, delivery.endpointId);
  const endpoint = endpointLoaded.state as Endpoint;
  const meta = { actor: SENDER, correlationId: deliveryId, expectedVersion: loaded.version };
  if (options.manual && (!endpoint.exists || endpoint.status !== 'active'))
    reject('endpoint-disabled', 'The endpoint is disabled: enable it to send to it', 409);
  if (!endpoint.exists || endpoint.status !== 'active')
    return execute(
      deliveries.decider,
      deliveries.stream(deliveryId),
      { type: 'FailDelivery', reason: 'The endpoint is disabled' },
      meta,
    );
  const now = options.now ?? new Date();
  const result = await sendTo(endpoint, delivery, now);
  const command: OutboundDeliveryCommand = {
    type: 'RecordAttempt',
    at: now.toISOString(),
    ok: result.ok,
    latencyMs: result.latencyMs,
    ...(result.statusCode === undefined ? {} : { statusCode: result.statusCode }),
    ...(result.responseBody === undefined ? {} : { responseBody: result.responseBody }),
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
    ...(options.manual ? { manual: true } : {}),
    scale: config.outboundRetryScale,
  };
  const executed = await execute(deliveries.decider, deliveries.stream(deliveryId), command, meta);
  if (endpoint.exists) await recordOutcome(endpoint.endpointId, result.ok, now);
  return executed;
};

/**
 * Works a claimed due row: a delivery no longer pending, or not yet due (its row moved after a crash),
 * only has its row put right; a due one is attempted and its row moves to the next due time.
 * Returns when the next attempt is due, if there is one.
 */
export const workDue = async (row: DueRow, now = new Date()): Promise<string | undefined> => {
  const loaded = await loadRecord(deliveries, row.deliveryId);
  const state = loaded.state as OutboundDeliveryState;
  let next: string | undefined;
  if (state.exists && state.status === 'pending') {
    if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > now.getTime()) next = state.nextAttemptAt;
    else {
      const executed = await attemptDelivery(row.deliveryId, { now });
      const after = executed?.state as OutboundDeliveryState | undefined;
      next = after?.exists && after.status === 'pending' ? after.nextAttemptAt : undefined;
    }
  }
  // Put unclaimed (also when the time is unchanged: that releases this worker's lease at once).
  if (next) await putDue(row.deliveryId, next);
  if (next !== row.dueAt) await deleteDue(row);
  return next;
};

/**
 * The schedule is a minute apart, so the first retry (5 s) is waited for here, in the consumer, rather
 * than left to the schedule: a wait this short or shorter is slept, anything longer is the schedule's.
 */
export const IN_PROCESS_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Works a claimed row, then keeps working it while the next attempt is due within a few seconds. */
export const workSoon = async (row: DueRow): Promise<void> => {
  let current: DueRow | undefined = row;
  while (current) {
    const next = await workDue(current);
    if (!next) return;
    const wait = Date.parse(next) - Date.now();
    if (wait > IN_PROCESS_WAIT_MS * config.outboundRetryScale) return;
    const candidate: DueRow = {
      id: `${next}#${current.deliveryId}`,
      deliveryId: current.deliveryId,
      dueAt: next,
    };
    if (!(await claimDue(candidate))) return;
    await sleep(Math.max(0, wait));
    current = candidate;
  }
};

/** A bus event: a delivery for each active endpoint it matches, each attempted at once. */
export const fanOut = async (event: Envelope): Promise<number> => {
  // An alert rule's webhook channel names its endpoint: it gets the rule's news without subscribing.
  const chosen = await alertWebhookEndpointId(event);
  const matching = (await activeEndpoints()).filter(
    (endpoint) => endpointWants(endpoint, event) || endpoint.endpointId === chosen,
  );
  const now = new Date();
  const rows = await Promise.all(matching.map((endpoint) => recordDelivery(endpoint, event, { now })));
  const made = rows.filter((r): r is DueRow => r !== undefined);
  await Promise.all(made.map(workSoon));
  return made.length;
};

/** The schedule's run: every due row it can claim, a few at a time, until the time budget is spent. */
export const sendDue = async (budgetMs: number, concurrency = 8): Promise<{ attempted: number }> => {
  const deadline = Date.now() + budgetMs;
  let attempted = 0;
  const seen = new Set<string>();
  while (Date.now() < deadline) {
    const rows = (await dueRows(new Date(), 100)).filter((r) => !seen.has(r.id));
    if (rows.length === 0) break;
    let index = 0;
    const worker = async () => {
      while (index < rows.length && Date.now() < deadline) {
        const row = rows[index++]!;
        seen.add(row.id);
        if (!(await claimDue(row))) continue;
        try {
          await workDue(row);
          attempted += 1;
        } catch (error) {
          // One delivery's trouble (a lost race, a damaged record) must not stop the others; its lease
          // expires and a later run takes it up again.
          logger.error('outbound attempt failed to record', { deliveryId: row.deliveryId, error });
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  return { attempted };
};

/** The most deliveries one replay makes or requeues: a larger range is replayed in parts. */
export const REPLAY_LIMIT = 1000;

/**
 * Re-delivers every event of a time range the endpoint subscribes to, under the same ids as before
 * (`<endpointId>_<eventId>`, as Svix recovers failed messages): a delivery that failed is queued again,
 * one never made (the endpoint was disabled, or subscribed later) is made, and one that arrived is left
 * alone; a receiver that deduplicates on webhook-id sees each event once. The schedule sends them.
 */
export const replay = async (
  endpoint: Endpoint,
  range: { from: string; to: string },
  correlationId: string,
  now = new Date(),
): Promise<{ created: number; requeued: number; matched: number }> => {
  let created = 0;
  let requeued = 0;
  let matched = 0;
  for await (const page of readAll({ since: range.from, until: range.to })) {
    for (const commit of page) {
      for (const event of commit.events) {
        if (event.occurredAt < range.from || event.occurredAt > range.to) continue;
        if (!endpointWants(endpoint, event as Envelope)) continue;
        if (++matched > REPLAY_LIMIT) return { created, requeued, matched: REPLAY_LIMIT };
        const deliveryId = outboundDeliveryIdOf(endpoint.endpointId, event.id);
        const existing = await loadRecord(deliveries, deliveryId);
        if (!existing.state.exists) {
          const row = await recordDelivery(endpoint, event as Envelope, { replay: true, now });
          if (!row) continue;
          // Released: the schedule sends it on its next run, so a large replay does not hold the request.
          await putDue(deliveryId, row.dueAt);
          created += 1;
          continue;
        }
        if ((existing.state as Delivery).status !== 'failed') continue;
        await putDue(deliveryId, now.toISOString());
        await execute(
          deliveries.decider,
          deliveries.stream(deliveryId),
          { type: 'RequeueDelivery', at: now.toISOString() },
          { actor: SENDER, correlationId, expectedVersion: existing.version },
        );
        requeued += 1;
      }
    }
  }
  return { created, requeued, matched };
};
