import * as z from 'zod';
import { defineEvent } from '../define.ts';

/**
 * The notification centre (functions/notifications): what the platform tells people, and who has read
 * it. Stream `notification-<notificationId>`, one per notification, holding its recipients' read marks
 * too, so each person's read state is history (it survives any rebuild of the views). Bodies are written
 * for people and never carry secrets.
 */
export const NOTIFICATION_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const NotificationSeverity = z.enum(NOTIFICATION_SEVERITIES);

/** Who a notification is for, as its raiser asked: people by id, and everyone holding a role. */
export const NotificationRecipients = z.object({
  userIds: z.array(z.string()).optional(),
  roles: z.array(z.string()).optional(),
});

/** What caused a notification: a security event, an outbound endpoint, an alert rule… and its id. */
export const NotificationSource = z.object({ kind: z.string(), id: z.string() });

export const NotificationRaised = defineEvent({
  type: 'NotificationRaised',
  context: 'notifications',
  summary: 'The platform told people something: a notification in their notification centre',
  schema: z.object({
    notificationId: z.string(),
    recipients: NotificationRecipients,
    /** The people it reached: the recipients resolved (roles to their enabled members) when raised. */
    userIds: z.array(z.string()),
    title: z.string(),
    body: z.string(),
    /** A path in the console (`/security/events/<id>`) where the matter can be seen. */
    link: z.string().optional(),
    severity: NotificationSeverity,
    source: NotificationSource,
  }),
});

export const NotificationRead = defineEvent({
  type: 'NotificationRead',
  context: 'notifications',
  summary: 'A recipient marked a notification read',
  schema: z.object({ notificationId: z.string(), userId: z.string() }),
});

export const NotificationEmailed = defineEvent({
  type: 'NotificationEmailed',
  context: 'notifications',
  summary: 'A notification was sent by email to some of its recipients',
  schema: z.object({ notificationId: z.string(), userIds: z.array(z.string()) }),
});
