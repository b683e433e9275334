import * as z from 'zod';
import { MAX_LINK_DAYS } from '../../../domain/reports/saved.ts';
import { ReportFilter } from '../../../events/contexts/report-definition.ts';
import { REPORT_FORMATS, ReportSchedule } from '../../../events/contexts/reports.ts';
import { aggregates } from '../../application/aggregates.ts';
import { defineRoute } from '../../http/route.ts';
import { IdParams } from '../schemas.ts';
import { ReportGrantee, ReportResult, SavedReport } from './contract.ts';

/**
 * A saved report's delivery and sharing (issue 14): its schedule, runs and their history, shares with
 * users and roles, and signed, expiring share links opened without signing in.
 */
const tag = 'Reports';

export const setReportSchedule = defineRoute({
  method: 'PUT',
  path: '/api/reports/saved/{id}/schedule',
  permission: 'reports:schedule',
  summary:
    "Set a saved report's schedule: a cron in an IANA time zone, formats, compression, recipients (email with a link or the files attached; outbound webhook endpoints) and an optional condition. A bad cron, zone, recipient or condition is a 422 naming the field",
  tag,
  params: IdParams,
  ifMatch: true,
  problems: [422],
  body: z.object({ schedule: ReportSchedule }).strict().meta({ id: 'SetReportSchedule' }),
  response: SavedReport,
});

export const removeReportSchedule = defineRoute({
  method: 'DELETE',
  path: '/api/reports/saved/{id}/schedule',
  permission: 'reports:schedule',
  summary: "Remove a saved report's schedule: it no longer runs on its own",
  tag,
  params: IdParams,
  ifMatch: true,
  response: SavedReport,
});

const RunFile = z
  .object({
    format: z.enum(REPORT_FORMATS),
    fileName: z.string(),
    bytes: z.number().int(),
    sha256: z.string(),
    url: z.string().meta({ description: 'A download link, valid for an hour' }),
    manifestUrl: z.string().meta({ description: "The file's provenance manifest, valid for an hour" }),
  })
  .meta({ id: 'ReportRunFile' });

export const ReportRun = z
  .object({
    runId: z.string(),
    trigger: z.enum(['schedule', 'manual']),
    status: z.enum(['running', 'succeeded', 'skipped', 'failed']),
    startedAt: z.string(),
    scheduledTime: z.string().optional(),
    endedAt: z.string().optional(),
    durationMs: z.number().int().optional(),
    rows: z.number().int().optional(),
    files: z.array(RunFile).optional(),
    delivered: z
      .array(z.object({ recipient: z.string(), ok: z.boolean(), detail: z.string().optional() }))
      .optional(),
    reason: z.string().optional().meta({ description: 'Why a skipped run delivered nothing' }),
    error: z.string().optional(),
  })
  .meta({ id: 'ReportRun' });

export const runSavedReport = defineRoute({
  method: 'POST',
  path: '/api/reports/saved/{id}/run',
  permission: 'reports:schedule',
  summary:
    'Run a saved report now on the report state machine, as its schedule would: its files in every format of its schedule (CSV when it has none), with no row cap, delivered to its recipients',
  tag,
  params: IdParams,
  status: 202,
  response: z.object({ runId: z.string(), executionArn: z.string() }).meta({ id: 'ReportRunStarted' }),
});

export const listReportRuns = defineRoute({
  method: 'GET',
  path: '/api/reports/saved/{id}/runs',
  permission: aggregates.savedReport.read,
  summary: "A saved report's runs, newest first: status, duration, rows, files and deliveries",
  tag,
  params: IdParams,
  response: z.object({ items: z.array(ReportRun) }).meta({ id: 'ReportRuns' }),
});

export const shareReport = defineRoute({
  method: 'POST',
  path: '/api/reports/saved/{id}/shares',
  permission: 'reports:share',
  summary: 'Share a saved report with a user or a role, to view or to edit',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ grantee: ReportGrantee, access: z.enum(['view', 'edit']) })
    .strict()
    .meta({ id: 'ShareReport' }),
  response: SavedReport,
});

export const unshareReport = defineRoute({
  method: 'DELETE',
  path: '/api/reports/saved/{id}/shares/{shareId}',
  permission: 'reports:share',
  summary: "Remove a saved report's share",
  tag,
  params: IdParams.extend({ shareId: z.string().min(1).max(200) }).strict(),
  ifMatch: true,
  response: SavedReport,
});

export const createReportLink = defineRoute({
  method: 'POST',
  path: '/api/reports/saved/{id}/links',
  permission: 'reports:share',
  summary: `Make a signed share link to a saved report, optionally with fixed filters, expiring within ${MAX_LINK_DAYS} days (422 beyond). The link is shown once`,
  tag,
  params: IdParams,
  ifMatch: true,
  status: 201,
  problems: [422],
  secretResponse: true,
  body: z
    .object({
      expiresAt: z.iso
        .datetime({ offset: true })
        .meta({ description: `At most ${MAX_LINK_DAYS} days from now` }),
      filters: z.array(ReportFilter).max(20).optional(),
    })
    .strict()
    .meta({ id: 'CreateReportLink' }),
  response: z
    .object({
      linkId: z.string(),
      expiresAt: z.string(),
      token: z.string().meta({ description: "The link's token: shown once, never stored" }),
      path: z.string().meta({ description: "The console's page of the link" }),
      version: z.number().int().meta({ description: "The report's version after this change" }),
    })
    .meta({ id: 'ReportLinkCreated' }),
});

export const revokeReportLink = defineRoute({
  method: 'POST',
  path: '/api/reports/saved/{id}/links/{linkId}/revoke',
  permission: 'reports:share',
  summary: 'Revoke a share link: opening it is refused from now on',
  tag,
  params: IdParams.extend({ linkId: z.string().min(1).max(100) }).strict(),
  ifMatch: true,
  response: SavedReport,
});

export const reportLinkViews = defineRoute({
  method: 'GET',
  path: '/api/reports/saved/{id}/links/views',
  permission: 'reports:share',
  summary: "Every view of a saved report's share links, newest first, as the audit log recorded them",
  tag,
  params: IdParams,
  response: z
    .object({
      items: z.array(z.object({ linkId: z.string(), at: z.string(), rows: z.number().int().optional() })),
    })
    .meta({ id: 'ReportLinkViews' }),
});

export const openSharedReport = defineRoute({
  method: 'GET',
  path: '/api/shared/{token}',
  permission: 'public',
  summary:
    "Open a share link without signing in: the report's name and its results, read-only. A link that is not ours is a 401, a revoked one (or one whose report's owner may no longer read it) a 403, an expired one a 410",
  tag,
  params: z.object({ token: z.string().min(1).max(2000) }).strict(),
  query: z
    .object({
      cursor: z.string().max(100).optional(),
      pageSize: z.coerce.number().int().min(1).max(1000).default(100),
    })
    .strict(),
  // 409: the dataset is not built yet.
  problems: [401, 403, 409, 410, 422],
  throttle: { rateLimit: 20, burstLimit: 40 },
  response: z
    .object({
      name: z.string(),
      description: z.string(),
      expiresAt: z.string(),
      result: ReportResult,
    })
    .meta({ id: 'SharedReport' }),
});

export const reportDeliveryRoutes = [
  setReportSchedule,
  removeReportSchedule,
  runSavedReport,
  listReportRuns,
  shareReport,
  unshareReport,
  createReportLink,
  revokeReportLink,
  reportLinkViews,
  openSharedReport,
];
