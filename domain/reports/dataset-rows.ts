import type { StoredEvent } from '../../events/catalog.ts';
import { type Column, TABLE_NAMES, TABLES, type TableName } from './dataset.ts';

/**
 * From events to the dataset's rows (issue 14): pure and idempotent, so the incremental build, a rebuild
 * from the store and the tests all turn the same events into the same rows.
 */

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

/** Rows by table and key, and for entity rows the last stream version applied (idempotence). */
export interface DatasetRows {
  tables: Record<TableName, Map<string, Row>>;
  /** Tables a row was added to or changed in since this was last cleared: the files to rewrite. */
  changed: Set<TableName>;
}

export const emptyRows = (): DatasetRows => ({
  tables: Object.fromEntries(TABLE_NAMES.map((t) => [t, new Map()])) as DatasetRows['tables'],
  changed: new Set(),
});

/**
 * Where an entity row last changed: written to Parquet beside its columns (not offered to reports), so
 * an incremental build that reads the rows back stays idempotent.
 */
export const SOURCE_STREAM = 'source_stream';
export const SOURCE_VERSION = 'source_version';

const dayOf = (event: StoredEvent): string => event.occurredAt.slice(0, 10);

const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const blank = (table: TableName): Row =>
  Object.fromEntries(TABLES[table].columns.map((col) => [col.name, null]));

/**
 * Applies one event to the rows: pure and idempotent. An entity row records the stream version it last
 * took, so a redelivered or replayed event changes nothing; a row per event is keyed by its stream and
 * version, so it is written once whatever happens.
 */
export const applyEvent = (rows: DatasetRows, event: StoredEvent): void => {
  const { tables } = rows;
  const eventKey = `${event.streamId}/${event.streamVersion}`;
  /** The entity row to change, or undefined when this event was applied to it already. */
  const entity = (table: TableName, id: string, create = false): Row | undefined => {
    let row = tables[table].get(id);
    if (!row) {
      if (!create) return undefined;
      row = { ...blank(table), [TABLES[table].key]: id };
      tables[table].set(id, row);
    }
    // Each entity row is fed by its own stream (an order's payments and builds come on the order's
    // stream), whose versions only grow: a version already taken is a redelivery or a replay.
    if (
      row[SOURCE_STREAM] === event.streamId &&
      ((row[SOURCE_VERSION] as number) ?? 0) >= event.streamVersion
    )
      return undefined;
    row[SOURCE_STREAM] = event.streamId;
    row[SOURCE_VERSION] = event.streamVersion;
    rows.changed.add(table);
    return row;
  };
  const once = (table: TableName, key: string, values: Row) => {
    if (tables[table].has(key)) return;
    tables[table].set(key, { ...blank(table), key, ...values });
    rows.changed.add(table);
  };
  const on = dayOf(event);

  switch (event.type) {
    case 'OrderPlaced': {
      const d = event.data;
      const row = entity('orders', d.orderId, true);
      if (!row) return;
      const optionsCents = d.options.reduce((sum, o) => sum + o.priceCents, 0);
      Object.assign(row, {
        customer_id: d.customerId,
        model_id: d.modelId,
        model_name: d.modelName,
        quote_id: d.quoteId,
        placed_on: on,
        base_price_cents: d.basePriceCents,
        options_cents: optionsCents,
        option_count: d.options.length,
        fees_cents: d.feesCents,
        discount_cents: d.discountCents,
        total_cents: d.totalCents,
        paid_cents: 0,
        stage: 'placed',
      });
      d.options.forEach((o, i) => {
        once('order_options', `${eventKey}/${i}`, {
          order_id: d.orderId,
          model_id: d.modelId,
          placed_on: on,
          code: o.code,
          name: o.name,
          price_cents: o.priceCents,
        });
      });
      return;
    }
    case 'DepositPaid':
    case 'PaymentReceived':
    case 'PaymentRefunded':
    case 'PaymentFailed': {
      const d = event.data;
      const outcome =
        event.type === 'PaymentRefunded'
          ? 'refunded'
          : event.type === 'PaymentFailed'
            ? 'failed'
            : 'received';
      const collected = outcome === 'refunded' ? -d.amountCents : outcome === 'failed' ? 0 : d.amountCents;
      const kind =
        event.type === 'DepositPaid'
          ? 'deposit'
          : event.type === 'PaymentReceived'
            ? event.data.kind
            : event.type === 'PaymentRefunded'
              ? 'refund'
              : null;
      once('payments', eventKey, {
        order_id: d.orderId,
        payment_id: d.paymentId,
        kind,
        outcome,
        method: 'method' in d ? d.method : null,
        paid_on: d.on ?? on,
        amount_cents: d.amountCents,
        collected_cents: collected,
      });
      const row = entity('orders', d.orderId);
      if (row) row.paid_cents = ((row.paid_cents as number | null) ?? 0) + collected;
      return;
    }
    case 'BuildStarted': {
      const row = entity('orders', event.data.orderId);
      if (row) Object.assign(row, { stage: 'building', build_started_on: on });
      return;
    }
    case 'BuildCompleted': {
      const row = entity('orders', event.data.orderId);
      if (row) Object.assign(row, { stage: 'built', built_on: on });
      return;
    }
    case 'OrderDelivered': {
      const row = entity('orders', event.data.orderId);
      if (row) Object.assign(row, { stage: 'delivered', delivered_on: event.data.on ?? on });
      return;
    }
    case 'OrderCancelled': {
      const row = entity('orders', event.data.orderId);
      if (row) Object.assign(row, { stage: 'cancelled', cancelled_on: on });
      return;
    }
    case 'QuoteDrafted': {
      const d = event.data;
      const row = entity('quotes', d.quoteId, true);
      if (row)
        Object.assign(row, {
          customer_id: d.customerId,
          model_id: d.modelId,
          drafted_on: on,
          subtotal_cents: d.subtotalCents,
          discount_cents: 0,
          status: 'drafted',
        });
      return;
    }
    case 'QuoteDiscountApplied': {
      const row = entity('quotes', event.data.quoteId);
      if (row) row.discount_cents = event.data.discountCents;
      return;
    }
    case 'QuoteSent': {
      const row = entity('quotes', event.data.quoteId);
      if (row) Object.assign(row, { status: 'sent', sent_on: event.data.on });
      return;
    }
    case 'QuoteAccepted': {
      const row = entity('quotes', event.data.quoteId);
      if (row)
        Object.assign(row, { status: 'accepted', decided_on: event.data.on, order_id: event.data.orderId });
      return;
    }
    case 'QuoteDeclined':
    case 'QuoteExpired': {
      const row = entity('quotes', event.data.quoteId);
      if (row)
        Object.assign(row, {
          status: event.type === 'QuoteDeclined' ? 'declined' : 'expired',
          decided_on: event.data.on,
        });
      return;
    }
    case 'LeadCaptured': {
      const d = event.data;
      const row = entity('leads', d.leadId, true);
      if (row)
        Object.assign(row, {
          channel: d.channel,
          campaign_id: d.campaignId ?? null,
          interest_model_id: d.interestModelId ?? null,
          captured_on: d.on,
          status: 'open',
        });
      return;
    }
    case 'LeadQualified': {
      const row = entity('leads', event.data.leadId);
      if (row) Object.assign(row, { status: 'qualified', qualified_on: event.data.on });
      return;
    }
    case 'LeadDisqualified': {
      const row = entity('leads', event.data.leadId);
      if (row)
        Object.assign(row, {
          status: 'disqualified',
          disqualified_on: event.data.on,
          disqualify_reason: event.data.reason,
        });
      return;
    }
    case 'LeadConverted': {
      const row = entity('leads', event.data.leadId);
      if (row)
        Object.assign(row, {
          status: 'converted',
          converted_on: event.data.on,
          customer_id: event.data.customerId,
        });
      return;
    }
    case 'BuildScheduled': {
      const d = event.data;
      const row = entity('builds', d.buildId, true);
      if (row)
        Object.assign(row, {
          order_id: d.orderId,
          model_id: d.modelId,
          bay: d.bay,
          scheduled_start_on: d.startOn,
          first_due_on: d.dueOn,
          due_on: d.dueOn,
          delay_days: 0,
          status: 'scheduled',
        });
      return;
    }
    case 'ProductionStarted': {
      const row = entity('builds', event.data.buildId);
      if (row) Object.assign(row, { status: 'in_progress', started_on: event.data.on });
      return;
    }
    case 'BuildStageCompleted': {
      const d = event.data;
      const build = entity('builds', d.buildId);
      if (!build) return;
      const started = (build.last_stage_on as string | null) ?? (build.started_on as string | null) ?? d.on;
      build.last_stage_on = d.on;
      once('build_stages', eventKey, {
        build_id: d.buildId,
        stage: d.stage,
        started_on: started,
        completed_on: d.on,
        days: daysBetween(started, d.on),
      });
      return;
    }
    case 'BuildDelayed': {
      const row = entity('builds', event.data.buildId);
      if (row)
        Object.assign(row, {
          delay_days: ((row.delay_days as number | null) ?? 0) + event.data.days,
          due_on: event.data.dueOn,
        });
      return;
    }
    case 'ProductionCompleted': {
      const row = entity('builds', event.data.buildId);
      if (row)
        Object.assign(row, { status: 'completed', completed_on: event.data.on, late: event.data.late });
      return;
    }
    case 'BuildCancelled': {
      const row = entity('builds', event.data.buildId);
      if (row) Object.assign(row, { status: 'cancelled', cancelled_on: on });
      return;
    }
    case 'ShipmentScheduled': {
      const d = event.data;
      const row = entity('shipments', d.shipmentId, true);
      if (row)
        Object.assign(row, {
          order_id: d.orderId,
          customer_id: d.customerId,
          carrier: d.carrier,
          ready_on: d.readyOn,
          promised_on: d.scheduledFor,
          scheduled_for: d.scheduledFor,
          reschedules: 0,
          cancelled: false,
        });
      return;
    }
    case 'ShipmentRescheduled': {
      const row = entity('shipments', event.data.shipmentId);
      if (row)
        Object.assign(row, {
          scheduled_for: event.data.scheduledFor,
          reschedules: ((row.reschedules as number | null) ?? 0) + 1,
        });
      return;
    }
    case 'ShipmentDispatched': {
      const row = entity('shipments', event.data.shipmentId);
      if (row) row.dispatched_on = event.data.on;
      return;
    }
    case 'ShipmentDelivered': {
      const row = entity('shipments', event.data.shipmentId);
      if (row)
        Object.assign(row, {
          delivered_on: event.data.on,
          on_time: row.promised_on !== null && event.data.on <= (row.promised_on as string),
        });
      return;
    }
    case 'ShipmentCancelled': {
      const row = entity('shipments', event.data.shipmentId);
      if (row) row.cancelled = true;
      return;
    }
    case 'ItemRegistered': {
      const d = event.data;
      const row = entity('items', d.itemId, true);
      if (row)
        Object.assign(row, {
          sku: d.sku,
          name: d.name,
          unit: d.unit,
          unit_cost_cents: d.unitCostCents,
          on_hand: 0,
          reorder_point: d.reorderPoint,
          supplier_id: d.supplierId ?? null,
        });
      return;
    }
    case 'ItemCostChanged': {
      const row = entity('items', event.data.itemId);
      if (row) row.unit_cost_cents = event.data.unitCostCents;
      return;
    }
    case 'ItemReorderPolicySet': {
      const row = entity('items', event.data.itemId);
      if (row) row.reorder_point = event.data.reorderPoint;
      return;
    }
    case 'StockReceived':
    case 'StockConsumed':
    case 'StockAdjusted': {
      const d = event.data;
      const item = entity('items', d.itemId);
      if (!item) return;
      const quantity =
        event.type === 'StockReceived'
          ? event.data.quantity
          : event.type === 'StockConsumed'
            ? -event.data.quantity
            : event.data.delta;
      const unitCost =
        event.type === 'StockReceived' ? event.data.unitCostCents : ((item.unit_cost_cents as number) ?? 0);
      item.on_hand = ((item.on_hand as number | null) ?? 0) + quantity;
      once('stock_movements', eventKey, {
        item_id: d.itemId,
        moved_on: on,
        kind:
          event.type === 'StockReceived'
            ? 'received'
            : event.type === 'StockConsumed'
              ? 'consumed'
              : 'adjusted',
        quantity,
        unit_cost_cents: unitCost,
        value_cents: quantity * unitCost,
        reason: event.type === 'StockAdjusted' ? event.data.reason : null,
        purchase_order_id: event.type === 'StockReceived' ? (event.data.purchaseOrderId ?? null) : null,
        build_id: event.type === 'StockConsumed' ? event.data.buildId : null,
      });
      return;
    }
    case 'SupplierRegistered':
    case 'SupplierDetailsChanged': {
      const d = event.data;
      const row = entity('suppliers', d.supplierId, event.type === 'SupplierRegistered');
      if (row)
        Object.assign(row, {
          ...(d.name !== undefined ? { name: d.name } : {}),
          ...(d.leadTimeDays !== undefined ? { lead_time_days: d.leadTimeDays } : {}),
          ...(d.paymentTermsDays !== undefined ? { payment_terms_days: d.paymentTermsDays } : {}),
        });
      return;
    }
    case 'PurchaseOrderPlaced': {
      const d = event.data;
      const row = entity('purchase_orders', d.purchaseOrderId, true);
      if (row)
        Object.assign(row, {
          supplier_id: d.supplierId,
          placed_on: d.on,
          expected_on: d.expectedOn,
          total_cents: d.lines.reduce((sum, l) => sum + l.quantity * l.unitCostCents, 0),
          ordered_quantity: d.lines.reduce((sum, l) => sum + l.quantity, 0),
          received_quantity: 0,
          status: 'open',
        });
      return;
    }
    case 'PurchaseOrderReceived': {
      const row = entity('purchase_orders', event.data.purchaseOrderId);
      if (!row) return;
      const received =
        ((row.received_quantity as number) ?? 0) + event.data.lines.reduce((s, l) => s + l.quantity, 0);
      Object.assign(row, {
        received_quantity: received,
        received_on: event.data.on,
        status: received >= ((row.ordered_quantity as number) ?? 0) ? 'received' : 'partial',
      });
      return;
    }
    case 'PurchaseOrderCancelled': {
      const row = entity('purchase_orders', event.data.purchaseOrderId);
      if (row) row.status = 'cancelled';
      return;
    }
    case 'CampaignLaunched': {
      const d = event.data;
      const row = entity('campaigns', d.campaignId, true);
      if (row)
        Object.assign(row, {
          name: d.name,
          channel: d.channel,
          budget_cents: d.budgetCents,
          starts_on: d.startsOn,
          ends_on: d.endsOn,
        });
      return;
    }
    case 'CampaignBudgetChanged': {
      const row = entity('campaigns', event.data.campaignId);
      if (row) row.budget_cents = event.data.budgetCents;
      return;
    }
    case 'CampaignSpendRecorded': {
      once('campaign_spend', eventKey, {
        campaign_id: event.data.campaignId,
        spent_on: event.data.on,
        amount_cents: event.data.amountCents,
      });
      entity('campaigns', event.data.campaignId);
      return;
    }
    case 'CampaignEnded': {
      const row = entity('campaigns', event.data.campaignId);
      if (row) row.ended_on = event.data.on;
      return;
    }
    case 'CustomerRegistered': {
      const d = event.data;
      const row = entity('customers', d.customerId, true);
      if (row) Object.assign(row, { name: d.name, registered_on: on, marketing_consent: d.marketingConsent });
      return;
    }
    case 'CustomerDetailsChanged': {
      const row = entity('customers', event.data.customerId);
      if (!row) return;
      if (event.data.name !== undefined) row.name = event.data.name;
      if (event.data.marketingConsent !== undefined) row.marketing_consent = event.data.marketingConsent;
      return;
    }
    case 'ModelCreated': {
      const d = event.data;
      const row = entity('models', d.modelId, true);
      if (row)
        Object.assign(row, {
          name: d.name,
          base_price_cents: d.basePriceCents,
          size_sq_ft: d.sizeSqFt,
          sleeps: d.sleeps,
          mount: d.mount,
          retired: false,
        });
      return;
    }
    case 'ModelRepriced': {
      const row = entity('models', event.data.modelId);
      if (row) row.base_price_cents = event.data.basePriceCents;
      return;
    }
    case 'ModelSpecsChanged': {
      const d = event.data;
      const row = entity('models', d.modelId);
      if (!row) return;
      if (d.name !== undefined) row.name = d.name;
      if (d.sizeSqFt !== undefined) row.size_sq_ft = d.sizeSqFt;
      if (d.sleeps !== undefined) row.sleeps = d.sleeps;
      if (d.mount !== undefined) row.mount = d.mount;
      return;
    }
    case 'ModelRetired': {
      const row = entity('models', event.data.modelId);
      if (row) row.retired = true;
      return;
    }
    default:
      return;
  }
};

/** Every day from the first to the last, for the dates dimension. */
export const calendar = (from: string, to: string): Row[] => {
  const rows: Row[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    const month = d.getUTCMonth() + 1;
    rows.push({
      date: d.toISOString().slice(0, 10),
      year: d.getUTCFullYear(),
      quarter: Math.ceil(month / 3),
      month,
      day_of_week: d.getUTCDay() === 0 ? 7 : d.getUTCDay(),
    });
  }
  return rows;
};

/** The columns a table's Parquet holds: its own, and where entity rows last changed. */
export const storedColumns = (table: TableName): Column[] =>
  TABLES[table].key === 'key'
    ? TABLES[table].columns
    : [
        ...TABLES[table].columns,
        { name: SOURCE_STREAM, type: 'string', description: 'The stream the row last changed by' },
        { name: SOURCE_VERSION, type: 'integer', description: 'The version it last changed at' },
      ];

/** A table's rows as written to Parquet. */
export const tableRows = (rows: DatasetRows, table: TableName): Row[] => {
  const names = storedColumns(table).map((col) => col.name);
  return [...rows.tables[table].values()].map((row) =>
    Object.fromEntries(names.map((n) => [n, row[n] ?? null])),
  );
};
