import * as z from 'zod';
import {
  DASHBOARD_ACTIONS,
  DASHBOARD_STATUSES,
  type DashboardAction,
} from '../../../domain/reports/dashboard.ts';
import { DashboardTile, SharedFilter } from '../../../events/contexts/dashboards.ts';
import { ReportDefinition } from '../../../events/contexts/report-definition.ts';
import { aggregates } from '../../application/aggregates.ts';
import { defineRoute, type RouteContract } from '../../http/route.ts';
import { actionsOf, EventHistory, Id, IdParams, Meta, Name, PageQuery, page } from '../schemas.ts';
import { ReportResult } from './contract.ts';

/**
 * Dashboards (issue 14): saved reports and templates arranged as tiles with shared filters, and the
 * Overview, a dashboard of templates (`overview`) that always answers.
 */
const tag = 'Reports';

export const Dashboard = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    owner: z.object({ id: z.string(), email: z.string().optional() }),
    status: z.enum(DASHBOARD_STATUSES),
    tiles: z.array(DashboardTile),
    filters: z.array(SharedFilter),
    actions: actionsOf(DASHBOARD_ACTIONS, 'DashboardAction'),
    ...Meta,
  })
  .meta({ id: 'Dashboard' });

const Content = {
  name: Name,
  description: z.string().trim().max(1000).default(''),
  tiles: z.array(DashboardTile).max(24).default([]),
  filters: z.array(SharedFilter).max(10).default([]),
};

export const listDashboards = defineRoute({
  method: 'GET',
  path: '/api/dashboards',
  permission: aggregates.dashboard.read,
  summary: 'List dashboards, optionally by status; search matches names and descriptions',
  tag,
  query: PageQuery.extend({ status: z.enum(DASHBOARD_STATUSES).optional() }).strict(),
  response: page(Dashboard, 'DashboardPage'),
});

export const createDashboard = defineRoute({
  method: 'POST',
  path: '/api/dashboards',
  permission: 'reports:edit',
  summary:
    'Make a dashboard: tiles of saved reports or templates (width 1-3 of a three-column grid, in order) and shared filters. A tile naming no report or template is a 422 naming the tile',
  tag,
  status: 201,
  problems: [422],
  body: z.object(Content).strict().meta({ id: 'CreateDashboard' }),
  response: Dashboard,
});

export const getDashboard = defineRoute({
  method: 'GET',
  path: '/api/dashboards/{id}',
  permission: aggregates.dashboard.read,
  summary:
    'Read a dashboard: its tiles, shared filters and version. `overview` always answers: the default Overview (version 0) until an owner or admin customises it',
  tag,
  params: IdParams,
  response: Dashboard,
});

export const editDashboard = defineRoute({
  method: 'PUT',
  path: '/api/dashboards/{id}',
  permission: 'reports:edit',
  summary:
    "Replace a dashboard's name, description, tiles and shared filters (its owner, or an owner or admin; only they customise the Overview, from version 0)",
  tag,
  params: IdParams,
  ifMatch: true,
  problems: [422],
  body: z.object(Content).strict().meta({ id: 'EditDashboard' }),
  response: Dashboard,
});

export const archiveDashboard = defineRoute({
  method: 'POST',
  path: '/api/dashboards/{id}/archive',
  permission: 'reports:edit',
  summary: 'Archive a dashboard: it can no longer change; its history stays',
  tag,
  params: IdParams,
  ifMatch: true,
  response: Dashboard,
});

export const dashboardEvents = defineRoute({
  method: 'GET',
  path: '/api/dashboards/{id}/events',
  permission: 'events:read',
  summary: "A dashboard's history: made, each edit, archived, with who did it",
  tag,
  params: IdParams,
  response: EventHistory,
});

const FilterOutcome = z
  .discriminatedUnion('applied', [
    z.object({ index: z.number().int(), applied: z.literal(true), field: z.string() }),
    z.object({ index: z.number().int(), applied: z.literal(false), reason: z.string() }),
  ])
  .meta({ id: 'DashboardFilterOutcome' });

export const dashboardTileResults = defineRoute({
  method: 'POST',
  path: '/api/dashboards/{id}/tiles/{tileId}/results',
  permission: 'reports:read',
  summary:
    "Run one tile: a page of its report's result with the shared filters that fit it (the dashboard's, or `filters` to try others without saving; `tile` runs an edited tile before it is saved), and which did not fit and why. A tile whose data the caller may not read is a 403 for that tile alone",
  tag,
  params: z.object({ id: Id, tileId: z.string().max(40) }).strict(),
  // 409: the dataset is not built yet (a new deployment, before the builder's first minute).
  problems: [409, 422],
  body: z
    .object({
      filters: z.array(SharedFilter).max(10).optional(),
      tile: DashboardTile.optional().meta({
        description:
          'The tile as it is being edited (unsaved): run in place of the stored one, its id the same',
      }),
      cursor: z.string().max(100).optional(),
      pageSize: z.number().int().min(1).max(1000).default(100),
    })
    .strict()
    .meta({ id: 'DashboardTileQuery' }),
  response: ReportResult.extend({
    title: z.string().meta({ description: "The tile's title, or its report's name" }),
    definition: ReportDefinition.meta({
      description: 'The definition run: the report with the filters that fit',
    }),
    filters: z.array(FilterOutcome),
  }).meta({ id: 'DashboardTileResult' }),
});

export const dashboardRoutes = [
  listDashboards,
  createDashboard,
  getDashboard,
  editDashboard,
  archiveDashboard,
  dashboardEvents,
  dashboardTileResults,
];

export const dashboardActionRoutes = {
  edit: editDashboard,
  archive: archiveDashboard,
} satisfies Record<DashboardAction, RouteContract>;
