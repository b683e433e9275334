import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventBridgeEvent } from 'aws-lambda';
import { ruleById } from '../../domain/monitoring/rules.ts';
import type { NotificationSeverity } from '../../domain/notifications/notifications.ts';
import type { StoredEvent } from '../../events/catalog.ts';
import type { Envelope } from '../../events/envelope.ts';
import { eventStore } from '../adapters/event-store.ts';
import { aggregates } from '../application/aggregates.ts';
import { loadRecord } from '../application/command.ts';
import { alertChannelsOf, isAlertNews } from '../monitoring/channels.ts';
import { logHandled, observability } from '../runtime/observability.ts';
import { projectNotification } from './inbox.ts';
import { type Notice, notify } from './notify.ts';

const { logger, metrics, instrument } = observability('notifications');

/** Detections tell owners and admins; only those that need someone soon reach them by email. */
const BY_SECURITY_SEVERITY: Record<string, NotificationSeverity> = {
  low: 'info',
  medium: 'info',
  high: 'warning',
  critical: 'critical',
};

/** How an alert clears, in words, from its rule's recovery window. */
const recovery = (ruleId: string) => {
  const rule = ruleById(ruleId);
  return rule ? `It recovers once ${rule.policy.recover.m} of ${rule.policy.recover.n} checks pass. ` : '';
};

type Of<T extends StoredEvent['type']> = Extract<StoredEvent, { type: T }>;

/** What an event tells people, if anything: the platform's first notifications. */
export const noticeOf = async (event: StoredEvent): Promise<Notice | undefined> => {
  const cause = { key: event.id, at: event.occurredAt };
  switch (event.type) {
    case 'SecurityEventRaised': {
      const { data } = event as Of<'SecurityEventRaised'>;
      return {
        recipients: { roles: ['owner', 'admin'] },
        title: `Security: ${data.title}`,
        body: `${data.explanation}\n\nSeverity ${data.severity}; rule ${data.rule}.`,
        link: `/security/events/${data.securityEventId}`,
        severity: BY_SECURITY_SEVERITY[data.severity] ?? 'warning',
        source: { kind: 'security-event', id: data.securityEventId },
        cause,
      };
    }
    case 'OutboundEndpointDisabled': {
      const { data } = event as Of<'OutboundEndpointDisabled'>;
      // A person who switched it off knows; the platform tells the owner when it did so itself.
      if (!data.automatic || !data.notify) return undefined;
      const endpoint = await loadRecord(aggregates.outboundEndpoint, data.endpointId);
      const url = endpoint.state.exists ? endpoint.state.url : data.endpointId;
      return {
        recipients: { userIds: [data.notify.id] },
        title: 'Webhook endpoint disabled',
        body: `The platform stopped sending events to ${url}. ${data.reason}. Fix the receiver, then enable the endpoint again and replay what it missed.`,
        link: `/webhook-endpoints/${data.endpointId}`,
        severity: 'warning',
        source: { kind: 'outbound-endpoint', id: data.endpointId },
        cause,
      };
    }
    case 'IntegrationAlertRaised': {
      const { data } = event as Of<'IntegrationAlertRaised'>;
      return {
        recipients: { roles: ['owner', 'admin'] },
        title: `Integration failing: ${data.name}`,
        body: `${data.failed} of the last ${data.of} scheduled health checks of ${data.name} failed: ${data.reason}. Its deliveries may not be arriving; see its Sync section.`,
        link: `/integrations/${data.integrationId}`,
        severity: 'critical',
        source: { kind: 'integration', id: data.integrationId },
        cause,
      };
    }
    case 'IntegrationAlertCleared': {
      const { data } = event as Of<'IntegrationAlertCleared'>;
      return {
        recipients: { roles: ['owner', 'admin'] },
        title: `Integration recovered: ${data.name}`,
        body: `The last ${data.passed} scheduled health checks of ${data.name} passed; its alert is cleared.`,
        link: `/integrations/${data.integrationId}`,
        severity: 'info',
        source: { kind: 'integration', id: data.integrationId },
        cause,
        // Whoever was emailed that it failed hears by email that it recovered.
        email: true,
      };
    }
    case 'AlertStateChanged': {
      const { data } = event as Of<'AlertStateChanged'>;
      // A silenced rule tells nobody; a rule that only lost or gained its data is no news either.
      if (!isAlertNews(data)) return undefined;
      // The rule's channels: without the console channel nobody here is told (email goes with it).
      const channels = await alertChannelsOf(data.ruleId);
      if (!channels.console) return undefined;
      const byEmail = channels.email ? {} : { email: false };
      const link = `/monitoring/alerts/${data.ruleId}`;
      const source = { kind: 'alert-rule', id: data.ruleId };
      if (data.to === 'ALARM')
        return {
          recipients: { roles: ['owner', 'admin'] },
          title: `Alert firing: ${data.name}`,
          body: `${data.reason}.\n\n${recovery(data.ruleId)}Acknowledge or silence it in Monitoring.`,
          link,
          severity: data.severity,
          source,
          cause,
          ...byEmail,
        };
      if (data.from === 'ALARM' && data.to === 'OK')
        return {
          recipients: { roles: ['owner', 'admin'] },
          title: `Alert recovered: ${data.name}`,
          body: `${data.reason}. The alert is cleared.`,
          link,
          severity: 'info',
          source,
          cause,
          // Whoever was emailed that it fired hears by email that it recovered.
          email: channels.email,
        };
      return undefined;
    }
    default:
      return undefined;
  }
};

/** The events that may tell someone something (the rest only keep inboxes current, or nothing). */
const NOTIFYING = new Set<string>([
  'SecurityEventRaised',
  'OutboundEndpointDisabled',
  'IntegrationAlertRaised',
  'IntegrationAlertCleared',
  'AlertStateChanged',
]);

/**
 * Every domain event on the bus: keeps the inboxes current from the notification centre's own events,
 * and turns the events people must hear about into notifications (idempotent on the event's id).
 */
const consume = async (bus: EventBridgeEvent<string, Envelope>): Promise<{ notified?: string }> => {
  const event = bus.detail;
  if (event.type.startsWith('Notification')) {
    await projectNotification(event.streamId);
    return {};
  }
  if (!NOTIFYING.has(event.type)) return {};
  // Only what the store holds: nothing put on the bus by another hand makes anyone be told.
  const stored = await eventStore.findEvent(event);
  if (!stored) {
    logger.error('event on the bus is not in the event store; ignored', { eventId: event.id });
    return {};
  }
  const notice = await noticeOf(stored);
  if (!notice) return {};
  const notified = await notify(notice, { correlationId: stored.correlationId });
  logHandled(logger, stored, 'notified', {
    notificationId: notified.notificationId,
    raised: notified.raised,
    recipients: notified.userIds.length,
    emailed: notified.emailed,
  });
  return { notified: notified.notificationId };
};

export const handler = instrument(async (bus: EventBridgeEvent<string, Envelope>) => {
  const result = await consume(bus);
  // Zero is a data point too (and an instrumented handler that adds no metric warns on every event).
  metrics.addMetric('notificationsRaised', MetricUnit.Count, result.notified ? 1 : 0);
  return result;
});
