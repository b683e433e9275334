import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import { eventCatalog, type StoredEvent } from '../../events/catalog.ts';
import type { Commit } from '../application/event-store-port.ts';
import { config } from '../runtime/config.ts';
import { dynamo } from './clients.ts';
import { putItems } from './views.ts';

/**
 * The activity feed's own index, in the views table: an item per commit that holds business events
 * (view `activity`, id the commit id, which starts with its time), so "the latest business activity" is
 * one newest-first query instead of a walk of the store's time index past every sign-in, audit read and
 * operation in between.
 *
 * The projector puts a commit's item before it writes the commit's row (a put of the same item is
 * idempotent, so a redelivery after a crash between the two makes it good), and a rebuild writes the
 * newest `FEED_KEPT`. So the items are always the business commits from some point on, and whenever the
 * feed finds as many events as it was asked for, they are the newest ones. When it finds fewer, they are
 * all there are if a rebuild said the feed is whole that far back; otherwise (a data dir or table from
 * before the feed was kept) the caller walks the store instead.
 */
export const ACTIVITY = 'activity';
/**
 * One item (`id` FROM_ID) saying from which commit id on the feed holds every business commit: written
 * by a rebuild, so a quiet window with fewer events than asked for is answered from the feed too.
 */
export const ACTIVITY_FROM = 'activityFrom';
const FROM_ID = 'feed';

/** How many of the newest business commits a rebuild writes: far more than a feed shows. */
export const FEED_KEPT = 500;

/**
 * An item expires (DynamoDB's TTL; the local DynamoDB keeps it) this long after its commit, past the
 * feed's three months: the oldest go first, so what is left is still the newest commits.
 */
const FEED_DAYS = 100;

/** Contexts whose events make the activity feed; sign-ins and operations have their own audit views. */
const BUSINESS = new Set([
  'catalog',
  'customers',
  'sales',
  'production',
  'delivery',
  'inventory',
  'purchasing',
  'marketing',
]);

export const isBusinessEvent = (event: Pick<StoredEvent, 'type'>): boolean =>
  BUSINESS.has(eventCatalog.get(event.type)?.context ?? '');

/** The feed's item for a commit, if it holds business events. */
export const feedItemOf = (commit: Commit): Record<string, unknown> | undefined => {
  const events = commit.events.filter(isBusinessEvent);
  if (events.length === 0) return undefined;
  const expiresAt = Math.floor(Date.parse(commit.committedAt) / 1000) + FEED_DAYS * 86_400;
  return { view: ACTIVITY, id: commit.commitId, events, expiresAt };
};

/** Puts the feed's items of these commits (the projector, before their row). */
export const keepInFeed = (commits: readonly Commit[]): Promise<void> =>
  putItems(
    commits.flatMap((commit) => {
      const item = feedItemOf(commit);
      return item ? [item] : [];
    }),
  );

/**
 * A rebuild's part of the feed: the newest `FEED_KEPT` business commits of an oldest-first walk, and
 * from which commit on they are all of them (every one, if the store holds no more).
 */
export const createFeedFolder = () => {
  const kept: Record<string, unknown>[] = [];
  return {
    add(commit: Commit) {
      const item = feedItemOf(commit);
      if (!item) return;
      // Trimmed in halves rather than per commit: a splice of the front each time would be quadratic.
      // A trim leaves FEED_KEPT + 1, so more than FEED_KEPT held means some are left out.
      if (kept.push(item) > 2 * FEED_KEPT) kept.splice(0, FEED_KEPT);
    },
    items(): Record<string, unknown>[] {
      const newest = kept.slice(-FEED_KEPT);
      const from = kept.length > FEED_KEPT ? (newest[0]?.id as string) : '';
      return [...newest, { view: ACTIVITY_FROM, id: FROM_ID, from }];
    },
  };
};

/**
 * The newest `limit` business events since `since` (ISO), newest first; undefined when the feed holds
 * fewer than that there and cannot tell they are all there are (no rebuild has said from where it holds
 * every business commit, as in a data dir from before the feed was kept).
 */
export const readFeed = async (since: string, limit: number): Promise<StoredEvent[] | undefined> => {
  // The smallest id a commit made at `since` can have.
  const sinceId = encodeTime(Date.parse(since), 10);
  const [page, complete] = await Promise.all([
    dynamo().send(
      new QueryCommand({
        TableName: config.viewsTable,
        KeyConditionExpression: '#view = :view AND id >= :since',
        ExpressionAttributeNames: { '#view': 'view' },
        ExpressionAttributeValues: { ':view': ACTIVITY, ':since': sinceId },
        ScanIndexForward: false,
        // Every item holds at least one event.
        Limit: limit,
      }),
    ),
    dynamo().send(
      new GetCommand({ TableName: config.viewsTable, Key: { view: ACTIVITY_FROM, id: FROM_ID } }),
    ),
  ]);
  const events = (page.Items ?? []).flatMap((item) => [...(item.events as StoredEvent[])].reverse());
  if (events.length >= limit) return events.slice(0, limit);
  const from = complete.Item?.from as string | undefined;
  return from !== undefined && sinceId >= from ? events : undefined;
};
