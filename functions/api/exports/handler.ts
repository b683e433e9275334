import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ulid } from 'ulid';
import { allows } from '../../../domain/access/permissions.ts';
import type { Actor } from '../../../events/envelope.ts';
import { presignGet } from '../../adapters/blobs.ts';
import { sfn } from '../../adapters/clients.ts';
import { listRows } from '../../adapters/views.ts';
import { getRecord, OPS_VIEWS, opsList, patchRecord, putRecord } from '../../backup/records.ts';
import { type ExportRecord, exportManifestKey } from '../../export/export-record.ts';
import { FORMATS } from '../../export/format-names.ts';
import {
  type ExportSource,
  exportableViews,
  readPermissionOf,
  sourceProblems,
} from '../../export/sources.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { authorize } from '../../http/auth.ts';
import { badRequest, notFound } from '../../http/problem.ts';
import { config } from '../../runtime/config.ts';
import * as api from './contract.ts';

/** Download links work this long; GET the export again for fresh ones. */
export const LINK_SECONDS = 15 * 60;

/** Operators (who may read backups) see every export; everyone else sees their own. */
const seesAll = (actor: Actor) => allows(actor, 'backups:read');

/**
 * An export run as the API shows it: without where its files lie in the bucket (the API hands out
 * links instead) or the requester's user id (the run names them by `requestedBy`; the id only decides
 * who sees the run).
 */
const shown = ({ key: _key, manifestKey: _manifestKey, requestedById: _by, ...run }: ExportRecord) => run;

const withLinks = async (record: ExportRecord) => {
  if (record.status !== 'completed' || !record.key) return shown(record);
  const [url, manifestUrl] = await Promise.all([
    presignGet(config.exportsBucket, record.key, LINK_SECONDS),
    presignGet(config.exportsBucket, exportManifestKey(record.id), LINK_SECONDS),
  ]);
  return {
    ...shown(record),
    download: { url, manifestUrl, expiresAt: new Date(Date.now() + LINK_SECONDS * 1000).toISOString() },
  };
};

export const handler = httpHandler('exports', [
  implement(api.exportSources, async ({ actor }) => {
    const sources: ExportSource[] = [
      ...exportableViews().map((view) => ({ kind: 'view' as const, view })),
      { kind: 'events' as const },
    ];
    return {
      body: {
        items: sources.map((source) => {
          const permission = readPermissionOf(source);
          return {
            kind: source.kind,
            name: source.kind === 'view' ? source.view : 'events',
            permission,
            allowed: allows(actor, permission),
          };
        }),
        formats: [...FORMATS],
      },
    };
  }),

  implement(api.startExport, async ({ body, actor }) => {
    const problems = sourceProblems(body.source);
    if (problems.length > 0) {
      throw badRequest(
        problems.join('; '),
        problems.map((message) => ({ path: 'body.source', message })),
      );
    }
    // An export shows what it exports: it needs the permission to read that, too.
    authorize(actor, readPermissionOf(body.source));
    const id = ulid();
    const requestedAt = new Date().toISOString();
    const record: ExportRecord = {
      id,
      status: 'queued',
      source: body.source,
      format: body.format,
      compression: body.compression,
      requestedById: actor.id,
      requestedBy: actor.email ?? actor.id,
      requestedAt,
    };
    await putRecord(OPS_VIEWS.exports, id, record);
    const execution = await sfn().send(
      new StartExecutionCommand({
        stateMachineArn: config.stateMachineArn('export'),
        name: id,
        input: JSON.stringify({
          exportId: id,
          source: body.source,
          format: body.format,
          compression: body.compression,
          requestedBy: actor,
          requestedAt,
        }),
      }),
    );
    await patchRecord(OPS_VIEWS.exports, id, { executionArn: execution.executionArn });
    return { status: 202, body: { ...shown(record), executionArn: execution.executionArn } };
  }),

  implement(api.listExports, async ({ query, actor }) => {
    const page = await listRows<ExportRecord>(opsList(OPS_VIEWS.exports), {
      ...query,
      where: seesAll(actor) ? undefined : { requestedById: actor.id },
    });
    return { body: { items: page.items.map((row) => shown(row.state)), nextCursor: page.nextCursor } };
  }),

  implement(api.getExport, async ({ params, actor }) => {
    const record = await getRecord<ExportRecord>(OPS_VIEWS.exports, params.id);
    // Someone else's export is not found, rather than forbidden: its existence is not yours to know.
    if (!record || (!seesAll(actor) && record.requestedById !== actor.id))
      throw notFound(`Export ${params.id}`);
    return { body: await withLinks(record) };
  }),
]);
