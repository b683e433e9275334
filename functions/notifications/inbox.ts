import {
  evolveNotification,
  type InboxEntry,
  inboxEntriesOf,
  type NotificationEvent,
  type NotificationState,
  notificationDecider,
} from '../../domain/notifications/notifications.ts';
import { aggregateOf } from '../../events/envelope.ts';
import { type Commit, readStream } from '../adapters/event-store.ts';
import { listKeysOf } from '../adapters/list-index.ts';
import { countRows, getRow, listRows, putRowIfAt, type ViewRow } from '../adapters/views.ts';
import { systemStreams } from '../application/aggregates.ts';
import { InvalidCursorError } from '../errors.ts';

/**
 * Each person's inbox: one row per notification and recipient in the views table (id
 * `<notificationId>_<userId>`), listed per person and read state through a sparse index. Rows are kept
 * from the notification's stream by catching up, like every projection, so they can be made again.
 */
export const INBOX = { view: 'notifications', filters: ['userId', 'status'] } as const;

const rowId = (notificationId: string, userId: string) => `${notificationId}_${userId}`;

/** One person's copy of one notification, if they have it. */
export const inboxEntry = async (notificationId: string, userId: string) =>
  (await getRow<InboxEntry>(INBOX.view, rowId(notificationId, userId)))?.state;

/** A notification's state from its commits, with when it was raised. */
const foldNotification = (unordered: readonly Commit[]) => {
  const commits = unordered.toSorted((a, b) => a.version - b.version);
  const events = commits.flatMap((c) => c.events);
  const state = events.reduce<NotificationState>(
    (s, e) => evolveNotification(s, e as NotificationEvent, e.occurredAt),
    notificationDecider.initialState,
  );
  return {
    state,
    raisedAt: events[0]?.occurredAt ?? '',
    version: commits.at(-1)?.version ?? 0,
    eventCount: events.at(-1)?.streamVersion ?? 0,
    lastEventId: events.at(-1)?.id ?? '',
    updatedAt: commits.at(-1)?.committedAt ?? '',
  };
};

/** A notification's state from its stream, with its stream's version. */
export const loadNotification = async (stream: string) => foldNotification(await readStream(stream));

/** Whether a stream is a notification's (the projection rebuild gathers them). */
export const isNotificationStream = (stream: string) =>
  aggregateOf(stream) === aggregateOf(systemStreams.notification('x'));

/** Every recipient's inbox row of a notification, from all of its stream's commits. */
export const inboxRowsOf = (commits: readonly Commit[]): ViewRow[] => {
  const loaded = foldNotification(commits);
  return inboxEntriesOf(loaded.state, loaded.raisedAt).map((entry) => ({
    ...listKeysOf(INBOX, entry),
    view: INBOX.view,
    id: rowId(entry.notificationId, entry.userId),
    version: loaded.version,
    eventCount: loaded.eventCount,
    state: entry as unknown as Record<string, unknown>,
    search: '',
    createdAt: loaded.raisedAt,
    updatedAt: loaded.updatedAt,
    lastEventId: loaded.lastEventId,
  }));
};

/** Brings every recipient's row of one notification up to date (idempotent, any order). */
export const projectNotification = async (stream: string): Promise<void> => {
  for (let attempt = 0; attempt < 5; attempt++) {
    let lost = false;
    for (const row of inboxRowsOf(await readStream(stream))) {
      const previous = await getRow<InboxEntry>(INBOX.view, row.id);
      if (previous && previous.version >= row.version) continue;
      if (!(await putRowIfAt(row, previous))) lost = true;
    }
    if (!lost) return;
  }
  throw new Error(`Projection of ${stream} kept losing races`);
};

export const unreadCount = (userId: string) => countRows(INBOX, { userId, status: 'unread' });

/**
 * A page of one person's inbox: unread first, then read, each newest first. The cursor says which of the
 * two lists it continues (`u.` or `r.` before the list's own cursor).
 */
export const inboxPage = async (
  userId: string,
  options: { limit: number; cursor?: string },
): Promise<{ items: InboxEntry[]; nextCursor?: string }> => {
  const [part, inner] = options.cursor
    ? [options.cursor.slice(0, 2), options.cursor.slice(2) || undefined]
    : ['u.', undefined];
  if (part !== 'u.' && part !== 'r.') throw new InvalidCursorError('list');
  const items: InboxEntry[] = [];
  if (part === 'u.') {
    const unread = await listRows<InboxEntry>(INBOX, {
      limit: options.limit,
      cursor: inner,
      where: { userId, status: 'unread' },
    });
    items.push(...unread.items.map((r) => r.state));
    if (unread.nextCursor) return { items, nextCursor: `u.${unread.nextCursor}` };
  }
  const room = options.limit - items.length;
  if (room === 0) return { items, nextCursor: 'r.' };
  const read = await listRows<InboxEntry>(INBOX, {
    limit: room,
    cursor: part === 'r.' ? inner : undefined,
    where: { userId, status: 'read' },
  });
  items.push(...read.items.map((r) => r.state));
  return { items, nextCursor: read.nextCursor ? `r.${read.nextCursor}` : undefined };
};
