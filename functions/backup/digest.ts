import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../adapters/clients.ts';
import { type Commit, eventStore } from '../adapters/event-store.ts';
import type { ViewRow } from '../adapters/views.ts';
import { aggregateViews } from '../application/aggregates.ts';
import { aggregateRowAfter } from '../application/view-rows.ts';

/**
 * The canonical digest of the read models, which says whether two platforms have the same views:
 * SHA-256 over one canonical JSON line per row (keys sorted), rows ordered by view name, then id, both
 * in byte order (DynamoDB's sort order). Only the aggregates' views count; operational rows (backup
 * runs, exports) are not business state.
 */
export const digestedViews = (): string[] => aggregateViews().sort(byBytes);

function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => byBytes(a, b)))
      : v,
  );

const ROW_FIELDS = [
  'view',
  'id',
  'version',
  'eventCount',
  'state',
  'search',
  'createdAt',
  'updatedAt',
  'lastEventId',
] as const;

export interface ViewsDigest {
  digest: string;
  rows: number;
  views: Record<string, number>;
}

/** Feeds rows in canonical order; `result()` gives the digest. */
export class ViewsHasher {
  private readonly hash = createHash('sha256');
  private readonly counts: Record<string, number> = {};
  private rows = 0;

  add(row: ViewRow) {
    const picked = Object.fromEntries(ROW_FIELDS.map((f) => [f, row[f]]));
    this.hash.update(`${canonicalJson(picked)}\n`);
    this.counts[row.view] = (this.counts[row.view] ?? 0) + 1;
    this.rows += 1;
  }

  result(): ViewsDigest {
    return { digest: this.hash.digest('hex'), rows: this.rows, views: this.counts };
  }
}

/**
 * The view rows a replay of commits produces, in memory: the rows `rebuildViews` and the live projector
 * write, by the same fold (`aggregateRowAfter`, functions/application/view-rows.ts). The backup tests
 * hold the two to each other (a restored store's digest equals the live views').
 */
export class ViewsFold {
  private readonly rows = new Map<string, ViewRow>();
  commits = 0;
  events = 0;

  apply(commit: Commit) {
    this.commits += 1;
    this.events += commit.events.length;
    const row = aggregateRowAfter(commit.streamId, this.rows.get(commit.streamId), [commit]);
    if (row) this.rows.set(commit.streamId, row);
  }

  get size() {
    return this.rows.size;
  }

  /** Rows in canonical (view, id) order. */
  sorted(): ViewRow[] {
    return [...this.rows.values()].sort((a, b) => byBytes(a.view, b.view) || byBytes(a.id, b.id));
  }

  digest(): ViewsDigest {
    // canonicalJson drops undefined fields, as storing a row in DynamoDB does.
    const hasher = new ViewsHasher();
    for (const row of this.sorted()) hasher.add(row);
    return hasher.result();
  }
}

/** The digest of the views as a views table holds them. */
export const digestViewsTable = async (table: string): Promise<ViewsDigest> => {
  const hasher = new ViewsHasher();
  for (const view of digestedViews()) {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#view = :view',
          ExpressionAttributeNames: { '#view': 'view' },
          ExpressionAttributeValues: { ':view': view },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const row of page.Items ?? []) hasher.add(row as ViewRow);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }
  return hasher.result();
};

/** The source's views as they were at `at`: its commits up to that instant, folded in memory. */
export const sourceViewsDigestAt = async (at: string): Promise<ViewsDigest & { commits: number }> => {
  const fold = new ViewsFold();
  for await (const page of eventStore.readAll({ until: new Date(at) }))
    for (const commit of page) fold.apply(commit);
  return { ...fold.digest(), commits: fold.commits };
};
