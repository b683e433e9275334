import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../../domain/access/permissions.ts';
import { apiKeyActionRoutes } from '../../../functions/api/apikeys/contract.ts';
import { modelActionRoutes } from '../../../functions/api/catalog/contract.ts';
import { customerActionRoutes } from '../../../functions/api/customers/contract.ts';
import { shipmentActionRoutes } from '../../../functions/api/delivery/contract.ts';
import { recommendationActionRoutes } from '../../../functions/api/insights/contract.ts';
import { integrationActionRoutes } from '../../../functions/api/integrations/contract.ts';
import { itemActionRoutes } from '../../../functions/api/inventory/contract.ts';
import { leadActionRoutes } from '../../../functions/api/leads/contract.ts';
import { campaignActionRoutes } from '../../../functions/api/marketing/contract.ts';
import * as orders from '../../../functions/api/orders/contract.ts';
import {
  endpointActionRoutes,
  outboundDeliveryActionRoutes,
} from '../../../functions/api/outbound/contract.ts';
import { buildActionRoutes } from '../../../functions/api/production/contract.ts';
import {
  purchaseOrderActionRoutes,
  supplierActionRoutes,
} from '../../../functions/api/purchasing/contract.ts';
import { quoteActionRoutes } from '../../../functions/api/quotes/contract.ts';
import { savedReportActionRoutes } from '../../../functions/api/reports/contract.ts';
import { dashboardActionRoutes } from '../../../functions/api/reports/dashboard-contract.ts';
import { openApiDocument } from '../../../functions/api/system/openapi.ts';
import { runActionRoutes, taskActionRoutes } from '../../../functions/api/workflow-runs/contract.ts';
import { workflowActionRoutes } from '../../../functions/api/workflows/contract.ts';
import { type AggregateName, aggregates } from '../../../functions/application/aggregates.ts';
import type { RouteContract } from '../../../functions/http/route.ts';
import { httpRoutes } from '../../../functions/manifest.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../support/cloud.ts';
import { conforms, created, customer, ifMatch, model } from './fixtures.ts';

/**
 * Every aggregate record the API returns says which commands the caller may take next: what the
 * record's state allows (its decider would accept it) and the caller's role may do (the permission of
 * the command's route).
 */
let cloud: TestCloud;
let owner: Api;
let manager: Api;
let viewer: Api;
let nest: Json;
let buyer: Json;

beforeAll(async () => {
  cloud = await startTestCloud();
  [owner, manager, viewer] = await Promise.all([
    signedIn(cloud, 'owner'),
    signedIn(cloud, 'manager'),
    signedIn(cloud, 'viewer'),
  ]);
  nest = await model(owner);
  buyer = await customer(owner);
});
afterAll(() => cloud?.stop());

const actionRoutes: Record<AggregateName, Readonly<Record<string, RouteContract>>> = {
  model: modelActionRoutes,
  customer: customerActionRoutes,
  order: orders.orderActionRoutes,
  lead: leadActionRoutes,
  quote: quoteActionRoutes,
  build: buildActionRoutes,
  shipment: shipmentActionRoutes,
  item: itemActionRoutes,
  supplier: supplierActionRoutes,
  purchaseOrder: purchaseOrderActionRoutes,
  campaign: campaignActionRoutes,
  integration: integrationActionRoutes,
  // Deliveries are facts a third party sent: nothing is done to one.
  webhookDelivery: {},
  outboundEndpoint: endpointActionRoutes,
  outboundDelivery: outboundDeliveryActionRoutes,
  apiKey: apiKeyActionRoutes,
  workflow: workflowActionRoutes,
  workflowRun: runActionRoutes,
  workflowTask: taskActionRoutes,
  savedReport: savedReportActionRoutes,
  dashboard: dashboardActionRoutes,
  recommendation: recommendationActionRoutes,
  // A run is a fact: nothing is done to one.
  insightsRun: {},
};

describe('actions on records', () => {
  it("name a command route of the record's own API for every action of its vocabulary", () => {
    const routes = new Set(httpRoutes().map(({ route }) => route));
    for (const [name, aggregate] of Object.entries(aggregates)) {
      const byAction = actionRoutes[name as AggregateName];
      expect(Object.keys(byAction).sort(), name).toEqual([...aggregate.actions].sort());
      for (const [action, route] of Object.entries(byAction)) {
        expect(routes.has(route), `${name} ${action}`).toBe(true);
        expect(route.method, `${name} ${action}`).not.toBe('GET');
        expect(route.path, `${name} ${action}`).toMatch(/\{id\}/);
      }
    }
  });

  it('are described in OpenAPI on every record, with the vocabulary of its type', () => {
    const doc = openApiDocument(httpRoutes().map((r) => r.route)) as {
      components: {
        schemas: Record<
          string,
          { required?: string[]; properties?: Record<string, unknown>; enum?: string[] }
        >;
      };
    };
    const schemas = doc.components.schemas;
    for (const [name, aggregate] of Object.entries(aggregates)) {
      const record = `${name[0]!.toUpperCase()}${name.slice(1)}`;
      expect(schemas[record]?.required, record).toContain('actions');
      if (aggregate.actions.length === 0) {
        expect(schemas[record]?.properties?.actions, record).toMatchObject({ type: 'array', maxItems: 0 });
        continue;
      }
      expect(schemas[record]?.properties?.actions, record).toMatchObject({
        type: 'array',
        items: { $ref: `#/components/schemas/${record}Action` },
      });
      expect(schemas[`${record}Action`]?.enum, record).toEqual([...aggregate.actions]);
    }
    expect(schemas.Order?.required).toEqual(expect.arrayContaining(['netPaidCents', 'balanceDueCents']));
  });

  it("give an owner the stage's actions and a viewer none, on reads, lists and command responses", async () => {
    const order = created(await owner.post('/api/orders', { customerId: buyer.id, modelId: nest.id }));
    conforms(orders.placeOrder, order);
    expect(order.actions).toEqual(['pay-deposit', 'cancel', 'record-failed-payment']);
    expect(order).toMatchObject({ netPaidCents: 0, balanceDueCents: order.totalCents, payments: [] });

    const seen = (await viewer.get(`/api/orders/${order.id}`)).body;
    conforms(orders.getOrder, seen);
    expect(seen.actions).toEqual([]);
    expect(seen).toMatchObject({ id: order.id, stage: 'quote', balanceDueCents: order.totalCents });

    const paid = created(
      await owner.post(
        `/api/orders/${order.id}/deposit`,
        { amountCents: 600_000, method: 'wire' },
        ifMatch(order),
      ),
      200,
    );
    conforms(orders.payDeposit, paid);
    expect(paid.actions).toEqual([
      'start-build',
      'cancel',
      'record-payment',
      'record-failed-payment',
      'refund-payment',
    ]);
    expect(paid).toMatchObject({
      netPaidCents: 600_000,
      balanceDueCents: (order.totalCents as number) - 600_000,
      payments: [{ amountCents: 600_000, refundableCents: 600_000 }],
    });
    // A manager may move the order on and take payments, but not refund them.
    const managed = (await manager.get(`/api/orders/${order.id}`)).body;
    expect(managed.actions).toEqual(['start-build', 'cancel', 'record-payment', 'record-failed-payment']);
    expect((await viewer.get(`/api/orders/${order.id}`)).body.actions).toEqual([]);

    await cloud.settle();
    const listed = (await owner.get(`/api/orders?customerId=${buyer.id}`)).body;
    conforms(orders.listOrders, listed);
    expect(listed.items?.find((o) => o.id === order.id)?.actions).toEqual(paid.actions);
    const viewed = (await viewer.get(`/api/orders?customerId=${buyer.id}`)).body;
    expect(viewed.items?.length).toBeGreaterThan(0);
    for (const item of viewed.items ?? []) expect(item.actions).toEqual([]);

    // What is offered is what the API then accepts.
    const started = created(
      await owner.post(`/api/orders/${order.id}/start-build`, undefined, ifMatch(paid)),
      200,
    );
    expect(started.actions).toEqual([
      'complete-build',
      'cancel',
      'record-payment',
      'record-failed-payment',
      'refund-payment',
    ]);
    const cancelled = created(
      await owner.post(`/api/orders/${order.id}/cancel`, { reason: 'Changed plans' }, ifMatch(started)),
      200,
    );
    expect(cancelled.actions).toEqual(['refund-payment']);
    expect(cancelled).toMatchObject({ balanceDueCents: 0, netPaidCents: 600_000 });
  });

  it('never offers a viewer a write, on any record it can read', async () => {
    const collections = ['models', 'customers', 'orders'];
    await cloud.settle();
    for (const collection of collections) {
      const page = (await viewer.get(`/api/${collection}?limit=10`)).body;
      expect(page.items?.length, collection).toBeGreaterThan(0);
      for (const item of page.items ?? []) {
        expect(item.actions, `${collection} ${item.id}`).toEqual([]);
      }
    }
    const read = (await viewer.get(`/api/models/${nest.id}`)).body;
    expect(read.actions).toEqual([]);
    expect((await owner.get(`/api/models/${nest.id}`)).body.actions).toEqual([...aggregates.model.actions]);
  });

  it('offers a large discount for approval only to someone else who may approve it', async () => {
    const quote = created(
      await manager.post('/api/quotes', {
        customerId: buyer.id,
        modelId: nest.id,
        optionCodes: ['solar'],
        fees: [],
      }),
    );
    expect(quote.actions).toEqual(['apply-discount', 'send', 'decline']);
    const pending = created(
      await manager.post(
        `/api/quotes/${quote.id}/discount`,
        { discountCents: 600_000, reason: 'Price match' },
        ifMatch(quote),
      ),
      200,
    );
    expect(pending).toMatchObject({ discountStatus: 'pending' });
    expect(can('manager', 'discounts:approve')).toBe(false);
    expect(pending.actions).toEqual(['apply-discount', 'decline']);
    expect((await owner.get(`/api/quotes/${quote.id}`)).body.actions).toEqual([
      'apply-discount',
      'approve-discount',
      'decline',
    ]);
  });
});
