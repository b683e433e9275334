import { type Decider, type Event, reject } from '../shared/decider.ts';
import type { AlertState, Evaluation } from './evaluator.ts';
import { type AlertRule, type AlertRuleSettings, ruleSettingsProblems } from './rules.ts';

/** One measured datapoint of a rule. */
export interface Datapoint {
  at: string;
  value?: number;
  breaching: boolean;
  detail: string;
}

/** One run of the scheduled check: every rule's datapoint at one instant. */
export interface CheckRun {
  at: string;
  datapoints: (Omit<Datapoint, 'at'> & { ruleId: string })[];
}

/** A rule's datapoints in a series of runs, oldest first (a run that did not measure it has none). */
export const datapointsOf = (runs: readonly CheckRun[], ruleId: string): Datapoint[] =>
  runs.flatMap((run) =>
    run.datapoints
      .filter((p) => p.ruleId === ruleId)
      .map(({ ruleId: _, ...point }) => ({ at: run.at, ...point })),
  );

/**
 * The datapoints still fit to judge by at `now`: those of the last `windowMinutes` plus a few minutes of
 * slack (the checks run every minute). After the checks stopped for a while, the old datapoints would
 * otherwise make one fresh bad minute fire an alert, or one good one clear it.
 */
export const freshDatapoints = (
  points: readonly Datapoint[],
  now: Date,
  windowMinutes: number,
): Datapoint[] => {
  const from = now.getTime() - (windowMinutes + 3) * 60_000;
  return points.filter((p) => Date.parse(p.at) >= from);
};

/** The runs of the scheduled check in one UTC hour, oldest first. */
export const checkHourDecider: Decider<
  { type: 'RecordCheck' } & CheckRun,
  { runs: CheckRun[] },
  Event<'MonitoringChecked'>
> = {
  initialState: { runs: [] },
  decide: ({ type: _, ...run }) => [{ type: 'MonitoringChecked', data: run }],
  evolve: (state, { data }) => ({ runs: [...state.runs, data] }),
};

export interface AlertRuleState {
  state: AlertState;
  /** When it entered its state; absent while it never left INSUFFICIENT_DATA. */
  since?: string;
  reason?: string;
  /** Who acknowledged the current ALARM, and when; cleared by the next change of state. */
  acknowledged?: { at: string; by: string; note?: string };
  silencedUntil?: string;
  /** The condition, M of N and channels a person set; the built-in ones until then. */
  settings?: AlertRuleSettings;
}

export type AlertRuleCommand =
  | { type: 'ApplyEvaluation'; rule: AlertRule; at: string; evaluation: Evaluation; reason: string }
  | { type: 'AcknowledgeAlert'; ruleId: string; at: string; by: string; note?: string }
  | { type: 'SilenceAlert'; ruleId: string; at: string; by: string; until: string; note?: string }
  | { type: 'UnsilenceAlert'; ruleId: string; at: string; by: string }
  | ({ type: 'ConfigureAlertRule'; rule: AlertRule; at: string; by: string } & AlertRuleSettings);

export type AlertRuleEvent = Event<
  'AlertStateChanged' | 'AlertAcknowledged' | 'AlertSilenced' | 'AlertUnsilenced' | 'AlertRuleConfigured'
>;

/** The longest silence: a week, so a forgotten one cannot hide a rule for good. */
export const MAX_SILENCE_MS = 7 * 86_400_000;

export const isSilenced = (state: AlertRuleState, at: string): boolean =>
  state.silencedUntil !== undefined && Date.parse(state.silencedUntil) > Date.parse(at);

const decide = (command: AlertRuleCommand, state: AlertRuleState): AlertRuleEvent[] => {
  switch (command.type) {
    case 'ApplyEvaluation': {
      const { rule, evaluation, at } = command;
      if (evaluation.state === state.state) return [];
      return [
        {
          type: 'AlertStateChanged',
          data: {
            ruleId: rule.id,
            name: rule.name,
            from: state.state,
            to: evaluation.state,
            at,
            count: evaluation.count,
            of: evaluation.of,
            reason: command.reason,
            severity: rule.severity,
            silenced: isSilenced(state, at),
          },
        },
      ];
    }
    case 'AcknowledgeAlert': {
      if (state.state !== 'ALARM')
        return reject('alert-not-firing', 'Only a firing alert can be acknowledged', 409);
      if (state.acknowledged) return [];
      const { type: _, ...data } = command;
      return [{ type: 'AlertAcknowledged', data }];
    }
    case 'SilenceAlert': {
      const length = Date.parse(command.until) - Date.parse(command.at);
      if (!(length > 0)) return reject('silence-in-past', 'A silence must end in the future');
      if (length > MAX_SILENCE_MS) return reject('silence-too-long', 'A silence can last a week at most');
      const { type: _, ...data } = command;
      return [{ type: 'AlertSilenced', data }];
    }
    case 'UnsilenceAlert': {
      if (!isSilenced(state, command.at))
        return reject('alert-not-silenced', 'This alert is not silenced', 409);
      const { type: _, ...data } = command;
      return [{ type: 'AlertUnsilenced', data }];
    }
    case 'ConfigureAlertRule': {
      const { type: _, rule, ...data } = command;
      const problem = ruleSettingsProblems(rule, data)[0];
      if (problem) return reject('invalid-rule', `${problem.path}: ${problem.message}`);
      const { webhookEndpointId, ...channels } = data.channels;
      return [
        {
          type: 'AlertRuleConfigured',
          data: {
            ...data,
            ruleId: rule.id,
            channels: { ...channels, ...(webhookEndpointId ? { webhookEndpointId } : {}) },
          },
        },
      ];
    }
  }
};

const evolve = (state: AlertRuleState, event: AlertRuleEvent): AlertRuleState => {
  switch (event.type) {
    case 'AlertStateChanged': {
      const { acknowledged: _, ...rest } = state;
      return { ...rest, state: event.data.to, since: event.data.at, reason: event.data.reason };
    }
    case 'AlertAcknowledged': {
      const { at, by, note } = event.data;
      return { ...state, acknowledged: { at, by, ...(note ? { note } : {}) } };
    }
    case 'AlertSilenced':
      return { ...state, silencedUntil: event.data.until };
    case 'AlertUnsilenced': {
      const { silencedUntil: _, ...rest } = state;
      return rest;
    }
    case 'AlertRuleConfigured': {
      const { condition, policy, channels } = event.data;
      return { ...state, settings: { condition, policy, channels } };
    }
  }
};

export const alertRuleDecider: Decider<AlertRuleCommand, AlertRuleState, AlertRuleEvent> = {
  initialState: { state: 'INSUFFICIENT_DATA' },
  decide,
  evolve,
};
