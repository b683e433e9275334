import {
  type NotificationContent,
  type NotificationSeverity,
  notificationDecider,
  notificationIdOf,
  type Person,
  planDelivery,
  type Recipients,
} from '../../domain/notifications/notifications.ts';
import type { Actor } from '../../events/envelope.ts';
import { append, ConcurrencyError } from '../adapters/event-store.ts';
import { listUsers } from '../api/users/directory.ts';
import { systemStreams } from '../application/aggregates.ts';
import type { CommitMeta } from '../application/event-store-port.ts';
import { config } from '../runtime/config.ts';
import { observability } from '../runtime/observability.ts';
import { EmailNotConfiguredError, sendEmail } from './email.ts';
import { loadNotification, projectNotification } from './inbox.ts';

const { logger } = observability('notify');

export const NOTIFIER: Actor = { id: 'notifications', role: 'system' };

/** What to tell whom, and what caused it. */
export interface Notice extends NotificationContent {
  recipients: Recipients;
  /**
   * The cause, once: the same key and time always make the same notification, so a cause seen again (a
   * redelivered event) raises nothing new and emails nobody twice. Usually the causing event's id and time.
   */
  cause: { key: string; at: string };
  /** Email the recipients whatever the severity (`true`) or not at all (`false`); by severity otherwise. */
  email?: boolean;
}

export interface Notified {
  notificationId: string;
  /** Whether this call raised it (false: raised before, or nobody to tell). */
  raised: boolean;
  userIds: string[];
  emailed: number;
}

const directory = async (): Promise<Person[]> =>
  (await listUsers()).map((u) => ({ id: u.id, email: u.email, role: u.role, enabled: u.enabled }));

const consoleLink = (path: string) => `${config.consoleUrl ?? ''}${path}`;

const SUBJECT_PREFIX: Record<NotificationSeverity, string> = {
  info: '',
  warning: 'Warning: ',
  critical: 'Critical: ',
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The email of a notification: its words, and links to the matter and to the notification centre. */
export const emailOf = (notice: NotificationContent) => {
  const link = notice.link ? consoleLink(notice.link) : undefined;
  const centre = consoleLink('/notifications');
  const text = [
    notice.body,
    '',
    ...(link ? [`Open it in the console: ${link}`] : []),
    `All your notifications: ${centre}`,
  ].join('\n');
  const html = [
    `<p>${escapeHtml(notice.body).replace(/\n/g, '<br>')}</p>`,
    ...(link ? [`<p><a href="${escapeHtml(link)}">Open it in the console</a></p>`] : []),
    `<p><a href="${escapeHtml(centre)}">All your notifications</a></p>`,
  ].join('\n');
  return { subject: `[Firefly] ${SUBJECT_PREFIX[notice.severity]}${notice.title}`, text, html };
};

/**
 * The platform's one way to tell people something: raises the notification in each recipient's
 * notification centre and emails those who should get it by email (see `planDelivery`), with a link
 * into the console. Idempotent on `cause`. A failed email throws after the others are recorded, so a
 * retry sends only what is missing.
 */
export const notify = async (
  notice: Notice,
  meta: { correlationId?: string; actor?: Actor } = {},
): Promise<Notified> => {
  const notificationId = notificationIdOf(notice.cause.at, notice.cause.key);
  const stream = systemStreams.notification(notificationId);
  const commit = { actor: meta.actor ?? NOTIFIER, correlationId: meta.correlationId ?? notificationId };
  const people = await directory();
  const plan = planDelivery(notice, people);
  let raised = false;
  let loaded = await loadNotification(stream);
  if (!loaded.state.exists) {
    if (plan.userIds.length === 0) {
      logger.warn('nobody to notify', { notificationId, source: notice.source });
      return { notificationId, raised: false, userIds: [], emailed: 0 };
    }
    const events = notificationDecider.decide(
      {
        type: 'RaiseNotification',
        notificationId,
        recipients: notice.recipients,
        userIds: plan.userIds,
        title: notice.title,
        body: notice.body,
        ...(notice.link ? { link: notice.link } : {}),
        severity: notice.severity,
        source: notice.source,
      },
      loaded.state,
    );
    try {
      await append(stream, { version: 0, eventCount: 0 }, events, commit);
      raised = true;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
    loaded = await loadNotification(stream);
  }
  await projectNotification(stream);
  const { state } = loaded;
  if (!state.exists) throw new Error(`Notification ${notificationId} vanished`);
  const owed = plan.email.filter(
    (e) => state.userIds.includes(e.userId) && !state.emailedTo.includes(e.userId),
  );
  const { sent: emailed, failure } = await emailEach(notificationId, notice, owed);
  if (emailed.length) await recordEmailed(stream, emailed, commit);
  // Thrown once what was sent is recorded: the retry (EventBridge's) sends only the missing ones.
  if (failure) throw failure;
  return { notificationId, raised, userIds: state.userIds, emailed: emailed.length };
};

/**
 * Records who was emailed, retrying when another write (a recipient's read mark) lands first: an
 * unrecorded email would be sent again by a redelivery.
 */
const recordEmailed = async (stream: string, userIds: string[], commit: CommitMeta) => {
  for (let attempt = 0; ; attempt++) {
    const latest = await loadNotification(stream);
    const events = notificationDecider.decide({ type: 'RecordNotificationEmailed', userIds }, latest.state);
    if (events.length === 0) return;
    try {
      await append(stream, { version: latest.version, eventCount: latest.eventCount }, events, commit);
      return;
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= 4) throw error;
    }
  }
};

/** Sends one email per recipient (no one sees who else was told): who got theirs, and a failure if any. */
const emailEach = async (
  notificationId: string,
  notice: NotificationContent,
  recipients: { userId: string; address: string }[],
): Promise<{ sent: string[]; failure?: unknown }> => {
  const message = emailOf(notice);
  const sent: string[] = [];
  let failure: unknown;
  for (const recipient of recipients) {
    try {
      await sendEmail({ to: recipient.address, ...message });
      sent.push(recipient.userId);
    } catch (error) {
      if (error instanceof EmailNotConfiguredError) {
        logger.warn('email is not configured; notification left in the centre only', { notificationId });
        return { sent };
      }
      failure = error;
    }
  }
  if (failure)
    logger.error('notification emails failed', {
      notificationId,
      failed: recipients.length - sent.length,
      error: (failure as Error).message,
    });
  return { sent, failure };
};
