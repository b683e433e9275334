import { createHash } from 'node:crypto';
import type * as z from 'zod';
import type {
  NOTIFICATION_SEVERITIES,
  NotificationRecipients,
  NotificationSource,
} from '../../events/contexts/notifications.ts';
import type { Role } from '../access/permissions.ts';
import { type Decider, type Event, reject } from '../shared/decider.ts';

export type NotificationSeverity = (typeof NOTIFICATION_SEVERITIES)[number];
export type Recipients = Omit<z.infer<typeof NotificationRecipients>, 'roles'> & { roles?: Role[] };
export type Source = z.infer<typeof NotificationSource>;

/** What a notification says, as its raiser gives it. */
export interface NotificationContent {
  title: string;
  body: string;
  link?: string;
  severity: NotificationSeverity;
  source: Source;
}

export type NotificationState =
  | { exists: false }
  | (NotificationContent & {
      exists: true;
      notificationId: string;
      recipients: Recipients;
      userIds: string[];
      /** When each recipient who read it did. */
      readAt: Record<string, string>;
      emailedTo: string[];
    });

export type NotificationCommand =
  | (NotificationContent & {
      type: 'RaiseNotification';
      notificationId: string;
      recipients: Recipients;
      userIds: string[];
    })
  | { type: 'MarkNotificationRead'; userId: string }
  | { type: 'RecordNotificationEmailed'; userIds: string[] };

export type NotificationEvent = Event<'NotificationRaised' | 'NotificationRead' | 'NotificationEmailed'>;

/** Email by default for what needs attention; `info` waits in the centre. */
export const EMAIL_BY_DEFAULT: Record<NotificationSeverity, boolean> = {
  info: false,
  warning: true,
  critical: true,
};

/**
 * A notification's id: time-ordered (so inboxes list newest first by id) and the same for the same
 * cause, so a cause seen twice (a redelivered event) finds its notification already raised.
 */
export const notificationIdOf = (at: string, key: string): string => {
  const time = new Date(at).toISOString().replace(/[-:.]/g, '');
  return `${time}${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
};

const decide = (command: NotificationCommand, state: NotificationState): NotificationEvent[] => {
  switch (command.type) {
    case 'RaiseNotification': {
      if (state.exists) return reject('notification-exists', 'This notification was already raised', 409);
      if (command.userIds.length === 0)
        return reject('no-recipients', 'Nobody would receive this notification');
      const { type: _, ...data } = command;
      return [{ type: 'NotificationRaised', data }];
    }
    case 'MarkNotificationRead': {
      // Another person's notification is as unknown to a caller as one that does not exist.
      if (!state.exists || !state.userIds.includes(command.userId))
        return reject('notification-not-found', 'No such notification', 404);
      if (Object.hasOwn(state.readAt, command.userId)) return [];
      return [
        { type: 'NotificationRead', data: { notificationId: state.notificationId, userId: command.userId } },
      ];
    }
    case 'RecordNotificationEmailed': {
      if (!state.exists) return reject('notification-not-found', 'No such notification', 404);
      const userIds = command.userIds.filter((id) => !state.emailedTo.includes(id));
      if (userIds.length === 0) return [];
      return [{ type: 'NotificationEmailed', data: { notificationId: state.notificationId, userIds } }];
    }
  }
};

/** `at` is the event's time, which the envelope carries and the data need not repeat. */
export const evolveNotification = (
  state: NotificationState,
  event: NotificationEvent,
  at: string,
): NotificationState => {
  if (event.type === 'NotificationRaised') {
    const { recipients, ...data } = event.data;
    return { exists: true, ...data, recipients: recipients as Recipients, readAt: {}, emailedTo: [] };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'NotificationRead':
      return { ...state, readAt: { ...state.readAt, [event.data.userId]: at } };
    case 'NotificationEmailed':
      return { ...state, emailedTo: [...new Set([...state.emailedTo, ...event.data.userIds])] };
  }
};

export const notificationDecider: Decider<NotificationCommand, NotificationState, NotificationEvent> = {
  initialState: { exists: false },
  decide,
  // Commands decide on read marks by who, not when: the time is the envelope's, kept by the inbox rows.
  evolve: (state, event) => evolveNotification(state, event, ''),
};

/** One recipient's copy of a notification: a row of their inbox. */
export interface InboxEntry extends NotificationContent {
  notificationId: string;
  userId: string;
  status: 'unread' | 'read';
  raisedAt: string;
  readAt?: string;
}

export const inboxEntriesOf = (state: NotificationState, raisedAt: string): InboxEntry[] => {
  if (!state.exists) return [];
  const { notificationId, title, body, link, severity, source } = state;
  return state.userIds.map((userId) => {
    const read = Object.hasOwn(state.readAt, userId);
    const readAt = state.readAt[userId];
    return {
      notificationId,
      userId,
      title,
      body,
      ...(link ? { link } : {}),
      severity,
      source,
      status: read ? 'read' : 'unread',
      raisedAt,
      ...(read && readAt ? { readAt } : {}),
    };
  });
};

/** A person who may be told: from the staff directory. */
export interface Person {
  id: string;
  email: string;
  role: Role | null;
  enabled: boolean;
}

export interface DeliveryPlan {
  /** Everyone it reaches in the centre, in a stable order. */
  userIds: string[];
  /** Those of them it is also emailed to. */
  email: { userId: string; address: string }[];
}

/**
 * Who gets a notification and who also gets it by email: the people named and every member of the roles
 * named, once each, leaving out disabled accounts (they cannot sign in to see it) and people the
 * directory does not know. Email follows the severity (`EMAIL_BY_DEFAULT`) unless the raiser says
 * otherwise, and needs an address.
 */
export const planDelivery = (
  request: { recipients: Recipients; severity: NotificationSeverity; email?: boolean },
  people: readonly Person[],
): DeliveryPlan => {
  const named = new Set(request.recipients.userIds ?? []);
  const roles = new Set<string>(request.recipients.roles ?? []);
  const reached = people
    .filter((p) => p.enabled && (named.has(p.id) || (p.role !== null && roles.has(p.role))))
    .filter((p, i, all) => all.findIndex((q) => q.id === p.id) === i)
    .toSorted((a, b) => a.id.localeCompare(b.id));
  const wantsEmail = request.email ?? EMAIL_BY_DEFAULT[request.severity];
  return {
    userIds: reached.map((p) => p.id),
    email: wantsEmail
      ? reached.filter((p) => p.email.includes('@')).map((p) => ({ userId: p.id, address: p.email }))
      : [],
  };
};
