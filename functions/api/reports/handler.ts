import { ulid } from 'ulid';
import { allows } from '../../../domain/access/permissions.ts';
import { DefinitionError } from '../../../domain/reports/compile.ts';
import { drillDefinition, previousPeriod } from '../../../domain/reports/drill.ts';
import { REPORT_TEMPLATES, reportTemplate } from '../../../domain/reports/templates.ts';
import type { ReportDefinition } from '../../../events/contexts/report-definition.ts';
import type { Actor } from '../../../events/envelope.ts';
import { toCsv } from '../../export/cells.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { HttpProblem } from '../../http/problem.ts';
import { today } from '../../http/requests.ts';
import { allRowsFor, checkDefinition, datasetsFor, runFor } from '../../reports/builder.ts';
import { DatasetNotBuiltError } from '../../reports/dataset-files.ts';
import * as figures from '../../reports/figures.ts';
import { DatasetForbiddenError } from '../../reports/run.ts';
import * as api from './contract.ts';
import { dashboardImplementations } from './dashboards.ts';
import { deliveryImplementations } from './delivery.ts';
import { changer, listVisible, saved, visibleReport } from './visibility.ts';

/** The edge's word for what running or saving a definition can meet; `at` prefixes the paths. */
const asProblem =
  (at: string) =>
  (error: unknown): never => {
    if (error instanceof DefinitionError)
      throw new HttpProblem(422, 'report-invalid', 'The report definition has a problem', error.message, {
        errors: [{ path: `${at}${error.path}`, message: error.message }],
      });
    if (error instanceof DatasetForbiddenError)
      throw new HttpProblem(403, 'forbidden', 'Your role may not read this data', error.message);
    if (error instanceof DatasetNotBuiltError)
      throw new HttpProblem(409, 'dataset-not-built', 'The analytics dataset is not ready', error.message);
    throw error;
  };

/** A definition derived from the request's, its problems answered as the edge's. */
const derived = <T>(make: () => T, at: string): T => {
  try {
    return make();
  } catch (error) {
    return asProblem(at)(error);
  }
};

/** Saving a definition checks it compiles and that its author may read what it reads. */
const checked = (actor: Actor, definition: ReportDefinition, at: string) => {
  try {
    const missing = checkDefinition(definition, today()).filter((p) => !allows(actor, p));
    if (missing.length) throw new DatasetForbiddenError(missing);
  } catch (error) {
    asProblem(at)(error);
  }
  return definition;
};

export const handler = httpHandler('reports', [
  // Every figure below is read from kept partitions (functions/reports/figures.ts); `refresh` is
  // accepted for callers of the snapshot this replaced: every answer is as current as the projector.
  implement(api.overview, async ({ query }) => ({ body: await figures.overviewFigures(query.months) })),
  implement(api.revenue, async ({ query }) => ({ body: { items: await figures.revenue(query.months) } })),
  implement(api.ordersByStage, async () => ({ body: { items: await figures.ordersByStage() } })),
  implement(api.leadsByChannel, async ({ query }) => ({ body: await figures.leadsByChannel(query.months) })),
  implement(api.lowStock, async () => ({ body: { items: await figures.lowStock() } })),
  implement(api.activity, async ({ query }) => ({
    body: { items: await figures.latestActivity(query.limit) },
  })),
  implement(api.campaigns, async () => ({ body: { items: await figures.campaigns() } })),
  implement(api.reportDatasets, async ({ actor }) => ({ body: { items: datasetsFor(actor) } })),
  implement(api.queryReport, async ({ actor, body }) => {
    const day = today();
    const definition =
      body.period === 'previous'
        ? derived(() => previousPeriod(body.definition, day), 'definition.')
        : body.definition;
    return {
      body: await runFor(actor, definition, {
        today: day,
        pageSize: body.pageSize,
        ...(body.cursor ? { cursor: body.cursor } : {}),
      }).catch(asProblem('definition.')),
    };
  }),
  implement(api.drillReport, async ({ actor, body }) => {
    const day = today();
    // The report itself first, so a problem in it points at the definition, not at the drill built from it.
    derived(() => checkDefinition(body.definition, day), 'definition.');
    const drill = derived(() => drillDefinition(body.definition, body.point, body.value), '');
    return {
      body: await runFor(actor, drill, {
        today: day,
        pageSize: body.pageSize,
        ...(body.cursor ? { cursor: body.cursor } : {}),
      }).catch(asProblem('definition.')),
    };
  }),
  implement(api.reportTemplates, async () => ({ body: { items: [...REPORT_TEMPLATES] } })),
  implement(api.listSavedReports, ({ actor, query }) => listVisible(actor, query)),
  implement(api.createSavedReport, async (request) => {
    const { body, actor } = request;
    if (body.definition && body.templateId)
      throw new HttpProblem(422, 'report-invalid', 'Give a definition or a template, not both');
    const template = body.templateId ? reportTemplate(body.templateId) : undefined;
    if (body.templateId && !template)
      throw new HttpProblem(
        422,
        'unknown-template',
        'No such template',
        `No report template ${body.templateId}`,
      );
    const definition = template?.definition ?? body.definition;
    if (!definition)
      throw new HttpProblem(422, 'report-invalid', 'A report needs a definition or a template');
    checked(actor!, definition, 'definition.');
    const reportId = ulid();
    const reply = await saved.command(request, reportId, {
      type: 'DraftReport',
      reportId,
      name: body.name,
      description: body.description,
      definition,
      owner: { id: actor!.id, ...(actor!.email ? { email: actor!.email } : {}) },
      ...(template ? { templateId: template.id } : {}),
    });
    return { status: 201, ...reply };
  }),
  implement(api.getSavedReport, async ({ actor, params }) => {
    const loaded = await visibleReport(actor, params.id);
    return { body: saved.present(actor, params.id, loaded), version: loaded.version };
  }),
  implement(api.editSavedReport, async (request) => {
    const { body, actor } = request;
    await visibleReport(actor!, request.params.id);
    checked(actor!, body.definition, 'definition.');
    return saved.command(request, request.params.id, {
      type: 'EditReport',
      name: body.name,
      description: body.description,
      definition: body.definition,
      ...changer(actor!),
    });
  }),
  implement(api.archiveSavedReport, async (request) => {
    await visibleReport(request.actor!, request.params.id);
    return saved.command(request, request.params.id, {
      type: 'ArchiveReport',
      ...changer(request.actor!),
    });
  }),
  implement(api.savedReportEvents, async ({ actor, params }) => {
    await visibleReport(actor, params.id);
    return saved.history(params.id);
  }),
  implement(api.savedReportResults, async ({ actor, params, query }) => {
    const { definition } = (await visibleReport(actor, params.id)).state;
    if (query.format === 'csv') {
      const result = await allRowsFor(actor, definition, today()).catch(asProblem('definition.'));
      const names = result.columns.map((c) => c.name);
      return {
        body: toCsv(
          names,
          result.rows.map((row) => names.map((n) => row[n])),
        ),
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="report-${params.id}.csv"`,
          'cache-control': 'no-store',
        },
      };
    }
    return {
      body: await runFor(actor, definition, {
        today: today(),
        pageSize: query.pageSize,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      }).catch(asProblem('definition.')),
    };
  }),
  ...deliveryImplementations,
  ...dashboardImplementations,
]);
