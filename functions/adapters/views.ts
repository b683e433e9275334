import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError, refusedCursor } from '../errors.ts';
import { config } from '../runtime/config.ts';
import { dynamo } from './clients.ts';

/** A read-model row: an aggregate's state as of `version` commits of its stream. */
export interface ViewRow<S = Record<string, unknown>> {
  view: string;
  id: string;
  version: number;
  eventCount: number;
  state: S;
  search: string;
  createdAt: string;
  updatedAt: string;
  lastEventId: string;
}

export const getRow = async <S>(view: string, id: string): Promise<ViewRow<S> | undefined> => {
  const result = await dynamo().send(new GetCommand({ TableName: config.viewsTable, Key: { view, id } }));
  return result.Item as ViewRow<S> | undefined;
};

/** Writes a row only if nobody advanced it meanwhile; returns false when another writer won. */
export const putRowIfAt = async (row: ViewRow, previousVersion: number | undefined): Promise<boolean> => {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config.viewsTable,
        Item: row,
        ConditionExpression: previousVersion === undefined ? 'attribute_not_exists(id)' : 'version = :v',
        ExpressionAttributeValues: previousVersion === undefined ? undefined : { ':v': previousVersion },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** BatchWrite in batches of 25, `concurrency` batches in flight. */
const writeBatches = async (writes: readonly Record<string, unknown>[], concurrency: number) => {
  const writeBatch = async (i: number) => {
    let requests: Record<string, unknown>[] | undefined = writes.slice(i, i + 25);
    // BatchWrite may hand back unprocessed items under load; retry them until none are left.
    for (let attempt = 0; requests && requests.length > 0; attempt++) {
      const result = await dynamo().send(
        new BatchWriteCommand({ RequestItems: { [config.viewsTable]: requests } }),
      );
      requests = result.UnprocessedItems?.[config.viewsTable] as Record<string, unknown>[] | undefined;
      if (requests?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    }
  };
  let next = 0;
  const worker = async () => {
    for (let i = next; i < writes.length; i = next) {
      next += 25;
      await writeBatch(i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
};

/** Writes rows in batches of 25, several batches in flight: a rebuild is bound by round trips otherwise. */
export const putRows = (rows: readonly ViewRow[], concurrency = 8): Promise<void> =>
  writeBatches(
    rows.map((Item) => ({ PutRequest: { Item } })),
    concurrency,
  );

/** Deletes every row of the given views, leaving the table's other rows (operational state) alone. */
export const deleteViews = async (views: readonly string[], concurrency = 8): Promise<number> => {
  let deleted = 0;
  for (const view of views) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: config.viewsTable,
          KeyConditionExpression: '#view = :view',
          ExpressionAttributeNames: { '#view': 'view', '#id': 'id' },
          ExpressionAttributeValues: { ':view': view },
          ProjectionExpression: '#view, #id',
          ExclusiveStartKey,
        }),
      );
      const keys = page.Items ?? [];
      await writeBatches(
        keys.map((Key) => ({ DeleteRequest: { Key } })),
        concurrency,
      );
      deleted += keys.length;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return deleted;
};

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

const decodeCursor = (view: string, cursor: string | undefined): Record<string, unknown> | undefined => {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    // DynamoDB refuses empty key strings and sort keys over 1,024 bytes: such a cursor was never issued.
    if (
      key.view !== view ||
      typeof key.id !== 'string' ||
      key.id === '' ||
      Buffer.byteLength(key.id) > 1024 ||
      Object.keys(key).length !== 2
    )
      throw new Error('foreign');
    return key;
  } catch {
    throw new InvalidCursorError('list');
  }
};

export type ListOrder = 'newest' | 'oldest';

export interface ListOptions {
  limit: number;
  /** Ids are time-ordered, so the key order is creation order. Default newest first. */
  order?: ListOrder;
  cursor?: string;
  search?: string;
  /** Exact matches on top-level fields of the state. */
  where?: Record<string, string>;
}

/**
 * One page of a view, newest first unless asked otherwise (ids are time-ordered). Filters run in DynamoDB, so a page can hold
 * fewer than `limit` rows while a cursor still says more may follow.
 */
export const listRows = async <S>(view: string, options: ListOptions) => {
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':view': view };
  if (options.search) {
    filters.push('contains(#search, :search)');
    names['#search'] = 'search';
    values[':search'] = options.search.toLowerCase();
  }
  Object.entries(options.where ?? {}).forEach(([field, value], i) => {
    filters.push(`#state.#f${i} = :f${i}`);
    names['#state'] = 'state';
    names[`#f${i}`] = field;
    values[`:f${i}`] = value;
  });
  const exclusiveStartKey = decodeCursor(view, options.cursor);
  const result = await dynamo()
    .send(
      new QueryCommand({
        TableName: config.viewsTable,
        KeyConditionExpression: '#view = :view',
        FilterExpression: filters.length ? filters.join(' AND ') : undefined,
        ExpressionAttributeNames: { '#view': 'view', ...names },
        ExpressionAttributeValues: values,
        ScanIndexForward: options.order === 'oldest',
        Limit: options.limit,
        ExclusiveStartKey: exclusiveStartKey,
      }),
    )
    .catch(refusedCursor('list', exclusiveStartKey !== undefined));
  return { items: (result.Items ?? []) as ViewRow<S>[], nextCursor: encodeCursor(result.LastEvaluatedKey) };
};
