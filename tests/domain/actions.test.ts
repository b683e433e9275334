import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  availableModelActions,
  MODEL_ACTIONS,
  type ModelCommand,
  type ModelState,
  modelDecider,
} from '../../domain/catalog/models.ts';
import {
  availableCustomerActions,
  type CustomerCommand,
  type CustomerState,
  customerDecider,
} from '../../domain/customers/customers.ts';
import { availableLeadActions, type LeadCommand, leadDecider } from '../../domain/customers/leads.ts';
import {
  availableShipmentActions,
  type ShipmentCommand,
  shipmentDecider,
} from '../../domain/delivery/shipments.ts';
import {
  availableItemActions,
  type ItemCommand,
  type ItemState,
  itemDecider,
} from '../../domain/inventory/items.ts';
import {
  availableCampaignActions,
  type CampaignCommand,
  campaignDecider,
} from '../../domain/marketing/campaigns.ts';
import {
  availableBuildActions,
  BUILD_STAGES,
  type BuildCommand,
  buildDecider,
} from '../../domain/production/builds.ts';
import {
  availablePurchaseOrderActions,
  type PurchaseOrderCommand,
  purchaseOrderDecider,
} from '../../domain/purchasing/purchase-orders.ts';
import {
  availableSupplierActions,
  type SupplierCommand,
  type SupplierState,
  supplierDecider,
} from '../../domain/purchasing/suppliers.ts';
import {
  availableOrderActions,
  balanceDueOf,
  ORDER_ACTIONS,
  type OrderCommand,
  type OrderState,
  orderDecider,
  refundableOf,
} from '../../domain/sales/orders.ts';
import { availableQuoteActions, type QuoteCommand, quoteDecider } from '../../domain/sales/quotes.ts';
import { type ActionContext, type Decider, DomainError } from '../../domain/shared/decider.ts';
import type { DomainEvent } from '../../events/catalog.ts';
import { replay, settled } from './helpers.ts';

/**
 * The actions each aggregate offers are what its decider would accept: after any history, a command
 * `decide` accepts belongs to an action listed as available (so an action not listed is always
 * refused), and a command of a listed action is never refused for the record's state (its stage or
 * status), only for its own input.
 */
const STATE_REFUSALS = new Set([
  'invalid-stage',
  'invalid-status',
  'model-retired',
  'campaign-ended',
  'no-pending-discount',
  'discount-not-approved',
  'order-not-found',
  'model-not-found',
  'customer-not-found',
  'lead-not-found',
  'quote-not-found',
  'build-not-found',
  'shipment-not-found',
  'item-not-found',
  'supplier-not-found',
  'purchase-order-not-found',
  'campaign-not-found',
]);

const DAY = '2026-05-15';

const agreesWithDecide = <C extends { type: string }, S, E extends DomainEvent, A extends string>(
  decider: Decider<C, S, E>,
  available: (state: S, context: ActionContext) => A[],
  actionOf: Partial<Record<C['type'], A>>,
  command: fc.Arbitrary<C>,
) =>
  fc.assert(
    fc.property(fc.array(command, { maxLength: 25 }), command, (history, next) => {
      const { state } = replay(decider, history);
      const action = actionOf[next.type as C['type']];
      if (!action) return;
      const fields = next as { on?: unknown; by?: unknown };
      const context = {
        today: typeof fields.on === 'string' ? fields.on : DAY,
        by: typeof fields.by === 'string' ? fields.by : 'someone',
      };
      const listed = available(state, context).includes(action);
      let refusal: DomainError | undefined;
      try {
        decider.decide(next, state);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refusal = error;
      }
      if (!refusal) expect(listed, `${next.type} was accepted but ${action} is not offered`).toBe(true);
      if (listed && refusal)
        expect(STATE_REFUSALS.has(refusal.code), `${action} is offered but refused: ${refusal.code}`).toBe(
          false,
        );
    }),
    { numRuns: 400 },
  );

const context: ActionContext = { today: DAY, by: 'rep' };
const days = fc.integer({ min: 1, max: 28 }).map((d) => `2026-05-${String(d).padStart(2, '0')}`);

const model: Extract<ModelState, { exists: true }> = {
  exists: true,
  modelId: 'm',
  name: 'Nest 20',
  basePriceCents: 5_000_000,
  options: [{ code: 'solar', name: 'Solar', priceCents: 800_000, kind: 'option', materials: [] }],
  sizeSqFt: 160,
  sleeps: 2,
  mount: 'trailer',
  materials: [{ itemId: 'lumber', quantity: 8 }],
  retired: false,
};
const customer: Extract<CustomerState, { exists: true }> = {
  exists: true,
  customerId: 'c',
  name: 'Ada',
  email: 'ada@example.com',
  marketingConsent: false,
  contacts: [],
};
const place: OrderCommand = { type: 'PlaceOrder', orderId: 'o1', customer, model, optionCodes: ['solar'] };
const orderAt = (stage: 'deposit_paid' | 'ready'): OrderState => {
  const commands: OrderCommand[] = [place, { type: 'PayDeposit', amountCents: 500_000 }];
  if (stage === 'ready') commands.push({ type: 'StartBuild' }, { type: 'CompleteBuild' });
  return settled(orderDecider, commands);
};

describe('order actions', () => {
  it('follow the stages, and payments and refunds follow what is paid', () => {
    const quoted = settled(orderDecider, [place]);
    expect(availableOrderActions(quoted, context)).toEqual([
      'pay-deposit',
      'cancel',
      'record-failed-payment',
    ]);
    const paid = settled(orderDecider, [place, { type: 'PayDeposit', paymentId: 'd', amountCents: 500_000 }]);
    expect(availableOrderActions(paid, context)).toEqual([
      'start-build',
      'cancel',
      'record-payment',
      'record-failed-payment',
      'refund-payment',
    ]);
    const settledUp = settled(orderDecider, [
      place,
      { type: 'PayDeposit', paymentId: 'd', amountCents: 5_800_000 },
      { type: 'RefundPayment', paymentId: 'd', amountCents: 5_800_000, reason: 'r', on: DAY },
      { type: 'CancelOrder', reason: 'r' },
    ]);
    // Cancelled, fully refunded: nothing is left to do.
    expect(availableOrderActions(settledUp, context)).toEqual([]);
    if (!settledUp.exists) throw new Error('no order');
    expect(balanceDueOf(settledUp)).toBe(0);
    expect(settledUp.payments.map(refundableOf)).toEqual([0]);
    expect(availableOrderActions(orderDecider.initialState, context)).toEqual([]);
  });

  it('offer exactly what decide accepts, whatever the history', () => {
    const amount = fc.integer({ min: 1, max: 7_000_000 });
    const paymentId = fc.constantFrom('p1', 'p2', 'p3');
    agreesWithDecide(
      orderDecider,
      availableOrderActions,
      {
        PayDeposit: 'pay-deposit',
        StartBuild: 'start-build',
        CompleteBuild: 'complete-build',
        DeliverOrder: 'deliver',
        CancelOrder: 'cancel',
        RecordPayment: 'record-payment',
        RecordFailedPayment: 'record-failed-payment',
        RefundPayment: 'refund-payment',
      },
      fc.oneof(
        fc.constant(place),
        fc
          .tuple(amount, paymentId)
          .map<OrderCommand>(([amountCents, id]) => ({ type: 'PayDeposit', paymentId: id, amountCents })),
        fc.constant<OrderCommand>({ type: 'StartBuild' }),
        fc.constant<OrderCommand>({ type: 'CompleteBuild' }),
        days.map<OrderCommand>((on) => ({ type: 'DeliverOrder', on })),
        fc.constant<OrderCommand>({ type: 'CancelOrder', reason: 'r' }),
        fc.tuple(amount, paymentId, days).map<OrderCommand>(([amountCents, id, on]) => ({
          type: 'RecordPayment',
          paymentId: id,
          amountCents,
          method: 'ach',
          kind: 'progress',
          on,
        })),
        fc.tuple(amount, paymentId, days).map<OrderCommand>(([amountCents, id, on]) => ({
          type: 'RecordFailedPayment',
          paymentId: id,
          amountCents,
          method: 'card',
          reason: 'Declined',
          on,
        })),
        fc.tuple(amount, paymentId, days).map<OrderCommand>(([amountCents, id, on]) => ({
          type: 'RefundPayment',
          paymentId: id,
          amountCents,
          reason: 'r',
          on,
        })),
      ),
    );
  });

  it('use one vocabulary', () => {
    expect(new Set(ORDER_ACTIONS).size).toBe(ORDER_ACTIONS.length);
  });
});

describe('quote actions', () => {
  const draft: QuoteCommand = {
    type: 'DraftQuote',
    quoteId: 'q1',
    customer,
    model,
    optionCodes: ['solar'],
    fees: [],
    on: '2026-05-01',
  };

  it('hold back approval from whoever asked for the discount', () => {
    const pending = settled(quoteDecider, [
      draft,
      { type: 'ApplyDiscount', discountCents: 500_000, reason: 'r', by: 'rep' },
    ]);
    expect(availableQuoteActions(pending, { today: DAY, by: 'rep' })).toEqual(['apply-discount', 'decline']);
    expect(availableQuoteActions(pending, { today: DAY, by: 'owner' })).toEqual([
      'apply-discount',
      'approve-discount',
      'decline',
    ]);
    // Past its expiry, a draft can only be declined or expired.
    expect(availableQuoteActions(settled(quoteDecider, [draft]), { today: '2026-07-01', by: 'rep' })).toEqual(
      ['apply-discount', 'decline', 'expire'],
    );
  });

  it('offer exactly what decide accepts, whatever the history', () => {
    const by = fc.constantFrom('rep', 'owner');
    const on = fc.constantFrom('2026-05-03', '2026-05-20', '2026-06-20');
    agreesWithDecide(
      quoteDecider,
      availableQuoteActions,
      {
        ApplyDiscount: 'apply-discount',
        ApproveDiscount: 'approve-discount',
        SendQuote: 'send',
        AcceptQuote: 'accept',
        DeclineQuote: 'decline',
        ExpireQuote: 'expire',
      },
      fc.oneof(
        fc.constant(draft),
        fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), by).map<QuoteCommand>(([discountCents, who]) => ({
          type: 'ApplyDiscount',
          discountCents,
          reason: 'r',
          by: who,
        })),
        by.map<QuoteCommand>((who) => ({ type: 'ApproveDiscount', by: who })),
        on.map<QuoteCommand>((day) => ({ type: 'SendQuote', on: day })),
        on.map<QuoteCommand>((day) => ({ type: 'AcceptQuote', orderId: 'o', on: day })),
        on.map<QuoteCommand>((day) => ({ type: 'DeclineQuote', reason: 'r', on: day })),
        on.map<QuoteCommand>((day) => ({ type: 'ExpireQuote', on: day })),
      ),
    );
  });
});

describe('build actions', () => {
  const schedule: BuildCommand = {
    type: 'ScheduleBuild',
    buildId: 'o1',
    order: orderAt('deposit_paid'),
    model,
    bay: 'Bay 1',
    startOn: '2026-05-02',
    dueOn: '2026-06-02',
  };

  it('complete the stage the build is in', () => {
    expect(availableBuildActions(settled(buildDecider, [schedule]), context)).toEqual(['start', 'delay']);
    const started = settled(buildDecider, [schedule, { type: 'StartProduction', on: '2026-05-02' }]);
    expect(availableBuildActions(started, context)).toEqual(['complete-stage', 'delay']);
  });

  it('offer exactly what decide accepts, whatever the history', () => {
    agreesWithDecide(
      buildDecider,
      availableBuildActions,
      { StartProduction: 'start', CompleteStage: 'complete-stage', DelayBuild: 'delay' },
      fc.oneof(
        fc.constant(schedule),
        days.map<BuildCommand>((on) => ({ type: 'StartProduction', on })),
        fc
          .tuple(fc.constantFrom(...BUILD_STAGES), days)
          .map<BuildCommand>(([stage, on]) => ({ type: 'CompleteStage', stage, on })),
        fc
          .integer({ min: 0, max: 20 })
          .map<BuildCommand>((d) => ({ type: 'DelayBuild', reason: 'labor', days: d })),
        fc.constant<BuildCommand>({ type: 'CancelBuild', reason: 'r' }),
      ),
    );
  });
});

describe('shipment actions', () => {
  const schedule: ShipmentCommand = {
    type: 'ScheduleShipment',
    shipmentId: 'o1',
    order: orderAt('ready'),
    readyOn: '2026-05-10',
    carrier: 'Haul Co',
    destination: 'Asheville',
    scheduledFor: '2026-05-12',
  };

  it('wait for the home to be ready before dispatch', () => {
    const scheduled = settled(shipmentDecider, [schedule]);
    expect(availableShipmentActions(scheduled, { today: '2026-05-09', by: 'x' })).toEqual([
      'reschedule',
      'cancel',
    ]);
    expect(availableShipmentActions(scheduled, context)).toEqual(['reschedule', 'dispatch', 'cancel']);
  });

  it('offer exactly what decide accepts, whatever the history', () => {
    const claim = fc.constantFrom('k1', 'k2');
    agreesWithDecide(
      shipmentDecider,
      availableShipmentActions,
      {
        RescheduleShipment: 'reschedule',
        DispatchShipment: 'dispatch',
        DeliverShipment: 'deliver',
        CancelShipment: 'cancel',
        FileDamageClaim: 'file-claim',
        ResolveDamageClaim: 'resolve-claim',
      },
      fc.oneof(
        fc.constant(schedule),
        days.map<ShipmentCommand>((scheduledFor) => ({
          type: 'RescheduleShipment',
          scheduledFor,
          reason: 'r',
        })),
        days.map<ShipmentCommand>((on) => ({ type: 'DispatchShipment', on, trackingRef: 't' })),
        days.map<ShipmentCommand>((on) => ({ type: 'DeliverShipment', on })),
        fc.constant<ShipmentCommand>({ type: 'CancelShipment', reason: 'r' }),
        fc.tuple(claim, days).map<ShipmentCommand>(([claimId, on]) => ({
          type: 'FileDamageClaim',
          claimId,
          description: 'Dent',
          amountCents: 50_000,
          on,
        })),
        fc
          .tuple(claim, fc.constantFrom('paid', 'denied') as fc.Arbitrary<'paid' | 'denied'>, days)
          .map<ShipmentCommand>(([claimId, outcome, on]) => ({
            type: 'ResolveDamageClaim',
            claimId,
            outcome,
            paidCents: outcome === 'paid' ? 20_000 : 0,
            on,
          })),
      ),
    );
  });
});

describe('campaign actions', () => {
  const launch: CampaignCommand = {
    type: 'LaunchCampaign',
    campaignId: 'k1',
    name: 'Paid social',
    channel: 'paid_social',
    budgetCents: 100_000,
    startsOn: '2026-05-05',
    endsOn: '2026-06-30',
  };

  it('stop at the budget and at the end', () => {
    const spent = settled(campaignDecider, [
      launch,
      { type: 'RecordCampaignSpend', amountCents: 100_000, on: DAY },
    ]);
    expect(availableCampaignActions(spent, context)).toEqual(['change-budget', 'end']);
    const ended = settled(campaignDecider, [launch, { type: 'EndCampaign', on: DAY }]);
    expect(availableCampaignActions(ended, context)).toEqual([]);
  });

  it('offer exactly what decide accepts, whatever the history', () => {
    agreesWithDecide(
      campaignDecider,
      availableCampaignActions,
      { ChangeCampaignBudget: 'change-budget', RecordCampaignSpend: 'record-spend', EndCampaign: 'end' },
      fc.oneof(
        fc.constant(launch),
        fc
          .integer({ min: 0, max: 200_000 })
          .map<CampaignCommand>((budgetCents) => ({ type: 'ChangeCampaignBudget', budgetCents })),
        fc
          .tuple(fc.integer({ min: 1, max: 60_000 }), days)
          .map<CampaignCommand>(([amountCents, on]) => ({ type: 'RecordCampaignSpend', amountCents, on })),
        days.map<CampaignCommand>((on) => ({ type: 'EndCampaign', on })),
      ),
    );
  });
});

describe('lead actions', () => {
  const capture: LeadCommand = {
    type: 'CaptureLead',
    leadId: 'l1',
    name: 'Ada',
    email: 'ada@example.com',
    channel: 'referral',
    marketingConsent: true,
    on: '2026-05-01',
  };

  it('offer exactly what decide accepts, whatever the history', () => {
    expect(availableLeadActions(settled(leadDecider, [capture]), context)).toEqual([
      'log-contact',
      'qualify',
      'disqualify',
      'set-consent',
    ]);
    agreesWithDecide(
      leadDecider,
      availableLeadActions,
      {
        LogLeadContact: 'log-contact',
        QualifyLead: 'qualify',
        DisqualifyLead: 'disqualify',
        ConvertLead: 'convert',
        SetLeadConsent: 'set-consent',
      },
      fc.oneof(
        fc.constant(capture),
        days.map<LeadCommand>((on) => ({ type: 'LogLeadContact', method: 'phone', summary: 's', on })),
        days.map<LeadCommand>((on) => ({ type: 'QualifyLead', timeline: 'now', on })),
        days.map<LeadCommand>((on) => ({ type: 'DisqualifyLead', reason: 'no_budget', on })),
        days.map<LeadCommand>((on) => ({ type: 'ConvertLead', customerId: 'c', on })),
        fc.boolean().map<LeadCommand>((marketingConsent) => ({ type: 'SetLeadConsent', marketingConsent })),
      ),
    );
  });
});

describe('item and purchase order actions', () => {
  const register: ItemCommand = {
    type: 'RegisterItem',
    itemId: 'lumber',
    sku: 'LUM',
    name: 'Lumber',
    unit: 'board',
    unitCostCents: 1_000,
    reorderPoint: 5,
    reorderQuantity: 20,
    leadTimeDays: 7,
  };

  it('offer exactly what decide accepts, whatever the history', () => {
    expect(availableItemActions(settled(itemDecider, [register]), context)).toEqual([
      'change-cost',
      'set-reorder-policy',
      'adjust-stock',
      'receive-stock',
    ]);
    agreesWithDecide(
      itemDecider,
      availableItemActions,
      {
        ChangeItemCost: 'change-cost',
        SetReorderPolicy: 'set-reorder-policy',
        AdjustStock: 'adjust-stock',
        ReceiveStock: 'receive-stock',
      },
      fc.oneof(
        fc.constant(register),
        fc
          .integer({ min: 0, max: 5_000 })
          .map<ItemCommand>((unitCostCents) => ({ type: 'ChangeItemCost', unitCostCents })),
        fc.constant<ItemCommand>({
          type: 'SetReorderPolicy',
          reorderPoint: 1,
          reorderQuantity: 2,
          leadTimeDays: 3,
        }),
        fc
          .integer({ min: -10, max: 10 })
          .filter((delta) => delta !== 0)
          .map<ItemCommand>((delta) => ({ type: 'AdjustStock', delta, reason: 'count' })),
        fc
          .integer({ min: 1, max: 10 })
          .map<ItemCommand>((quantity) => ({ type: 'ReceiveStock', quantity, unitCostCents: 1_000 })),
      ),
    );
  });

  const supplier: SupplierState = {
    exists: true,
    supplierId: 's',
    name: 'Northwind',
    email: 'orders@northwind.example',
    leadTimeDays: 10,
    paymentTermsDays: 30,
  };
  const lumber = settled(itemDecider, [register]) as ItemState;
  const placePo: PurchaseOrderCommand = {
    type: 'PlacePurchaseOrder',
    purchaseOrderId: 'po1',
    supplier,
    items: [lumber],
    lines: [{ itemId: 'lumber', quantity: 3, unitCostCents: 1_000 }],
    on: '2026-05-05',
  };

  it('receive only what is outstanding, and only while open', () => {
    const received = settled(purchaseOrderDecider, [
      placePo,
      { type: 'ReceivePurchaseOrder', lines: [{ itemId: 'lumber', quantity: 3 }], on: DAY },
    ]);
    expect(availablePurchaseOrderActions(received, context)).toEqual([]);
    agreesWithDecide(
      purchaseOrderDecider,
      availablePurchaseOrderActions,
      { ReceivePurchaseOrder: 'receive', CancelPurchaseOrder: 'cancel' },
      fc.oneof(
        fc.constant(placePo),
        fc.tuple(fc.integer({ min: 1, max: 3 }), days).map<PurchaseOrderCommand>(([quantity, on]) => ({
          type: 'ReceivePurchaseOrder',
          lines: [{ itemId: 'lumber', quantity }],
          on,
        })),
        fc.constant<PurchaseOrderCommand>({ type: 'CancelPurchaseOrder', reason: 'r' }),
      ),
    );
  });
});

describe('model, customer and supplier actions', () => {
  const create: ModelCommand = {
    type: 'CreateModel',
    modelId: 'm',
    name: 'Nest 20',
    basePriceCents: 5_000_000,
    options: [{ code: 'solar', name: 'Solar', priceCents: 800_000 }],
  };

  it('offer nothing on a retired model, and removing only options it has', () => {
    const created = settled(modelDecider, [create]);
    expect(availableModelActions(created, context)).toEqual([...MODEL_ACTIONS]);
    const bare = settled(modelDecider, [create, { type: 'RemoveModelOption', code: 'solar' }]);
    expect(availableModelActions(bare, context)).not.toContain('remove-option');
    expect(availableModelActions(settled(modelDecider, [create, { type: 'RetireModel' }]), context)).toEqual(
      [],
    );
  });

  it('edit existing customers and suppliers only', () => {
    const register: CustomerCommand = {
      type: 'RegisterCustomer',
      customerId: 'c',
      name: 'Ada',
      email: 'ada@example.com',
      marketingConsent: false,
    };
    expect(availableCustomerActions(settled(customerDecider, [register]), context)).toEqual([
      'change-details',
      'log-contact',
    ]);
    expect(availableCustomerActions(customerDecider.initialState, context)).toEqual([]);
    const registerSupplier: SupplierCommand = {
      type: 'RegisterSupplier',
      supplierId: 's',
      name: 'Northwind',
      email: 'orders@northwind.example',
      leadTimeDays: 10,
      paymentTermsDays: 30,
    };
    expect(availableSupplierActions(settled(supplierDecider, [registerSupplier]), context)).toEqual([
      'change-details',
    ]);
    expect(availableSupplierActions(supplierDecider.initialState, context)).toEqual([]);
  });
});

describe('a refusal', () => {
  it('carries its code, status and message but no stack: probing every action on each read throws many', () => {
    const limit = Error.stackTraceLimit;
    const refusal = new DomainError('order-not-found', 'No such order', 404);
    expect(refusal).toMatchObject({ code: 'order-not-found', status: 404, message: 'No such order' });
    expect(refusal.stack?.split('\n')).toEqual(['DomainError: No such order']);
    // A fault elsewhere still has its stack.
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('fault').stack?.split('\n').length).toBeGreaterThan(1);
  });
});
