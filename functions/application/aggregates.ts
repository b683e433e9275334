import {
  API_KEY_ACTIONS,
  type ApiKeyState,
  apiKeyDecider,
  availableApiKeyActions,
} from '../../domain/access/api-keys.ts';
import type { Permission } from '../../domain/access/permissions.ts';
import {
  availableModelActions,
  MODEL_ACTIONS,
  type ModelState,
  modelDecider,
} from '../../domain/catalog/models.ts';
import {
  availableCustomerActions,
  CUSTOMER_ACTIONS,
  type CustomerState,
  customerDecider,
} from '../../domain/customers/customers.ts';
import {
  availableLeadActions,
  LEAD_ACTIONS,
  type LeadState,
  leadDecider,
} from '../../domain/customers/leads.ts';
import {
  availableShipmentActions,
  SHIPMENT_ACTIONS,
  type ShipmentState,
  shipmentDecider,
} from '../../domain/delivery/shipments.ts';
import {
  availableRecommendationActions,
  RECOMMENDATION_ACTIONS,
  type RecommendationState,
  recommendationDecider,
} from '../../domain/insights/recommendations.ts';
import { type InsightsRunState, insightsRunDecider } from '../../domain/insights/runs.ts';
import { type DeliveryState, deliveryDecider } from '../../domain/integrations/deliveries.ts';
import {
  availableIntegrationActions,
  INTEGRATION_ACTIONS,
  type IntegrationState,
  integrationDecider,
} from '../../domain/integrations/integrations.ts';
import {
  availableOutboundDeliveryActions,
  OUTBOUND_DELIVERY_ACTIONS,
  type OutboundDeliveryState,
  outboundDeliveryDecider,
} from '../../domain/integrations/outbound-deliveries.ts';
import {
  availableEndpointActions,
  ENDPOINT_ACTIONS,
  type EndpointState,
  endpointDecider,
} from '../../domain/integrations/outbound-endpoints.ts';
import {
  availableItemActions,
  availableOf,
  ITEM_ACTIONS,
  type ItemState,
  itemDecider,
  needsReorder,
} from '../../domain/inventory/items.ts';
import {
  availableCampaignActions,
  CAMPAIGN_ACTIONS,
  type CampaignState,
  campaignDecider,
} from '../../domain/marketing/campaigns.ts';
import {
  availableBuildActions,
  BUILD_ACTIONS,
  type BuildState,
  buildDecider,
} from '../../domain/production/builds.ts';
import {
  availablePurchaseOrderActions,
  PURCHASE_ORDER_ACTIONS,
  type PurchaseOrderState,
  purchaseOrderDecider,
} from '../../domain/purchasing/purchase-orders.ts';
import {
  availableSupplierActions,
  SUPPLIER_ACTIONS,
  type SupplierState,
  supplierDecider,
} from '../../domain/purchasing/suppliers.ts';
import {
  availableDashboardActions,
  DASHBOARD_ACTIONS,
  type DashboardState,
  dashboardDecider,
} from '../../domain/reports/dashboard.ts';
import {
  availableReportActions,
  REPORT_ACTIONS,
  type SavedReportState,
  savedReportDecider,
} from '../../domain/reports/saved.ts';
import {
  availableOrderActions,
  balanceDueOf,
  netPaidOf,
  ORDER_ACTIONS,
  type OrderState,
  orderDecider,
  refundableOf,
} from '../../domain/sales/orders.ts';
import {
  availableQuoteActions,
  QUOTE_ACTIONS,
  type QuoteState,
  quoteDecider,
} from '../../domain/sales/quotes.ts';
import type { ActionContext, Decider } from '../../domain/shared/decider.ts';
import { availableRunActions, RUN_ACTIONS, type RunState, runDecider } from '../../domain/workflows/runs.ts';
import {
  availableTaskActions,
  TASK_ACTIONS,
  type TaskState,
  taskDecider,
} from '../../domain/workflows/tasks.ts';
import {
  availableWorkflowActions,
  WORKFLOW_ACTIONS,
  type WorkflowState,
  workflowDecider,
} from '../../domain/workflows/workflows.ts';
import type { DomainEvent } from '../../events/catalog.ts';
import { aggregateOf, streamId } from '../../events/envelope.ts';

/**
 * The registry of aggregates: each business record type defined once, with its stream prefix, the
 * decider that folds its state, the view (read model) its state is projected into, what list searches
 * match, and the permission that reads it. Handlers, projections, digests, exports, time travel and the
 * demo seeder all take an aggregate from here; no stream prefix is written anywhere else.
 */
export interface Aggregate<
  C = unknown,
  S extends { exists: boolean } = { exists: boolean },
  E = DomainEvent,
  A extends string = string,
> {
  /** The stream prefix: a record's events are the stream `<prefix>-<id>`. */
  readonly prefix: string;
  /** The record type's name in messages ("Order 01J… not found"). */
  readonly title: string;
  readonly decider: Decider<C, S, E & DomainEvent>;
  /** The view its rows are projected into (and exported from). */
  readonly view: string;
  /** The permission that reads its records (its list and read routes, and exports of its view). */
  readonly read: Permission;
  /** What list searches match, lower-cased once at projection time (its words are the search index). */
  readonly searchText: (state: S) => string;
  /**
   * The exact-match filters its list offers (the list route's query names, fields of the state), in a
   * fixed order: each combination has a sparse index of the views table (functions/adapters/list-index.ts).
   */
  readonly filters: readonly string[];
  /** The commands that can be taken on a record, by name (the API's vocabulary of actions). */
  readonly actions: readonly A[];
  /** The actions its decider would accept in this state (domain `available…Actions`). */
  readonly available: (state: S, context: ActionContext) => A[];
  /** Figures the API adds to a record, derived from its state by the domain (e.g. an order's balance due). */
  readonly derived?: (state: Extract<S, { exists: true }>) => Record<string, unknown>;
  /** The stream of the record with this id. */
  readonly stream: (id: string) => string;
  /**
   * The state's field that repeats the record's id (`modelId` of a model): events carry it, the API
   * does not, since every record already shows it as `id`.
   */
  readonly idField: string;
}

const define = <C, S extends { exists: boolean }, E extends DomainEvent, A extends string>(
  prefix: string,
  definition: Omit<Aggregate<C, S, E, A>, 'prefix' | 'stream'>,
): Aggregate<C, S, E, A> => ({ prefix, ...definition, stream: (id) => streamId(prefix, id) });

export const aggregates = {
  model: define('model', {
    title: 'Model',
    idField: 'modelId',
    decider: modelDecider,
    view: 'models',
    filters: [],
    read: 'catalog:read',
    searchText: (s: ModelState) => (s.exists ? s.name.toLowerCase() : ''),
    actions: MODEL_ACTIONS,
    available: availableModelActions,
  }),
  customer: define('customer', {
    title: 'Customer',
    idField: 'customerId',
    decider: customerDecider,
    view: 'customers',
    filters: [],
    read: 'customers:read',
    searchText: (s: CustomerState) => (s.exists ? `${s.name} ${s.email}`.toLowerCase() : ''),
    actions: CUSTOMER_ACTIONS,
    available: availableCustomerActions,
  }),
  order: define('order', {
    title: 'Order',
    idField: 'orderId',
    decider: orderDecider,
    view: 'orders',
    filters: ['stage', 'customerId'],
    read: 'orders:read',
    searchText: (s: OrderState) => (s.exists ? `${s.orderId} ${s.modelName}`.toLowerCase() : ''),
    actions: ORDER_ACTIONS,
    available: availableOrderActions,
    derived: (order) => ({
      netPaidCents: netPaidOf(order),
      balanceDueCents: balanceDueOf(order),
      payments: order.payments.map((p) => ({ ...p, refundableCents: refundableOf(p) })),
    }),
  }),
  lead: define('lead', {
    title: 'Lead',
    idField: 'leadId',
    decider: leadDecider,
    view: 'leads',
    filters: ['status', 'channel', 'campaignId'],
    read: 'leads:read',
    searchText: (s: LeadState) => (s.exists ? `${s.name} ${s.email}`.toLowerCase() : ''),
    actions: LEAD_ACTIONS,
    available: availableLeadActions,
  }),
  quote: define('quote', {
    title: 'Quote',
    idField: 'quoteId',
    decider: quoteDecider,
    view: 'quotes',
    filters: ['status', 'customerId'],
    read: 'quotes:read',
    searchText: (s: QuoteState) => (s.exists ? `${s.quoteId} ${s.modelName}`.toLowerCase() : ''),
    actions: QUOTE_ACTIONS,
    available: availableQuoteActions,
  }),
  // One build and one shipment per order, keyed by the order id, so an order's production and delivery
  // records are found without an index.
  build: define('build', {
    title: 'Build',
    idField: 'buildId',
    decider: buildDecider,
    view: 'builds',
    filters: ['status', 'stage', 'bay'],
    read: 'production:read',
    searchText: (s: BuildState) => (s.exists ? `${s.orderId} ${s.modelName} ${s.bay}`.toLowerCase() : ''),
    actions: BUILD_ACTIONS,
    available: availableBuildActions,
  }),
  shipment: define('shipment', {
    title: 'Shipment',
    idField: 'shipmentId',
    decider: shipmentDecider,
    view: 'shipments',
    filters: ['status', 'carrier'],
    read: 'delivery:read',
    searchText: (s: ShipmentState) =>
      s.exists ? `${s.orderId} ${s.carrier} ${s.destination}`.toLowerCase() : '',
    actions: SHIPMENT_ACTIONS,
    available: availableShipmentActions,
  }),
  item: define('item', {
    title: 'Item',
    idField: 'itemId',
    decider: itemDecider,
    view: 'items',
    filters: ['supplierId'],
    read: 'inventory:read',
    searchText: (s: ItemState) => (s.exists ? `${s.sku} ${s.name}`.toLowerCase() : ''),
    actions: ITEM_ACTIONS,
    available: availableItemActions,
    derived: (item) => ({ available: availableOf(item), needsReorder: needsReorder(item) }),
  }),
  supplier: define('supplier', {
    title: 'Supplier',
    idField: 'supplierId',
    decider: supplierDecider,
    view: 'suppliers',
    filters: [],
    read: 'purchasing:read',
    searchText: (s: SupplierState) => (s.exists ? `${s.name} ${s.email}`.toLowerCase() : ''),
    actions: SUPPLIER_ACTIONS,
    available: availableSupplierActions,
  }),
  purchaseOrder: define('purchaseorder', {
    title: 'Purchase order',
    idField: 'purchaseOrderId',
    decider: purchaseOrderDecider,
    view: 'purchaseOrders',
    filters: ['status', 'supplierId'],
    read: 'purchasing:read',
    searchText: (s: PurchaseOrderState) =>
      s.exists ? `${s.purchaseOrderId} ${s.supplierId}`.toLowerCase() : '',
    actions: PURCHASE_ORDER_ACTIONS,
    available: availablePurchaseOrderActions,
  }),
  campaign: define('campaign', {
    title: 'Campaign',
    idField: 'campaignId',
    decider: campaignDecider,
    view: 'campaigns',
    filters: ['channel', 'status'],
    read: 'marketing:read',
    searchText: (s: CampaignState) => (s.exists ? `${s.name} ${s.channel}`.toLowerCase() : ''),
    actions: CAMPAIGN_ACTIONS,
    available: availableCampaignActions,
  }),
  integration: define('integration', {
    title: 'Integration',
    decider: integrationDecider,
    view: 'integrations',
    idField: 'integrationId',
    filters: ['template', 'status'],
    read: 'integrations:read',
    searchText: (s: IntegrationState) => (s.exists ? `${s.name} ${s.template}`.toLowerCase() : ''),
    actions: INTEGRATION_ACTIONS,
    available: availableIntegrationActions,
  }),
  // One stream per delivery a third party sent, keyed `<integrationId>.<ulid>` (time-ordered).
  webhookDelivery: define('webhookdelivery', {
    title: 'Webhook delivery',
    decider: deliveryDecider,
    view: 'webhookDeliveries',
    idField: 'deliveryId',
    filters: ['integrationId', 'status'],
    read: 'integrations:read',
    searchText: (s: DeliveryState) =>
      s.exists ? `${s.providerEventId} ${s.eventType} ${s.status}`.toLowerCase() : '',
    actions: [],
    available: () => [],
  }),
  // Outbound webhooks (functions/integrations/outbound): endpoints, and one delivery per endpoint and
  // event, keyed `<endpointId>_<eventId>`.
  outboundEndpoint: define('outboundendpoint', {
    title: 'Webhook endpoint',
    decider: endpointDecider,
    view: 'outboundEndpoints',
    idField: 'endpointId',
    filters: ['status'],
    read: 'integrations:read',
    searchText: (s: EndpointState) => (s.exists ? `${s.url} ${s.description}`.toLowerCase() : ''),
    actions: ENDPOINT_ACTIONS,
    available: availableEndpointActions,
  }),
  outboundDelivery: define('outbounddelivery', {
    title: 'Outbound delivery',
    decider: outboundDeliveryDecider,
    view: 'outboundDeliveries',
    idField: 'deliveryId',
    filters: ['endpointId', 'status'],
    read: 'integrations:read',
    searchText: (s: OutboundDeliveryState) =>
      s.exists ? `${s.eventType} ${s.eventId} ${s.status}`.toLowerCase() : '',
    actions: OUTBOUND_DELIVERY_ACTIONS,
    available: availableOutboundDeliveryActions,
  }),
  apiKey: define('apikey', {
    title: 'API key',
    decider: apiKeyDecider,
    view: 'apiKeys',
    idField: 'keyId',
    filters: ['status'],
    read: 'integrations:read',
    searchText: (s: ApiKeyState) => (s.exists ? `${s.name} ${s.prefix}`.toLowerCase() : ''),
    actions: API_KEY_ACTIONS,
    available: availableApiKeyActions,
  }),
  // Workflow automation (issue 12): the workflow record, its draft and published versions. Its runs and
  // tasks are records of their own (prefixes without a dash, so `workflow-` streams are workflows only).
  workflow: define('workflow', {
    title: 'Workflow',
    decider: workflowDecider,
    view: 'workflows',
    idField: 'workflowId',
    filters: ['status'],
    read: 'workflows:read',
    searchText: (s: WorkflowState) => (s.exists ? `${s.name} ${s.description}`.toLowerCase() : ''),
    actions: WORKFLOW_ACTIONS,
    available: availableWorkflowActions,
  }),
  // Workflow runs and the tasks they create (functions/workflows). `aggregateOf` cuts a stream id at its
  // first dash, so they cannot live under `workflow-…` (the workflows' own prefix): `workflowrun-<runId>`
  // and `workflowtask-<taskId>`.
  workflowRun: define('workflowrun', {
    title: 'Workflow run',
    decider: runDecider,
    view: 'workflowRuns',
    idField: 'runId',
    filters: ['workflowId', 'status'],
    read: 'workflows:read',
    searchText: (s: RunState) => (s.exists ? `${s.runId} ${s.trigger.kind} ${s.status}`.toLowerCase() : ''),
    actions: RUN_ACTIONS,
    available: availableRunActions,
  }),
  workflowTask: define('workflowtask', {
    title: 'Task',
    decider: taskDecider,
    view: 'workflowTasks',
    idField: 'taskId',
    filters: ['role', 'status'],
    read: 'tasks:read',
    searchText: (s: TaskState) => (s.exists ? `${s.title} ${s.details ?? ''}`.toLowerCase() : ''),
    actions: TASK_ACTIONS,
    available: availableTaskActions,
  }),
  // Saved reports (issue 14): report definitions with an owner and versions. The view is not `reports`,
  // which holds the overview's snapshot row.
  savedReport: define('report', {
    title: 'Report',
    decider: savedReportDecider,
    view: 'savedReports',
    idField: 'reportId',
    filters: ['status'],
    read: 'reports:read',
    searchText: (s: SavedReportState) => (s.exists ? `${s.name} ${s.description}`.toLowerCase() : ''),
    actions: REPORT_ACTIONS,
    available: availableReportActions,
  }),
  // Dashboards (issue 14): saved reports and templates as tiles with shared filters.
  dashboard: define('dashboard', {
    title: 'Dashboard',
    decider: dashboardDecider,
    view: 'dashboards',
    idField: 'dashboardId',
    filters: ['status'],
    read: 'reports:read',
    searchText: (s: DashboardState) => (s.exists ? `${s.name} ${s.description}`.toLowerCase() : ''),
    actions: DASHBOARD_ACTIONS,
    available: availableDashboardActions,
  }),
  // Insights (issue 15): the recommendations runs propose, tracked to what they realised, and the runs.
  recommendation: define('recommendation', {
    title: 'Recommendation',
    decider: recommendationDecider,
    view: 'recommendations',
    idField: 'recommendationId',
    filters: ['status', 'category'],
    read: 'insights:read',
    searchText: (s: RecommendationState) => (s.exists ? `${s.title} ${s.subject.name}`.toLowerCase() : ''),
    actions: RECOMMENDATION_ACTIONS,
    available: availableRecommendationActions,
  }),
  insightsRun: define('insightsrun', {
    title: 'Insights run',
    decider: insightsRunDecider,
    view: 'insightsRuns',
    idField: 'runId',
    filters: ['status'],
    read: 'insights:read',
    searchText: (s: InsightsRunState) => (s.exists ? `${s.runId} ${s.trigger}` : ''),
    actions: [],
    available: () => [],
  }),
};

export type AggregateName = keyof typeof aggregates;

/** Any aggregate, for code that only folds and names records (projections, digests, time travel). */
// biome-ignore lint/suspicious/noExplicitAny: commands and states differ per aggregate; such code only evolves.
export type AnyAggregate = Aggregate<any, any, any, string>;

/** Stream ids by aggregate name: `streams.order(id)` is `aggregates.order.stream(id)`. */
export const streams = Object.fromEntries(
  Object.entries(aggregates).map(([name, a]) => [name, a.stream]),
) as {
  readonly [K in AggregateName]: (id: string) => string;
};

/** Every aggregate, in registry order. */
export const aggregateList: readonly AnyAggregate[] = Object.values(aggregates);

const byPrefix = new Map(aggregateList.map((a) => [a.prefix, a]));
const byView = new Map(aggregateList.map((a) => [a.view, a]));

/** The aggregate a stream belongs to; undefined for streams that are not business records. */
export const aggregateOfStream = (stream: string): AnyAggregate | undefined =>
  byPrefix.get(aggregateOf(stream));

/** The aggregate projected into a view; undefined for operational views. */
export const aggregateOfView = (view: string): AnyAggregate | undefined => byView.get(view);

/** The read models the aggregates project into: business state, as opposed to operational rows. */
export const aggregateViews = (): string[] => aggregateList.map((a) => a.view);

/**
 * Streams that are not business records: sign-in accounts, users' access, the access log and raised
 * security events. Their prefixes live here too, so a stream id is only ever made in this file.
 */
export const systemStreams = {
  /** A user's access (invitation, roles, disabling), keyed by email. */
  user: (email: string) => streamId('user', email),
  /** A sign-in account's attempts and lockouts, keyed by email. */
  account: (email: string) => streamId('account', email),
  /** Sensitive reads by one person, keyed by their email or id. */
  access: (who: string) => streamId('access', who),
  /** One raised security event (detection) and its handling. */
  security: (id: string) => streamId('security', id),
  /** A provider's event id on one integration, claimed by its first delivery (`<integrationId>.<eventId>`). */
  webhookClaim: (claimId: string) => streamId('webhookclaim', claimId),
  /** Refused webhook deliveries of one provider (template), for the signature-failure detection. */
  webhook: (provider: string) => streamId('webhook', provider),
  /** One integration's scheduled health checks on one UTC day (`<integrationId>.<YYYY-MM-DD>`). */
  integrationChecks: (integrationId: string, day: string) =>
    streamId('integrationcheck', `${integrationId}.${day}`),
  /** One notification of the notification centre, with its recipients' read marks. */
  notification: (id: string) => streamId('notification', id),
  /** One alert rule's state changes, acknowledgements and silences. */
  alertRule: (ruleId: string) => streamId('alertrule', ruleId),
  /** The scheduled monitoring check's runs in one UTC hour (`<YYYY-MM-DDTHH>`). */
  monitoringChecks: (hour: string) => streamId('monitoringcheck', hour),
  /** The uptime checks' runs in one UTC hour (`<YYYY-MM-DDTHH>`). */
  uptimeRuns: (hour: string) => streamId('uptimerun', hour),
  /** One UTC day's hours of uptime runs as segments per check (`<YYYY-MM-DD>`). */
  uptimeDay: (day: string) => streamId('uptimeday', day),
  /** The uptime SLO's target. */
  slo: () => streamId('slo', 'current'),
  /** A saved report's runs (scheduled and by hand): started, then succeeded, skipped or failed. */
  reportRuns: (reportId: string) => streamId('reportrun', reportId),
  /** Every decryption of one integration's credentials. */
  credentialUse: (integrationId: string) => streamId('credentialuse', integrationId),
};

export const evolveAll = <S>(aggregate: AnyAggregate, state: S, events: readonly DomainEvent[]): S =>
  events.reduce((s, e) => aggregate.decider.evolve(s, e) as S, state);
