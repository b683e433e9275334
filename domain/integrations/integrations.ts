import type * as z from 'zod';
import type { CHECKS, SecretHint } from '../../events/contexts/integrations.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';
import type { TemplateId } from './templates.ts';

type Hint = z.infer<typeof SecretHint>;
export type CheckName = (typeof CHECKS)[number];
export interface CheckResult {
  check: CheckName;
  outcome: 'passed' | 'failed' | 'skipped';
  ms: number;
  detail: string;
}

export type IntegrationState =
  | { exists: false }
  | {
      exists: true;
      integrationId: string;
      template: TemplateId;
      name: string;
      baseUrl?: string;
      credentials: Record<string, Hint>;
      providerEndpointId?: string;
      status: 'active' | 'disabled';
      disabledReason?: string;
      /** Until when the signing secret before the last rotation still verifies deliveries. */
      previousAcceptedUntil?: string;
      lastTest?: {
        at: string;
        passed: number;
        failed: number;
        checks: CheckResult[];
      };
      /** Raised while scheduled health checks fail M of N (see sync-health.ts). */
      alert?: { since: string; reason: string };
    };

export type IntegrationCommand =
  | {
      type: 'ConnectIntegration';
      integrationId: string;
      template: TemplateId;
      name: string;
      baseUrl?: string;
      credentials: Record<string, Hint>;
      providerEndpointId?: string;
    }
  | { type: 'RotateCredentials'; credentials: Record<string, Hint>; previousAcceptedUntil: string }
  | {
      type: 'RecordConnectionTest';
      at: string;
      checks: CheckResult[];
    }
  | { type: 'DisableIntegration'; reason: string }
  | { type: 'EnableIntegration' }
  | { type: 'RaiseAlert'; at: string; reason: string; failed: number; of: number }
  | { type: 'ClearAlert'; at: string; passed: number; of: number };

export type IntegrationEvent = Event<
  | 'IntegrationConnected'
  | 'IntegrationCredentialsRotated'
  | 'IntegrationTested'
  | 'IntegrationDisabled'
  | 'IntegrationEnabled'
  | 'IntegrationAlertRaised'
  | 'IntegrationAlertCleared'
>;

const existing = (state: IntegrationState) =>
  state.exists ? state : reject('integration-not-found', 'No such integration', 404);

const decide = (command: IntegrationCommand, state: IntegrationState): IntegrationEvent[] => {
  switch (command.type) {
    case 'ConnectIntegration': {
      if (state.exists) return reject('integration-exists', 'This integration is already connected', 409);
      const { type: _, ...data } = command;
      return [{ type: 'IntegrationConnected', data }];
    }
    case 'RotateCredentials': {
      const integration = existing(state);
      return [
        {
          type: 'IntegrationCredentialsRotated',
          data: {
            integrationId: integration.integrationId,
            credentials: command.credentials,
            previousAcceptedUntil: command.previousAcceptedUntil,
          },
        },
      ];
    }
    case 'RecordConnectionTest': {
      const integration = existing(state);
      return [
        {
          type: 'IntegrationTested',
          data: { integrationId: integration.integrationId, at: command.at, checks: command.checks },
        },
      ];
    }
    case 'DisableIntegration': {
      const integration = existing(state);
      if (integration.status === 'disabled')
        return reject('integration-disabled', 'The integration is already disabled', 409);
      return [
        {
          type: 'IntegrationDisabled',
          data: { integrationId: integration.integrationId, reason: command.reason },
        },
      ];
    }
    case 'EnableIntegration': {
      const integration = existing(state);
      if (integration.status === 'active')
        return reject('integration-active', 'The integration is already enabled', 409);
      return [{ type: 'IntegrationEnabled', data: { integrationId: integration.integrationId } }];
    }
    // Raising an alert that is up (or clearing one that is not) is nothing new: no event, no notice.
    case 'RaiseAlert': {
      const integration = existing(state);
      if (integration.alert) return [];
      const { type: _, ...data } = command;
      return [
        {
          type: 'IntegrationAlertRaised',
          data: { integrationId: integration.integrationId, name: integration.name, ...data },
        },
      ];
    }
    case 'ClearAlert': {
      const integration = existing(state);
      if (!integration.alert) return [];
      const { type: _, ...data } = command;
      return [
        {
          type: 'IntegrationAlertCleared',
          data: { integrationId: integration.integrationId, name: integration.name, ...data },
        },
      ];
    }
  }
};

const evolve = (state: IntegrationState, event: IntegrationEvent): IntegrationState => {
  if (event.type === 'IntegrationConnected') return { exists: true, ...event.data, status: 'active' };
  if (!state.exists) return state;
  switch (event.type) {
    case 'IntegrationCredentialsRotated':
      return {
        ...state,
        credentials: { ...state.credentials, ...event.data.credentials },
        previousAcceptedUntil: event.data.previousAcceptedUntil,
      };
    case 'IntegrationTested': {
      const checks = event.data.checks;
      return {
        ...state,
        lastTest: {
          at: event.data.at,
          passed: checks.filter((c) => c.outcome === 'passed').length,
          failed: checks.filter((c) => c.outcome === 'failed').length,
          checks,
        },
      };
    }
    case 'IntegrationDisabled':
      return { ...state, status: 'disabled', disabledReason: event.data.reason };
    case 'IntegrationEnabled': {
      const { disabledReason: _, ...rest } = state;
      return { ...rest, status: 'active' };
    }
    case 'IntegrationAlertRaised':
      return { ...state, alert: { since: event.data.at, reason: event.data.reason } };
    case 'IntegrationAlertCleared': {
      const { alert: _, ...rest } = state;
      return rest;
    }
  }
};

export const integrationDecider: Decider<IntegrationCommand, IntegrationState, IntegrationEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

export const INTEGRATION_ACTIONS = ['test', 'rotate-credentials', 'disable', 'enable'] as const;
export type IntegrationAction = (typeof INTEGRATION_ACTIONS)[number];

const probes: Probes<IntegrationCommand, IntegrationState, IntegrationAction> = {
  test: () => ({ type: 'RecordConnectionTest', at: '', checks: [] }),
  'rotate-credentials': () => ({ type: 'RotateCredentials', credentials: {}, previousAcceptedUntil: '' }),
  disable: () => ({ type: 'DisableIntegration', reason: 'probe' }),
  enable: () => ({ type: 'EnableIntegration' }),
};

export const availableIntegrationActions = availableBy(integrationDecider, INTEGRATION_ACTIONS, probes);

/** Whether a delivery signed with the previous secret is still accepted at `now`. */
export const previousSecretAccepted = (
  state: Extract<IntegrationState, { exists: true }>,
  now: Date,
): boolean =>
  state.previousAcceptedUntil !== undefined && now.getTime() < Date.parse(state.previousAcceptedUntil);

/** The scheduled health checks of one integration on one UTC day, oldest first. */
export type CheckDayState = { runs: { at: string; checks: CheckResult[] }[] };

export const checkDayDecider: Decider<
  { type: 'RecordCheck'; integrationId: string; at: string; checks: CheckResult[] },
  CheckDayState,
  Event<'IntegrationChecked'>
> = {
  initialState: { runs: [] },
  decide: ({ type: _, ...data }) => [{ type: 'IntegrationChecked', data }],
  evolve: (state, event) => ({ runs: [...state.runs, { at: event.data.at, checks: event.data.checks }] }),
};
