import { describeFilters, recordSensitiveRead } from '../../audit/access-log.ts';
import { listDigestIndex, reconcile, writeDigest } from '../../audit/digests.ts';
import { ENTRY_COLUMNS, entryRow, evidenceCsv, evidencePack } from '../../audit/evidence.ts';
import { allEntries, searchEntries } from '../../audit/search.ts';
import { getEntryItem, viewOf } from '../../audit/store.ts';
import { verifyAuditLog } from '../../audit/verify-log.ts';
import { toCsv } from '../../export/cells.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { notFound } from '../../http/problem.ts';
import * as api from './contract.ts';

export const MAX_EXPORT = 10_000;

const attachment = (name: string, format: 'csv' | 'json') => ({
  'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
  'content-disposition': `attachment; filename="${name}.${format}"`,
  'cache-control': 'no-store',
});

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);

export const handler = httpHandler('audit', [
  implement(api.searchAudit, async ({ query, actor, correlationId }) => {
    const { limit, cursor, ...filters } = query;
    const page = await searchEntries({ ...filters, limit, cursor });
    // Reading the audit log is itself audited: once per search, not per page of it.
    if (!cursor) {
      await recordSensitiveRead(actor, correlationId, {
        resource: 'audit-log',
        action: 'queried',
        detail: describeFilters(filters),
        count: page.items.length,
      });
    }
    return { body: page, headers: { 'cache-control': 'no-store' } };
  }),
  implement(api.getAuditEntry, async ({ params }) => {
    const item = await getEntryItem(params.seq);
    if (!item) throw notFound(`Audit entry ${params.seq}`);
    return { body: { ...viewOf(item), canonical: item.entry } };
  }),
  implement(api.exportAudit, async ({ query, actor, correlationId }) => {
    const { format, ...filters } = query;
    const entries = await allEntries(filters, MAX_EXPORT);
    await recordSensitiveRead(actor, correlationId, {
      resource: 'audit-export',
      action: 'exported',
      detail: describeFilters(filters),
      format,
      count: entries.length,
    });
    const body =
      format === 'json'
        ? { exportedAt: new Date().toISOString(), filters, entries }
        : toCsv(ENTRY_COLUMNS, entries.map(entryRow));
    return { body, headers: attachment(`audit-${stamp()}`, format) };
  }),
  implement(api.verifyAudit, async ({ query }) => ({
    body: await verifyAuditLog({ fromSeq: query.fromSeq, toSeq: query.toSeq, deep: query.deep }),
    headers: { 'cache-control': 'no-store' },
  })),
  implement(api.listDigests, async () => ({ body: { items: await listDigestIndex() } })),
  implement(api.sealDigest, async () => {
    const reconciled = await reconcile();
    const outcome = await writeDigest();
    return { status: outcome.written ? 201 : 200, body: { ...outcome, reconciled } };
  }),
  implement(api.evidencePack, async ({ query, actor, correlationId }) => {
    const pack = await evidencePack({ from: query.from, to: query.to }, actor.email ?? actor.id);
    await recordSensitiveRead(actor, correlationId, {
      resource: 'evidence-pack',
      action: 'exported',
      detail: `${query.from} to ${query.to}`,
      format: query.format,
      count: pack.entries.length,
    });
    const name = `audit-evidence-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}`;
    return {
      body: query.format === 'json' ? pack : evidenceCsv(pack),
      headers: attachment(name, query.format),
    };
  }),
]);
