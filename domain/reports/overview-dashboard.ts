import type { DashboardTile } from '../../events/contexts/dashboards.ts';
import type { DashboardContent, DashboardState } from './dashboard.ts';
import { reportTemplate } from './templates.ts';

/**
 * The Overview as a dashboard (issue 14): below the kept figures' KPI strip, these template tiles.
 * It is served from here until an owner or admin first customises it; from then on it is the stored
 * dashboard with this id.
 */
export const OVERVIEW_DASHBOARD_ID = 'overview';

const tile = (templateId: string, width: DashboardTile['width']): DashboardTile => {
  if (!reportTemplate(templateId)) throw new Error(`The Overview names no template ${templateId}`);
  return { tileId: templateId, source: { kind: 'template', templateId }, width };
};

export const OVERVIEW_DASHBOARD: DashboardContent = {
  name: 'Overview',
  description: 'The business at a glance: sales, the funnel, revenue by model, balances and deliveries',
  tiles: [
    tile('sales-by-month', 2),
    tile('lead-funnel', 1),
    tile('revenue-by-model', 2),
    tile('balances-due', 1),
    tile('on-time-delivery', 2),
    tile('lead-conversion-by-channel', 1),
  ],
  filters: [],
};

/** The Overview's state before anyone customised it: nobody's, version 0. */
export const defaultOverview: Extract<DashboardState, { exists: true }> = {
  exists: true,
  dashboardId: OVERVIEW_DASHBOARD_ID,
  owner: { id: 'system' },
  status: 'active',
  ...OVERVIEW_DASHBOARD,
};
