import { ulid } from 'ulid';
import {
  type ClaimState,
  claimDecider,
  claimIdOf,
  deliveryDecider,
} from '../../domain/integrations/deliveries.ts';
import type { IntegrationState } from '../../domain/integrations/integrations.ts';
import { mapLeadForm } from '../../domain/integrations/lead-forms.ts';
import { mapPaymentEvent, orderIdOfPaymentEvent, ProviderEvent } from '../../domain/integrations/payments.ts';
import { CONNECTION_TEST_EVENT, templateOf } from '../../domain/integrations/templates.ts';
import { mapTrackingEvent, shipmentIdOfTrackingEvent } from '../../domain/integrations/tracking.ts';
import { dayOf } from '../../domain/shared/days.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import type { Actor } from '../../events/envelope.ts';
import { putBytes, sha256 } from '../adapters/blobs.ts';
import { appendRecorded } from '../adapters/event-store.ts';
import { aggregates, systemStreams } from '../application/aggregates.ts';
import { execute, loadRecord } from '../application/command.ts';
import { liveStore } from '../application/command-store.ts';
import { deliverShipment } from '../application/cross-aggregate.ts';
import { ConcurrencyError } from '../application/event-store-port.ts';
import { config } from '../runtime/config.ts';
import { signingSecrets } from './secrets.ts';
import { type RefusalReason, verifyDelivery } from './signatures.ts';

export interface InboundRequest {
  integrationId: string;
  raw: string;
  headers: Record<string, string | undefined>;
  ip: string;
  userAgent?: string;
  correlationId: string;
  now: Date;
}

/** How the webhook route answers: a status and a small JSON body (a problem's fields on refusals). */
export type InboundOutcome =
  | {
      status: 200;
      body: { received: true; deliveryId: string; outcome: string; detail: string; duplicate: boolean };
    }
  | { status: 400 | 401 | 404 | 409 | 410; problem: string; title: string; detail: string };

type Integration = Extract<IntegrationState, { exists: true }>;

/** What the provider acts as when its deliveries change records: visible as the actor of every event. */
const actorOf = (request: InboundRequest, integration?: Integration): Actor => ({
  id: integration ? `integration:${integration.integrationId}` : 'webhook:unknown',
  role: integration ? 'integration' : 'anonymous',
  ip: request.ip,
  ...(request.userAgent ? { userAgent: request.userAgent.slice(0, 512) } : {}),
});

const refuse = async (
  request: InboundRequest,
  provider: string,
  reason: RefusalReason | 'replayed' | 'unknown-integration',
  integration?: Integration,
) =>
  appendRecorded(
    systemStreams.webhook(provider),
    [
      {
        type: 'WebhookSignatureRejected',
        data: { provider, endpoint: `/webhooks/${request.integrationId}`, reason },
      },
    ],
    { actor: actorOf(request, integration), correlationId: request.correlationId },
  );

const INTEGRATION_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

type Mapped = {
  outcome: 'applied' | 'ignored' | 'refused';
  detail: string;
  record?: { kind: string; id: string };
};

/** A business rule refusing a mapped command: what the delivery log says about it. */
const refusedBy = (error: unknown, record: { kind: string; id: string }): Mapped => {
  if (!(error instanceof DomainError)) throw error;
  return { outcome: 'refused', detail: `Refused: ${error.message}`, record };
};

/** Turns a verified payment event into its order command, run as the integration. */
const applyPayment = async (event: ProviderEvent, actor: Actor, correlationId: string): Promise<Mapped> => {
  const orderId = orderIdOfPaymentEvent(event);
  if (!orderId) return { outcome: 'ignored', detail: 'No order id in the payment metadata' };
  const order = await loadRecord(aggregates.order, orderId);
  const mapping = mapPaymentEvent(event, order.state);
  if (mapping.kind === 'ignored') return { outcome: 'ignored', detail: mapping.detail };
  const record = { kind: 'order', id: orderId };
  try {
    await execute(aggregates.order.decider, aggregates.order.stream(orderId), mapping.command, {
      actor,
      correlationId,
    });
    return { outcome: 'applied', detail: mapping.summary, record };
  } catch (error) {
    // The same payment id already on the order: this delivery's command ran before (a crash between the
    // command and the delivery's record); there is nothing left to do.
    if (error instanceof DomainError && error.code === 'payment-exists')
      return { outcome: 'applied', detail: 'Already recorded on the order', record };
    return refusedBy(error, record);
  }
};

/** Turns a verified tracking update into the shipment's dispatch or delivery (and the order's), as the carrier. */
const applyTracking = async (event: ProviderEvent, actor: Actor, correlationId: string): Promise<Mapped> => {
  const shipmentId = shipmentIdOfTrackingEvent(event);
  const shipment = shipmentId
    ? (await loadRecord(aggregates.shipment, shipmentId)).state
    : { exists: false as const };
  const intent = mapTrackingEvent(event, shipment);
  if (intent.kind === 'ignored') return { outcome: 'ignored', detail: intent.detail };
  const record = { kind: 'shipment', id: intent.shipmentId };
  try {
    if (intent.kind === 'dispatch')
      await execute(
        aggregates.shipment.decider,
        aggregates.shipment.stream(intent.shipmentId),
        { type: 'DispatchShipment', trackingRef: intent.trackingRef, on: intent.on },
        { actor, correlationId },
      );
    else
      await deliverShipment(liveStore({ actor, correlationId }), {
        shipmentId: intent.shipmentId,
        on: intent.on,
      });
    return { outcome: 'applied', detail: intent.summary, record };
  } catch (error) {
    return refusedBy(error, record);
  }
};

/** Turns a verified form submission into a captured lead, as the forms provider. */
const applyLeadForm = async (
  event: ProviderEvent,
  deliveryId: string,
  actor: Actor,
  correlationId: string,
): Promise<Mapped> => {
  const mapping = mapLeadForm(event, deliveryId);
  if (mapping.kind === 'ignored') return { outcome: 'ignored', detail: mapping.detail };
  const record = { kind: 'lead', id: mapping.leadId };
  try {
    await execute(aggregates.lead.decider, aggregates.lead.stream(mapping.leadId), mapping.command, {
      actor,
      correlationId,
    });
    return { outcome: 'applied', detail: mapping.summary, record };
  } catch (error) {
    // The lead from this very delivery is already there: its processing ran before a crash.
    if (error instanceof DomainError && error.code === 'lead-exists')
      return { outcome: 'applied', detail: 'Already captured', record };
    return refusedBy(error, record);
  }
};

const mapDelivery = async (
  integration: Integration,
  event: ProviderEvent,
  deliveryId: string,
  actor: Actor,
  correlationId: string,
): Promise<Mapped> => {
  if (event.type === CONNECTION_TEST_EVENT)
    return { outcome: 'ignored', detail: 'Connection test delivery: verified and kept' };
  const template = templateOf(integration.template);
  switch (template.inbound) {
    case 'payments':
      return applyPayment(event, actor, correlationId);
    case 'shipments':
      return applyTracking(event, actor, correlationId);
    case 'leads':
      return applyLeadForm(event, deliveryId, actor, correlationId);
    case 'none':
      return { outcome: 'ignored', detail: `${template.name} deliveries are verified and kept, not mapped` };
  }
};

/**
 * One webhook delivery, in the order that makes it safe: the signature over the raw bytes first (nothing
 * is parsed before), then the body kept as received, then the delivery's own stream begun (a redelivery
 * stops there with 200), then the business command, then the delivery's outcome.
 */
export const receiveWebhook = async (request: InboundRequest): Promise<InboundOutcome> => {
  const known = INTEGRATION_ID.test(request.integrationId)
    ? await loadRecord(aggregates.integration, request.integrationId)
    : undefined;
  if (!known?.state.exists) {
    await refuse(request, 'unknown', 'unknown-integration');
    return {
      status: 404,
      problem: 'unknown-integration',
      title: 'Unknown integration',
      detail: 'No integration has this webhook URL',
    };
  }
  const integration = known.state;
  const template = templateOf(integration.template);
  if (integration.status === 'disabled')
    return {
      status: 410,
      problem: 'integration-disabled',
      title: 'Integration disabled',
      detail: 'This integration is switched off',
    };

  const actor = actorOf(request, integration);
  const meta = { actor, correlationId: request.correlationId };
  const secrets = await signingSecrets(integration, 'verify-webhook', meta, request.now);
  if (!secrets)
    return {
      status: 410,
      problem: 'integration-unconfigured',
      title: 'No signing secret',
      detail: 'The integration has no signing secret',
    };
  const verified = await verifyDelivery(template.scheme, request.raw, request.headers, secrets, request.now);
  if (!verified.ok) {
    await refuse(request, integration.template, verified.reason, integration);
    return {
      status: 401,
      problem: `signature-${verified.reason}`,
      title: 'Signature refused',
      detail: verified.detail,
    };
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(request.raw);
  } catch {
    parsed = undefined;
  }
  const event = ProviderEvent.safeParse(parsed);
  const bodySha256 = sha256(request.raw);
  const providerEventId = verified.headerEventId ?? (event.success ? event.data.id : `sha256-${bodySha256}`);
  const receivedAt = request.now.toISOString();

  // The provider's event id is claimed first: a redelivery finds the claim and answers for its delivery;
  // another body under a claimed id is a replay. Two first deliveries racing: the loser reads the claim.
  const claimCommand = {
    type: 'ClaimDelivery' as const,
    integrationId: integration.integrationId,
    providerEventId,
    deliveryId: `${integration.integrationId}.${ulid(request.now.getTime())}`,
    bodySha256,
  };
  const claimStream = systemStreams.webhookClaim(claimIdOf(integration.integrationId, providerEventId));
  let claim: ClaimState;
  try {
    claim = await execute(claimDecider, claimStream, claimCommand, meta)
      .catch((error: unknown) => {
        if (error instanceof ConcurrencyError) return execute(claimDecider, claimStream, claimCommand, meta);
        throw error;
      })
      .then((claimed) => claimed.state);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'replayed') {
      await refuse(request, integration.template, 'replayed', integration);
      return { status: 409, problem: 'replayed', title: 'Replayed delivery', detail: error.message };
    }
    throw error;
  }
  if (!claim.exists) throw new Error(`The claim of ${providerEventId} was not recorded`);
  const { deliveryId } = claim;

  // Kept under the delivery's own id, so a refused replay never overwrites what was accepted.
  const bodyKey = `inbound/${integration.integrationId}/${dayOf(request.now)}/${deliveryId}.json`;
  const { bytes } = await putBytes(config.webhooksBucket, bodyKey, request.raw, 'application/json');
  const stream = aggregates.webhookDelivery.stream(deliveryId);
  const delivery = await execute(
    deliveryDecider,
    stream,
    {
      type: 'ReceiveDelivery',
      deliveryId,
      integrationId: integration.integrationId,
      providerEventId,
      eventType: event.success ? event.data.type : 'unreadable',
      bodySha256,
      bodyKey,
      bytes,
      receivedAt,
      verifiedWith: verified.verifiedWith,
    },
    meta,
  );
  if (delivery.state.exists && delivery.state.status !== 'received')
    return {
      status: 200,
      body: {
        received: true,
        deliveryId,
        outcome: delivery.state.status,
        detail: delivery.state.detail ?? '',
        duplicate: true,
      },
    };

  const mapped: Mapped = event.success
    ? await mapDelivery(integration, event.data, deliveryId, actor, request.correlationId)
    : { outcome: 'refused', detail: 'The body is not a JSON event with an id, type, created time and data' };
  await execute(deliveryDecider, stream, { type: 'ProcessDelivery', ...mapped }, meta);
  if (!event.success)
    return { status: 400, problem: 'unreadable-event', title: 'Unreadable event', detail: mapped.detail };
  return {
    status: 200,
    body: { received: true, deliveryId, outcome: mapped.outcome, detail: mapped.detail, duplicate: false },
  };
};
