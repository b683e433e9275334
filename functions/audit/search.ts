import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { whoOf } from '../../domain/audit/entries.ts';
import { dynamo } from '../adapters/clients.ts';
import { InvalidCursorError, InvalidInputError, refusedCursor, TooManyMatchesError } from '../errors.ts';
import { AUDIT_INDEXES } from '../tables.ts';
import { auditTableName, CHAIN, type EntryItem, type EntryView, readEarliest, viewOf } from './store.ts';

/**
 * Audit log search: by person (email, or id for those without one), record (stream id), event type and
 * time range (the event's time), newest first. The most selective filter picks the index; the others
 * become filter expressions. A page may hold fewer rows than asked while a cursor says more may follow.
 */
export interface AuditQuery {
  who?: string;
  record?: string;
  type?: string;
  /** ISO instants, inclusive. */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

interface Cursor {
  /** The day being read, for time-range searches without another filter. */
  day?: string;
  key?: Record<string, unknown>;
}

const encode = (cursor: Cursor | undefined) =>
  cursor ? Buffer.from(JSON.stringify(cursor)).toString('base64url') : undefined;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const decode = (text: string | undefined): Cursor | undefined => {
  if (!text) return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (!isPlainObject(cursor) || Object.keys(cursor).some((name) => name !== 'day' && name !== 'key'))
      throw new Error('not a cursor');
    if (
      cursor.day !== undefined &&
      !(typeof cursor.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cursor.day))
    )
      throw new Error('not a day');
    // A starting key as this search issues it: the table's key and at most an index's two, all strings.
    if (
      cursor.key !== undefined &&
      !(
        isPlainObject(cursor.key) &&
        Object.keys(cursor.key).length <= 4 &&
        Object.values(cursor.key).every((value) => typeof value === 'string')
      )
    )
      throw new Error('not a key');
    return cursor;
  } catch {
    throw new InvalidCursorError('search');
  }
};

const DAY_MS = 86_400_000;
const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(to.slice(0, 10)); t >= Date.parse(from.slice(0, 10)); t -= DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
};

const daysWithEntries = async (from: string, to: string): Promise<string[]> => {
  const earliest = await readEarliest();
  if (earliest === undefined) return [];
  const tomorrow = new Date(Date.now() + DAY_MS).toISOString();
  const start = from > earliest ? from : earliest;
  const end = to < tomorrow ? to : tomorrow;
  return start.slice(0, 10) > end.slice(0, 10) ? [] : days(start, end);
};

/** Bounds on work per page: queries made and items read before a page is returned. */
const MAX_QUERIES = 12;
/** A day-by-day walk makes many small queries where days are sparse: up to a month of days a page. */
const MAX_DAY_QUERIES = 31;
const EPOCH = '2000-01-01T00:00:00.000Z';

export const searchEntries = async (
  query: AuditQuery,
): Promise<{ items: EntryView[]; nextCursor?: string }> => {
  const from = query.from ?? EPOCH;
  const to = query.to ?? '9999-12-31T23:59:59.999Z';
  if (from > to) throw new InvalidInputError('`from` must not be after `to`');
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  const filter = (attribute: string, value: string | undefined) => {
    if (value === undefined) return;
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    filters.push(`#${attribute} = :${attribute}`);
  };
  let base: Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression'>;
  const range = '#at BETWEEN :from AND :to';
  const timed = query.from !== undefined || query.to !== undefined;
  let byDay = false;
  if (query.record) {
    base = { IndexName: AUDIT_INDEXES.stream, KeyConditionExpression: `#stream = :stream AND ${range}` };
    names['#stream'] = 'stream';
    values[':stream'] = query.record;
    filter('who', query.who);
    filter('etype', query.type);
  } else if (query.who) {
    base = { IndexName: AUDIT_INDEXES.who, KeyConditionExpression: `#who = :who AND ${range}` };
    names['#who'] = 'who';
    values[':who'] = query.who;
    filter('etype', query.type);
  } else if (query.type) {
    base = { IndexName: AUDIT_INDEXES.type, KeyConditionExpression: `#etype = :etype AND ${range}` };
    names['#etype'] = 'etype';
    values[':etype'] = query.type;
  } else if (timed) {
    byDay = true;
    base = { IndexName: AUDIT_INDEXES.day, KeyConditionExpression: `#day = :day AND ${range}` };
    names['#day'] = 'day';
  } else {
    // No filter at all: the chain itself, newest chained first.
    base = { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)' };
    values[':pk'] = CHAIN;
    values[':s'] = 'S#';
  }
  if (base.KeyConditionExpression?.includes(range)) {
    names['#at'] = 'at';
    values[':from'] = from;
    values[':to'] = `${to}\uffff`;
  }

  const cursor = decode(query.cursor);
  // Walk only the days that can hold entries: from the log's earliest event to today (events are
  // never dated in the future), not from year 2000 or back from 9999.
  const dayList: (string | undefined)[] = byDay ? await daysWithEntries(from, to) : [undefined];
  let dayIndex = cursor?.day ? Math.max(0, dayList.indexOf(cursor.day)) : 0;
  let key = cursor?.key;
  let keyFromCursor = key !== undefined;
  const items: EntryView[] = [];
  for (
    let queries = 0;
    queries < (byDay ? MAX_DAY_QUERIES : MAX_QUERIES) && dayIndex < dayList.length;
    queries++
  ) {
    const day = dayList[dayIndex];
    const page = await dynamo()
      .send(
        new QueryCommand({
          TableName: auditTableName(),
          ...base,
          FilterExpression: filters.length ? filters.join(' AND ') : undefined,
          ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
          ExpressionAttributeValues: { ...values, ...(day ? { ':day': day } : {}) },
          ScanIndexForward: false,
          // Filters drop rows after the read, so read ahead; without them every row read is kept, and
          // rows past the page would only be read, sent and parsed to be trimmed.
          Limit: filters.length ? Math.min(200, query.limit * 2) : query.limit - items.length,
          ExclusiveStartKey: key,
        }),
      )
      .catch(refusedCursor('search', keyFromCursor));
    keyFromCursor = false;
    for (const item of page.Items ?? []) items.push(viewOf(item as EntryItem));
    key = page.LastEvaluatedKey;
    if (!key) dayIndex += 1;
    if (items.length >= query.limit) break;
  }
  // A page ends at a query boundary, so a cursor never skips rows; trim and resume from the last row kept.
  let next: Cursor | undefined;
  if (items.length > query.limit) {
    items.length = query.limit;
    const last = items.at(-1)!;
    const seqText = String(last.seq).padStart(12, '0');
    const lastKey: Record<string, unknown> = { pk: CHAIN, sk: `S#${seqText}` };
    if (base.IndexName) {
      const attribute = {
        [AUDIT_INDEXES.stream]: 'stream',
        [AUDIT_INDEXES.who]: 'who',
        [AUDIT_INDEXES.type]: 'etype',
        [AUDIT_INDEXES.day]: 'day',
      }[base.IndexName]!;
      const partition = {
        stream: last.streamId,
        who: whoOf(last.actor),
        etype: last.eventType,
        day: last.occurredAt.slice(0, 10),
      }[attribute];
      lastKey[attribute] = partition;
      lastKey.at = `${last.occurredAt}#${seqText}`;
    }
    next = { day: dayList[dayIndex], key: lastKey };
    if (byDay) next.day = last.occurredAt.slice(0, 10);
  } else if (key || dayIndex < dayList.length) {
    next = { day: dayList[dayIndex], key };
    if (!key && !byDay) next = undefined;
  }
  return { items, nextCursor: encode(next) };
};

/** Every matching entry up to `max` (exports, evidence packs); throws past it rather than truncating. */
export const allEntries = async (query: Omit<AuditQuery, 'limit' | 'cursor'>, max: number) => {
  const items: EntryView[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchEntries({ ...query, limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (items.length > max) {
      throw new TooManyMatchesError(`More than ${max} entries match; narrow the time range or add a filter`);
    }
  } while (cursor);
  return items;
};
