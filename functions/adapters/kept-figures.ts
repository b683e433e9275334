import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Contribution, Metrics } from '../../domain/reports/kept.ts';
import { config } from '../runtime/config.ts';
import { dynamo } from './clients.ts';

/**
 * Where the kept report figures live in the views table (the only code that knows it):
 *
 * | view            | id            | what                                                                         |
 * | --------------- | ------------- | ---------------------------------------------------------------------------- |
 * | `figures`       | a partition   | `t` the partition's totals; `c` each record's entry `<version>\|<metrics>`; `rev` |
 * | `figures-totals` | a partition  | `t` and `rev` copied from the partition after each change (what reports read) |
 * | `figures-of`    | a stream id   | the ledger: `fv` the version whose contribution is applied, `fk` partitions it may sit in, `rev` |
 * | `figures-links` | a customer id | `campaignId`: the campaign of the lead the customer was converted from; `orders`: its order streams |
 *
 * A record's entry in a partition carries the stream version it was taken at, and is replaced only by a
 * newer one; totals change in the same conditional write (`rev`) as the entries. So applying a record's
 * contribution twice, late or out of order changes nothing, which makes the projector's at-least-once
 * deliveries safe. Reports read the totals only (`t`).
 */
export const FIGURES_VIEWS = ['figures', 'figures-totals', 'figures-of', 'figures-links'] as const;
const PARTITIONS = 'figures';
/**
 * A copy of each partition's totals and `rev`, so a report reads a few hundred bytes per partition
 * instead of an item holding an entry per record (at 10x the business, 141 KB, and a read of it grew
 * with the business). The copy only moves forward in `rev`; the partition is the source of truth.
 */
const TOTALS = 'figures-totals';
const LEDGER = 'figures-of';
const LINKS = 'figures-links';

const table = () => config.viewsTable;
const conflict = (error: unknown) => error instanceof ConditionalCheckFailedException;

const encode = (version: number, metrics: Metrics | undefined) =>
  `${version}|${Object.entries(metrics ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;
const decode = (entry: string): { version: number; metrics: Metrics } => {
  const [version, body = ''] = entry.split('|');
  const metrics: Metrics = {};
  for (const pair of body ? body.split(',') : []) {
    const at = pair.lastIndexOf('=');
    metrics[pair.slice(0, at)] = Number(pair.slice(at + 1));
  }
  return { version: Number(version), metrics };
};

type PartitionItem = {
  view: typeof PARTITIONS;
  id: string;
  t: Metrics;
  c: Record<string, string>;
  rev: number;
};

/** Copies a partition's totals at `rev`, unless a copy as new or newer is there. */
const copyTotals = async (partition: string, t: Metrics, rev: number): Promise<void> => {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table(),
        Item: { view: TOTALS, id: partition, t, rev },
        ConditionExpression: 'attribute_not_exists(id) OR rev < :rev',
        ExpressionAttributeValues: { ':rev': rev },
      }),
    );
  } catch (error) {
    if (!conflict(error)) throw error;
  }
};

/**
 * Puts a record's contribution at `version` into one partition (undefined: it contributes nothing there
 * now), unless the partition holds a contribution of that record as new or newer. Optimistic: a lost
 * race reads the partition again.
 */
const applyToPartition = async (
  partition: string,
  recordId: string,
  version: number,
  metrics: Metrics | undefined,
): Promise<void> => {
  for (let attempt = 0; attempt < 50; attempt++) {
    const found = (
      await dynamo().send(
        new GetCommand({
          TableName: table(),
          Key: { view: PARTITIONS, id: partition },
          ConsistentRead: true,
        }),
      )
    ).Item as PartitionItem | undefined;
    const entry = found?.c[recordId];
    const before = entry ? decode(entry) : undefined;
    // Already there: the copy of the totals may still lag (a crash right after the partition's write),
    // so a repeated delivery brings it up too.
    if (before && before.version >= version) return copyTotals(partition, found!.t, found!.rev);
    if (!before && !metrics) return;
    const totals: Metrics = { ...found?.t };
    for (const [k, v] of Object.entries(before?.metrics ?? {})) totals[k] = (totals[k] ?? 0) - v;
    for (const [k, v] of Object.entries(metrics ?? {})) totals[k] = (totals[k] ?? 0) + v;
    for (const [k, v] of Object.entries(totals)) if (v === 0) delete totals[k];
    const item: PartitionItem = {
      view: PARTITIONS,
      id: partition,
      t: totals,
      // An entry without metrics stays as a marker of the version, so an older delivery cannot return.
      c: { ...found?.c, [recordId]: encode(version, metrics) },
      rev: (found?.rev ?? 0) + 1,
    };
    try {
      await dynamo().send(
        new PutCommand({
          TableName: table(),
          Item: item,
          ConditionExpression: found ? 'rev = :rev' : 'attribute_not_exists(id)',
          ...(found ? { ExpressionAttributeValues: { ':rev': found.rev } } : {}),
        }),
      );
      return copyTotals(partition, item.t, item.rev);
    } catch (error) {
      if (!conflict(error)) throw error;
    }
  }
  throw new Error(`Kept figures: partition ${partition} kept changing under ${recordId}`);
};

type Ledger = {
  view: typeof LEDGER;
  id: string;
  fv: number;
  fk: string[];
  rev: number;
};

const putLedger = async (ledger: Ledger, previousRev: number | undefined): Promise<boolean> => {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table(),
        Item: ledger,
        ConditionExpression: previousRev === undefined ? 'attribute_not_exists(id)' : 'rev = :rev',
        ...(previousRev === undefined ? {} : { ExpressionAttributeValues: { ':rev': previousRev } }),
      }),
    );
    return true;
  } catch (error) {
    if (conflict(error)) return false;
    throw error;
  }
};

/**
 * Brings the kept figures up to a record's row at `version`. The ledger first widens the partitions the
 * record may sit in to include the new ones (a claim), then every one of them gets the new contribution,
 * then the ledger says which remain. A crash between leaves a widened ledger behind an older `fv`, and
 * the next call finishes the work; whoever claims after another writer's claim sees its partitions, so
 * no entry is left behind in a partition a record has moved out of.
 */
export const keepContribution = async (
  streamId: string,
  recordId: string,
  version: number,
  contribution: Contribution,
): Promise<'applied' | 'current'> => {
  for (let attempt = 0; attempt < 20; attempt++) {
    const ledger = (
      await dynamo().send(
        new GetCommand({ TableName: table(), Key: { view: LEDGER, id: streamId }, ConsistentRead: true }),
      )
    ).Item as Ledger | undefined;
    if (ledger && ledger.fv >= version) return 'current';
    const now = Object.keys(contribution);
    const claim: Ledger = {
      view: LEDGER,
      id: streamId,
      fv: ledger?.fv ?? 0,
      fk: [...new Set([...(ledger?.fk ?? []), ...now])].sort(),
      rev: (ledger?.rev ?? 0) + 1,
    };
    if (!(await putLedger(claim, ledger?.rev))) continue;
    await Promise.all(
      claim.fk.map((partition) => applyToPartition(partition, recordId, version, contribution[partition])),
    );
    // A newer claim since ours covers our partitions too; then its writer settles the ledger.
    await putLedger({ ...claim, fv: version, fk: now.sort(), rev: claim.rev + 1 }, claim.rev);
    return 'applied';
  }
  throw new Error(`Kept figures: the ledger of ${streamId} kept changing`);
};

/**
 * A customer's link, as an order sees it: the order's stream is noted on it, and the campaign (if the
 * lead has been projected) comes back from the same atomic update. The lead's side (below) sets the
 * campaign and gets the orders noted so far, so whichever comes second sees the other.
 */
export const noteCustomerOrder = async (customerId: string, orderStreamId: string) =>
  (
    await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: { view: LINKS, id: customerId },
        UpdateExpression: 'ADD orders :o',
        ExpressionAttributeValues: { ':o': new Set([orderStreamId]) },
        ReturnValues: 'ALL_NEW',
      }),
    )
  ).Attributes?.campaignId as string | undefined;

/**
 * Sets a customer's campaign; returns the order streams noted on the link, to credit (those already
 * credited find nothing to do, and a crash before crediting them is made good by the next delivery).
 */
export const keepCustomerCampaign = async (customerId: string, campaignId: string): Promise<string[]> => {
  const result = await dynamo().send(
    new UpdateCommand({
      TableName: table(),
      Key: { view: LINKS, id: customerId },
      UpdateExpression: 'SET campaignId = :c',
      ExpressionAttributeValues: { ':c': campaignId },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return [...((result.Attributes?.orders as Set<string> | undefined) ?? [])];
};

/** Whether any record's contribution is kept: a data dir from before kept figures has none. */
export const hasKeptFigures = async (): Promise<boolean> => {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: '#view = :view',
      ExpressionAttributeNames: { '#view': 'view' },
      ExpressionAttributeValues: { ':view': LEDGER },
      Limit: 1,
    }),
  );
  return (page.Items?.length ?? 0) > 0;
};

/** The totals of these partitions; those nobody contributes to are absent. */
export const readTotals = async (names: readonly string[]): Promise<Map<string, Metrics>> => {
  const totals = new Map<string, Metrics>();
  const unique = [...new Set(names)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
  await Promise.all(
    chunks.map(async (chunk) => {
      let keys: Record<string, unknown>[] | undefined = chunk.map((id) => ({ view: TOTALS, id }));
      for (let attempt = 0; keys?.length; attempt++) {
        const result = await dynamo().send(
          new BatchGetCommand({
            RequestItems: {
              [table()]: { Keys: keys, ProjectionExpression: 'id, t', ConsistentRead: true },
            },
          }),
        );
        for (const item of result.Responses?.[table()] ?? [])
          totals.set(item.id as string, item.t as Metrics);
        keys = result.UnprocessedKeys?.[table()]?.Keys as Record<string, unknown>[] | undefined;
        if (keys?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }),
  );
  return totals;
};

/**
 * The totals of every partition whose name starts with `prefix`, in one walk of the totals' range: for a
 * report over many partitions that mostly do not exist, where asking for each by key would read them all.
 */
export const readTotalsFrom = async (prefix: string): Promise<Map<string, Metrics>> => {
  const totals = new Map<string, Metrics>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: '#view = :view AND begins_with(id, :prefix)',
        ExpressionAttributeNames: { '#view': 'view' },
        ExpressionAttributeValues: { ':view': TOTALS, ':prefix': prefix },
        ProjectionExpression: 'id, t',
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) totals.set(item.id as string, item.t as Metrics);
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return totals;
};

/** What a rebuild holds in memory for each contributing record. */
export interface KeptRecord {
  streamId: string;
  recordId: string;
  version: number;
  contribution: Contribution;
}

/**
 * The items a rebuild writes for these records (after `dropReadModels` emptied the figures): every
 * partition with its entries and totals, every ledger, every customer's campaign.
 */
export const keptItems = (
  records: Iterable<KeptRecord>,
  links: Iterable<[string, { campaignId?: string; orders: Set<string> }]>,
): Record<string, unknown>[] => {
  const parts = new Map<string, PartitionItem>();
  const ledgers: Ledger[] = [];
  for (const { streamId, recordId, version, contribution } of records) {
    for (const [partition, metrics] of Object.entries(contribution)) {
      let item = parts.get(partition);
      if (!item) {
        item = { view: PARTITIONS, id: partition, t: {}, c: {}, rev: 1 };
        parts.set(partition, item);
      }
      item.c[recordId] = encode(version, metrics);
      for (const [k, v] of Object.entries(metrics)) item.t[k] = (item.t[k] ?? 0) + v;
    }
    ledgers.push({ view: LEDGER, id: streamId, fv: version, fk: Object.keys(contribution).sort(), rev: 1 });
  }
  for (const item of parts.values())
    for (const [k, v] of Object.entries(item.t)) if (v === 0) delete item.t[k];
  return [
    ...parts.values(),
    ...[...parts.values()].map(({ id, t, rev }) => ({ view: TOTALS, id, t, rev })),
    ...ledgers,
    ...[...links].map(([customerId, link]) => ({
      view: LINKS,
      id: customerId,
      ...(link.campaignId ? { campaignId: link.campaignId } : {}),
      ...(link.orders.size ? { orders: link.orders } : {}),
    })),
  ];
};
