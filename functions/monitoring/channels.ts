import { alertRuleDecider } from '../../domain/monitoring/alerts.ts';
import { type AlertChannels, DEFAULT_CHANNELS, ruleById, settingsOf } from '../../domain/monitoring/rules.ts';
import type { StoredEvent } from '../../events/catalog.ts';
import { systemStreams } from '../application/aggregates.ts';
import { load } from '../application/command.ts';

/**
 * An alert rule's notification channels, as its settings say when the news goes out: the console's
 * notification centre and email (functions/notifications/consumer.ts) and an outbound webhook endpoint
 * (functions/integrations/outbound/deliveries.ts, the signed sender with its retries and delivery log).
 */
export const alertChannelsOf = async (ruleId: string): Promise<AlertChannels> => {
  const rule = ruleById(ruleId);
  if (!rule) return DEFAULT_CHANNELS;
  const { state } = await load(alertRuleDecider, systemStreams.alertRule(ruleId));
  return settingsOf(rule, state.settings).channels;
};

type StateChange = Extract<StoredEvent, { type: 'AlertStateChanged' }>['data'];

/** A change people hear of: firing, or recovering from firing; nothing while the rule is silenced. */
export const isAlertNews = (change: Pick<StateChange, 'silenced' | 'from' | 'to'>): boolean =>
  !change.silenced && (change.to === 'ALARM' || (change.from === 'ALARM' && change.to === 'OK'));

/** The endpoint an event goes to by an alert rule's webhook channel, if it is such news and has one. */
export const alertWebhookEndpointId = async (event: {
  type: string;
  data: unknown;
}): Promise<string | undefined> => {
  if (event.type !== 'AlertStateChanged') return undefined;
  const change = event.data as StateChange;
  if (!isAlertNews(change)) return undefined;
  return (await alertChannelsOf(change.ruleId)).webhookEndpointId;
};
