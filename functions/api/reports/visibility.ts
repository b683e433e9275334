import { can, type Role } from '../../../domain/access/permissions.ts';
import { mayView, type SavedReportState, type Viewer, viewerKeys } from '../../../domain/reports/saved.ts';
import type { Actor } from '../../../events/envelope.ts';
import { accessibleReportIds } from '../../adapters/report-access.ts';
import { getRows, type ListOrder, listRows } from '../../adapters/views.ts';
import { aggregates } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { notFound } from '../../http/problem.ts';
import { recordsOf } from '../records.ts';
import { savedReportActionRoutes } from './contract.ts';

/**
 * Which saved reports a caller sees: their own, those shared with them or their role (to view or
 * edit), and every report for owners and admins of the platform. To anyone else a report does not
 * exist (404, for reads and changes alike), so its name and existence stay private.
 */
export const saved = recordsOf(aggregates.savedReport, savedReportActionRoutes);

/** Owners and admins of the platform may see and change anyone's reports and dashboards. */
export const mayChangeAny = (actor: Actor): boolean => can(actor.role as Role, 'users:manage');

export const viewerOf = (actor: Actor): Viewer => ({
  id: actor.id,
  role: actor.role,
  anyone: mayChangeAny(actor),
});

/** Who is changing a report, as the decider weighs it. */
export const changer = (actor: Actor) => ({ by: actor.id, role: actor.role, anyone: mayChangeAny(actor) });

/** The report as stored, if the caller may see it; a 404 otherwise. */
export const visibleReport = async (actor: Actor, id: string) => {
  const loaded = await loadRecord(aggregates.savedReport, id);
  if (!mayView(loaded.state, viewerOf(actor))) throw notFound(`Report ${id}`);
  return loaded as typeof loaded & { state: Extract<SavedReportState, { exists: true }> };
};

/**
 * The saved reports list as the caller sees it: everything for owners and admins; for others the
 * reports under their access keys (functions/adapters/report-access.ts), or a search whose matches are
 * checked against who may see them.
 */
export const listVisible = async (
  actor: Actor,
  query: {
    limit: number;
    cursor?: string;
    search?: string;
    order?: ListOrder;
    status?: string;
    access?: 'all' | 'mine' | 'shared';
  },
) => {
  const who = viewerOf(actor);
  const access = query.access ?? 'all';
  if (who.anyone && access === 'all') return saved.list(actor, query);
  const present = (
    rows: { id: string; version: number; state: SavedReportState; createdAt: string; updatedAt: string }[],
  ) => rows.map((row) => saved.present(actor, row.id, row));
  // Mine: those they own; shared: those shared with them that they do not own (and see by a share).
  const inList = (state: SavedReportState) =>
    state.exists &&
    (access === 'mine'
      ? state.owner.id === who.id
      : access === 'shared'
        ? state.owner.id !== who.id && mayView(state, { ...who, anyone: false })
        : mayView(state, who));
  if (query.search) {
    const page = await listRows<SavedReportState>(aggregates.savedReport, {
      limit: query.limit,
      cursor: query.cursor,
      search: query.search,
      order: query.order,
      where: query.status ? { status: query.status } : {},
      visible: (state) => inList(state as SavedReportState),
    });
    return { body: { items: present(page.items), nextCursor: page.nextCursor } };
  }
  const { ids, nextCursor } = await accessibleReportIds(viewerKeys(who, access), {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
    ...(query.order ? { order: query.order } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  const rows = await getRows<SavedReportState>(aggregates.savedReport.view, ids);
  // A row that changed since its access items were read (unshared, archived a moment ago) is left out
  // rather than shown where it no longer belongs.
  const items = ids
    .map((id) => rows.get(id))
    .filter((row) => row !== undefined)
    .filter(
      (row) =>
        inList(row.state) && (!query.status || (row.state.exists && row.state.status === query.status)),
    );
  return { body: { items: present(items), nextCursor } };
};
