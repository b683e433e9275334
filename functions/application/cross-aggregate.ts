import { modelDecider } from '../../domain/catalog/models.ts';
import { customerDecider } from '../../domain/customers/customers.ts';
import { leadDecider } from '../../domain/customers/leads.ts';
import { DEFAULT_DELIVERY_LEAD_DAYS, shipmentDecider } from '../../domain/delivery/shipments.ts';
import { itemDecider, reorderOf, reservedAhead } from '../../domain/inventory/items.ts';
import { type BuildStage, buildDecider } from '../../domain/production/builds.ts';
import { type PurchaseLine, purchaseOrderDecider } from '../../domain/purchasing/purchase-orders.ts';
import { supplierDecider } from '../../domain/purchasing/suppliers.ts';
import { orderDecider } from '../../domain/sales/orders.ts';
import { type Fee, quoteDecider } from '../../domain/sales/quotes.ts';
import { addDays, type Day } from '../../domain/shared/days.ts';
import { reject } from '../../domain/shared/decider.ts';
import { StaleVersionError } from '../errors.ts';
import { streams } from './aggregates.ts';
import { atomic, check, type Ran, type Store } from './command-store.ts';

/**
 * Commands that span aggregates. Each one that writes several streams runs `atomic`ally: its writes
 * are appended together (`appendMany`, one transaction in AWS), so a rule broken or a concurrent change
 * anywhere writes nothing, and a concurrent change runs the command again on the new states. Each flow
 * still loads and checks every aggregate before its first write, and writes the primary aggregate last,
 * guarded by the version the checks were made on.
 */
/** The caller's If-Match, checked before anything is written rather than on the last write only. */
const expectVersion = (loaded: Ran<unknown>, expected: number | undefined) => {
  if (expected !== undefined && expected !== loaded.version) throw new StaleVersionError(loaded.version);
};

const existing = <S extends { exists: boolean }>(state: S, code: string, what: string) =>
  (state.exists ? state : reject(code, `${what} does not exist`, 404)) as Extract<S, { exists: true }>;

/** A qualified lead becomes a customer with the lead's contact details and consent. */
export const convertLead = atomic(
  async (store: Store, input: { leadId: string; customerId: string; on: Day; expectedVersion?: number }) => {
    const lead = await store.load(leadDecider, streams.lead(input.leadId));
    expectVersion(lead, input.expectedVersion);
    const convert = { type: 'ConvertLead' as const, customerId: input.customerId, on: input.on };
    check(leadDecider, convert, lead.state);
    const l = existing(lead.state, 'lead-not-found', 'The lead');
    const customer = await store.run(customerDecider, streams.customer(input.customerId), {
      type: 'RegisterCustomer',
      customerId: input.customerId,
      name: l.name,
      email: l.email,
      phone: l.phone,
      marketingConsent: l.marketingConsent,
    });
    const converted = await store.run(leadDecider, streams.lead(input.leadId), convert, lead.version);
    return { lead: converted, customer };
  },
);

export const draftQuote = async (
  store: Store,
  input: {
    quoteId: string;
    customerId: string;
    modelId: string;
    optionCodes: string[];
    fees: Fee[];
    on: Day;
    validDays?: number;
  },
) => {
  const [customer, model] = await Promise.all([
    store.load(customerDecider, streams.customer(input.customerId)),
    store.load(modelDecider, streams.model(input.modelId)),
  ]);
  return store.run(quoteDecider, streams.quote(input.quoteId), {
    type: 'DraftQuote',
    quoteId: input.quoteId,
    customer: customer.state,
    model: model.state,
    optionCodes: input.optionCodes,
    fees: input.fees,
    on: input.on,
    validDays: input.validDays,
  });
};

/** The customer says yes: the quote is accepted and an order is placed at exactly the quoted price. */
export const acceptQuote = atomic(
  async (store: Store, input: { quoteId: string; orderId: string; on: Day; expectedVersion?: number }) => {
    const quote = await store.run(
      quoteDecider,
      streams.quote(input.quoteId),
      { type: 'AcceptQuote', orderId: input.orderId, on: input.on },
      input.expectedVersion,
    );
    const order = await store.run(orderDecider, streams.order(input.orderId), {
      type: 'PlaceOrderFromQuote',
      orderId: input.orderId,
      quote: quote.state,
    });
    return { quote, order };
  },
);

/**
 * A build slot for an order with a paid deposit. Its bill of materials must name known items; the
 * long-lead ones are reserved in stock now, the rest are consumed when framing starts.
 */
export const scheduleBuild = atomic(
  async (store: Store, input: { orderId: string; bay: string; startOn: Day; dueOn: Day }) => {
    const order = await store.load(orderDecider, streams.order(input.orderId));
    const o = existing(order.state, 'order-not-found', 'The order');
    const model = await store.load(modelDecider, streams.model(o.modelId));
    const schedule = {
      type: 'ScheduleBuild' as const,
      buildId: input.orderId,
      order: order.state,
      model: model.state,
      bay: input.bay,
      startOn: input.startOn,
      dueOn: input.dueOn,
    };
    const buildStream = streams.build(input.orderId);
    const planned = buildDecider.decide(schedule, (await store.load(buildDecider, buildStream)).state);
    const materials = planned.flatMap((e) => (e.type === 'BuildScheduled' ? e.data.materials : []));
    const items = await Promise.all(materials.map((m) => store.load(itemDecider, streams.item(m.itemId))));
    const reserve = materials.filter((m, i) => {
      const item = items[i]!.state;
      if (!item.exists)
        return reject('item-not-found', `The bill of materials names unknown item ${m.itemId}`);
      return reservedAhead(item);
    });
    for (const m of reserve) {
      await store.run(itemDecider, streams.item(m.itemId), {
        type: 'ReserveStock',
        buildId: input.orderId,
        quantity: m.quantity,
      });
    }
    return store.run(buildDecider, buildStream, schedule, 0);
  },
);

/**
 * Framing begins: every item of the bill of materials is consumed from stock (none may go negative, so a
 * shortage refuses the start and writes nothing), then the build and its order move on.
 */
export const startBuild = atomic(
  async (store: Store, input: { buildId: string; on: Day; expectedVersion?: number }) => {
    const build = await store.load(buildDecider, streams.build(input.buildId));
    expectVersion(build, input.expectedVersion);
    const start = { type: 'StartProduction' as const, on: input.on };
    check(buildDecider, start, build.state);
    const b = existing(build.state, 'build-not-found', 'The build');
    const order = await store.load(orderDecider, streams.order(b.orderId));
    check(orderDecider, { type: 'StartBuild' }, order.state);
    const items = await Promise.all(b.materials.map((m) => store.load(itemDecider, streams.item(m.itemId))));
    b.materials.forEach((m, i) => {
      check(itemDecider, { type: 'ConsumeStock', buildId: b.buildId, quantity: m.quantity }, items[i]!.state);
    });
    // Stock is decided again on each write (a store retries on a concurrent change), so even a racing
    // consumer cannot take an item below zero.
    for (const m of b.materials) {
      await store.run(itemDecider, streams.item(m.itemId), {
        type: 'ConsumeStock',
        buildId: b.buildId,
        quantity: m.quantity,
      });
    }
    await store.run(orderDecider, streams.order(b.orderId), { type: 'StartBuild' }, order.version);
    return store.run(buildDecider, streams.build(input.buildId), start, build.version);
  },
);

/** A stage passes; passing inspection completes the build and makes its order ready to ship. */
export const completeStage = atomic(
  async (store: Store, input: { buildId: string; stage: BuildStage; on: Day; expectedVersion?: number }) => {
    const build = await store.load(buildDecider, streams.build(input.buildId));
    expectVersion(build, input.expectedVersion);
    const complete = { type: 'CompleteStage' as const, stage: input.stage, on: input.on };
    check(buildDecider, complete, build.state);
    const b = existing(build.state, 'build-not-found', 'The build');
    if (input.stage === 'inspection') {
      const order = await store.load(orderDecider, streams.order(b.orderId));
      check(orderDecider, { type: 'CompleteBuild' }, order.state);
      await store.run(orderDecider, streams.order(b.orderId), { type: 'CompleteBuild' }, order.version);
    }
    return store.run(buildDecider, streams.build(input.buildId), complete, build.version);
  },
);

/** Cancelling an order calls off its build, gives back reserved stock and cancels a booked delivery. */
export const cancelOrder = atomic(
  async (store: Store, input: { orderId: string; reason: string; expectedVersion?: number }) => {
    const order = await store.load(orderDecider, streams.order(input.orderId));
    expectVersion(order, input.expectedVersion);
    const cancel = { type: 'CancelOrder' as const, reason: input.reason };
    check(orderDecider, cancel, order.state);
    const build = await store.load(buildDecider, streams.build(input.orderId));
    if (build.state.exists && (build.state.status === 'scheduled' || build.state.status === 'in_progress')) {
      const { materials } = build.state;
      await store.run(buildDecider, streams.build(input.orderId), {
        type: 'CancelBuild',
        reason: input.reason,
      });
      for (const m of materials) {
        await store.run(itemDecider, streams.item(m.itemId), {
          type: 'ReleaseReservation',
          buildId: input.orderId,
        });
      }
    }
    const shipment = await store.load(shipmentDecider, streams.shipment(input.orderId));
    if (shipment.state.exists && shipment.state.status === 'scheduled') {
      await store.run(shipmentDecider, streams.shipment(input.orderId), {
        type: 'CancelShipment',
        reason: input.reason,
      });
    }
    return store.run(orderDecider, streams.order(input.orderId), cancel, order.version);
  },
);

/** Book delivery of a finished home; it can never be delivered before its build completed. */
export const scheduleShipment = async (
  store: Store,
  input: { orderId: string; carrier: string; destination: string; scheduledFor?: Day; today: Day },
) => {
  const [order, build, shipment] = await Promise.all([
    store.load(orderDecider, streams.order(input.orderId)),
    store.load(buildDecider, streams.build(input.orderId)),
    store.load(shipmentDecider, streams.shipment(input.orderId)),
  ]);
  // Orders moved along without production tracking have no build record: ready as of today.
  const readyOn = (build.state.exists && build.state.completedOn) || input.today;
  const schedule = {
    type: 'ScheduleShipment' as const,
    shipmentId: input.orderId,
    order: order.state,
    readyOn,
    carrier: input.carrier,
    destination: input.destination,
    scheduledFor: input.scheduledFor ?? addDays(readyOn, DEFAULT_DELIVERY_LEAD_DAYS),
  };
  check(shipmentDecider, schedule, shipment.state);
  return store.run(shipmentDecider, streams.shipment(input.orderId), schedule, shipment.version);
};

/** The home arrives: the shipment is delivered and so is the order (revenue is recognised that day). */
export const deliverShipment = atomic(
  async (store: Store, input: { shipmentId: string; on: Day; expectedVersion?: number }) => {
    const shipment = await store.load(shipmentDecider, streams.shipment(input.shipmentId));
    expectVersion(shipment, input.expectedVersion);
    const deliver = { type: 'DeliverShipment' as const, on: input.on };
    check(shipmentDecider, deliver, shipment.state);
    const s = existing(shipment.state, 'shipment-not-found', 'The shipment');
    const order = await store.load(orderDecider, streams.order(s.orderId));
    const deliverOrder = { type: 'DeliverOrder' as const, on: input.on };
    check(orderDecider, deliverOrder, order.state);
    await store.run(orderDecider, streams.order(s.orderId), deliverOrder, order.version);
    return store.run(shipmentDecider, streams.shipment(input.shipmentId), deliver, shipment.version);
  },
);

export const placePurchaseOrder = async (
  store: Store,
  input: { purchaseOrderId: string; supplierId: string; lines: PurchaseLine[]; on: Day; expectedOn?: Day },
) => {
  const supplier = await store.load(supplierDecider, streams.supplier(input.supplierId));
  const items = await Promise.all(input.lines.map((l) => store.load(itemDecider, streams.item(l.itemId))));
  return store.run(
    purchaseOrderDecider,
    streams.purchaseOrder(input.purchaseOrderId),
    {
      type: 'PlacePurchaseOrder',
      purchaseOrderId: input.purchaseOrderId,
      supplier: supplier.state,
      items: items.map((i) => i.state),
      lines: input.lines,
      on: input.on,
      expectedOn: input.expectedOn,
    },
    0,
  );
};

/** Reorders an item: its reorder quantity from its preferred supplier, placed as a purchase order. */
export const reorderItem = async (
  store: Store,
  input: { purchaseOrderId: string; itemId: string; on: Day; expectedOn?: Day; openOrderIds?: string[] },
) => {
  const item = await store.load(itemDecider, streams.item(input.itemId));
  const { supplierId, line } = reorderOf(item.state, input.openOrderIds);
  return placePurchaseOrder(store, {
    purchaseOrderId: input.purchaseOrderId,
    supplierId,
    lines: [line],
    on: input.on,
    ...(input.expectedOn ? { expectedOn: input.expectedOn } : {}),
  });
};

/** Goods arrive against a purchase order: each line is received into stock at the ordered cost. */
export const receivePurchaseOrder = atomic(
  async (
    store: Store,
    input: {
      purchaseOrderId: string;
      lines: { itemId: string; quantity: number }[];
      on: Day;
      expectedVersion?: number;
    },
  ) => {
    const po = await store.load(purchaseOrderDecider, streams.purchaseOrder(input.purchaseOrderId));
    expectVersion(po, input.expectedVersion);
    const receive = { type: 'ReceivePurchaseOrder' as const, lines: input.lines, on: input.on };
    check(purchaseOrderDecider, receive, po.state);
    const p = existing(po.state, 'purchase-order-not-found', 'The purchase order');
    const received = await store.run(
      purchaseOrderDecider,
      streams.purchaseOrder(input.purchaseOrderId),
      receive,
      po.version,
    );
    for (const line of input.lines) {
      const ordered = p.lines.find((l) => l.itemId === line.itemId)!;
      await store.run(itemDecider, streams.item(line.itemId), {
        type: 'ReceiveStock',
        quantity: line.quantity,
        unitCostCents: ordered.unitCostCents,
        purchaseOrderId: input.purchaseOrderId,
      });
    }
    return received;
  },
);
