import { describe, expect, it } from 'vitest';
import type { LeadState } from '../../../domain/customers/leads.ts';
import type { ItemState } from '../../../domain/inventory/items.ts';
import type { CampaignState } from '../../../domain/marketing/campaigns.ts';
import type { PurchaseOrderState } from '../../../domain/purchasing/purchase-orders.ts';
import {
  campaignReturns,
  leadsByChannel,
  lowStock,
  monthsEnding,
  onOrderByItem,
  ordersByStage,
  type Row,
  revenueByMonth,
} from '../../../domain/reports/overview.ts';
import type { OrderStage, OrderState } from '../../../domain/sales/orders.ts';

const purchase = (itemId: string, quantity: number, receivedQuantity: number): Row<PurchaseOrderState> => ({
  createdAt: '',
  updatedAt: '',
  state: {
    exists: true,
    purchaseOrderId: 'po',
    supplierId: 's',
    lines: [{ itemId, quantity, unitCostCents: 1, receivedQuantity }],
    totalCents: quantity,
    placedOn: '2026-01-01',
    expectedOn: '2026-01-10',
    status: 'partially_received',
    receipts: [],
  },
});

const order = (
  id: string,
  placed: string,
  stage: OrderStage,
  totalCents: number,
  extra: Partial<Extract<OrderState, { exists: true }>> = {},
): Row<OrderState> => ({
  createdAt: `${placed}T12:00:00.000Z`,
  updatedAt: `${placed}T12:00:00.000Z`,
  state: {
    exists: true,
    orderId: id,
    customerId: `c-${id}`,
    modelId: 'm',
    modelName: 'M',
    options: [],
    quoteId: null,
    feesCents: 0,
    discountCents: 0,
    totalCents,
    paidCents: 0,
    refundedCents: 0,
    payments: [],
    refunds: [],
    stage,
    ...extra,
  },
});

const lead = (
  id: string,
  channel: 'web_form' | 'referral',
  status: 'new' | 'qualified' | 'converted' | 'disqualified',
  extra: Partial<Extract<LeadState, { exists: true }>> = {},
): Row<LeadState> => ({
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  state: {
    exists: true,
    leadId: id,
    name: id,
    email: `${id}@example.com`,
    channel,
    marketingConsent: false,
    capturedOn: '2026-03-01',
    status,
    contacts: [],
    ...(status === 'qualified' || status === 'converted' ? { qualifiedOn: '2026-03-05' } : {}),
    ...extra,
  },
});

describe('overview reports', () => {
  it('lists months ending with a month, across year ends', () => {
    expect(monthsEnding('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('puts revenue in the month of delivery, bookings in the month placed, cash in the month paid, beside last year', () => {
    const rows = [
      order('a', '2025-03-10', 'delivered', 100, { deliveredOn: '2025-05-02' }),
      order('b', '2026-03-11', 'delivered', 200, {
        deliveredOn: '2026-05-20',
        payments: [
          {
            paymentId: 'p',
            kind: 'deposit',
            method: 'wire',
            amountCents: 50,
            status: 'received',
            refundedCents: 10,
            on: '2026-03-12',
          },
          {
            paymentId: 'f',
            kind: 'progress',
            method: 'card',
            amountCents: 70,
            status: 'failed',
            refundedCents: 0,
            on: '2026-04-01',
          },
        ],
        refunds: [{ paymentId: 'p', amountCents: 10, reason: 'r', on: '2026-05-01' }],
      }),
      order('c', '2026-03-20', 'cancelled', 999),
    ];
    const [march, april, may] = revenueByMonth(rows, ['2026-03', '2026-04', '2026-05']);
    expect(march).toMatchObject({
      orders: 1,
      bookedCents: 200,
      collectedCents: 50,
      priorYear: { orders: 1, bookedCents: 100 },
    });
    expect(april).toMatchObject({ collectedCents: 0, revenueCents: 0 });
    expect(may).toMatchObject({ revenueCents: 200, collectedCents: -10, priorYear: { revenueCents: 100 } });
  });

  it('counts orders and their value by stage, every stage present', () => {
    const stages = ordersByStage([
      order('a', '2026-01-01', 'quote', 5),
      order('b', '2026-01-01', 'quote', 7),
      { ...order('x', '2026-01-01', 'quote', 1), state: { exists: false } },
    ]);
    expect(stages.find((s) => s.stage === 'quote')).toEqual({ stage: 'quote', orders: 2, valueCents: 12 });
    expect(stages.map((s) => s.stage)).toContain('cancelled');
  });

  it('shows the lead funnel by channel since a date', () => {
    const rows = [
      lead('1', 'referral', 'converted', { customerId: 'c1' }),
      lead('2', 'referral', 'qualified'),
      lead('3', 'web_form', 'disqualified'),
      lead('4', 'web_form', 'new'),
      lead('5', 'web_form', 'new', { capturedOn: '2025-01-01' }),
    ];
    const figures = leadsByChannel(rows, '2026-01-01');
    expect(figures.find((f) => f.channel === 'referral')).toEqual({
      channel: 'referral',
      leads: 2,
      qualified: 2,
      converted: 1,
      disqualified: 0,
      open: 1,
      conversionRate: 0.5,
    });
    expect(figures.find((f) => f.channel === 'web_form')).toMatchObject({
      leads: 2,
      disqualified: 1,
      open: 1,
    });
  });

  it('lists items at or below the reorder point, counting reservations, most urgent first', () => {
    const item = (
      itemId: string,
      onHand: number,
      reserved: number,
      reorderPoint: number,
    ): Row<ItemState> => ({
      createdAt: '',
      updatedAt: '',
      state: {
        exists: true,
        itemId,
        sku: itemId,
        name: itemId,
        unit: 'each',
        unitCostCents: 1,
        reorderPoint,
        reorderQuantity: 10,
        leadTimeDays: 5,
        onHand,
        reserved,
        reservations: {},
        receivedTotal: 0,
        consumedTotal: 0,
      },
    });
    const low = lowStock([item('ok', 50, 0, 10), item('reserved', 20, 15, 10), item('out', 0, 4, 2)]);
    expect(low.map((i) => [i.itemId, i.available])).toEqual([
      ['out', -4],
      ['reserved', 5],
    ]);
    // What is on order counts: an item ordered back above its reorder point needs no one's attention first.
    const ordered = lowStock(
      [item('reserved', 20, 15, 10), item('out', 0, 4, 2)],
      onOrderByItem([purchase('out', 10, 3)]),
    );
    expect(ordered.map((i) => [i.itemId, i.onOrder, i.covered])).toEqual([
      ['reserved', 0, false],
      ['out', 7, true],
    ]);
  });

  it('attributes leads, conversions and their customers’ orders to campaigns', () => {
    const campaign: Row<CampaignState> = {
      createdAt: '',
      updatedAt: '',
      state: {
        exists: true,
        campaignId: 'k',
        name: 'Spring',
        channel: 'referral',
        budgetCents: 1000,
        spentCents: 400,
        startsOn: '2026-03-01',
        endsOn: '2026-05-31',
        status: 'active',
        spendByMonth: {},
      },
    };
    const leads = [
      lead('1', 'referral', 'converted', { campaignId: 'k', customerId: 'c-a' }),
      lead('2', 'referral', 'new', { campaignId: 'k' }),
    ];
    const orders = [order('a', '2026-03-10', 'delivered', 2000), order('b', '2026-03-10', 'quote', 50)];
    expect(campaignReturns([campaign], leads, orders)).toEqual([
      expect.objectContaining({
        leads: 2,
        converted: 1,
        orders: 1,
        revenueCents: 2000,
        costPerLeadCents: 200,
        returnOnSpend: 5,
      }),
    ]);
  });
});
