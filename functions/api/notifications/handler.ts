import { type InboxEntry, notificationDecider } from '../../../domain/notifications/notifications.ts';
import type { Actor } from '../../../events/envelope.ts';
import { append, ConcurrencyError } from '../../adapters/event-store.ts';
import { listRows } from '../../adapters/views.ts';
import { systemStreams } from '../../application/aggregates.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { notFound } from '../../http/problem.ts';
import {
  INBOX,
  inboxEntry,
  inboxPage,
  loadNotification,
  projectNotification,
  unreadCount,
} from '../../notifications/inbox.ts';
import * as api from './contract.ts';

const dto = ({ notificationId, userId: _, ...entry }: InboxEntry) => ({ id: notificationId, ...entry });

const NO_STORE = { 'cache-control': 'no-store' };

/**
 * Marks one notification read for one person: decided on its stream (a person can only mark what was
 * sent to them), retried when another read lands first, then projected so their next list shows it.
 */
const markRead = async (notificationId: string, actor: Actor, correlationId: string) => {
  const userId = actor.id;
  const stream = systemStreams.notification(notificationId);
  for (let attempt = 0; ; attempt++) {
    const loaded = await loadNotification(stream);
    const events = notificationDecider.decide({ type: 'MarkNotificationRead', userId }, loaded.state);
    if (events.length === 0) break;
    try {
      await append(stream, { version: loaded.version, eventCount: loaded.eventCount }, events, {
        actor,
        correlationId,
      });
      break;
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= 4) throw error;
    }
  }
  await projectNotification(stream);
};

export const handler = httpHandler('notifications', [
  implement(api.listNotifications, async ({ actor, query }) => {
    const [page, unread] = await Promise.all([inboxPage(actor.id, query), unreadCount(actor.id)]);
    return { body: { items: page.items.map(dto), unread, nextCursor: page.nextCursor }, headers: NO_STORE };
  }),
  implement(api.readNotification, async ({ actor, params, correlationId }) => {
    await markRead(params.id, actor, correlationId);
    const entry = await inboxEntry(params.id, actor.id);
    if (!entry) throw notFound(`Notification ${params.id}`);
    return { body: dto(entry) };
  }),
  implement(api.readAllNotifications, async ({ actor, correlationId }) => {
    let marked = 0;
    // Page by page from the newest; each page's rows leave the unread list as they are marked.
    for (let round = 0; round < 100; round++) {
      const page = await listRows<InboxEntry>(INBOX, {
        limit: 50,
        where: { userId: actor.id, status: 'unread' },
      });
      if (page.items.length === 0) break;
      // Each on its own stream: a page is marked at once.
      await Promise.all(page.items.map((row) => markRead(row.state.notificationId, actor, correlationId)));
      marked += page.items.length;
    }
    return { body: { marked, unread: await unreadCount(actor.id) } };
  }),
]);
