import type * as z from 'zod';
import type { Confidence, INSIGHTS_SCOPES, INSIGHTS_TRIGGERS } from '../../events/contexts/insights.ts';
import { type Decider, type Event, reject } from '../shared/decider.ts';

export const INSIGHTS_RUN_STATUSES = ['running', 'completed', 'failed'] as const;
export type InsightsRunStatus = (typeof INSIGHTS_RUN_STATUSES)[number];
export type InsightsTrigger = (typeof INSIGHTS_TRIGGERS)[number];
export type InsightsScope = (typeof INSIGHTS_SCOPES)[number];

export type InsightsRunState =
  | { exists: false }
  | {
      exists: true;
      runId: string;
      asOf: string;
      trigger: InsightsTrigger;
      scope?: InsightsScope;
      cause?: string;
      status: InsightsRunStatus;
      durationMs?: number;
      figures?: Record<string, number>;
      hitRates?: Record<string, z.infer<typeof Confidence>>;
      error?: string;
    };

export type InsightsRunCommand =
  | {
      type: 'StartInsightsRun';
      runId: string;
      asOf: string;
      trigger: InsightsTrigger;
      scope?: InsightsScope;
      cause?: string;
    }
  | {
      type: 'CompleteInsightsRun';
      durationMs: number;
      figures: Record<string, number>;
      hitRates: Record<string, z.infer<typeof Confidence>>;
    }
  | { type: 'FailInsightsRun'; error: string };

export type InsightsRunEvent = Event<'InsightsRunStarted' | 'InsightsRunCompleted' | 'InsightsRunFailed'>;

const running = (state: InsightsRunState) => {
  if (!state.exists) return reject('run-not-found', 'No such insights run', 404);
  if (state.status !== 'running') return reject('run-ended', `The run has ${state.status}`, 409);
  return state;
};

const decide = (command: InsightsRunCommand, state: InsightsRunState): InsightsRunEvent[] => {
  switch (command.type) {
    case 'StartInsightsRun': {
      if (state.exists) return reject('run-exists', `Insights run ${command.runId} exists`, 409);
      const { type: _, ...data } = command;
      return [{ type: 'InsightsRunStarted', data }];
    }
    case 'CompleteInsightsRun': {
      const run = running(state);
      const { type: _, ...data } = command;
      return [{ type: 'InsightsRunCompleted', data: { runId: run.runId, ...data } }];
    }
    case 'FailInsightsRun': {
      const run = running(state);
      return [{ type: 'InsightsRunFailed', data: { runId: run.runId, error: command.error } }];
    }
  }
};

const evolve = (state: InsightsRunState, event: InsightsRunEvent): InsightsRunState => {
  if (event.type === 'InsightsRunStarted') return { exists: true, ...event.data, status: 'running' };
  if (!state.exists) return state;
  switch (event.type) {
    case 'InsightsRunCompleted':
      return {
        ...state,
        status: 'completed',
        durationMs: event.data.durationMs,
        figures: event.data.figures,
        hitRates: event.data.hitRates,
      };
    case 'InsightsRunFailed':
      return { ...state, status: 'failed', error: event.data.error };
  }
};

export const insightsRunDecider: Decider<InsightsRunCommand, InsightsRunState, InsightsRunEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};
