import type { Permission } from '../access/permissions.ts';

/**
 * The analytics dataset (issue 14): the tables the event stream feeds, kept as one Parquet file each,
 * and the datasets reports query. One definition serves the builder (functions/reports/dataset-build.ts),
 * the compiler (columns and their types), `GET /api/reports/datasets` and the Glue tables in CDK.
 *
 * Column names are snake_case because Athena's catalog (Glue) folds names to lower case: the same
 * Parquet and the same SQL must read alike on DuckDB and Athena. People's contact details (names of
 * leads, emails, phones) are left out: reports count and sum, they do not need them.
 */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface Column {
  name: string;
  type: ColumnType;
  description: string;
}

export type TableName =
  | 'orders'
  | 'order_options'
  | 'payments'
  | 'quotes'
  | 'leads'
  | 'builds'
  | 'build_stages'
  | 'shipments'
  | 'stock_movements'
  | 'purchase_orders'
  | 'campaign_spend'
  | 'customers'
  | 'models'
  | 'items'
  | 'suppliers'
  | 'campaigns'
  | 'dates';

export interface TableSpec {
  kind: 'fact' | 'dimension';
  description: string;
  /** The column that identifies a row: an entity's id, or `key` (stream/version) for one row per event. */
  key: string;
  permission: Permission;
  columns: Column[];
}

const c = (name: string, type: ColumnType, description: string): Column => ({ name, type, description });
const KEY = c('key', 'string', 'The event the row came from: <stream>/<version>[/<line>]');

export const TABLES: Record<TableName, TableSpec> = {
  orders: {
    kind: 'fact',
    description: 'One row per order: what was sold, its stage, dates and what was paid',
    key: 'order_id',
    permission: 'orders:read',
    columns: [
      c('order_id', 'string', 'The order'),
      c('customer_id', 'string', 'Its customer'),
      c('model_id', 'string', 'The model ordered'),
      c('model_name', 'string', 'The model as named when ordered'),
      c('quote_id', 'string', 'The accepted quote it came from, if any'),
      c('placed_on', 'date', 'The day it was placed'),
      c('base_price_cents', 'integer', "The model's price"),
      c('options_cents', 'integer', 'The options chosen'),
      c('option_count', 'integer', 'How many options were chosen'),
      c('fees_cents', 'integer', 'Fees'),
      c('discount_cents', 'integer', 'Discount'),
      c('total_cents', 'integer', 'What the customer owes in all'),
      c('paid_cents', 'integer', 'Payments received less refunds'),
      c('stage', 'string', 'placed, building, built, delivered or cancelled'),
      c('build_started_on', 'date', 'The day the build started'),
      c('built_on', 'date', 'The day the build completed'),
      c('delivered_on', 'date', 'The day it was delivered (revenue is recognised then)'),
      c('cancelled_on', 'date', 'The day it was cancelled'),
    ],
  },
  order_options: {
    kind: 'fact',
    description: 'One row per option on an order',
    key: 'key',
    permission: 'orders:read',
    columns: [
      KEY,
      c('order_id', 'string', 'The order'),
      c('model_id', 'string', 'The model ordered'),
      c('placed_on', 'date', 'The day the order was placed'),
      c('code', 'string', "The option's code"),
      c('name', 'string', "The option's name"),
      c('price_cents', 'integer', 'Its price on the order'),
    ],
  },
  payments: {
    kind: 'fact',
    description: 'One row per payment, refund or failed attempt',
    key: 'key',
    permission: 'orders:read',
    columns: [
      KEY,
      c('order_id', 'string', 'The order'),
      c('payment_id', 'string', 'The payment'),
      c('kind', 'string', 'deposit, progress, final or refund'),
      c('outcome', 'string', 'received, refunded or failed'),
      c('method', 'string', 'card, ach, wire, check, financing or other'),
      c('paid_on', 'date', 'The day the money moved (the event day when not recorded)'),
      c('amount_cents', 'integer', 'The amount'),
      c('collected_cents', 'integer', 'What it added to collections: refunds negative, failures 0'),
    ],
  },
  quotes: {
    kind: 'fact',
    description: 'One row per quote: its value and what became of it',
    key: 'quote_id',
    permission: 'quotes:read',
    columns: [
      c('quote_id', 'string', 'The quote'),
      c('customer_id', 'string', 'Its customer'),
      c('model_id', 'string', 'The model quoted'),
      c('drafted_on', 'date', 'The day it was drawn up'),
      c('subtotal_cents', 'integer', 'Its value before discount'),
      c('discount_cents', 'integer', 'Discount applied'),
      c('status', 'string', 'drafted, sent, accepted, declined or expired'),
      c('sent_on', 'date', 'The day it went to the customer'),
      c('decided_on', 'date', 'The day it was accepted, declined or expired'),
      c('order_id', 'string', 'The order placed from it'),
    ],
  },
  leads: {
    kind: 'fact',
    description: 'One row per lead: channel, campaign and how far it got',
    key: 'lead_id',
    permission: 'leads:read',
    columns: [
      c('lead_id', 'string', 'The lead'),
      c('channel', 'string', 'web_form, referral, show, paid_social or search'),
      c('campaign_id', 'string', 'The campaign it is attributed to'),
      c('interest_model_id', 'string', 'The model it asked about'),
      c('captured_on', 'date', 'The day it came in'),
      c('status', 'string', 'open, qualified, disqualified or converted'),
      c('qualified_on', 'date', 'The day it was qualified'),
      c('disqualified_on', 'date', 'The day it was disqualified'),
      c('disqualify_reason', 'string', 'Why it was disqualified'),
      c('converted_on', 'date', 'The day it became a customer'),
      c('customer_id', 'string', 'The customer it became'),
    ],
  },
  builds: {
    kind: 'fact',
    description: 'One row per build: its slot, dates, delays and lateness',
    key: 'build_id',
    permission: 'production:read',
    columns: [
      c('build_id', 'string', 'The build'),
      c('order_id', 'string', 'The order it builds'),
      c('model_id', 'string', 'The model'),
      c('bay', 'string', 'The bay'),
      c('scheduled_start_on', 'date', 'The day it was scheduled to start'),
      c('first_due_on', 'date', 'The day it was first due'),
      c('due_on', 'date', 'The day it is due now'),
      c('delay_days', 'integer', 'Days of delay recorded'),
      c('started_on', 'date', 'The day production started'),
      c('last_stage_on', 'date', 'The day its last stage was completed'),
      c('completed_on', 'date', 'The day it passed inspection'),
      c('late', 'boolean', 'Completed after its due day'),
      c('cancelled_on', 'date', 'The day it was called off (the event day)'),
      c('status', 'string', 'scheduled, in_progress, completed or cancelled'),
    ],
  },
  build_stages: {
    kind: 'fact',
    description: 'One row per completed build stage, with how long it took',
    key: 'key',
    permission: 'production:read',
    columns: [
      KEY,
      c('build_id', 'string', 'The build'),
      c('stage', 'string', 'framing, systems, finish or inspection'),
      c('started_on', 'date', 'The day the stage began (production start or the previous stage end)'),
      c('completed_on', 'date', 'The day it was completed'),
      c('days', 'integer', 'Days it took'),
    ],
  },
  shipments: {
    kind: 'fact',
    description: 'One row per shipment: promised, dispatched and delivered days',
    key: 'shipment_id',
    permission: 'delivery:read',
    columns: [
      c('shipment_id', 'string', 'The shipment'),
      c('order_id', 'string', 'The order'),
      c('customer_id', 'string', 'The customer'),
      c('carrier', 'string', 'The carrier'),
      c('ready_on', 'date', 'The day the home was ready'),
      c('promised_on', 'date', 'The delivery day first booked'),
      c('scheduled_for', 'date', 'The delivery day booked now'),
      c('reschedules', 'integer', 'How many times it moved'),
      c('dispatched_on', 'date', 'The day it left the yard'),
      c('delivered_on', 'date', 'The day it arrived'),
      c('on_time', 'boolean', 'Delivered on or before the day first promised'),
      c('cancelled', 'boolean', 'The booking was cancelled'),
    ],
  },
  stock_movements: {
    kind: 'fact',
    description: 'One row per change of stock on hand: receipts, consumption by builds, adjustments',
    key: 'key',
    permission: 'inventory:read',
    columns: [
      KEY,
      c('item_id', 'string', 'The item'),
      c('moved_on', 'date', 'The day (of the event)'),
      c('kind', 'string', 'received, consumed or adjusted'),
      c('quantity', 'integer', 'Change of stock on hand (consumption negative)'),
      c('unit_cost_cents', 'integer', 'Unit cost at the time'),
      c('value_cents', 'integer', 'quantity × unit cost'),
      c('reason', 'string', "An adjustment's reason"),
      c('purchase_order_id', 'string', 'The purchase order received against'),
      c('build_id', 'string', 'The build that consumed it'),
    ],
  },
  purchase_orders: {
    kind: 'fact',
    description: 'One row per purchase order: supplier, value and receipt',
    key: 'purchase_order_id',
    permission: 'purchasing:read',
    columns: [
      c('purchase_order_id', 'string', 'The purchase order'),
      c('supplier_id', 'string', 'The supplier'),
      c('placed_on', 'date', 'The day it was placed'),
      c('expected_on', 'date', 'The day it was expected'),
      c('total_cents', 'integer', 'Its value (quantity × unit cost over its lines)'),
      c('ordered_quantity', 'integer', 'Units ordered'),
      c('received_quantity', 'integer', 'Units received so far'),
      c('received_on', 'date', 'The day of the last receipt'),
      c('status', 'string', 'open, partial, received or cancelled'),
    ],
  },
  campaign_spend: {
    kind: 'fact',
    description: 'One row per amount spent on a campaign',
    key: 'key',
    permission: 'marketing:read',
    columns: [
      KEY,
      c('campaign_id', 'string', 'The campaign'),
      c('spent_on', 'date', 'The day'),
      c('amount_cents', 'integer', 'The amount'),
    ],
  },
  customers: {
    kind: 'dimension',
    description: 'Customers (no contact details)',
    key: 'customer_id',
    permission: 'customers:read',
    columns: [
      c('customer_id', 'string', 'The customer'),
      c('name', 'string', 'Their name'),
      c('registered_on', 'date', 'The day they were registered'),
      c('marketing_consent', 'boolean', 'Whether they accept marketing'),
    ],
  },
  models: {
    kind: 'dimension',
    description: 'Tiny-home models',
    key: 'model_id',
    permission: 'catalog:read',
    columns: [
      c('model_id', 'string', 'The model'),
      c('name', 'string', 'Its name'),
      c('base_price_cents', 'integer', 'Its price now'),
      c('size_sq_ft', 'integer', 'Floor area'),
      c('sleeps', 'integer', 'Sleeping places'),
      c('mount', 'string', 'trailer or foundation'),
      c('retired', 'boolean', 'No longer sold'),
    ],
  },
  items: {
    kind: 'dimension',
    description: 'Stock items, with what is on hand now',
    key: 'item_id',
    permission: 'inventory:read',
    columns: [
      c('item_id', 'string', 'The item'),
      c('sku', 'string', 'Its SKU'),
      c('name', 'string', 'Its name'),
      c('unit', 'string', 'Its unit'),
      c('unit_cost_cents', 'integer', 'Unit cost now'),
      c('on_hand', 'integer', 'Units on hand now'),
      c('reorder_point', 'integer', 'Reorder point'),
      c('supplier_id', 'string', 'Its usual supplier'),
    ],
  },
  suppliers: {
    kind: 'dimension',
    description: 'Suppliers',
    key: 'supplier_id',
    permission: 'purchasing:read',
    columns: [
      c('supplier_id', 'string', 'The supplier'),
      c('name', 'string', 'Its name'),
      c('lead_time_days', 'integer', 'Lead time'),
      c('payment_terms_days', 'integer', 'Payment terms'),
    ],
  },
  campaigns: {
    kind: 'dimension',
    description: 'Marketing campaigns',
    key: 'campaign_id',
    permission: 'marketing:read',
    columns: [
      c('campaign_id', 'string', 'The campaign'),
      c('name', 'string', 'Its name'),
      c('channel', 'string', 'Its channel'),
      c('budget_cents', 'integer', 'Its budget'),
      c('starts_on', 'date', 'Start'),
      c('ends_on', 'date', 'Planned end'),
      c('ended_on', 'date', 'The day it was stopped'),
    ],
  },
  dates: {
    kind: 'dimension',
    description: 'The calendar: one row per day the data spans',
    key: 'date',
    permission: 'reports:read',
    columns: [
      c('date', 'date', 'The day'),
      c('year', 'integer', 'Year'),
      c('quarter', 'integer', 'Quarter (1-4)'),
      c('month', 'integer', 'Month (1-12)'),
      c('day_of_week', 'integer', 'ISO day of week (1 = Monday)'),
    ],
  },
};

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** A dimension a dataset may join: its fields are named `<join>.<column>`. */
export interface Join {
  table: TableName;
  /** The dataset's column holding the dimension's key. */
  on: string;
}

/**
 * What a report reads: a table, or a fixed SQL view over tables (written here, never from input) when
 * its figures span facts, such as the lead funnel. Its readers need the permission of every table it
 * and its joins touch.
 */
export interface DatasetSpec {
  description: string;
  /** The table, or the tables a view reads. */
  tables: TableName[];
  /** A view's SELECT over the tables by name: standard SQL both DuckDB and Athena run. */
  view?: string;
  /** A view's columns (a table's are its own). */
  columns?: Column[];
  joins: Record<string, Join>;
}

const customer: Join = { table: 'customers', on: 'customer_id' };
const model: Join = { table: 'models', on: 'model_id' };

export const DATASETS = {
  orders: { description: TABLES.orders.description, tables: ['orders'], joins: { customer, model } },
  order_options: {
    description: TABLES.order_options.description,
    tables: ['order_options'],
    joins: { model, order: { table: 'orders', on: 'order_id' } },
  },
  payments: {
    description: TABLES.payments.description,
    tables: ['payments'],
    joins: { order: { table: 'orders', on: 'order_id' } },
  },
  quotes: { description: TABLES.quotes.description, tables: ['quotes'], joins: { customer, model } },
  leads: {
    description: TABLES.leads.description,
    tables: ['leads'],
    joins: { campaign: { table: 'campaigns', on: 'campaign_id' } },
  },
  lead_funnel: {
    description:
      'Each lead with how far its customer got: quoted (first quote drafted), ordered (first order placed, not cancelled)',
    tables: ['leads', 'quotes', 'orders'],
    view: `SELECT l.lead_id, l.channel, l.campaign_id, l.captured_on, l.status, l.converted_on,
  l.status IN ('qualified', 'converted') OR l.converted_on IS NOT NULL AS qualified,
  l.converted_on IS NOT NULL AS converted,
  q.first_quoted_on, q.first_quoted_on IS NOT NULL AS quoted,
  o.first_ordered_on, o.first_ordered_on IS NOT NULL AS ordered, COALESCE(o.order_cents, 0) AS order_cents
FROM leads l
LEFT JOIN (SELECT customer_id, MIN(drafted_on) AS first_quoted_on FROM quotes GROUP BY customer_id) q
  ON l.customer_id = q.customer_id
LEFT JOIN (SELECT customer_id, MIN(placed_on) AS first_ordered_on, SUM(total_cents) AS order_cents
  FROM orders WHERE cancelled_on IS NULL GROUP BY customer_id) o ON l.customer_id = o.customer_id`,
    columns: [
      c('lead_id', 'string', 'The lead'),
      c('channel', 'string', 'Its channel'),
      c('campaign_id', 'string', 'Its campaign'),
      c('captured_on', 'date', 'The day it came in'),
      c('status', 'string', 'open, qualified, disqualified or converted'),
      c('converted_on', 'date', 'The day it became a customer'),
      c('qualified', 'boolean', 'Qualified (or converted)'),
      c('converted', 'boolean', 'Became a customer'),
      c('first_quoted_on', 'date', "The customer's first quote"),
      c('quoted', 'boolean', 'Its customer was quoted'),
      c('first_ordered_on', 'date', "The customer's first order"),
      c('ordered', 'boolean', 'Its customer ordered'),
      c('order_cents', 'integer', "The customer's orders' value, cancelled ones excluded"),
    ],
    joins: { campaign: { table: 'campaigns', on: 'campaign_id' } },
  },
  builds: {
    description: TABLES.builds.description,
    tables: ['builds'],
    joins: { model, order: { table: 'orders', on: 'order_id' } },
  },
  build_stages: {
    description: TABLES.build_stages.description,
    tables: ['build_stages'],
    joins: { build: { table: 'builds', on: 'build_id' } },
  },
  shipments: { description: TABLES.shipments.description, tables: ['shipments'], joins: { customer } },
  stock_movements: {
    description: TABLES.stock_movements.description,
    tables: ['stock_movements'],
    joins: { item: { table: 'items', on: 'item_id' } },
  },
  items: {
    description: TABLES.items.description,
    tables: ['items'],
    joins: { supplier: { table: 'suppliers', on: 'supplier_id' } },
  },
  purchase_orders: {
    description: TABLES.purchase_orders.description,
    tables: ['purchase_orders'],
    joins: { supplier: { table: 'suppliers', on: 'supplier_id' } },
  },
  campaign_spend: {
    description: TABLES.campaign_spend.description,
    tables: ['campaign_spend'],
    joins: { campaign: { table: 'campaigns', on: 'campaign_id' } },
  },
  campaign_returns: {
    description:
      "Each campaign with its spend, its leads, the leads that became customers and those customers' orders",
    tables: ['campaigns', 'campaign_spend', 'leads', 'orders'],
    view: `SELECT c.campaign_id, c.name, c.channel, c.starts_on, c.budget_cents,
  COALESCE(s.spent_cents, 0) AS spent_cents, COALESCE(l.leads, 0) AS leads,
  COALESCE(l.converted, 0) AS converted, COALESCE(o.orders, 0) AS orders,
  COALESCE(o.revenue_cents, 0) AS revenue_cents
FROM campaigns c
LEFT JOIN (SELECT campaign_id, SUM(amount_cents) AS spent_cents FROM campaign_spend GROUP BY campaign_id) s
  ON c.campaign_id = s.campaign_id
LEFT JOIN (SELECT campaign_id, COUNT(*) AS leads, COUNT(converted_on) AS converted FROM leads
  GROUP BY campaign_id) l ON c.campaign_id = l.campaign_id
LEFT JOIN (SELECT ld.campaign_id, COUNT(*) AS orders, SUM(od.total_cents) AS revenue_cents FROM leads ld
  JOIN orders od ON od.customer_id = ld.customer_id AND od.cancelled_on IS NULL
  WHERE ld.campaign_id IS NOT NULL GROUP BY ld.campaign_id) o ON c.campaign_id = o.campaign_id`,
    columns: [
      c('campaign_id', 'string', 'The campaign'),
      c('name', 'string', 'Its name'),
      c('channel', 'string', 'Its channel'),
      c('starts_on', 'date', 'Start'),
      c('budget_cents', 'integer', 'Budget'),
      c('spent_cents', 'integer', 'Spent'),
      c('leads', 'integer', 'Leads attributed to it'),
      c('converted', 'integer', 'Of those, customers'),
      c('orders', 'integer', "Those customers' orders (not cancelled)"),
      c('revenue_cents', 'integer', "Those orders' value"),
    ],
    joins: {},
  },
} satisfies Record<string, DatasetSpec>;

export type DatasetName = keyof typeof DATASETS;
export const DATASET_NAMES = Object.keys(DATASETS) as DatasetName[];

export const isDataset = (name: string): name is DatasetName => Object.hasOwn(DATASETS, name);

export const datasetColumns = (name: DatasetName): Column[] => {
  const spec: DatasetSpec = DATASETS[name];
  return spec.columns ?? TABLES[spec.tables[0]!].columns;
};

/** The permissions reading a dataset (with the joins it uses) needs: one per table it touches. */
export const permissionsFor = (tables: readonly TableName[]): Permission[] => [
  ...new Set(tables.map((t) => TABLES[t].permission)),
];

/** Whether a caller holding these permissions may read the dataset (and every dimension it joins). */
export const mayRead = (name: DatasetName, holds: (p: Permission) => boolean): boolean =>
  permissionsFor(DATASETS[name].tables).every(holds);
