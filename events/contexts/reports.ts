import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { ReportDefinition, ReportFilter } from './report-definition.ts';

/**
 * Saved reports (issue 14): a report definition kept as a record with an owner and versions (each
 * edit is one), from scratch or from a template. Stream: `report-<reportId>`.
 */
const Owner = z.object({ id: z.string(), email: z.string().optional() });

export const ReportDrafted = defineEvent({
  type: 'ReportDrafted',
  context: 'reports',
  summary: 'A report was saved, from scratch or from a template',
  schema: z.object({
    reportId: z.string(),
    name: z.string(),
    description: z.string(),
    definition: ReportDefinition,
    owner: Owner,
    templateId: z.string().optional(),
  }),
});

export const ReportEdited = defineEvent({
  type: 'ReportEdited',
  context: 'reports',
  summary: "A saved report's name, description or definition changed",
  schema: z.object({
    reportId: z.string(),
    name: z.string(),
    description: z.string(),
    definition: ReportDefinition,
  }),
});

export const ReportArchived = defineEvent({
  type: 'ReportArchived',
  context: 'reports',
  summary: 'A saved report was archived: it can no longer change; its history stays',
  schema: z.object({ reportId: z.string() }),
});

// Delivery and sharing (issue 14): a saved report's schedule, its shares and share links live on the
// report's own stream; its runs on `reportrun-<reportId>`, so a run never moves the report's version.

export const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'sql'] as const;

/** Where a scheduled run is delivered: an address (a link to the files, or the files attached), or an outbound endpoint. */
export const ReportRecipient = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('email'),
        address: z.email().max(254),
        mode: z.enum(['link', 'attachment']).default('link'),
      })
      .strict(),
    z.object({ kind: z.literal('webhook'), endpointId: z.string().min(1).max(100) }).strict(),
  ])
  .meta({ id: 'ReportRecipient' });
export type ReportRecipient = z.infer<typeof ReportRecipient>;

/**
 * Deliver only when `value` (a value column of the result) in the last row fell by more than
 * `percent` against the row before it: the result's rows are its periods, oldest first.
 */
export const ReportCondition = z
  .object({
    kind: z.literal('falls-by'),
    value: z.string().min(1).max(100),
    percent: z.number().positive().max(100),
  })
  .strict()
  .meta({ id: 'ReportCondition' });
export type ReportCondition = z.infer<typeof ReportCondition>;

export const ReportSchedule = z
  .object({
    /** EventBridge Scheduler's cron: `cron(0 8 ? * MON *)`. */
    cron: z.string().max(100),
    /** An IANA time zone the cron is read in. */
    timezone: z.string().max(60),
    formats: z.array(z.enum(REPORT_FORMATS)).min(1).max(4),
    compression: z.enum(['none', 'gzip']).default('none'),
    recipients: z.array(ReportRecipient).min(1).max(20),
    condition: ReportCondition.optional(),
  })
  .strict()
  .meta({ id: 'ReportSchedule' });
export type ReportSchedule = z.infer<typeof ReportSchedule>;

export const ReportScheduled = defineEvent({
  type: 'ReportScheduled',
  context: 'reports',
  summary: "A saved report's schedule was set: when it runs, in which formats, to whom, on which condition",
  schema: z.object({ reportId: z.string(), schedule: ReportSchedule }),
});

export const ReportUnscheduled = defineEvent({
  type: 'ReportUnscheduled',
  context: 'reports',
  summary: "A saved report's schedule was removed",
  schema: z.object({ reportId: z.string() }),
});

const Grantee = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), id: z.string() }),
  z.object({ kind: z.literal('role'), role: z.string() }),
]);

export const ReportShared = defineEvent({
  type: 'ReportShared',
  context: 'reports',
  summary: 'A saved report was shared with a user or a role, to view or to edit',
  schema: z.object({
    reportId: z.string(),
    shareId: z.string(),
    grantee: Grantee,
    access: z.enum(['view', 'edit']),
  }),
});

export const ReportUnshared = defineEvent({
  type: 'ReportUnshared',
  context: 'reports',
  summary: "A saved report's share with a user or a role was removed",
  schema: z.object({ reportId: z.string(), shareId: z.string() }),
});

export const ReportLinkCreated = defineEvent({
  type: 'ReportLinkCreated',
  context: 'reports',
  summary: 'A signed, expiring share link to a saved report was made (the token itself is never kept)',
  schema: z.object({
    reportId: z.string(),
    linkId: z.string(),
    expiresAt: z.string(),
    /** Filters every view of the link adds to the report's own. */
    filters: z.array(ReportFilter).max(20).optional(),
  }),
});

export const ReportLinkRevoked = defineEvent({
  type: 'ReportLinkRevoked',
  context: 'reports',
  summary: 'A share link was revoked: opening it is refused from now on',
  schema: z.object({ reportId: z.string(), linkId: z.string() }),
});

const RunFile = z.object({
  format: z.enum(REPORT_FORMATS),
  key: z.string(),
  fileName: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  manifestKey: z.string(),
});

const Run = { reportId: z.string(), runId: z.string() };

export const ReportRunStarted = defineEvent({
  type: 'ReportRunStarted',
  context: 'reports',
  summary: 'A report run started, on its schedule or by hand',
  schema: z.object({ ...Run, trigger: z.enum(['schedule', 'manual']), scheduledTime: z.string().optional() }),
});

export const ReportRunSucceeded = defineEvent({
  type: 'ReportRunSucceeded',
  context: 'reports',
  summary: 'A report run wrote its files and delivered them',
  schema: z.object({
    ...Run,
    rows: z.number().int(),
    durationMs: z.number().int(),
    files: z.array(RunFile),
    delivered: z.array(z.object({ recipient: z.string(), ok: z.boolean(), detail: z.string().optional() })),
  }),
});

export const ReportRunSkipped = defineEvent({
  type: 'ReportRunSkipped',
  context: 'reports',
  summary: 'A report run delivered nothing: its condition did not hold',
  schema: z.object({ ...Run, rows: z.number().int(), durationMs: z.number().int(), reason: z.string() }),
});

export const ReportRunFailed = defineEvent({
  type: 'ReportRunFailed',
  context: 'reports',
  summary: 'A report run failed after its retries; its owner was told',
  schema: z.object({ ...Run, durationMs: z.number().int(), error: z.string() }),
});
