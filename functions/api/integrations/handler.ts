import { TEMPLATES } from '../../../domain/integrations/templates.ts';
import { aggregates } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { httpHandler, implement, type Request } from '../../http/adapter.ts';
import { notFound } from '../../http/problem.ts';
import type { RouteContract } from '../../http/route.ts';
import { startCheckout } from '../../integrations/checkout.ts';
import { connectIntegration, rotateCredentials, webhookUrlOf } from '../../integrations/connect.ts';
import { testConnection } from '../../integrations/connection-test.ts';
import { syncOf } from '../../integrations/sync.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const integrations = recordsOf(aggregates.integration, api.integrationActionRoutes);
const deliveries = recordsOf(aggregates.webhookDelivery, {});

/** An integration as the API shows it: its record, and the URL its provider delivers to. */
const withUrl = <R extends { body: unknown }>(reply: R): R => {
  const body = reply.body as { id: string };
  return { ...reply, body: { ...body, webhookUrl: webhookUrlOf(body.id) } };
};

const active = async (id: string) => {
  const loaded = await loadRecord(aggregates.integration, id);
  if (!loaded.state.exists) throw notFound(`Integration ${id}`);
  return loaded.state;
};

const meta = (request: Request<RouteContract>) => ({
  actor: request.actor!,
  correlationId: request.correlationId,
});

export const handler = httpHandler('integrations', [
  implement(api.listTemplates, async () => ({ body: { items: TEMPLATES } })),
  implement(api.listIntegrations, async ({ query, actor }) => {
    const reply = await integrations.list(actor, query);
    return {
      body: {
        ...reply.body,
        items: reply.body.items.map((item) => ({
          ...item,
          webhookUrl: webhookUrlOf(item.id),
        })),
      },
    };
  }),
  implement(api.connectIntegration, async (request) => {
    const { integrationId, result } = await connectIntegration(request.body, meta(request));
    return {
      status: 201,
      ...withUrl({
        body: integrations.present(request.actor, integrationId, result),
        version: result.version,
      }),
    };
  }),
  implement(api.getIntegration, async ({ params, actor }) =>
    withUrl(await integrations.read(actor, params.id)),
  ),
  implement(api.integrationEvents, ({ params }) => integrations.history(params.id)),
  implement(api.testIntegration, async (request) => {
    const integration = await active(request.params.id);
    const result = await testConnection(integration, meta(request));
    return withUrl({
      body: integrations.present(request.actor, request.params.id, result),
      version: result.version,
    });
  }),
  implement(api.rotateCredentials, async (request) => {
    const result = await rotateCredentials(
      request.params.id,
      request.body,
      { ...meta(request), expectedVersion: request.ifMatch },
      new Date(),
    );
    return withUrl({
      body: integrations.present(request.actor, request.params.id, result),
      version: result.version,
    });
  }),
  implement(api.disableIntegration, async (request) =>
    withUrl(
      await integrations.command(request, request.params.id, {
        type: 'DisableIntegration',
        reason: request.body.reason,
      }),
    ),
  ),
  implement(api.enableIntegration, async (request) =>
    withUrl(await integrations.command(request, request.params.id, { type: 'EnableIntegration' })),
  ),
  implement(api.listDeliveries, async ({ params, query, actor }) => {
    await active(params.id);
    return deliveries.list(actor, { ...query, integrationId: params.id });
  }),
  implement(api.integrationSync, async ({ params, query }) => ({
    body: await syncOf(await active(params.id), new Date(), query.hours),
  })),
  implement(api.startCheckout, async (request) => {
    const integration = await active(request.params.id);
    return { status: 201, body: await startCheckout(integration, request.body, meta(request)) };
  }),
]);
