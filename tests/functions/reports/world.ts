import type { StoredEvent } from '../../../events/catalog.ts';
import { stored } from './fixture.ts';

/**
 * A small known business, as events, for the templates' figures (tests/functions/reports/templates.test.ts).
 * Today is 2026-06-15: "the last 12 months" starts on 2025-07-01.
 */
export const TODAY = '2026-06-15';

const model = (modelId: string, name: string) =>
  stored(`model-${modelId}`, '2024-01-01', {
    type: 'ModelCreated',
    data: {
      modelId,
      name,
      basePriceCents: 100_000,
      options: [],
      sizeSqFt: null,
      sleeps: null,
      mount: 'trailer',
      materials: [],
    },
  });

const customer = (customerId: string) =>
  stored(`customer-${customerId}`, '2024-01-01', {
    type: 'CustomerRegistered',
    data: {
      customerId,
      name: `Customer ${customerId}`,
      email: `${customerId}@example.com`,
      marketingConsent: false,
    },
  });

const option = (code: string) => ({ code, name: `Option ${code}`, priceCents: 5_000 });

const order = (
  orderId: string,
  customerId: string,
  modelId: string,
  on: string,
  totalCents: number,
  options: number,
) =>
  stored(`order-${orderId}`, on, {
    type: 'OrderPlaced',
    data: {
      orderId,
      customerId,
      modelId,
      modelName: modelId === 'm-a' ? 'Aspen' : 'Birch',
      basePriceCents: totalCents - options * 5_000,
      options: Array.from({ length: options }, (_, i) => option(`opt${i + 1}`)),
      totalCents,
      quoteId: null,
      feesCents: 0,
      discountCents: 0,
    },
  });

const deposit = (orderId: string, on: string, amountCents: number) =>
  stored(`order-${orderId}`, on, {
    type: 'DepositPaid',
    data: { orderId, amountCents, paymentId: 'deposit', method: 'card', on },
  });

const lead = (
  leadId: string,
  channel: 'web_form' | 'referral' | 'paid_social' | 'search',
  on: string,
  campaignId?: string,
) =>
  stored(`lead-${leadId}`, on, {
    type: 'LeadCaptured',
    data: {
      leadId,
      name: 'Someone',
      email: 'someone@example.com',
      channel,
      ...(campaignId ? { campaignId } : {}),
      marketingConsent: false,
      on,
    },
  });
const qualify = (leadId: string, on: string) =>
  stored(`lead-${leadId}`, on, { type: 'LeadQualified', data: { leadId, timeline: 'now', on } });
const convert = (leadId: string, customerId: string, on: string) =>
  stored(`lead-${leadId}`, on, { type: 'LeadConverted', data: { leadId, customerId, on } });

const stage = (buildId: string, s: 'framing' | 'systems' | 'finish' | 'inspection', on: string) =>
  stored(`build-${buildId}`, on, { type: 'BuildStageCompleted', data: { buildId, stage: s, on } });
const build = (buildId: string, orderId: string, started: string) => [
  stored(`build-${buildId}`, started, {
    type: 'BuildScheduled',
    data: {
      buildId,
      orderId,
      modelId: 'm-a',
      modelName: 'Aspen',
      bay: 'A',
      startOn: started,
      dueOn: started,
      materials: [],
    },
  }),
  stored(`build-${buildId}`, started, { type: 'ProductionStarted', data: { buildId, orderId, on: started } }),
];

const shipment = (
  shipmentId: string,
  orderId: string,
  promised: string,
  delivered: string,
  moved?: string,
) => [
  stored(`shipment-${shipmentId}`, promised, {
    type: 'ShipmentScheduled',
    data: {
      shipmentId,
      orderId,
      customerId: 'c1',
      carrier: 'Haul',
      destination: 'Site',
      scheduledFor: promised,
      readyOn: promised,
    },
  }),
  ...(moved
    ? [
        stored(`shipment-${shipmentId}`, promised, {
          type: 'ShipmentRescheduled',
          data: { shipmentId, scheduledFor: moved, reason: 'weather' },
        }),
      ]
    : []),
  stored(`shipment-${shipmentId}`, delivered, {
    type: 'ShipmentDelivered',
    data: { shipmentId, orderId, on: delivered },
  }),
];

const item = (itemId: string, name: string, unitCostCents: number) =>
  stored(`item-${itemId}`, '2024-01-01', {
    type: 'ItemRegistered',
    data: {
      itemId,
      sku: itemId.toUpperCase(),
      name,
      unit: 'each',
      unitCostCents,
      reorderPoint: 1,
      reorderQuantity: 1,
      leadTimeDays: 1,
    },
  });
const received = (itemId: string, on: string, quantity: number, unitCostCents: number) =>
  stored(`item-${itemId}`, on, { type: 'StockReceived', data: { itemId, quantity, unitCostCents } });
const consumed = (itemId: string, on: string, quantity: number) =>
  stored(`item-${itemId}`, on, { type: 'StockConsumed', data: { itemId, quantity, buildId: 'b1' } });

const supplier = (supplierId: string, name: string) =>
  stored(`supplier-${supplierId}`, '2024-01-01', {
    type: 'SupplierRegistered',
    data: { supplierId, name, email: 's@example.com', leadTimeDays: 5, paymentTermsDays: 30 },
  });
const purchase = (
  purchaseOrderId: string,
  supplierId: string,
  on: string,
  quantity: number,
  unitCostCents: number,
) =>
  stored(`purchaseorder-${purchaseOrderId}`, on, {
    type: 'PurchaseOrderPlaced',
    data: {
      purchaseOrderId,
      supplierId,
      lines: [{ itemId: 'i1', quantity, unitCostCents }],
      on,
      expectedOn: on,
    },
  });

const campaign = (campaignId: string, name: string, channel: 'show' | 'paid_social') =>
  stored(`campaign-${campaignId}`, '2026-01-01', {
    type: 'CampaignLaunched',
    data: { campaignId, name, channel, budgetCents: 100_000, startsOn: '2026-01-01', endsOn: '2026-12-31' },
  });
const spend = (campaignId: string, on: string, amountCents: number) =>
  stored(`campaign-${campaignId}`, on, {
    type: 'CampaignSpendRecorded',
    data: { campaignId, amountCents, on },
  });

export const world = (): StoredEvent[] => [
  model('m-a', 'Aspen'),
  model('m-b', 'Birch'),
  customer('c1'),
  customer('c2'),
  customer('c3'),
  // Orders: o4 is cancelled, o5 is older than every span below.
  order('o1', 'c3', 'm-a', '2025-03-10', 100_000, 0),
  deposit('o1', '2025-03-10', 100_000),
  order('o2', 'c1', 'm-a', '2026-03-05', 150_000, 2),
  deposit('o2', '2026-03-05', 30_000),
  order('o3', 'c2', 'm-b', '2026-03-20', 50_000, 0),
  order('o4', 'c3', 'm-b', '2026-04-02', 80_000, 0),
  stored('order-o4', '2026-04-10', {
    type: 'OrderCancelled',
    data: { orderId: 'o4', reason: 'changed mind' },
  }),
  order('o5', 'c3', 'm-b', '2024-12-31', 999, 0),
  deposit('o5', '2024-12-31', 999),
  order('o6', 'c3', 'm-a', '2026-05-01', 120_000, 1),
  stored('order-o6', '2026-05-02', {
    type: 'PaymentReceived',
    data: {
      orderId: 'o6',
      paymentId: 'p1',
      amountCents: 20_000,
      method: 'ach',
      kind: 'progress',
      on: '2026-05-02',
    },
  }),
  stored('order-o6', '2026-05-03', {
    type: 'PaymentRefunded',
    data: { orderId: 'o6', paymentId: 'p1', amountCents: 5_000, reason: 'overpaid', on: '2026-05-03' },
  }),
  // Leads: l1 and l2 became customers c1 and c2 (campaign k1); l3 qualified (k2); l4 disqualified; l5 is old.
  campaign('k1', 'Spring show', 'show'),
  campaign('k2', 'Social ads', 'paid_social'),
  spend('k1', '2026-01-10', 30_000),
  spend('k1', '2026-02-10', 20_000),
  spend('k2', '2026-01-15', 10_000),
  lead('l1', 'web_form', '2026-01-05', 'k1'),
  qualify('l1', '2026-01-10'),
  convert('l1', 'c1', '2026-01-15'),
  lead('l2', 'referral', '2026-02-01', 'k1'),
  qualify('l2', '2026-02-05'),
  convert('l2', 'c2', '2026-02-10'),
  lead('l3', 'paid_social', '2026-02-10', 'k2'),
  qualify('l3', '2026-02-12'),
  lead('l4', 'web_form', '2026-03-01'),
  stored('lead-l4', '2026-03-02', {
    type: 'LeadDisqualified',
    data: { leadId: 'l4', reason: 'no_budget', on: '2026-03-02' },
  }),
  lead('l5', 'search', '2025-01-01'),
  stored('quote-q1', '2026-02-20', {
    type: 'QuoteDrafted',
    data: {
      quoteId: 'q1',
      customerId: 'c1',
      modelId: 'm-a',
      modelName: 'Aspen',
      basePriceCents: 140_000,
      lines: [],
      subtotalCents: 140_000,
      expiresOn: '2026-03-20',
    },
  }),
  // Builds: b1 went through every stage, b2 two of them; b0's stage is older than the last 12 months.
  ...build('b0', 'o1', '2025-01-01'),
  stage('b0', 'framing', '2025-01-05'),
  ...build('b1', 'o2', '2026-03-10'),
  stage('b1', 'framing', '2026-03-15'),
  stage('b1', 'systems', '2026-03-25'),
  stage('b1', 'finish', '2026-04-04'),
  stage('b1', 'inspection', '2026-04-06'),
  ...build('b2', 'o3', '2026-04-01'),
  stage('b2', 'framing', '2026-04-08'),
  stage('b2', 'systems', '2026-04-12'),
  // Shipments: s1 on time, s2 moved and late, s3 on time; s0 is old.
  ...shipment('s0', 'o5', '2025-03-01', '2025-03-01'),
  ...shipment('s1', 'o1', '2025-09-10', '2025-09-09'),
  ...shipment('s2', 'o2', '2026-05-01', '2026-05-10', '2026-05-10'),
  ...shipment('s3', 'o3', '2026-05-20', '2026-05-20'),
  // Stock: cedar 100 in, 30 consumed, 5 written off; windows 10 in, 2 consumed long ago, 3 this year.
  item('i1', 'Cedar plank', 1_000),
  item('i2', 'Window', 20_000),
  received('i1', '2025-01-10', 100, 1_000),
  consumed('i1', '2026-02-01', 30),
  stored('item-i1', '2026-03-01', {
    type: 'StockAdjusted',
    data: { itemId: 'i1', delta: -5, reason: 'damage' },
  }),
  received('i2', '2025-04-01', 10, 20_000),
  consumed('i2', '2025-05-01', 2),
  consumed('i2', '2026-04-01', 3),
  // Purchasing: p4 is cancelled, p5 is old.
  supplier('sp1', 'Timber Co'),
  supplier('sp2', 'Glass Ltd'),
  purchase('p1', 'sp1', '2026-01-10', 50, 1_000),
  purchase('p2', 'sp1', '2026-02-10', 20, 1_100),
  purchase('p3', 'sp2', '2026-03-01', 5, 20_000),
  purchase('p4', 'sp2', '2026-03-05', 1, 20_000),
  stored('purchaseorder-p4', '2026-03-06', {
    type: 'PurchaseOrderCancelled',
    data: { purchaseOrderId: 'p4', reason: 'duplicate' },
  }),
  purchase('p5', 'sp1', '2025-01-01', 10, 1_000),
];
