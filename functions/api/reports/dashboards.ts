import { ulid } from 'ulid';
import type { DashboardContent, DashboardState } from '../../../domain/reports/dashboard.ts';
import { withSharedFilters } from '../../../domain/reports/dashboard-filters.ts';
import { defaultOverview, OVERVIEW_DASHBOARD_ID } from '../../../domain/reports/overview-dashboard.ts';
import { mayView } from '../../../domain/reports/saved.ts';
import { reportTemplate } from '../../../domain/reports/templates.ts';
import type { DashboardTile } from '../../../events/contexts/dashboards.ts';
import type { Actor } from '../../../events/envelope.ts';
import { aggregates } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { implement, type Request } from '../../http/adapter.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { today } from '../../http/requests.ts';
import type { RouteContract } from '../../http/route.ts';
import { DefinitionError, runFor } from '../../reports/builder.ts';
import { DatasetNotBuiltError } from '../../reports/dataset-files.ts';
import { DatasetForbiddenError } from '../../reports/run.ts';
import { recordsOf } from '../records.ts';
import * as api from './dashboard-contract.ts';
import { mayChangeAny, viewerOf, visibleReport } from './visibility.ts';

const boards = recordsOf(aggregates.dashboard, api.dashboardActionRoutes);

type Existing = Extract<DashboardState, { exists: true }>;

/** Owners and admins of the platform may change anyone's dashboard, the Overview included. */
const anyone = mayChangeAny;

/**
 * A dashboard as the caller sees it. Owners and admins are offered its actions as its owner is: they
 * may change anyone's (the decider's `anyone`), which the actions' probes, made per caller id, can't say.
 */
const present = (
  actor: Actor,
  id: string,
  loaded: { state: Existing; version: number; createdAt: string; updatedAt: string },
) => {
  const body = boards.present(anyone(actor) ? { ...actor, id: loaded.state.owner.id } : actor, id, loaded);
  // The Overview from code is not stored: it can be customised, not archived.
  return loaded.version === 0 ? { ...body, actions: body.actions.filter((a) => a !== 'archive') } : body;
};

/** A stored dashboard, or the Overview from code until someone customises it (version 0). */
const load = async (id: string) => {
  const loaded = await loadRecord(aggregates.dashboard, id);
  if (loaded.state.exists) return { ...loaded, state: loaded.state };
  if (id !== OVERVIEW_DASHBOARD_ID) throw notFound(`Dashboard ${id}`);
  const since = new Date(0).toISOString();
  return { state: defaultOverview, version: 0, createdAt: since, updatedAt: since };
};

/** Every tile names a report or template that exists, once; a range runs forwards. */
const checkContent = async (actor: Actor, content: DashboardContent) => {
  const errors: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const [i, tile] of content.tiles.entries()) {
    if (seen.has(tile.tileId))
      errors.push({ path: `tiles[${i}].tileId`, message: 'Another tile has this id' });
    seen.add(tile.tileId);
    const { source } = tile;
    if (source.kind === 'template' && !reportTemplate(source.templateId))
      errors.push({
        path: `tiles[${i}].source.templateId`,
        message: `No report template ${source.templateId}`,
      });
    // A report the maker may not see is, to them, no report at all (as everywhere else).
    if (
      source.kind === 'report' &&
      !mayView((await loadRecord(aggregates.savedReport, source.reportId)).state, viewerOf(actor))
    )
      errors.push({ path: `tiles[${i}].source.reportId`, message: `No saved report ${source.reportId}` });
  }
  for (const [i, filter] of content.filters.entries())
    if (filter.kind === 'date' && filter.range.op === 'between' && filter.range.from > filter.range.to)
      errors.push({ path: `filters[${i}].range`, message: 'The range ends before it starts' });
  if (errors.length)
    throw new HttpProblem(422, 'dashboard-invalid', 'The dashboard has a problem', errors[0]!.message, {
      errors,
    });
  return content;
};

/** The report a tile shows and its title: a template, or a saved report as the caller may read it. */
const tileReport = async (actor: Actor, tile: DashboardTile) => {
  if (tile.source.kind === 'template') {
    const template = reportTemplate(tile.source.templateId);
    if (!template) throw notFound(`Report template ${tile.source.templateId}`);
    return { title: tile.title ?? template.name, definition: template.definition };
  }
  const { state } = await visibleReport(actor, tile.source.reportId);
  return { title: tile.title ?? state.name, definition: state.definition };
};

/** What running a tile can meet, as the edge's problems; each concerns this tile alone. */
const tileProblem = (error: unknown): never => {
  if (error instanceof DefinitionError)
    throw new HttpProblem(422, 'report-invalid', "The tile's report has a problem", error.message, {
      errors: [{ path: `definition.${error.path}`, message: error.message }],
    });
  if (error instanceof DatasetForbiddenError)
    throw new HttpProblem(403, 'forbidden', 'Your role may not read the data of this tile', error.message);
  if (error instanceof DatasetNotBuiltError)
    throw new HttpProblem(409, 'dataset-not-built', 'The analytics dataset is not ready', error.message);
  throw error;
};

const ownerOf = (actor: Actor) => ({ id: actor.id, ...(actor.email ? { email: actor.email } : {}) });

const command = async (
  request: Request<RouteContract>,
  id: string,
  cmd: Parameters<typeof boards.command>[2],
) => {
  const reply = await boards.command(request, id, cmd);
  const loaded = await load(id);
  return { body: present(request.actor!, id, loaded), version: reply.version };
};

export const dashboardImplementations = [
  implement(api.listDashboards, ({ actor, query }) => boards.list(actor, query)),
  implement(api.createDashboard, async (request) => {
    const content = await checkContent(request.actor, request.body);
    const dashboardId = ulid();
    const reply = await command(request, dashboardId, {
      type: 'CreateDashboard',
      dashboardId,
      owner: ownerOf(request.actor),
      ...content,
    });
    return { status: 201, ...reply };
  }),
  implement(api.getDashboard, async ({ actor, params }) => {
    const loaded = await load(params.id);
    return { body: present(actor, params.id, loaded), version: loaded.version };
  }),
  implement(api.editDashboard, async (request) => {
    const { actor, params, body } = request;
    const content = await checkContent(actor, body);
    const stored = (await loadRecord(aggregates.dashboard, params.id)).state.exists;
    if (params.id === OVERVIEW_DASHBOARD_ID && !stored) {
      // The first customisation keeps the Overview as a dashboard of its own, owned by whoever made it.
      if (!anyone(actor))
        throw new HttpProblem(403, 'forbidden', 'Only an owner or admin customises the Overview');
      return command(request, params.id, {
        type: 'CreateDashboard',
        dashboardId: params.id,
        owner: ownerOf(actor),
        ...content,
      });
    }
    return command(request, params.id, {
      type: 'EditDashboard',
      ...content,
      by: actor.id,
      anyone: anyone(actor),
    });
  }),
  implement(api.archiveDashboard, (request) =>
    command(request, request.params.id, {
      type: 'ArchiveDashboard',
      by: request.actor.id,
      anyone: anyone(request.actor),
    }),
  ),
  implement(api.dashboardEvents, ({ params }) => boards.history(params.id)),
  implement(api.dashboardTileResults, async ({ actor, params, body }) => {
    const { state } = await load(params.id);
    if (body.tile && body.tile.tileId !== params.tileId)
      throw new HttpProblem(422, 'tile-invalid', 'The tile is not the one named', undefined, {
        errors: [{ path: 'tile.tileId', message: `Not ${params.tileId}` }],
      });
    const tile = body.tile ?? state.tiles.find((t) => t.tileId === params.tileId);
    if (!tile) throw notFound(`Tile ${params.tileId} of dashboard ${params.id}`);
    const report = await tileReport(actor, tile);
    const { definition, outcomes } = withSharedFilters(report.definition, body.filters ?? state.filters);
    const result = await runFor(actor, definition, {
      today: today(),
      pageSize: body.pageSize,
      ...(body.cursor ? { cursor: body.cursor } : {}),
    }).catch(tileProblem);
    return { body: { ...result, title: report.title, definition, filters: outcomes } };
  }),
];
