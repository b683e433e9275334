import * as z from 'zod';
import { NOTIFICATION_SEVERITIES, NotificationSource } from '../../../events/contexts/notifications.ts';
import { defineRoute } from '../../http/route.ts';
import { Id, IdParams } from '../schemas.ts';

const tag = 'Notifications';

export const Notification = z
  .object({
    id: Id,
    title: z.string(),
    body: z.string(),
    link: z.string().optional().meta({ description: 'A path in the console where the matter is seen' }),
    severity: z.enum(NOTIFICATION_SEVERITIES).meta({ id: 'NotificationSeverity' }),
    source: NotificationSource.meta({ id: 'NotificationSource' }),
    status: z.enum(['unread', 'read']).meta({ id: 'NotificationStatus' }),
    raisedAt: z.string(),
    readAt: z.string().optional(),
  })
  .meta({ id: 'Notification' });

export const Inbox = z
  .object({
    items: z.array(Notification),
    unread: z.number().int().min(0).meta({ description: 'How many of mine are unread, in all' }),
    nextCursor: z.string().optional(),
  })
  .meta({ id: 'Inbox' });

export const listNotifications = defineRoute({
  method: 'GET',
  path: '/api/notifications',
  permission: 'notifications:read',
  summary: 'My notifications, unread first, each newest first, with how many are unread',
  tag,
  query: z
    .object({
      limit: z.coerce.number().int().min(1).max(100).default(25),
      cursor: z.string().max(2048).optional(),
    })
    .strict(),
  response: Inbox,
});

export const readNotification = defineRoute({
  method: 'POST',
  path: '/api/notifications/{id}/read',
  permission: 'notifications:read',
  summary: 'Mark one of my notifications read (again is no change)',
  tag,
  params: IdParams,
  response: Notification,
});

export const readAllNotifications = defineRoute({
  method: 'POST',
  path: '/api/notifications/read-all',
  permission: 'notifications:read',
  summary: 'Mark all my notifications read',
  tag,
  response: z.object({ marked: z.number().int().min(0), unread: z.number().int().min(0) }).meta({
    id: 'NotificationsMarked',
  }),
});

export const notificationRoutes = [listNotifications, readAllNotifications, readNotification] as const;
