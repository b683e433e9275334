import { checkCondition } from '../../../domain/reports/delivery.ts';
import type { ReportRecipient } from '../../../events/contexts/reports.ts';
import type { Actor } from '../../../events/envelope.ts';
import { getBytes, presignGet, putJson } from '../../adapters/blobs.ts';
import { appendRecorded, readStream } from '../../adapters/event-store.ts';
import { aggregates, systemStreams } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { causeOf } from '../../backup/backup.ts';
import { writeFile } from '../../export/file.ts';
import { type Column, FORMAT_INFO } from '../../export/formats.ts';
import { today } from '../../http/requests.ts';
import { signingSecretsOf } from '../../integrations/outbound/endpoints.ts';
import { send } from '../../integrations/outbound/send.ts';
import { sendEmail } from '../../notifications/email.ts';
import { notify } from '../../notifications/notify.ts';
import { config } from '../../runtime/config.ts';
import { pagesFor } from '../builder.ts';
import { readingAsOwner } from '../owner-now.ts';
import { readResult, writeResult } from './result-file.ts';
import type { RunRequest } from './runs.ts';

/**
 * The report state machine's tasks (statemachines/report.asl.json): run the query and check the
 * condition, write the files with their provenance manifests, deliver them, record how the run ended.
 * Each is safe to retry: a retried step writes the same keys and records nothing twice.
 */
/** Rows a run reads from the engine at a time (and writes to its result before reading more). */
export const RUN_PAGE_SIZE = 1000;

export interface Queried extends RunRequest {
  startedAt: string;
  rows: number;
  deliver: boolean;
  /** Why the condition held, or why nothing is delivered. */
  outcome: string;
}

export interface RunFile {
  format: 'json' | 'csv' | 'xlsx' | 'sql';
  key: string;
  fileName: string;
  bytes: number;
  sha256: string;
  manifestKey: string;
}

export interface Exported extends Queried {
  files: RunFile[];
}

export interface Delivered extends Exported {
  delivered: { recipient: string; ok: boolean; detail?: string }[];
}

/** Where a run's files live in the exports bucket. */
export const runPrefix = (reportId: string, runId: string) => `reports/${reportId}/${runId}/`;
const resultKey = (r: RunRequest) => `${runPrefix(r.reportId, r.runId)}result.ndjson`;

/** Links in a report's email last as long as S3 lets a presigned link last (seven days). */
const LINK_SECONDS = 7 * 86_400;

const runEvents = async (reportId: string) =>
  (await readStream(systemStreams.reportRuns(reportId))).flatMap((c) => c.events);

/** Appends a run's event once: a retried task finds it there already. */
const recordOnce = async (
  request: RunRequest,
  event: Parameters<typeof appendRecorded>[1][number],
): Promise<void> => {
  const seen = (await runEvents(request.reportId)).some(
    (e) => e.type === event.type && (e.data as { runId?: string }).runId === request.runId,
  );
  if (seen) return;
  await appendRecorded(systemStreams.reportRuns(request.reportId), [event], {
    actor: request.requestedBy,
    correlationId: request.runId,
  });
};

const loadReport = async (reportId: string) => {
  const { state } = await loadRecord(aggregates.savedReport, reportId);
  if (!state.exists) throw new Error(`No saved report ${reportId}`);
  return state;
};

/** A run refused because its owner may not read the report's data now: not retried into success. */
export class OwnerRefusedError extends Error {
  override name = 'OwnerRefusedError';
}

const since = (startedAt: string) => Date.now() - Date.parse(startedAt);

export const query = async (request: RunRequest, pageSize = RUN_PAGE_SIZE): Promise<Queried> => {
  const report = await loadReport(request.reportId);
  const startedAt = new Date().toISOString();
  await recordOnce(request, {
    type: 'ReportRunStarted',
    data: {
      reportId: request.reportId,
      runId: request.runId,
      trigger: request.trigger,
      ...(request.scheduledTime ? { scheduledTime: request.scheduledTime } : {}),
    },
  });
  // A run reads as its owner may today: the account, its state and its role are looked up at each run.
  const reading = await readingAsOwner(report.owner.id, report.definition);
  if ('refusal' in reading) throw new OwnerRefusedError(reading.refusal);
  const result = await writeResult(
    config.exportsBucket,
    resultKey(request),
    pagesFor(reading, report.definition, today(), pageSize),
  );
  // A condition compares the last two periods: those are all the run keeps of the rows.
  const outcome = checkCondition(report.schedule?.condition, result.last);
  return {
    ...request,
    startedAt,
    rows: result.rows,
    deliver: outcome.deliver,
    outcome: outcome.deliver ? outcome.detail : outcome.reason,
  };
};

const COLUMN_TYPES: Record<string, Column['type']> = {
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
};

export const exportFiles = async (state: Queried): Promise<Exported> => {
  const report = await loadReport(state.reportId);
  const { header, close } = await readResult(config.exportsBucket, resultKey(state));
  close();
  const columns = header.columns.map((c) => ({ name: c.name, type: COLUMN_TYPES[c.type] ?? 'text' }));
  const formats = report.schedule?.formats ?? ['csv'];
  const compression = report.schedule?.compression ?? 'none';
  const stamp = state.startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const name =
    report.name
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'report';
  const files: RunFile[] = [];
  for (const format of formats) {
    const fileName = `${name}-${stamp}.${FORMAT_INFO[format].extension}${compression === 'gzip' ? '.gz' : ''}`;
    const key = `${runPrefix(state.reportId, state.runId)}${fileName}`;
    const provenance = [
      `Firefly report ${report.name} (${state.reportId}), run ${state.runId}, as ${format.toUpperCase()}`,
      `Dataset as of ${header.asOf}; ${state.trigger === 'schedule' ? `scheduled for ${state.scheduledTime ?? state.startedAt}` : `run by ${state.requestedBy.email ?? state.requestedBy.id}`}`,
    ].join('\n');
    // Each format reads the result afresh, line by line.
    const { rows } = await readResult(config.exportsBucket, resultKey(state));
    const stored = await writeFile(rows, {
      bucket: config.exportsBucket,
      key,
      fileName,
      format,
      compression,
      name,
      columns,
      provenance,
    });
    const manifestKey = `${key}.manifest.json`;
    await putJson(config.exportsBucket, manifestKey, {
      format: 'firefly-export/1',
      id: state.runId,
      source: { kind: 'report', reportId: state.reportId, definition: report.definition, asOf: header.asOf },
      fileFormat: format,
      compression,
      key,
      fileName,
      contentType: FORMAT_INFO[format].contentType,
      rows: stored.written.rows,
      bytes: stored.bytes,
      sha256: stored.sha256,
      contentBytes: stored.contentBytes,
      contentSha256: stored.contentSha256,
      columns,
      warnings: stored.written.warnings,
      requestedBy: state.requestedBy,
      requestedAt: state.scheduledTime ?? state.startedAt,
      startedAt: state.startedAt,
      completedAt: new Date().toISOString(),
      stage: config.stage,
    });
    files.push({ format, key, fileName, bytes: stored.bytes, sha256: stored.sha256, manifestKey });
  }
  return { ...state, files };
};

const describe = (recipient: ReportRecipient) =>
  recipient.kind === 'email' ? recipient.address : `webhook ${recipient.endpointId}`;

const emailTo = async (
  recipient: Extract<ReportRecipient, { kind: 'email' }>,
  state: Exported,
  reportName: string,
) => {
  const lines = [
    `${reportName}: ${state.rows} rows (${state.outcome}).`,
    '',
    ...(recipient.mode === 'link'
      ? await Promise.all(
          state.files.map(
            async (f) => `${f.fileName}: ${await presignGet(config.exportsBucket, f.key, LINK_SECONDS)}`,
          ),
        )
      : state.files.map((f) => `${f.fileName} is attached.`)),
    '',
    `The report in the console: ${config.consoleUrl ?? ''}/reports/saved/${state.reportId}`,
  ];
  const attachments =
    recipient.mode === 'attachment'
      ? await Promise.all(
          state.files.map(async (f) => ({
            fileName: f.fileName,
            contentType: f.fileName.endsWith('.gz') ? 'application/gzip' : FORMAT_INFO[f.format].contentType,
            content: (await getBytes(config.exportsBucket, f.key)) ?? new Uint8Array(),
          })),
        )
      : undefined;
  const sent = await sendEmail({
    to: recipient.address,
    subject: `[Firefly] Report: ${reportName}`,
    text: lines.join('\n'),
    ...(attachments ? { attachments } : {}),
  });
  return sent.messageId;
};

const webhookTo = async (
  recipient: Extract<ReportRecipient, { kind: 'webhook' }>,
  state: Exported,
  reportName: string,
) => {
  const { state: endpoint } = await loadRecord(aggregates.outboundEndpoint, recipient.endpointId);
  if (!endpoint.exists || endpoint.status !== 'active')
    throw new Error(`Webhook endpoint ${recipient.endpointId} is not active`);
  const now = new Date();
  // The same id on every attempt of this run: receivers drop duplicates by it.
  const id = `report-run-${state.runId}-${recipient.endpointId}`;
  const secrets =
    endpoint.format === 'standard-webhooks'
      ? await signingSecretsOf(endpoint, { actor: state.requestedBy, correlationId: state.runId }, now)
      : undefined;
  if (endpoint.format === 'standard-webhooks' && !secrets)
    throw new Error(`Webhook endpoint ${recipient.endpointId} has no stored signing secret`);
  const files = await Promise.all(
    state.files.map(async (f) => ({
      format: f.format,
      fileName: f.fileName,
      bytes: f.bytes,
      sha256: f.sha256,
      url: await presignGet(config.exportsBucket, f.key, LINK_SECONDS),
    })),
  );
  const result = await send(
    { url: endpoint.url, format: endpoint.format, ...(secrets ? { secrets } : {}) },
    {
      id,
      type: 'report.delivered',
      timestamp: now.toISOString(),
      data: { reportId: state.reportId, name: reportName, runId: state.runId, rows: state.rows, files },
    },
    now,
  );
  if (!result.ok) throw new Error(`${endpoint.url}: ${result.error ?? `HTTP ${result.statusCode}`}`);
  return `HTTP ${result.statusCode}`;
};

/**
 * Sends the files to every recipient. A failed recipient fails the task (the state's Retry tries them
 * again; webhook receivers drop a repeat by its id), and after the retries the run fails and its owner hears.
 */
export const deliver = async (state: Exported): Promise<Delivered> => {
  const report = await loadReport(state.reportId);
  const delivered: Delivered['delivered'] = [];
  const failures: string[] = [];
  for (const recipient of report.schedule?.recipients ?? []) {
    try {
      const detail =
        recipient.kind === 'email'
          ? await emailTo(recipient, state, report.name)
          : await webhookTo(recipient, state, report.name);
      delivered.push({ recipient: describe(recipient), ok: true, detail });
    } catch (error) {
      failures.push(`${describe(recipient)}: ${(error as Error).message}`);
    }
  }
  if (failures.length) throw new Error(`Delivery failed: ${failures.join('; ')}`);
  return { ...state, delivered };
};

export const recordSucceeded = async (state: Delivered) => {
  await recordOnce(state, {
    type: 'ReportRunSucceeded',
    data: {
      reportId: state.reportId,
      runId: state.runId,
      rows: state.rows,
      durationMs: since(state.startedAt),
      files: state.files,
      delivered: state.delivered,
    },
  });
  return { runId: state.runId, status: 'succeeded' };
};

export const recordSkipped = async (state: Queried) => {
  await recordOnce(state, {
    type: 'ReportRunSkipped',
    data: {
      reportId: state.reportId,
      runId: state.runId,
      rows: state.rows,
      durationMs: since(state.startedAt),
      reason: state.outcome,
    },
  });
  return { runId: state.runId, status: 'skipped' };
};

/** A run that failed after its retries: recorded, and its owner told (notification centre and email). */
export const recordFailure = async (
  state: Partial<Queried> & RunRequest & { error?: { Error?: string; Cause?: string } },
) => {
  const error = causeOf(state.error);
  const startedAt = state.startedAt ?? new Date().toISOString();
  await recordOnce(state, {
    type: 'ReportRunFailed',
    data: { reportId: state.reportId, runId: state.runId, durationMs: since(startedAt), error },
  });
  const { state: report } = await loadRecord(aggregates.savedReport, state.reportId);
  if (!report.exists) return { runId: state.runId, status: 'failed', error };
  // When the owner may no longer run it (gone, disabled, their role changed), admins hear too.
  const refused = 'refusal' in (await readingAsOwner(report.owner.id, report.definition));
  await notify(
    {
      recipients: { userIds: [report.owner.id], ...(refused ? { roles: ['admin' as const] } : {}) },
      title: `Report run failed: ${report.name}`,
      body: `A ${state.trigger === 'schedule' ? 'scheduled run' : 'run'} of ${report.name} failed: ${error.slice(0, 500)}`,
      link: `/reports/saved/${state.reportId}/delivery`,
      severity: 'warning',
      source: { kind: 'report-run', id: state.runId },
      cause: { key: `report-run-failed-${state.runId}`, at: startedAt },
      email: true,
    },
    { correlationId: state.runId, actor: state.requestedBy satisfies Actor },
  );
  return { runId: state.runId, status: 'failed', error };
};
