import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { accessKeys, type SavedReportState } from '../../domain/reports/saved.ts';
import { InvalidCursorError } from '../errors.ts';
import { config } from '../runtime/config.ts';
import { dynamo } from './clients.ts';
import { type ListIndex, listKeyFor, listKeysOf } from './list-index.ts';
import type { ListOrder, ViewRow } from './views.ts';

/**
 * Who may find a saved report in a list: one access item per (grantee key, report) in the views table,
 * `user:<id>` for its owner and each user it is shared with, `role:<role>` for each role, kept by the
 * projector beside the report's row. Each item sits in the sparse list indexes by grantee (and by
 * grantee and status), sorted by id, which starts with the report's id (time-ordered): a person's list
 * is one key-conditioned query per key they hold (their own and their role's), merged by recency, so
 * a page is full from the index, never a scan filtered after a limit.
 */
export const REPORT_ACCESS: ListIndex = { view: 'savedReportAccess', filters: ['grantee', 'status'] };

type ReportRow = Pick<ViewRow<SavedReportState>, 'id' | 'version' | 'state'>;

const itemId = (reportId: string, key: string) => `${reportId}#${key}`;

/** The access items a report's row stands for. */
export const accessItemsOf = (row: ReportRow): Record<string, unknown>[] => {
  const status = row.state.exists ? row.state.status : undefined;
  return accessKeys(row.state).map((key) => ({
    view: REPORT_ACCESS.view,
    id: itemId(row.id, key),
    version: row.version,
    ...listKeysOf(REPORT_ACCESS, { grantee: key, ...(status ? { status } : {}) }),
  }));
};

const ignoreLostRace = (error: unknown) => {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
};

/**
 * Brings a report's access items to its row: the current keys written (a newer version's are never
 * overwritten by an older one), the keys it no longer has removed. Idempotent, so a repeated delivery or
 * a retry after a crash finishes the job.
 */
export const keepReportAccess = async (row: ReportRow, previous: ReportRow | undefined): Promise<void> => {
  const now = new Set(accessKeys(row.state));
  const lost = previous ? accessKeys(previous.state).filter((key) => !now.has(key)) : [];
  await Promise.all([
    ...accessItemsOf(row).map((Item) =>
      dynamo()
        .send(
          new PutCommand({
            TableName: config.viewsTable,
            Item,
            ConditionExpression: 'attribute_not_exists(id) OR version <= :v',
            ExpressionAttributeValues: { ':v': row.version },
          }),
        )
        .catch(ignoreLostRace),
    ),
    ...lost.map((key) =>
      dynamo()
        .send(
          new DeleteCommand({
            TableName: config.viewsTable,
            Key: { view: REPORT_ACCESS.view, id: itemId(row.id, key) },
            ConditionExpression: 'version < :v',
            ExpressionAttributeValues: { ':v': row.version },
          }),
        )
        .catch(ignoreLostRace),
    ),
  ]);
};

/** Report ids are ULIDs: a cursor naming anything else was not issued by this list. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const decodeCursor = (cursor: string | undefined): string | undefined => {
  if (!cursor) return undefined;
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string' && ULID.test(after)) return after;
  } catch {
    // Not JSON: not ours either.
  }
  throw new InvalidCursorError('list');
};

const encodeCursor = (after: string) => Buffer.from(JSON.stringify({ after })).toString('base64url');

/** Up to `limit` report ids under one key after the cursor, in the list's order. */
const idsUnder = async (
  key: string,
  status: string | undefined,
  after: string | undefined,
  limit: number,
  order: ListOrder,
): Promise<string[]> => {
  const index = listKeyFor(REPORT_ACCESS, { grantee: key, ...(status ? { status } : {}) })!;
  const newest = order === 'newest';
  // Every item of a report is `<reportId>#<key>`: after `<reportId>` (newest first, below it) or after
  // `<reportId>$` ('$' follows '#'; oldest first, above it) leaves out the cursor's report whole.
  const bound = after === undefined ? '' : newest ? ' AND #id < :after' : ' AND #id > :after';
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config.viewsTable,
        IndexName: index.indexName,
        KeyConditionExpression: `#lk = :lk${bound}`,
        ExpressionAttributeNames: { '#lk': index.attribute, ...(after ? { '#id': 'id' } : {}) },
        ExpressionAttributeValues: {
          ':lk': index.value,
          ...(after ? { ':after': newest ? after : `${after}$` } : {}),
        },
        ScanIndexForward: !newest,
        Limit: limit - ids.length,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) ids.push(String(item.id).split('#')[0]!);
    start = page.LastEvaluatedKey;
  } while (start && ids.length < limit);
  return ids;
};

/**
 * One page of the ids of the reports a person may see through `keys`, newest first unless asked
 * otherwise, with a status if given: each key's next `limit + 1` merged, so the page is full unless
 * every key's list has ended.
 */
export const accessibleReportIds = async (
  keys: readonly string[],
  options: { limit: number; cursor?: string; order?: ListOrder; status?: string },
): Promise<{ ids: string[]; nextCursor?: string }> => {
  const order = options.order ?? 'newest';
  const after = decodeCursor(options.cursor);
  const lists = await Promise.all(
    keys.map((key) => idsUnder(key, options.status, after, options.limit + 1, order)),
  );
  const merged = [...new Set(lists.flat())].sort();
  if (order === 'newest') merged.reverse();
  const ids = merged.slice(0, options.limit);
  return {
    ids,
    ...(merged.length > options.limit ? { nextCursor: encodeCursor(ids.at(-1)!) } : {}),
  };
};
