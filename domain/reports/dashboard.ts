import type { DashboardTile, SharedFilter } from '../../events/contexts/dashboards.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

/**
 * A dashboard as a record: saved reports and templates arranged as tiles, with filters they share.
 * Made, edited (each edit a version, with If-Match against lost updates), archived. Only its owner
 * changes it, or an owner or admin of the platform (`anyone`).
 */
export const DASHBOARD_STATUSES = ['active', 'archived'] as const;

type Owner = { id: string; email?: string };

export interface DashboardContent {
  name: string;
  description: string;
  tiles: DashboardTile[];
  filters: SharedFilter[];
}

export type DashboardState =
  | { exists: false }
  | ({
      exists: true;
      dashboardId: string;
      owner: Owner;
      status: (typeof DASHBOARD_STATUSES)[number];
    } & DashboardContent);

interface Changer {
  by: string;
  /** May change anyone's dashboard (owners and admins of the platform). */
  anyone?: boolean;
}

export type DashboardCommand =
  | ({ type: 'CreateDashboard'; dashboardId: string; owner: Owner } & DashboardContent)
  | ({ type: 'EditDashboard' } & DashboardContent & Changer)
  | ({ type: 'ArchiveDashboard' } & Changer);

export type DashboardEvent = Event<'DashboardCreated' | 'DashboardEdited' | 'DashboardArchived'>;

type Existing = Extract<DashboardState, { exists: true }>;

/** A tile id names one tile: two alike would make a tile's results ambiguous. */
export const duplicateTiles = (tiles: readonly DashboardTile[]): number[] =>
  tiles.flatMap((tile, i) => (tiles.findIndex((t) => t.tileId === tile.tileId) < i ? [i] : []));

const checkedContent = (content: DashboardContent): DashboardContent => {
  const [twice] = duplicateTiles(content.tiles);
  if (twice !== undefined)
    reject('duplicate-tile', `Tile ${content.tiles[twice]!.tileId} appears more than once`);
  const { name, description, tiles, filters } = content;
  return { name, description, tiles, filters };
};

const changeable = (state: DashboardState, { by, anyone }: Changer): Existing => {
  if (!state.exists) return reject('dashboard-not-found', 'No such dashboard', 404);
  if (state.status === 'archived') return reject('dashboard-archived', 'The dashboard is archived', 409);
  if (state.owner.id !== by && !anyone)
    return reject(
      'not-dashboard-owner',
      'Only its owner, or an owner or admin, can change this dashboard',
      409,
    );
  return state;
};

const decide = (command: DashboardCommand, state: DashboardState): DashboardEvent[] => {
  switch (command.type) {
    case 'CreateDashboard': {
      if (state.exists) return reject('dashboard-exists', 'This dashboard already exists', 409);
      const { dashboardId, owner } = command;
      return [{ type: 'DashboardCreated', data: { dashboardId, owner, ...checkedContent(command) } }];
    }
    case 'EditDashboard': {
      const { dashboardId } = changeable(state, command);
      return [{ type: 'DashboardEdited', data: { dashboardId, ...checkedContent(command) } }];
    }
    case 'ArchiveDashboard': {
      const { dashboardId } = changeable(state, command);
      return [{ type: 'DashboardArchived', data: { dashboardId } }];
    }
  }
};

const evolve = (state: DashboardState, event: DashboardEvent): DashboardState => {
  if (event.type === 'DashboardCreated') return { exists: true, ...event.data, status: 'active' };
  if (!state.exists) return state;
  switch (event.type) {
    case 'DashboardEdited':
      return { ...state, ...event.data };
    case 'DashboardArchived':
      return { ...state, status: 'archived' };
  }
};

export const dashboardDecider: Decider<DashboardCommand, DashboardState, DashboardEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

export const DASHBOARD_ACTIONS = ['edit', 'archive'] as const;
export type DashboardAction = (typeof DASHBOARD_ACTIONS)[number];

const probes: Probes<DashboardCommand, DashboardState, DashboardAction> = {
  edit: (state, { by }) =>
    state.exists
      ? {
          type: 'EditDashboard',
          name: state.name,
          description: state.description,
          tiles: state.tiles,
          filters: state.filters,
          by,
        }
      : undefined,
  archive: (_, { by }) => ({ type: 'ArchiveDashboard', by }),
};

export const availableDashboardActions = availableBy(dashboardDecider, DASHBOARD_ACTIONS, probes);
