import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError, refusedCursor } from '../errors.ts';
import { config } from '../runtime/config.ts';
import { dynamo } from './clients.ts';
import {
  indexedWordsOf,
  type ListIndex,
  listKeyFor,
  parseWordKey,
  wordKey,
  wordsOf,
  wordsPartition,
} from './list-index.ts';

/**
 * A read-model row: an aggregate's state as of `version` commits of its stream, with the list keys
 * (`lk<mask>`, see list-index.ts) that place it in its view's filtered lists.
 */
export interface ViewRow<S = Record<string, unknown>> {
  [listKey: `lk${number}`]: string | undefined;
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

/** The search index items of a row's words. */
const wordItems = (row: Pick<ViewRow, 'view' | 'id' | 'version'>, words: readonly string[]) =>
  words.map((word) => ({ view: wordsPartition(row.view), id: wordKey(word, row.id), version: row.version }));

/**
 * Writes a row only if nobody advanced it meanwhile; returns false when another writer won. The row's
 * list keys go with it in the same write (sparse indexes); its search words are items of their own,
 * written around it without a transaction (dynalite has none): words the new text gains are written
 * first, so a row is never listed without them, and words it lost are removed after, only if no newer
 * version wrote them again. A word left behind by a crash or a lost race is harmless: a search checks
 * each match against the row itself (see `searchRows`), and a rebuild writes the index afresh.
 */
export const putRowIfAt = async (
  row: ViewRow,
  previous: Pick<ViewRow, 'version' | 'search'> | undefined,
): Promise<boolean> => {
  const before = new Set(previous ? indexedWordsOf(previous.search) : []);
  const after = indexedWordsOf(row.search);
  const gained = after.filter((w) => !before.has(w));
  const lost = [...before].filter((w) => !after.includes(w));
  await writeBatches(
    wordItems(row, gained).map((Item) => ({ PutRequest: { Item } })),
    4,
  );
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config.viewsTable,
        Item: row,
        ConditionExpression: previous === undefined ? 'attribute_not_exists(id)' : 'version = :v',
        ExpressionAttributeValues: previous === undefined ? undefined : { ':v': previous.version },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
  await Promise.all(
    wordItems(row, lost).map((item) =>
      dynamo()
        .send(
          new DeleteCommand({
            TableName: config.viewsTable,
            Key: { view: item.view, id: item.id },
            ConditionExpression: 'version < :v',
            ExpressionAttributeValues: { ':v': row.version },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }),
    ),
  );
  return true;
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

/**
 * Writes rows and their search words in batches of 25, several batches in flight: a rebuild is bound by
 * round trips otherwise. For fresh rows (a rebuild after `deleteViews`): words of a row's earlier text
 * are not removed.
 */
export const putRows = (rows: readonly ViewRow[], concurrency = 16): Promise<void> =>
  writeBatches(
    rows.flatMap(itemsOfRow).map((Item) => ({ PutRequest: { Item } })),
    concurrency,
  );

/** Fresh items (a rebuild's), in batches of 25, several batches in flight. */
export const putItems = (items: readonly Record<string, unknown>[], concurrency = 8): Promise<void> =>
  writeBatches(
    items.map((Item) => ({ PutRequest: { Item } })),
    concurrency,
  );

/** The items a fresh row is stored as: the row and its search words. */
export const itemsOfRow = (row: ViewRow): Record<string, unknown>[] => [
  row,
  ...wordItems(row, indexedWordsOf(row.search)),
];

/**
 * Deletes every row of the given views and their search index, leaving the table's other rows
 * (operational state) alone.
 */
export const deleteViews = async (views: readonly string[], concurrency = 8): Promise<number> => {
  let deleted = 0;
  for (const view of views.flatMap((v) => [v, wordsPartition(v)])) {
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

type Key = Record<string, unknown>;

const encodeCursor = (key: Key | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

/**
 * The start key a cursor names, if it is one this list issued: exactly the attributes and values of the
 * list's key (`fixed`) plus an `id` DynamoDB accepts, starting with `idPrefix` for a search. Anything
 * else was never issued: 400 rather than a page of another list.
 */
const decodeCursor = (
  cursor: string | undefined,
  fixed: Readonly<Record<string, string>>,
  what: 'list' | 'search',
  idPrefix = '',
): Key | undefined => {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Key;
    const names = Object.keys(key);
    // DynamoDB refuses empty key strings and sort keys over 1,024 bytes: such a cursor was never issued.
    if (
      typeof key.id !== 'string' ||
      key.id === '' ||
      !key.id.startsWith(idPrefix) ||
      Buffer.byteLength(key.id) > 1024 ||
      names.length !== Object.keys(fixed).length + 1 ||
      Object.entries(fixed).some(([name, value]) => key[name] !== value)
    )
      throw new Error('foreign');
    return key;
  } catch {
    throw new InvalidCursorError(what);
  }
};

export type ListOrder = 'newest' | 'oldest';

export interface ListOptions {
  limit: number;
  /** Ids are time-ordered, so the key order is creation order. Default newest first. */
  order?: ListOrder;
  cursor?: string;
  /** Words each matching record has a word starting with (see `wordsOf`). */
  search?: string;
  /** Exact matches on the view's list filters (`ListIndex.filters`); other names are refused. */
  where?: Record<string, string>;
  /**
   * A search only: whether the caller may see a matching row's record (saved reports), checked with the
   * search's other conditions, so a page still fills from the index.
   */
  visible?: (state: unknown) => boolean;
}

export interface RowPage<S> {
  items: ViewRow<S>[];
  /** Present when more rows may follow. */
  nextCursor?: string;
}

/**
 * Reads a key-conditioned query until it has `limit + 1` items or ends: there is no filter, so every item
 * read is on the page, and the extra one only says whether a next page exists. (A query also stops at
 * 1 MB, hence the loop.) The cursor is the key of the page's last item in the queried index.
 */
const queryPage = async (
  query: { IndexName?: string; KeyConditionExpression: string; names: Key; values: Key },
  keyOf: (item: Key) => Key,
  options: ListOptions,
  exclusiveStartKey: Key | undefined,
): Promise<{ items: Key[]; nextCursor?: string }> => {
  const items: Key[] = [];
  let start = exclusiveStartKey;
  do {
    const result = await dynamo()
      .send(
        new QueryCommand({
          TableName: config.viewsTable,
          IndexName: query.IndexName,
          KeyConditionExpression: query.KeyConditionExpression,
          ExpressionAttributeNames: query.names as Record<string, string>,
          ExpressionAttributeValues: query.values,
          ScanIndexForward: options.order === 'oldest',
          Limit: options.limit + 1 - items.length,
          ExclusiveStartKey: start,
        }),
      )
      .catch(refusedCursor('list', exclusiveStartKey !== undefined));
    items.push(...(result.Items ?? []));
    start = result.LastEvaluatedKey;
  } while (start && items.length <= options.limit);
  const more = items.length > options.limit;
  const page = items.slice(0, options.limit);
  return { items: page, nextCursor: more ? encodeCursor(keyOf(page.at(-1)!)) : undefined };
};

/** Index entries a search reads at most per request before it answers with what it found (and a cursor). */
export const SEARCH_READ_BOUND = 1000;
const SEARCH_BATCH = 100;

/** Gets rows by id (BatchGet, 100 a call, retrying what DynamoDB hands back unprocessed). */
export const getRows = async <S>(view: string, ids: readonly string[]): Promise<Map<string, ViewRow<S>>> => {
  const rows = new Map<string, ViewRow<S>>();
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Key[] | undefined = ids.slice(i, i + 100).map((id) => ({ view, id }));
    for (let attempt = 0; keys && keys.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      const result = await dynamo().send(
        new BatchGetCommand({ RequestItems: { [config.viewsTable]: { Keys: keys } } }),
      );
      for (const item of result.Responses?.[config.viewsTable] ?? [])
        rows.set(item.id as string, item as ViewRow<S>);
      keys = result.UnprocessedKeys?.[config.viewsTable]?.Keys as Key[] | undefined;
    }
  }
  return rows;
};

/**
 * One page of a search: the view's word index is read from the search's longest word (a key
 * condition: the words starting with it, then the records, in the list's order), and each entry is
 * checked against its row, which must still hold that word (the index can keep a word a crash left
 * behind), have a word starting with each other word searched, match the filters, and be reached
 * through this entry only (its first word starting with the searched one in the index order), so a
 * record appears once. Without filters and with one word, every entry but such repeats is a match; with
 * filters or more words, entries that are not are skipped, reading on until the page is full, the index
 * ends, or `SEARCH_READ_BOUND` entries were read (then the page may be short, with a cursor).
 */
const searchRows = async <S>(
  list: ListIndex,
  words: readonly string[],
  filter: ReturnType<typeof listKeyFor>,
  options: ListOptions,
): Promise<RowPage<S>> => {
  const key = words.reduce((a, b) => (b.length > a.length ? b : a));
  const partition = wordsPartition(list.view);
  let start = decodeCursor(options.cursor, { view: partition }, 'search', key);
  const matches: { row: ViewRow<S>; entry: string }[] = [];
  let read = 0;
  let ended = false;
  let lastRead: string | undefined;
  let batch = options.limit + 1;
  const firstOf = (candidates: string[]) =>
    options.order === 'oldest' ? candidates.toSorted()[0] : candidates.toSorted().at(-1);
  while (matches.length <= options.limit && read < SEARCH_READ_BOUND && !ended) {
    const result = await dynamo()
      .send(
        new QueryCommand({
          TableName: config.viewsTable,
          KeyConditionExpression: '#view = :view AND begins_with(#id, :word)',
          ExpressionAttributeNames: { '#view': 'view', '#id': 'id' },
          ExpressionAttributeValues: { ':view': partition, ':word': key },
          ScanIndexForward: options.order === 'oldest',
          // One page's worth first (most entries match), more at a time as entries are skipped.
          Limit: Math.min(batch, SEARCH_READ_BOUND - read),
          ExclusiveStartKey: start,
        }),
      )
      .catch(refusedCursor('search', start !== undefined));
    const entries = (result.Items ?? []).map((item) => ({
      entry: item.id as string,
      ...parseWordKey(item.id as string),
    }));
    const rows = await getRows<S>(list.view, [...new Set(entries.map((e) => e.id))]);
    for (const { entry, word, id } of entries) {
      read += 1;
      lastRead = entry;
      const row = rows.get(id);
      if (!row) continue;
      const rowWords = indexedWordsOf(row.search);
      if (
        firstOf(rowWords.filter((w) => w.startsWith(key))) === word &&
        words.every((w) => rowWords.some((rw) => rw.startsWith(w))) &&
        (!filter || row[filter.attribute as `lk${number}`] === filter.value) &&
        (!options.visible || options.visible(row.state))
      )
        matches.push({ row, entry });
      if (matches.length > options.limit) break;
    }
    start = result.LastEvaluatedKey;
    ended = !start;
    batch = Math.min(SEARCH_BATCH, batch * 2);
  }
  const page = matches.slice(0, options.limit);
  // A full page continues after its last row; a page cut short by the read bound after the last entry read.
  const after = matches.length > options.limit ? page.at(-1)?.entry : ended ? undefined : lastRead;
  return {
    items: page.map((m) => m.row),
    nextCursor: after === undefined ? undefined : encodeCursor({ view: partition, id: after }),
  };
};

/**
 * One page of a view, newest first unless asked otherwise (ids are time-ordered). Every page is read
 * through a key condition (the view's rows, a sparse list index for filters, or the word index for a
 * search), never by filtering a limited read, so a page is full unless the list has ended.
 */
export const listRows = async <S>(list: ListIndex | string, options: ListOptions): Promise<RowPage<S>> => {
  const index = typeof list === 'string' ? { view: list, filters: [] } : list;
  const filter = listKeyFor(index, options.where ?? {});
  const words = options.search ? wordsOf(options.search) : [];
  if (words.length) return searchRows<S>(index, words, filter, options);
  if (filter) {
    const fixed = { view: index.view, [filter.attribute]: filter.value };
    const keys = await queryPage(
      {
        IndexName: filter.indexName,
        KeyConditionExpression: '#lk = :lk',
        names: { '#lk': filter.attribute },
        values: { ':lk': filter.value },
      },
      (item) => ({ ...fixed, id: item.id }),
      options,
      decodeCursor(options.cursor, fixed, 'list'),
    );
    // The index holds keys only: the page's rows are read by key. A row that changed since the index
    // answered (it moved to another list a moment ago) is left out rather than shown in the wrong list.
    const ids = keys.items.map((item) => item.id as string);
    const rows = await getRows<S>(index.view, ids);
    const items = ids
      .map((id) => rows.get(id))
      .filter((row): row is ViewRow<S> => row?.[filter.attribute as `lk${number}`] === filter.value);
    return { items, nextCursor: keys.nextCursor };
  }
  const page = await queryPage(
    { KeyConditionExpression: '#view = :view', names: { '#view': 'view' }, values: { ':view': index.view } },
    (item) => ({ view: item.view, id: item.id }),
    options,
    decodeCursor(options.cursor, { view: index.view }, 'list'),
  );
  // The table itself returns whole rows.
  return { items: page.items as unknown as ViewRow<S>[], nextCursor: page.nextCursor };
};

/**
 * How many rows match exact filters on a view's list (`where` must name at least one): a count of the
 * sparse index's keys, read in pages without fetching the rows.
 */
export const countRows = async (list: ListIndex, where: Record<string, string>): Promise<number> => {
  const filter = listKeyFor(list, where);
  if (!filter) throw new Error(`countRows needs a filter on ${list.view}`);
  let count = 0;
  let ExclusiveStartKey: Key | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config.viewsTable,
        IndexName: filter.indexName,
        KeyConditionExpression: '#lk = :lk',
        ExpressionAttributeNames: { '#lk': filter.attribute },
        ExpressionAttributeValues: { ':lk': filter.value },
        Select: 'COUNT',
        ExclusiveStartKey,
      }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
};
