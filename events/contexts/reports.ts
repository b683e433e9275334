import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { ReportDefinition } from './report-definition.ts';

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
