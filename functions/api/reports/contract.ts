import * as z from 'zod';
import { ROLES } from '../../../domain/access/permissions.ts';
import { REPORT_ACTIONS, REPORT_STATUSES, type ReportAction } from '../../../domain/reports/saved.ts';
import { ORDER_STAGES } from '../../../domain/sales/orders.ts';
import { ReportDefinition, ReportFilter } from '../../../events/contexts/report-definition.ts';
import { ReportSchedule } from '../../../events/contexts/reports.ts';
import { aggregates } from '../../application/aggregates.ts';
import { defineRoute, type RouteContract } from '../../http/route.ts';
import { Channel } from '../leads/contract.ts';
import {
  actionsOf,
  Cents,
  EventHistory,
  EventRecord,
  IdParams,
  Meta,
  Name,
  PageQuery,
  page,
  TotalCents,
} from '../schemas.ts';

const tag = 'Reports';
const Month = z.string().regex(/^\d{4}-\d{2}$/);

const MonthFigures = {
  revenueCents: TotalCents.meta({
    description: 'Value of homes delivered in the month (revenue recognised on delivery)',
  }),
  orders: z.number().int().meta({ description: 'Orders placed in the month, cancelled ones excluded' }),
  bookedCents: TotalCents.meta({ description: 'Value of those orders' }),
  collectedCents: z.number().int().meta({ description: 'Payments received less refunds paid' }),
};

export const RevenueMonth = z
  .object({ month: Month, ...MonthFigures, priorYear: z.object(MonthFigures) })
  .meta({ id: 'RevenueMonth' });
export const StageFigures = z
  .object({ stage: z.enum(ORDER_STAGES), orders: z.number().int(), valueCents: TotalCents })
  .meta({ id: 'StageFigures' });
export const ChannelFigures = z
  .object({
    channel: Channel,
    leads: z.number().int(),
    qualified: z.number().int(),
    converted: z.number().int(),
    disqualified: z.number().int(),
    open: z.number().int(),
    conversionRate: z.number(),
  })
  .meta({ id: 'ChannelFigures' });
export const LowStockItem = z
  .object({
    itemId: z.string(),
    sku: z.string(),
    name: z.string(),
    unit: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    reorderPoint: z.number().int(),
    reorderQuantity: z.number().int(),
    supplierId: z.string().optional(),
    onOrder: z.number().int().meta({ description: 'Still to arrive on open purchase orders' }),
    covered: z.boolean().meta({ description: 'Whether what is on order lifts it above the reorder point' }),
  })
  .meta({ id: 'LowStockItem' });
export const Activity = EventRecord.extend({ summary: z.string(), context: z.string() }).meta({
  id: 'Activity',
});
export const CampaignReturn = z
  .object({
    campaignId: z.string(),
    name: z.string(),
    channel: Channel,
    status: z.enum(['active', 'ended']),
    startsOn: z.string(),
    budgetCents: Cents,
    spentCents: TotalCents,
    leads: z.number().int(),
    converted: z.number().int(),
    orders: z.number().int(),
    revenueCents: TotalCents,
    costPerLeadCents: z.number().int().nullable(),
    returnOnSpend: z.number().nullable(),
  })
  .meta({ id: 'CampaignReturn' });

const Months = z.object({
  months: z.coerce
    .number()
    .int()
    .min(1)
    .max(36)
    .default(12)
    .meta({ description: 'How many months, ending this month' }),
});

export const revenue = defineRoute({
  method: 'GET',
  path: '/api/reports/revenue',
  permission: 'reports:read',
  summary: 'Revenue, bookings and collections by month, each beside the same month a year before',
  tag,
  query: Months.strict(),
  response: z.object({ items: z.array(RevenueMonth) }).meta({ id: 'RevenueReport' }),
});

export const ordersByStage = defineRoute({
  method: 'GET',
  path: '/api/reports/orders-by-stage',
  permission: 'reports:read',
  summary: 'How many orders are in each stage, and their value',
  tag,
  response: z.object({ items: z.array(StageFigures) }).meta({ id: 'OrdersByStage' }),
});

export const leadsByChannel = defineRoute({
  method: 'GET',
  path: '/api/reports/leads-by-channel',
  permission: 'reports:read',
  summary: 'The lead funnel by channel for leads captured in the last months',
  tag,
  query: Months.strict(),
  response: z.object({ since: z.string(), items: z.array(ChannelFigures) }).meta({ id: 'LeadsByChannel' }),
});

export const lowStock = defineRoute({
  method: 'GET',
  path: '/api/reports/low-stock',
  permission: 'reports:read',
  summary: 'Items at or below their reorder point (counting reservations), most urgent first',
  tag,
  response: z.object({ items: z.array(LowStockItem) }).meta({ id: 'LowStock' }),
});

export const activity = defineRoute({
  method: 'GET',
  path: '/api/reports/activity',
  permission: 'reports:read',
  summary: 'The latest business events across every record, newest first',
  tag,
  query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict(),
  response: z.object({ items: z.array(Activity) }).meta({ id: 'ActivityFeed' }),
});

export const campaigns = defineRoute({
  method: 'GET',
  path: '/api/reports/campaigns',
  permission: 'reports:read',
  summary: 'Spend and returns per campaign: attributed leads, conversions, orders and revenue',
  tag,
  response: z.object({ items: z.array(CampaignReturn) }).meta({ id: 'CampaignReturns' }),
});

export const overview = defineRoute({
  method: 'GET',
  path: '/api/reports/overview',
  permission: 'reports:read',
  summary:
    "Everything the console's overview shows, in one request, read from figures the projector keeps current with every event (`asOf`: when they were read)",
  tag,
  query: Months.extend({
    refresh: z
      .enum(['true', 'false'])
      .optional()
      .meta({ description: 'Accepted for older callers: the figures are always current' }),
  }).strict(),
  response: z
    .object({
      asOf: z.string().meta({ description: 'When the figures were read' }),
      revenueByMonth: z.array(RevenueMonth),
      ordersByStage: z.array(StageFigures),
      leadsByChannel: z.array(ChannelFigures),
      lowStock: z.array(LowStockItem),
      latestActivity: z.array(Activity),
    })
    .meta({ id: 'Overview' }),
});

// The report builder's engine (issue 14): the analytics dataset, previews, templates, saved reports.

const ColumnType = z
  .enum(['string', 'integer', 'number', 'boolean', 'date'])
  .meta({ id: 'ReportColumnType' });
const DatasetField = z
  .object({ name: z.string(), type: ColumnType, description: z.string() })
  .meta({ id: 'ReportDatasetField' });
export const Dataset = z
  .object({
    name: z.string(),
    description: z.string(),
    fields: z.array(DatasetField),
    joins: z
      .array(z.object({ name: z.string(), table: z.string(), fields: z.array(DatasetField) }))
      .meta({ description: 'Dimensions whose fields a definition names as <join>.<field>' }),
  })
  .meta({ id: 'ReportDataset' });

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const ReportResult = z
  .object({
    columns: z.array(
      z.object({
        name: z.string(),
        type: ColumnType,
        role: z.enum(['row', 'column', 'value', 'calculation', 'field']),
        pivot: z
          .record(z.string(), Cell)
          .optional()
          .meta({ description: "A pivot column's values of the definition's columns" }),
        value: z.string().optional().meta({ description: 'The value or calculation a pivot column shows' }),
      }),
    ),
    rows: z.array(z.record(z.string(), Cell)),
    nextCursor: z.string().optional().meta({ description: 'The next page: send it back as `cursor`' }),
    asOf: z
      .string()
      .meta({ description: 'When the dataset was last built (it follows the events within a minute)' }),
  })
  .meta({ id: 'ReportResult' });

const PageSize = z.coerce.number().int().min(1).max(1000).default(100);

export const reportDatasets = defineRoute({
  method: 'GET',
  path: '/api/reports/datasets',
  permission: 'reports:read',
  summary: 'The datasets reports are built on, with their fields and types: only those your role may read',
  tag,
  response: z.object({ items: z.array(Dataset) }).meta({ id: 'ReportDatasets' }),
});

export const queryReport = defineRoute({
  method: 'POST',
  path: '/api/reports/query',
  permission: 'reports:read',
  summary:
    "Preview a report definition: one page of its result. An unknown field, an aggregation that does not fit a field's type or an expression outside the language is a 422 naming the part of the definition; a filter that matches nothing is an empty result",
  tag,
  // 409: the dataset is not built yet (a new deployment, before the builder's first minute).
  problems: [409, 422],
  body: z
    .object({
      definition: ReportDefinition,
      cursor: z.string().max(100).optional(),
      pageSize: PageSize,
      period: z.enum(['current', 'previous']).default('current').meta({
        description:
          "`previous`: the same report over the span before its relative date filters' (a KPI's comparison)",
      }),
    })
    .strict()
    .meta({ id: 'ReportQuery' }),
  response: ReportResult,
});

export const drillReport = defineRoute({
  method: 'POST',
  path: '/api/reports/drill',
  permission: 'reports:read',
  summary:
    "The records behind one mark of a report: the dataset's rows under the report's filters and the mark's dimension values (each bound, never written into the SQL), paged. Reading them needs the dataset's permission, as running the report does",
  tag,
  problems: [409, 422],
  body: z
    .object({
      definition: ReportDefinition,
      point: z
        .record(z.string().max(200), Cell)
        .refine((p) => Object.keys(p).length <= 8, 'At most 8 dimensions')
        .meta({
          description:
            "The mark: result column names of the report's rows and columns with their values; a dimension left out keeps all its values",
        }),
      value: z.string().max(100).optional().meta({
        description: "The value the mark shows: its own filters apply too (a filtered measure's records)",
      }),
      cursor: z.string().max(100).optional(),
      pageSize: PageSize,
    })
    .strict()
    .meta({ id: 'ReportDrill' }),
  response: ReportResult,
});

export const ReportTemplate = z
  .object({ id: z.string(), name: z.string(), description: z.string(), definition: ReportDefinition })
  .meta({ id: 'ReportTemplate' });

export const reportTemplates = defineRoute({
  method: 'GET',
  path: '/api/reports/templates',
  permission: 'reports:read',
  summary: 'The report templates: saved definitions to run or start a report from',
  tag,
  response: z.object({ items: z.array(ReportTemplate) }).meta({ id: 'ReportTemplates' }),
});

export const ReportGrantee = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('user'), id: z.string().min(1).max(200) }).strict(),
    z.object({ kind: z.literal('role'), role: z.enum(ROLES) }).strict(),
  ])
  .meta({ id: 'ReportGrantee' });
export const ReportShare = z
  .object({ shareId: z.string(), grantee: ReportGrantee, access: z.enum(['view', 'edit']) })
  .meta({ id: 'ReportShare' });
export const ReportLink = z
  .object({
    linkId: z.string(),
    expiresAt: z.string(),
    filters: z.array(ReportFilter).optional(),
    revoked: z.boolean(),
  })
  .meta({ id: 'ReportLink' });

export const SavedReport = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    definition: ReportDefinition,
    owner: z.object({ id: z.string(), email: z.string().optional() }),
    templateId: z.string().optional(),
    status: z.enum(REPORT_STATUSES),
    schedule: ReportSchedule.optional(),
    shares: z.array(ReportShare),
    links: z.array(ReportLink),
    actions: actionsOf(REPORT_ACTIONS, 'SavedReportAction'),
    ...Meta,
  })
  .meta({ id: 'SavedReport' });

const Description = z.string().trim().max(1000);

export const listSavedReports = defineRoute({
  method: 'GET',
  path: '/api/reports/saved',
  permission: aggregates.savedReport.read,
  summary:
    'List the saved reports you may see (yours, those shared with you or your role; owners and admins see all), optionally by status, only yours (`access=mine`) or only those shared with you (`access=shared`); search matches names and descriptions',
  tag,
  query: PageQuery.extend({
    status: z.enum(REPORT_STATUSES).optional(),
    access: z.enum(['all', 'mine', 'shared']).optional(),
  }).strict(),
  response: page(SavedReport, 'SavedReportPage'),
});

export const createSavedReport = defineRoute({
  method: 'POST',
  path: '/api/reports/saved',
  permission: 'reports:edit',
  summary: 'Save a report: a definition of yours, or a copy of a template (`templateId`)',
  tag,
  status: 201,
  problems: [422],
  body: z
    .object({
      name: Name,
      description: Description.default(''),
      definition: ReportDefinition.optional(),
      templateId: z.string().min(1).max(100).optional(),
    })
    .strict()
    .meta({ id: 'CreateSavedReport' }),
  response: SavedReport,
});

export const getSavedReport = defineRoute({
  method: 'GET',
  path: '/api/reports/saved/{id}',
  permission: aggregates.savedReport.read,
  summary: 'Read a saved report: its definition, owner and version',
  tag,
  params: IdParams,
  response: SavedReport,
});

export const editSavedReport = defineRoute({
  method: 'PUT',
  path: '/api/reports/saved/{id}',
  permission: 'reports:edit',
  summary: "Replace a saved report's name, description and definition (its owner, or an owner or admin)",
  tag,
  params: IdParams,
  ifMatch: true,
  problems: [422],
  body: z
    .object({ name: Name, description: Description.default(''), definition: ReportDefinition })
    .strict()
    .meta({ id: 'EditSavedReport' }),
  response: SavedReport,
});

export const archiveSavedReport = defineRoute({
  method: 'POST',
  path: '/api/reports/saved/{id}/archive',
  permission: 'reports:edit',
  summary: 'Archive a saved report: it can no longer change; it still runs and its history stays',
  tag,
  params: IdParams,
  ifMatch: true,
  response: SavedReport,
});

export const savedReportEvents = defineRoute({
  method: 'GET',
  path: '/api/reports/saved/{id}/events',
  permission: 'events:read',
  summary: "A saved report's history: drafted, each edit, archived, with who did it",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const savedReportResults = defineRoute({
  method: 'GET',
  path: '/api/reports/saved/{id}/results',
  permission: aggregates.savedReport.read,
  summary:
    'Run a saved report: a page of its result as JSON, or (`format=csv`) the whole result as CSV, cells that would start a formula neutralised',
  tag,
  params: IdParams,
  query: z
    .object({
      cursor: z.string().max(100).optional(),
      pageSize: PageSize,
      format: z.enum(['json', 'csv']).default('json'),
    })
    .strict(),
  // 409: the dataset is not built yet (a new deployment, before the builder's first minute).
  problems: [409, 422],
  response: ReportResult,
  alternatives: { 'text/csv; charset=utf-8': z.string().meta({ description: 'The whole result as CSV' }) },
});

export const reportRoutes = [
  overview,
  revenue,
  ordersByStage,
  leadsByChannel,
  lowStock,
  activity,
  campaigns,
  reportDatasets,
  queryReport,
  drillReport,
  reportTemplates,
  listSavedReports,
  createSavedReport,
  getSavedReport,
  editSavedReport,
  archiveSavedReport,
  savedReportEvents,
  savedReportResults,
];

export const savedReportActionRoutes = {
  edit: editSavedReport,
  archive: archiveSavedReport,
} satisfies Record<ReportAction, RouteContract>;
