import type * as z from 'zod';
import * as access from './contexts/access.ts';
import * as apiKeys from './contexts/api-keys.ts';
import * as catalogEvents from './contexts/catalog.ts';
import * as customers from './contexts/customers.ts';
import * as dashboards from './contexts/dashboards.ts';
import * as delivery from './contexts/delivery.ts';
import * as insights from './contexts/insights.ts';
import * as integrations from './contexts/integrations.ts';
import * as inventory from './contexts/inventory.ts';
import * as leads from './contexts/leads.ts';
import * as marketing from './contexts/marketing.ts';
import * as monitoring from './contexts/monitoring.ts';
import * as notifications from './contexts/notifications.ts';
import * as ops from './contexts/ops.ts';
import * as outbound from './contexts/outbound.ts';
import * as production from './contexts/production.ts';
import * as purchasing from './contexts/purchasing.ts';
import * as reports from './contexts/reports.ts';
import * as sales from './contexts/sales.ts';
import * as security from './contexts/security.ts';
import * as workflows from './contexts/workflows.ts';
import type { EventDefinition } from './define.ts';
import type { Envelope } from './envelope.ts';

const definitions = [
  catalogEvents.ModelCreated,
  catalogEvents.ModelRepriced,
  catalogEvents.ModelOptionSet,
  catalogEvents.ModelOptionRemoved,
  catalogEvents.ModelSpecsChanged,
  catalogEvents.ModelMaterialsSet,
  catalogEvents.ModelRetired,
  customers.CustomerRegistered,
  customers.CustomerDetailsChanged,
  customers.CustomerContacted,
  leads.LeadCaptured,
  leads.LeadContacted,
  leads.LeadQualified,
  leads.LeadDisqualified,
  leads.LeadConverted,
  leads.LeadConsentChanged,
  sales.QuoteDrafted,
  sales.QuoteDiscountApplied,
  sales.QuoteDiscountApproved,
  sales.QuoteSent,
  sales.QuoteAccepted,
  sales.QuoteDeclined,
  sales.QuoteExpired,
  sales.OrderPlaced,
  sales.DepositPaid,
  sales.PaymentReceived,
  sales.PaymentFailed,
  sales.PaymentRefunded,
  sales.BuildStarted,
  sales.BuildCompleted,
  sales.OrderDelivered,
  sales.OrderCancelled,
  production.BuildScheduled,
  production.ProductionStarted,
  production.BuildStageCompleted,
  production.BuildDelayed,
  production.ProductionCompleted,
  production.BuildCancelled,
  delivery.ShipmentScheduled,
  delivery.ShipmentRescheduled,
  delivery.ShipmentDispatched,
  delivery.ShipmentDelivered,
  delivery.ShipmentCancelled,
  delivery.DamageClaimFiled,
  delivery.DamageClaimResolved,
  inventory.ItemRegistered,
  inventory.ItemCostChanged,
  inventory.ItemReorderPolicySet,
  inventory.StockReceived,
  inventory.StockReserved,
  inventory.StockReservationReleased,
  inventory.StockConsumed,
  inventory.StockAdjusted,
  purchasing.SupplierRegistered,
  purchasing.SupplierDetailsChanged,
  purchasing.PurchaseOrderPlaced,
  purchasing.PurchaseOrderReceived,
  purchasing.PurchaseOrderCancelled,
  marketing.CampaignLaunched,
  marketing.CampaignBudgetChanged,
  marketing.CampaignSpendRecorded,
  marketing.CampaignEnded,
  access.SignInSucceeded,
  access.SignInFailed,
  access.UserInvited,
  access.UserActivated,
  access.RoleAssigned,
  access.RoleRevoked,
  access.UserDisabled,
  access.UserEnabled,
  access.AccountLocked,
  access.AccountUnlocked,
  access.MfaEnabled,
  access.MfaReset,
  access.SensitiveDataAccessed,
  apiKeys.ApiKeyIssued,
  apiKeys.ApiKeyRevoked,
  security.SecurityEventRaised,
  security.SecurityEventAcknowledged,
  security.SecurityEventResolved,
  security.WebhookSignatureRejected,
  ops.BackupCompleted,
  ops.BackupFailed,
  ops.BackupVerified,
  ops.BackupsExpired,
  ops.BackupSettingsChanged,
  ops.RestoreCompleted,
  ops.RestoreFailed,
  ops.ExportCreated,
  integrations.IntegrationConnected,
  integrations.IntegrationCredentialsRotated,
  integrations.IntegrationTested,
  integrations.IntegrationChecked,
  integrations.IntegrationAlertRaised,
  integrations.IntegrationAlertCleared,
  integrations.IntegrationDisabled,
  integrations.IntegrationEnabled,
  integrations.WebhookDeliveryClaimed,
  integrations.WebhookDeliveryReceived,
  integrations.WebhookDeliveryProcessed,
  integrations.CredentialDecrypted,
  outbound.OutboundEndpointCreated,
  outbound.OutboundEndpointSecretRotated,
  outbound.OutboundEndpointFailing,
  outbound.OutboundEndpointRecovered,
  outbound.OutboundEndpointDisabled,
  outbound.OutboundEndpointEnabled,
  outbound.OutboundDeliveryCreated,
  outbound.OutboundDeliveryAttempted,
  outbound.OutboundDeliveryFailed,
  outbound.OutboundDeliveryRequeued,
  notifications.NotificationRaised,
  notifications.NotificationRead,
  notifications.NotificationEmailed,
  monitoring.MonitoringChecked,
  monitoring.AlertStateChanged,
  monitoring.AlertAcknowledged,
  monitoring.AlertSilenced,
  monitoring.AlertUnsilenced,
  monitoring.UptimeChecked,
  monitoring.UptimeHourSummarized,
  monitoring.SloTargetChanged,
  monitoring.AlertRuleConfigured,
  workflows.WorkflowDrafted,
  workflows.WorkflowEdited,
  workflows.WorkflowPublished,
  workflows.WorkflowPaused,
  workflows.WorkflowResumed,
  workflows.WorkflowArchived,
  workflows.WorkflowRunStarted,
  workflows.WorkflowRunEnded,
  workflows.WorkflowTaskCreated,
  workflows.WorkflowTaskCompleted,
  reports.ReportDrafted,
  reports.ReportEdited,
  reports.ReportArchived,
  reports.ReportScheduled,
  reports.ReportUnscheduled,
  reports.ReportShared,
  reports.ReportUnshared,
  reports.ReportLinkCreated,
  reports.ReportLinkRevoked,
  reports.ReportRunStarted,
  reports.ReportRunSucceeded,
  reports.ReportRunSkipped,
  reports.ReportRunFailed,
  dashboards.DashboardCreated,
  dashboards.DashboardEdited,
  dashboards.DashboardArchived,
  insights.InsightsRunStarted,
  insights.InsightsRunCompleted,
  insights.InsightsRunFailed,
  insights.RecommendationProposed,
  insights.RecommendationAccepted,
  insights.RecommendationDismissed,
  insights.RecommendationImplemented,
  insights.RecommendationMeasured,
] as const;

type Definitions = (typeof definitions)[number];
export type EventType = Definitions['type'];
export type EventData<T extends EventType> = z.infer<Extract<Definitions, { type: T }>['schema']>;

/** A domain event before it is stored: its type and its data in the current version. */
export type DomainEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

/** A stored event in its current shape, typed by its `type`. */
export type StoredEvent = { [T in EventType]: Envelope<EventData<T>> & { type: T } }[EventType];

export const eventCatalog: ReadonlyMap<string, EventDefinition> = new Map(
  definitions.map((d) => [d.type, d as EventDefinition]),
);

export class UnknownEventError extends Error {
  override name = 'UnknownEventError';
}

export const sourceOf = (type: string): string => {
  const def = eventCatalog.get(type);
  if (!def) throw new UnknownEventError(`Unknown event type ${type}`);
  return `firefly.${def.context}`;
};

export const currentVersion = (type: string): number => {
  const def = eventCatalog.get(type);
  if (!def) throw new UnknownEventError(`Unknown event type ${type}`);
  return def.version;
};

/**
 * Validates an event's data against the schema of the version it was written with, then upcasts it step by
 * step to the current version. Stored history is never rewritten; readers always see the current shape.
 */
export const upcast = (envelope: Envelope): StoredEvent => {
  const def = eventCatalog.get(envelope.type);
  if (!def) throw new UnknownEventError(`Unknown event type ${envelope.type}`);
  if (envelope.version > def.version || envelope.version < 1) {
    throw new UnknownEventError(`Unknown version ${envelope.version} of ${envelope.type}`);
  }
  let data = envelope.data;
  for (const step of def.history.slice(envelope.version - 1)) {
    data = step.upcast ? step.upcast(step.schema.parse(data) as Record<string, unknown>) : data;
  }
  const parsed = def.schema.parse(data) as Record<string, unknown>;
  return { ...envelope, version: def.version, data: parsed } as StoredEvent;
};

/** Validates new event data against the current schema; throws a ZodError on a mismatch. */
export const validateNew = (event: { type: string; data: unknown }): Record<string, unknown> => {
  const def = eventCatalog.get(event.type);
  if (!def) throw new UnknownEventError(`Unknown event type ${event.type}`);
  return def.schema.parse(event.data) as Record<string, unknown>;
};
