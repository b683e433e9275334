import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StoredEntry } from '../../domain/audit/chain-verifier.ts';
import type { AuditBody, AuditEntry } from '../../domain/audit/entries.ts';
import { whoOf } from '../../domain/audit/entries.ts';
import type { SealedEntry } from '../../domain/audit/hash-chain.ts';
import { dynamo } from '../adapters/clients.ts';
import { config } from '../runtime/config.ts';

/**
 * The audit table's items (keys `pk`, `sk`):
 *
 * | pk                  | sk                 | what                                                        |
 * | ------------------- | ------------------ | ----------------------------------------------------------- |
 * | `chain`             | `S#<seq, 12 digits>` | an entry: canonical JSON, hash, previous hash, search keys |
 * | `event#<eventId>`   | `chained`          | marker: this event is entry `seq` (idempotency by event id) |
 * | `pending`           | `<eventId>`        | an entry waiting to be chained (the consumer's inbox)       |
 * | `digest`            | `S#<toSeq>`        | index of the digests in S3: key, SHA-256, range, last hash  |
 * | `activity`          | `<email or id>`    | last activity and sign-in per person (access review)        |
 * | `fact#…`, `addr#…`  | `<time>#<eventId>` | detection facts and sign-in throttles (expire)              |
 * | `meta`              | `reconcile`        | how far the digest job has confirmed every event is chained  |
 */
export const CHAIN = 'chain';
export const SEQ_DIGITS = 12;
export const seqKey = (seq: number) => `S#${String(seq).padStart(SEQ_DIGITS, '0')}`;
export const seqOf = (sk: string): number => (/^S#\d{12}$/.test(sk) ? Number(sk.slice(2)) : Number.NaN);

export interface EntryItem {
  pk: typeof CHAIN;
  sk: string;
  hash: string;
  prevHash: string;
  entry: string;
  eventId: string;
  chainedAt: string;
  /** Search keys for the indexes. */
  who: string;
  stream: string;
  etype: string;
  day: string;
  at: string;
}

const table = () => config.auditTable;

const isConflict = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

export async function* queryPages(input: Omit<QueryCommandInput, 'TableName'>) {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ TableName: table(), ...input, ExclusiveStartKey }));
    yield page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

export interface Tail {
  seq: number;
  hash: string;
  prevHash: string;
  eventId: string;
  chainedAt: string;
}

/** The last entry of the chain (strongly consistent), or undefined for an empty chain. */
export const readTail = async (): Promise<Tail | undefined> => {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': CHAIN, ':s': 'S#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  const item = page.Items?.[0] as EntryItem | undefined;
  return item
    ? {
        seq: seqOf(item.sk),
        hash: item.hash,
        prevHash: item.prevHash,
        eventId: item.eventId,
        chainedAt: item.chainedAt,
      }
    : undefined;
};

export const entryItem = (sealed: SealedEntry, body: AuditBody, chainedAt: string): EntryItem => ({
  pk: CHAIN,
  sk: seqKey(sealed.seq),
  hash: sealed.hash,
  prevHash: sealed.prevHash,
  entry: sealed.canonical,
  eventId: body.eventId,
  chainedAt,
  who: whoOf(body.actor),
  stream: body.streamId,
  etype: body.eventType,
  day: body.occurredAt.slice(0, 10),
  at: `${body.occurredAt}#${seqKey(sealed.seq).slice(2)}`,
});

/** Puts entry `seq` only if nobody has: the conditional write that serializes the chain. */
export const putEntryIfFree = async (item: EntryItem): Promise<boolean> => {
  try {
    await dynamo().send(
      new PutCommand({ TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(sk)' }),
    );
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
};

export const putMarker = (eventId: string, seq: number) =>
  dynamo().send(new PutCommand({ TableName: table(), Item: { pk: `event#${eventId}`, sk: 'chained', seq } }));

export const getMarker = async (eventId: string): Promise<number | undefined> => {
  const result = await dynamo().send(
    new GetCommand({
      TableName: table(),
      Key: { pk: `event#${eventId}`, sk: 'chained' },
      ConsistentRead: true,
    }),
  );
  return result.Item?.seq as number | undefined;
};

/** Which of these event ids are already chained (strongly consistent, 100 per request). */
export const chainedAmong = async (eventIds: readonly string[]): Promise<Set<string>> => {
  const found = new Set<string>();
  for (let i = 0; i < eventIds.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = eventIds
      .slice(i, i + 100)
      .map((id) => ({ pk: `event#${id}`, sk: 'chained' }));
    for (let attempt = 0; keys && keys.length > 0; attempt++) {
      const result = await dynamo().send(
        new BatchGetCommand({ RequestItems: { [table()]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[table()] ?? []) found.add(String(item.pk).slice('event#'.length));
      keys = result.UnprocessedKeys?.[table()]?.Keys as Record<string, unknown>[] | undefined;
      if (keys?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    }
  }
  return found;
};

export const putPending = (body: AuditBody) =>
  dynamo().send(
    new PutCommand({
      TableName: table(),
      Item: { pk: 'pending', sk: body.eventId, body: JSON.stringify(body), at: new Date().toISOString() },
    }),
  );

export const listPending = async (limit: number): Promise<AuditBody[]> => {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'pending' },
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).map((item) => JSON.parse(String(item.body)) as AuditBody);
};

export const deletePending = (eventId: string) =>
  dynamo().send(new DeleteCommand({ TableName: table(), Key: { pk: 'pending', sk: eventId } }));

export const getEntryItem = async (seq: number): Promise<EntryItem | undefined> => {
  const result = await dynamo().send(
    new GetCommand({ TableName: table(), Key: { pk: CHAIN, sk: seqKey(seq) }, ConsistentRead: true }),
  );
  return result.Item as EntryItem | undefined;
};

export const toStored = (item: EntryItem): StoredEntry => ({
  keySeq: seqOf(item.sk),
  key: item.sk,
  prevHash: item.prevHash,
  hash: item.hash,
  entry: item.entry,
});

/** Entries in key order from `fromSeq` (inclusive) to `toSeq`, page by page. */
export async function* readEntries(fromSeq = 1, toSeq?: number): AsyncGenerator<EntryItem[]> {
  const upper = toSeq === undefined ? 'S#\uffff' : seqKey(toSeq);
  for await (const items of queryPages({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': CHAIN, ':from': seqKey(fromSeq), ':to': upper },
    ConsistentRead: true,
  })) {
    yield items as EntryItem[];
  }
}

export type EntryView = AuditEntry & { hash: string };

export const viewOf = (item: EntryItem): EntryView => ({
  ...(JSON.parse(item.entry) as AuditEntry),
  hash: item.hash,
});

/** Keeps the newest activity time per person; out-of-order and repeated deliveries leave the newest. */
export const touchActivity = async (
  who: string,
  field: 'lastActiveAt' | 'lastSignInAt',
  at: string,
  extra: Record<string, string> = {},
): Promise<void> => {
  const names: Record<string, string> = { '#f': field };
  const values: Record<string, unknown> = { ':t': at };
  const sets = ['#f = :t'];
  Object.entries(extra).forEach(([key, value], i) => {
    names[`#x${i}`] = key;
    values[`:x${i}`] = value;
    sets.push(`#x${i} = :x${i}`);
  });
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: 'activity', sk: who },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_not_exists(#f) OR #f < :t',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
};

export interface Activity {
  who: string;
  lastActiveAt?: string;
  lastSignInAt?: string;
  lastSignInIp?: string;
}

export const readActivity = async (): Promise<Map<string, Activity>> => {
  const all = new Map<string, Activity>();
  for await (const items of queryPages({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'activity' },
  })) {
    for (const item of items) {
      all.set(String(item.sk), {
        who: String(item.sk),
        lastActiveAt: item.lastActiveAt as string | undefined,
        lastSignInAt: item.lastSignInAt as string | undefined,
        lastSignInIp: item.lastSignInIp as string | undefined,
      });
    }
  }
  return all;
};

export const getMeta = async (sk: string): Promise<Record<string, unknown> | undefined> =>
  (await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: 'meta', sk }, ConsistentRead: true })))
    .Item;

export const putMeta = (sk: string, value: Record<string, unknown>) =>
  dynamo().send(new PutCommand({ TableName: table(), Item: { ...value, pk: 'meta', sk } }));

/**
 * The earliest event time in the log (`meta`/`bounds`), so a time-range search walks only days that
 * can hold entries. Kept on every write that could lower it (back-dated imports included); the
 * instance remembers what it last saw, so live entries, which are never the earliest, cost no write.
 */
let earliestSeen: string | undefined;

export const noteEarliest = async (occurredAt: string): Promise<void> => {
  if (earliestSeen !== undefined && earliestSeen <= occurredAt) return;
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: 'meta', sk: 'bounds' },
        UpdateExpression: 'SET earliest = :at',
        ConditionExpression: 'attribute_not_exists(earliest) OR earliest > :at',
        ExpressionAttributeValues: { ':at': occurredAt },
      }),
    );
    earliestSeen = occurredAt;
  } catch (error) {
    if (!isConflict(error)) throw error;
    // Someone recorded an earlier time already; it stands.
    earliestSeen = occurredAt;
  }
};

/** The earliest event time in the log, or undefined when it is empty. Logs chained before `bounds` was kept fall back to the first entry. */
export const readEarliest = async (): Promise<string | undefined> => {
  const bounds = await getMeta('bounds');
  if (typeof bounds?.earliest === 'string') return bounds.earliest;
  const first = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': CHAIN, ':s': 'S#' },
      Limit: 1,
    }),
  );
  const at = (first.Items?.[0] as EntryItem | undefined)?.at;
  return at?.slice(0, at.indexOf('#'));
};

export { isConflict, table as auditTableName };

/**
 * The bulk lease: a bulk catch-up (after an import, or a dead-lettered backlog) writes entries in
 * parallel batches, which only one writer may do. Live drains check the lease and stand back while
 * someone else holds it; the holder renews it as it goes, and it lapses if the holder dies.
 */
const LEASE = { pk: 'meta', sk: 'bulk-lease' };

export const acquireLease = async (owner: string, ms: number): Promise<boolean> => {
  const now = Date.now();
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table(),
        Item: { ...LEASE, owner, until: now + ms },
        ConditionExpression: 'attribute_not_exists(pk) OR #until < :now OR #owner = :me',
        ExpressionAttributeNames: { '#until': 'until', '#owner': 'owner' },
        ExpressionAttributeValues: { ':now': now, ':me': owner },
      }),
    );
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
};

export const releaseLease = async (owner: string): Promise<void> => {
  try {
    await dynamo().send(
      new DeleteCommand({
        TableName: table(),
        Key: LEASE,
        ConditionExpression: '#owner = :me',
        ExpressionAttributeNames: { '#owner': 'owner' },
        ExpressionAttributeValues: { ':me': owner },
      }),
    );
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
};

/** True while someone holds the bulk lease. */
export const leaseHeld = async (): Promise<boolean> => {
  const item = (await dynamo().send(new GetCommand({ TableName: table(), Key: LEASE, ConsistentRead: true })))
    .Item;
  return item !== undefined && Number(item.until) > Date.now();
};

/** Puts items in batches of 25, several batches at once, retrying what DynamoDB hands back. */
export const putAll = async (items: readonly Record<string, unknown>[], concurrency = 8): Promise<void> => {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25)
    batches.push(items.slice(i, i + 25) as Record<string, unknown>[]);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, batches.length) }, async () => {
      for (let i = next++; i < batches.length; i = next++) {
        let requests: Record<string, unknown>[] | undefined = batches[i]!.map((Item) => ({
          PutRequest: { Item },
        }));
        for (let attempt = 0; requests?.length; attempt++) {
          const result = await dynamo().send(
            new BatchWriteCommand({ RequestItems: { [table()]: requests } }),
          );
          requests = result.UnprocessedItems?.[table()] as Record<string, unknown>[] | undefined;
          if (requests?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        }
      }
    }),
  );
};
