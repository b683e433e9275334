import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { listApiKeys } from '../../../functions/api/apikeys/contract.ts';
import { listModels } from '../../../functions/api/catalog/contract.ts';
import { listCustomers } from '../../../functions/api/customers/contract.ts';
import { listShipments } from '../../../functions/api/delivery/contract.ts';
import { listInsightsRuns, listRecommendations } from '../../../functions/api/insights/contract.ts';
import { listDeliveries, listIntegrations } from '../../../functions/api/integrations/contract.ts';
import { listItems } from '../../../functions/api/inventory/contract.ts';
import { listLeads } from '../../../functions/api/leads/contract.ts';
import { listCampaigns } from '../../../functions/api/marketing/contract.ts';
import { listAlertRules, listLogs, listUptimeIncidents } from '../../../functions/api/monitoring/contract.ts';
import { listOrders } from '../../../functions/api/orders/contract.ts';
import { listEndpointDeliveries, listEndpoints } from '../../../functions/api/outbound/contract.ts';
import { listBuilds } from '../../../functions/api/production/contract.ts';
import { listPurchaseOrders, listSuppliers } from '../../../functions/api/purchasing/contract.ts';
import { listQuotes } from '../../../functions/api/quotes/contract.ts';
import { listSavedReports } from '../../../functions/api/reports/contract.ts';
import { listDashboards } from '../../../functions/api/reports/dashboard-contract.ts';
import { listSecurityEvents } from '../../../functions/api/security/contract.ts';
import { listTasks, listWorkflowRuns } from '../../../functions/api/workflow-runs/contract.ts';
import { listWorkflows } from '../../../functions/api/workflows/contract.ts';
import { aggregates } from '../../../functions/application/aggregates.ts';
import type { RouteContract } from '../../../functions/http/route.ts';
import { ALERT_FILTERS } from '../../../functions/monitoring/alert-rules.ts';
import { LOG_FILTERS } from '../../../functions/monitoring/telemetry-queries.ts';
import { INCIDENT_FILTERS } from '../../../functions/monitoring/uptime-report.ts';
import { INCIDENT_LIST } from '../../../functions/security/alerts.ts';
import { MAX_LIST_FILTERS } from '../../../functions/tables.ts';

/**
 * A list route offers exactly the filters its view indexes: a query name without an index would have
 * to filter after the page limit (short pages), an index without a query name would be dead weight.
 */
const PAGING = ['limit', 'cursor', 'search', 'order'];

/** Path parameters filter too: an integration's deliveries are listed under its own path. */
const filtersOf = (route: RouteContract) =>
  [...Object.keys((route.query as z.ZodObject).shape), ...Object.keys(route.params?.shape ?? {})]
    .filter((name) => !PAGING.includes(name))
    .map((name) =>
      name !== 'id'
        ? name
        : route === listDeliveries
          ? 'integrationId'
          : route === listEndpointDeliveries
            ? 'endpointId'
            : route === listWorkflowRuns
              ? 'workflowId'
              : name,
    )
    .toSorted();

const lists: [string, RouteContract, readonly string[]][] = [
  ['models', listModels, aggregates.model.filters],
  ['customers', listCustomers, aggregates.customer.filters],
  ['orders', listOrders, aggregates.order.filters],
  ['leads', listLeads, aggregates.lead.filters],
  ['quotes', listQuotes, aggregates.quote.filters],
  ['builds', listBuilds, aggregates.build.filters],
  ['shipments', listShipments, aggregates.shipment.filters],
  ['items', listItems, aggregates.item.filters],
  ['suppliers', listSuppliers, aggregates.supplier.filters],
  ['purchase orders', listPurchaseOrders, aggregates.purchaseOrder.filters],
  ['campaigns', listCampaigns, aggregates.campaign.filters],
  ['integrations', listIntegrations, aggregates.integration.filters],
  ['webhook deliveries', listDeliveries, aggregates.webhookDelivery.filters],
  ['webhook endpoints', listEndpoints, aggregates.outboundEndpoint.filters],
  ['outbound deliveries', listEndpointDeliveries, aggregates.outboundDelivery.filters],
  ['API keys', listApiKeys, aggregates.apiKey.filters],
  ['workflows', listWorkflows, aggregates.workflow.filters],
  ['workflow runs', listWorkflowRuns, aggregates.workflowRun.filters],
  ['tasks', listTasks, aggregates.workflowTask.filters],
  // `access` (mine / shared with me) is answered by the access rows' own index (report-access.ts).
  ['saved reports', listSavedReports, [...aggregates.savedReport.filters, 'access']],
  ['dashboards', listDashboards, aggregates.dashboard.filters],
  ['recommendations', listRecommendations, aggregates.recommendation.filters],
  ['insights runs', listInsightsRuns, aggregates.insightsRun.filters],
  ['security events', listSecurityEvents, INCIDENT_LIST.filters],
  ['alert rules', listAlertRules, ALERT_FILTERS],
  ['uptime incidents', listUptimeIncidents, INCIDENT_FILTERS],
];

describe('list filters', () => {
  it.each(lists)('the %s list route filters by exactly what its view indexes', (_, route, filters) => {
    expect(filtersOf(route)).toEqual(filters.toSorted());
    expect(filters.length).toBeLessThanOrEqual(MAX_LIST_FILTERS);
  });

  it('the log records route filters by exactly the fields the telemetry store and Logs Insights search', () => {
    // No view holds logs, so the views' bound on indexes does not apply.
    expect(filtersOf(listLogs)).toEqual([...LOG_FILTERS].toSorted());
  });

  it('covers every aggregate', () => {
    // Security events, alert rules and uptime incidents are lists of their own, not aggregates' views.
    expect(lists.length - 3).toBe(Object.keys(aggregates).length);
  });
});
