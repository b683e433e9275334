import { api, once, target } from '../../api/client';
import type { components } from '../../api/schema.gen.ts';
import { type ReportResult, usePages } from '../reports/api';

/** Dashboards' shapes: aliases of the API's generated description, never a copy. */
export type Dashboard = components['schemas']['Dashboard'];
export type DashboardTile = Dashboard['tiles'][number];
export type SharedFilter = components['schemas']['DashboardFilter'];
export type TileResult = components['schemas']['DashboardTileResult'];
export type DashboardContent = Pick<Dashboard, 'name' | 'description' | 'tiles' | 'filters'>;

/** The Overview's well-known id: it always answers, from templates until someone customises it. */
export const OVERVIEW_ID = 'overview';

/** Rows a tile asks for per page: a tile is a glance, the report's own page has the rest. */
const TILE_PAGE = 50;

export const dashboardsApi = {
  create: (body: DashboardContent, key: string) =>
    api.post('/api/dashboards', { body, params: { header: once(key) } }),
  save: (id: string, version: number, body: DashboardContent) =>
    api.put('/api/dashboards/{id}', { body, params: target(id, version) }),
  archive: (id: string, version: number, key: string) =>
    api.post('/api/dashboards/{id}/archive', { params: target(id, version, key) }),
  tile: (
    id: string,
    tile: DashboardTile,
    filters: SharedFilter[],
    cursor: string | undefined,
    signal: AbortSignal,
  ) =>
    api.post('/api/dashboards/{id}/tiles/{tileId}/results', {
      params: { path: { id, tileId: tile.tileId } },
      body: { tile, filters, pageSize: TILE_PAGE, ...(cursor ? { cursor } : {}) },
      signal,
    }),
};

/**
 * One tile's result, as the tile and the filters on screen are (a change to either reruns it, saved or
 * not), paged; only once the tile is in view (`enabled`), so a long dashboard loads as it is scrolled.
 */
export const useTileResults = (id: string, tile: DashboardTile, filters: SharedFilter[], enabled: boolean) =>
  usePages(
    ['dashboards', 'tile', id, tile.tileId, tile.source, filters] as const,
    (cursor, signal) =>
      dashboardsApi.tile(id, tile, filters, cursor, signal) as Promise<TileResult & ReportResult>,
    enabled,
  );
