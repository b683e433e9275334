import { subscribableEventTypes } from '../../../domain/integrations/outbound-endpoints.ts';
import { aggregates } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { httpHandler, implement, type Request } from '../../http/adapter.ts';
import { notFound } from '../../http/problem.ts';
import type { RouteContract } from '../../http/route.ts';
import { attemptDelivery, replay } from '../../integrations/outbound/deliveries.ts';
import {
  createEndpoint,
  type Endpoint,
  revealSecret,
  rotateEndpointSecret,
} from '../../integrations/outbound/endpoints.ts';
import { outboundSyncOf } from '../../integrations/outbound/sync.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const endpoints = recordsOf(aggregates.outboundEndpoint, api.endpointActionRoutes);
const deliveries = recordsOf(aggregates.outboundDelivery, api.outboundDeliveryActionRoutes);

const meta = (request: Request<RouteContract>) => ({
  actor: request.actor!,
  correlationId: request.correlationId,
});

const existing = async (id: string): Promise<Endpoint> => {
  const loaded = await loadRecord(aggregates.outboundEndpoint, id);
  if (!loaded.state.exists) throw notFound(`Webhook endpoint ${id}`);
  return loaded.state as Endpoint;
};

export const handler = httpHandler('outbound', [
  implement(api.listEventTypes, async () => ({ body: { items: subscribableEventTypes() } })),
  implement(api.listEndpoints, ({ query, actor }) => endpoints.list(actor, query)),
  implement(api.createEndpoint, async (request) => {
    const { endpointId, result, secret } = await createEndpoint(request.body, meta(request));
    return {
      status: 201,
      body: { ...endpoints.present(request.actor, endpointId, result), signingSecret: secret },
      version: result.version,
    };
  }),
  implement(api.getEndpoint, ({ params, actor }) => endpoints.read(actor, params.id)),
  implement(api.endpointEvents, ({ params }) => endpoints.history(params.id)),
  implement(api.rotateSecret, async (request) => {
    await existing(request.params.id);
    const { result, secret } = await rotateEndpointSecret(
      request.params.id,
      { ...meta(request), expectedVersion: request.ifMatch },
      new Date(),
    );
    return {
      body: { ...endpoints.present(request.actor, request.params.id, result), signingSecret: secret },
      version: result.version,
    };
  }),
  implement(api.revealSecret, async (request) => {
    const endpoint = await existing(request.params.id);
    return { body: { signingSecret: await revealSecret(endpoint, meta(request)) } };
  }),
  implement(api.disableEndpoint, (request) =>
    endpoints.command(request, request.params.id, { type: 'DisableEndpoint', reason: request.body.reason }),
  ),
  implement(api.enableEndpoint, (request) =>
    endpoints.command(request, request.params.id, { type: 'EnableEndpoint' }),
  ),
  implement(api.replayEndpoint, async (request) => {
    const endpoint = await existing(request.params.id);
    return { status: 202, body: await replay(endpoint, request.body, request.correlationId) };
  }),
  implement(api.listEndpointDeliveries, async ({ params, query, actor }) => {
    await existing(params.id);
    return deliveries.list(actor, { ...query, endpointId: params.id });
  }),
  implement(api.endpointSync, async ({ params, query }) => ({
    body: await outboundSyncOf(await existing(params.id), new Date(), query.hours),
  })),
  implement(api.retryDelivery, async (request) => {
    const loaded = await loadRecord(aggregates.outboundDelivery, request.params.id);
    if (!loaded.state.exists) throw notFound(`Outbound delivery ${request.params.id}`);
    const executed = await attemptDelivery(request.params.id, { manual: true });
    return { body: deliveries.present(request.actor, request.params.id, executed ?? loaded) };
  }),
]);
