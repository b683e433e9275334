import { ulid } from 'ulid';
import type { SavedReportState } from '../../../domain/reports/saved.ts';
import type { ReportDefinition } from '../../../events/contexts/report-definition.ts';
import type { Actor, Envelope } from '../../../events/envelope.ts';
import { presignGet } from '../../adapters/blobs.ts';
import { readStream } from '../../adapters/event-store.ts';
import { aggregates, systemStreams } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { recordSensitiveRead } from '../../audit/access-log.ts';
import { implement } from '../../http/adapter.ts';
import { HttpProblem } from '../../http/problem.ts';
import { today } from '../../http/requests.ts';
import { checkDefinition, DefinitionError, runFor } from '../../reports/builder.ts';
import { DatasetNotBuiltError } from '../../reports/dataset-files.ts';
import { LinkRefused, signLink, verifyLink } from '../../reports/delivery/links.ts';
import { reportRuns, startReportRun } from '../../reports/delivery/runs.ts';
import { scheduleProblems } from '../../reports/delivery/validate.ts';
import { readingAsOwner } from '../../reports/owner-now.ts';
import { config } from '../../runtime/config.ts';
import * as delivery from './delivery-contract.ts';
import { changer, saved, visibleReport } from './visibility.ts';

/** The report if the caller may see it (404 otherwise): a change to it by a viewer is then the decider's 409. */
const existing = async (actor: Actor, id: string) => (await visibleReport(actor, id)).state;

/** Download links of a run's files live an hour; the run history is read when someone looks. */
const LINK_SECONDS = 3600;

/** A view through a share link is recorded against the link, as a reader with no account. */
const linkReader = (linkId: string): Actor => ({ id: `share-link:${linkId}`, role: 'public' });

const endpointActive = async (ids: string[]) => {
  const active = new Set<string>();
  for (const id of new Set(ids)) {
    const { state } = await loadRecord(aggregates.outboundEndpoint, id);
    if (state.exists && state.status === 'active') active.add(id);
  }
  return (id: string) => active.has(id);
};

const reportOfLink = async (token: string) => {
  let claim: { reportId: string; linkId: string };
  try {
    claim = await verifyLink(token);
  } catch (error) {
    if (!(error instanceof LinkRefused)) throw error;
    if (error.reason === 'expired') throw new HttpProblem(410, 'link-expired', 'This link has expired');
    throw new HttpProblem(401, 'link-invalid', 'This link is not valid');
  }
  const { state } = await loadRecord(aggregates.savedReport, claim.reportId);
  const link = state.exists ? state.links.find((l) => l.linkId === claim.linkId) : undefined;
  if (!state.exists || !link) throw new HttpProblem(401, 'link-invalid', 'This link is not valid');
  if (link.revoked) throw new HttpProblem(403, 'link-revoked', 'This link was revoked');
  if (Date.parse(link.expiresAt) <= Date.now())
    throw new HttpProblem(410, 'link-expired', 'This link has expired');
  return { report: state as Extract<SavedReportState, { exists: true }>, link };
};

export const deliveryImplementations = [
  implement(delivery.setReportSchedule, async (request) => {
    const { actor, body, params } = request;
    const report = await existing(actor, params.id);
    const webhookIds = body.schedule.recipients.flatMap((r) => (r.kind === 'webhook' ? [r.endpointId] : []));
    const problems = scheduleProblems(body.schedule, report.definition, {
      today: today(),
      endpointActive: await endpointActive(webhookIds),
    });
    if (problems.length)
      throw new HttpProblem(422, 'schedule-invalid', 'The schedule has a problem', problems[0]!.message, {
        errors: problems,
      });
    return saved.command(request, params.id, {
      type: 'ScheduleReport',
      schedule: body.schedule,
      ...changer(actor),
    });
  }),
  implement(delivery.removeReportSchedule, async (request) => {
    await existing(request.actor, request.params.id);
    return saved.command(request, request.params.id, {
      type: 'UnscheduleReport',
      ...changer(request.actor),
    });
  }),
  implement(delivery.runSavedReport, async ({ actor, params }) => {
    const report = await existing(actor, params.id);
    if (report.status !== 'active') throw new HttpProblem(409, 'report-archived', 'The report is archived');
    return {
      status: 202,
      body: await startReportRun({ reportId: params.id, trigger: 'manual', requestedBy: actor }),
    };
  }),
  implement(delivery.listReportRuns, async ({ actor, params }) => {
    await existing(actor, params.id);
    const runs = await reportRuns(params.id);
    const items = await Promise.all(
      runs.map(async (run) => ({
        ...run,
        ...(run.files
          ? {
              files: await Promise.all(
                run.files.map(async ({ key, manifestKey, ...file }) => ({
                  ...file,
                  url: await presignGet(config.exportsBucket, key, LINK_SECONDS),
                  manifestUrl: await presignGet(config.exportsBucket, manifestKey, LINK_SECONDS),
                })),
              ),
            }
          : {}),
      })),
    );
    return { body: { items } };
  }),
  implement(delivery.shareReport, async (request) => {
    await existing(request.actor, request.params.id);
    return saved.command(request, request.params.id, {
      type: 'ShareReport',
      shareId: ulid(),
      grantee: request.body.grantee,
      access: request.body.access,
      ...changer(request.actor),
    });
  }),
  implement(delivery.unshareReport, async (request) => {
    await existing(request.actor, request.params.id);
    return saved.command(request, request.params.id, {
      type: 'UnshareReport',
      shareId: request.params.shareId,
      ...changer(request.actor),
    });
  }),
  implement(delivery.createReportLink, async (request) => {
    const { actor, body, params } = request;
    const report = await existing(actor, params.id);
    if (body.filters?.length) {
      try {
        checkDefinition(
          { ...report.definition, filters: [...report.definition.filters, ...body.filters] },
          today(),
        );
      } catch (error) {
        if (!(error instanceof DefinitionError)) throw error;
        throw new HttpProblem(
          422,
          'link-filters-invalid',
          "The link's filters have a problem",
          error.message,
          {
            errors: [{ path: 'filters', message: error.message }],
          },
        );
      }
    }
    const linkId = ulid();
    const expiresAt = new Date(body.expiresAt).toISOString();
    const reply = await saved.command(request, params.id, {
      type: 'CreateReportLink',
      linkId,
      expiresAt,
      now: new Date().toISOString(),
      ...(body.filters?.length ? { filters: body.filters } : {}),
      ...changer(actor),
    });
    const token = await signLink({ reportId: params.id, linkId, expiresAt });
    return {
      status: 201,
      version: reply.version,
      // The token rides in the fragment: browsers never send it to the console's host or in a Referer.
      body: { linkId, expiresAt, token, path: `/shared#${token}`, version: reply.version },
    };
  }),
  implement(delivery.revokeReportLink, async (request) => {
    await existing(request.actor, request.params.id);
    return saved.command(request, request.params.id, {
      type: 'RevokeReportLink',
      linkId: request.params.linkId,
      ...changer(request.actor),
    });
  }),
  implement(delivery.reportLinkViews, async ({ actor, params }) => {
    const report = await existing(actor, params.id);
    const views = await Promise.all(
      report.links.map(async (link) =>
        // The access log keys readers in lower case (functions/audit/access-log.ts).
        (await readStream(systemStreams.access(linkReader(link.linkId).id.toLowerCase())))
          .flatMap((c) => c.events as Envelope[])
          .filter((e) => e.type === 'SensitiveDataAccessed')
          .map((e) => ({
            linkId: link.linkId,
            at: e.occurredAt,
            ...((e.data as { count?: number }).count !== undefined
              ? { rows: (e.data as { count: number }).count }
              : {}),
          })),
      ),
    );
    return { body: { items: views.flat().sort((a, b) => b.at.localeCompare(a.at)) } };
  }),
  implement(delivery.openSharedReport, async ({ params, query, correlationId }) => {
    const { report, link } = await reportOfLink(params.token);
    const definition: ReportDefinition = {
      ...report.definition,
      filters: [...report.definition.filters, ...(link.filters ?? [])],
    };
    // The link holds no permissions of its own: it shows what the report's owner may read today, so a
    // removed, disabled or re-roled owner's links stop showing data (the viewer is not told why).
    const reading = await readingAsOwner(report.owner.id, definition);
    if ('refusal' in reading)
      throw new HttpProblem(
        403,
        'link-unavailable',
        'This link no longer shows this report',
        'Ask whoever shared it',
      );
    const result = await runFor(reading, definition, {
      today: today(),
      pageSize: query.pageSize,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }).catch((error: unknown) => {
      if (error instanceof DatasetNotBuiltError)
        throw new HttpProblem(409, 'dataset-not-built', 'The analytics dataset is not ready', error.message);
      if (error instanceof DefinitionError)
        throw new HttpProblem(422, 'report-invalid', 'The report cannot run', error.message);
      throw error;
    });
    await recordSensitiveRead(linkReader(link.linkId), correlationId, {
      resource: 'saved-report',
      action: 'view',
      detail: `report ${report.reportId} (${report.name}) through share link ${link.linkId}`,
      count: result.rows.length,
    });
    return {
      body: { name: report.name, description: report.description, expiresAt: link.expiresAt, result },
      headers: { 'cache-control': 'no-store' },
    };
  }),
];
