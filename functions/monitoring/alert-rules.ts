import { type AlertRuleState, alertRuleDecider } from '../../domain/monitoring/alerts.ts';
import {
  ALERT_RULES,
  type AlertChannels,
  type AlertRule,
  ruleById,
  settingsOf,
  withSettings,
} from '../../domain/monitoring/rules.ts';
import type { StoredEvent } from '../../events/catalog.ts';
import { readStream } from '../adapters/event-store.ts';
import { systemStreams } from '../application/aggregates.ts';
import { recentDatapoints } from './datapoints.ts';

/** The alert list's one filter (in memory: there are a dozen rules, not a view to index). */
export const ALERT_FILTERS = ['state'] as const;

export interface AlertRuleView extends AlertRule, Omit<AlertRuleState, 'settings'> {
  /** Who hears of its changes: the console, email, a webhook endpoint. */
  channels: AlertChannels;
  recent: { at: string; breaching: boolean; value?: number }[];
  version: number;
}

type RuleEvent = Extract<
  StoredEvent,
  {
    type:
      | 'AlertStateChanged'
      | 'AlertAcknowledged'
      | 'AlertSilenced'
      | 'AlertUnsilenced'
      | 'AlertRuleConfigured';
  }
>;

const readRule = async (rule: AlertRule) => {
  const commits = await readStream(systemStreams.alertRule(rule.id));
  const events = commits.flatMap((c) => c.events) as RuleEvent[];
  const state = events.reduce(alertRuleDecider.evolve, alertRuleDecider.initialState);
  return { events, state, version: commits.at(-1)?.version ?? 0 };
};

const viewOf = async (rule: AlertRule, now: Date): Promise<AlertRuleView & { events: RuleEvent[] }> => {
  const [{ events, state, version }, points] = await Promise.all([
    readRule(rule),
    recentDatapoints(rule.id, now),
  ]);
  const { settings, ...rest } = state;
  const effective = withSettings(rule, settings);
  const keep = Math.max(effective.policy.fire.n, effective.policy.recover.n);
  return {
    ...effective,
    ...rest,
    channels: settingsOf(rule, settings).channels,
    recent: points.slice(-keep).map((p) => ({
      at: p.at,
      breaching: p.breaching,
      ...(p.value === undefined ? {} : { value: p.value }),
    })),
    version,
    events,
  };
};

const withoutEvents = ({ events: _, ...view }: AlertRuleView & { events: RuleEvent[] }): AlertRuleView =>
  view;

export const listAlertRules = async (now: Date, state?: string): Promise<AlertRuleView[]> =>
  (await Promise.all(ALERT_RULES.map((rule) => viewOf(rule, now))))
    .map(withoutEvents)
    .filter((v) => !state || v.state === state);

export const alertRule = async (id: string, now: Date) => {
  const rule = ruleById(id);
  if (!rule) return undefined;
  const view = await viewOf(rule, now);
  const history = view.events
    .map((event) => {
      const by = event.actor.id;
      switch (event.type) {
        case 'AlertStateChanged':
          return {
            at: event.data.at,
            kind: 'changed' as const,
            by,
            from: event.data.from,
            to: event.data.to,
            reason: event.data.reason,
          };
        case 'AlertAcknowledged':
          return {
            at: event.data.at,
            kind: 'acknowledged' as const,
            by: event.data.by,
            ...(event.data.note ? { note: event.data.note } : {}),
          };
        case 'AlertSilenced':
          return {
            at: event.data.at,
            kind: 'silenced' as const,
            by: event.data.by,
            until: event.data.until,
            ...(event.data.note ? { note: event.data.note } : {}),
          };
        case 'AlertRuleConfigured':
          return { at: event.data.at, kind: 'configured' as const, by: event.data.by };
        default:
          return { at: event.data.at, kind: 'unsilenced' as const, by: event.data.by };
      }
    })
    .reverse();
  return { rule: withoutEvents(view), history };
};
