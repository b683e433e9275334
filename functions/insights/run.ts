import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { type Analysis, analyse } from '../../domain/insights/analyse.ts';
import { kindsOf } from '../../domain/insights/forecasts.ts';
import { returns } from '../../domain/insights/marketing.ts';
import { measure, type Outcome } from '../../domain/insights/measure.ts';
import {
  dueForMeasurement,
  type RecommendationState,
  toPropose,
} from '../../domain/insights/recommendations.ts';
import type { InsightsScope, InsightsTrigger } from '../../domain/insights/runs.ts';
import { addDays, dayOf } from '../../domain/shared/days.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import type { Actor } from '../../events/envelope.ts';
import { dynamo } from '../adapters/clients.ts';
import { aggregates } from '../application/aggregates.ts';
import { execute, loadRecord } from '../application/command.ts';
import { config } from '../runtime/config.ts';
import { type Inputs, readInputs, readRecommendations } from './data.ts';
import { replaceForecasts } from './forecast-rows.ts';
import { claimKey } from './open-keys.ts';

/** Who insights runs act as in the event store. */
export const INSIGHTS_ACTOR: Actor = { id: 'insights', role: 'system' };

/**
 * What the state machine starts with: a schedule's `{ schedule, scheduledTime }`, the API's run, or the
 * refresh consumer's scoped run.
 */
export interface RunInput {
  runId?: string;
  /** The instant to analyse as of; defaults to the schedule's time, then now. */
  asOf?: string;
  trigger?: InsightsTrigger;
  scope?: InsightsScope;
  cause?: string;
  schedule?: string;
  scheduledTime?: string;
}

export interface RunState {
  runId: string;
  asOf: string;
  trigger: InsightsTrigger;
  scope?: InsightsScope;
  startedMs: number;
  figures: Record<string, number>;
  hitRates?: Analysis['hitRates'];
}

/**
 * The latest run's figures (inventory advice, segments, marketing return), one row of the views table
 * beside the read models, for the insights pages. Operational, like the overview's snapshot.
 */
const SNAPSHOT_KEY = { view: 'insights', id: 'latest' } as const;

export type InsightsSnapshot = Omit<Analysis, 'candidates' | 'segmentOf' | 'forecasts'> & { runId: string };

export const readSnapshot = async (): Promise<InsightsSnapshot | undefined> => {
  const result = await dynamo().send(new GetCommand({ TableName: config.viewsTable, Key: SNAPSHOT_KEY }));
  return (result.Item as { snapshot?: InsightsSnapshot } | undefined)?.snapshot;
};

const meta = (runId: string) => ({ actor: INSIGHTS_ACTOR, correlationId: runId });

/**
 * The run's business day, and the end (exclusive) of the history it reads: the analyses take every day
 * up to the run's own, so what happened today counts.
 */
const daysOf = (run: Pick<RunState, 'asOf'>) => {
  const today = dayOf(new Date(run.asOf));
  return { today, through: addDays(today, 1) };
};

/** Records the run as started (once: a retried task finds it started). */
export const startRun = async (input: RunInput): Promise<RunState> => {
  const runId = input.runId ?? ulid();
  const asOf = input.asOf ?? input.scheduledTime ?? new Date().toISOString();
  const trigger = input.trigger ?? (input.schedule ? 'schedule' : 'manual');
  const scope = input.scope ?? 'all';
  const run = await loadRecord(aggregates.insightsRun, runId);
  if (!run.state.exists)
    await execute(
      aggregates.insightsRun.decider,
      aggregates.insightsRun.stream(runId),
      {
        type: 'StartInsightsRun',
        runId,
        asOf,
        trigger,
        scope,
        ...(input.cause ? { cause: input.cause.slice(0, 300) } : {}),
      },
      meta(runId),
    );
  return { runId, asOf, trigger, scope, startedMs: Date.now(), figures: {} };
};

/** Reads the history, runs every analysis, proposes what is not open already and keeps the figures. */
export const analyseAndPropose = async (run: RunState, inputs?: Inputs): Promise<RunState> => {
  const data = inputs ?? (await readInputs());
  const { today, through } = daysOf(run);
  const scope = run.scope ?? 'all';
  const analysis = analyse(data, through, scope);
  const { propose, skipped } = toPropose(analysis.candidates, await readRecommendations());
  let raced = 0;
  for (const candidate of propose) {
    const recommendationId = ulid();
    if (!(await claimKey(candidate.key, recommendationId))) {
      raced += 1;
      continue;
    }
    await execute(
      aggregates.recommendation.decider,
      aggregates.recommendation.stream(recommendationId),
      {
        type: 'ProposeRecommendation',
        recommendationId,
        runId: run.runId,
        proposedOn: today,
        ...candidate,
      },
      meta(run.runId),
    );
  }
  const { candidates: _, segmentOf: __, forecasts, ...figures } = analysis;
  const snapshot: InsightsSnapshot = { ...figures, runId: run.runId };
  await dynamo().send(new PutCommand({ TableName: config.viewsTable, Item: { ...SNAPSHOT_KEY, snapshot } }));
  await replaceForecasts(kindsOf(scope), forecasts, { runId: run.runId, asOf: run.asOf });
  return {
    ...run,
    figures: {
      items: data.items.length,
      customers: analysis.segmentOf.length,
      quotes: data.quotes.length,
      leads: data.leads.length,
      campaigns: data.campaigns.length,
      candidates: analysis.candidates.length,
      proposed: propose.length - raced,
      alreadyOpen: skipped.length + raced,
      forecasts: forecasts.length,
    },
    hitRates: analysis.hitRates,
  };
};

type Recommendation = Extract<RecommendationState, { exists: true }>;

/** What happened after a recommendation was proposed, from the same inputs the analyses read. */
const outcomeOf = (rec: Recommendation, data: Inputs, until: string): Outcome => {
  switch (rec.kind) {
    case 'reorder': {
      const item = data.items.find((i) => i.itemId === rec.subject.id);
      const consumed = (item?.events ?? [])
        .filter(({ on, event }) => event.type === 'StockConsumed' && on >= rec.proposedOn && on < until)
        .reduce((a, { event }) => a + (event.type === 'StockConsumed' ? event.data.quantity : 0), 0);
      return { kind: 'reorder', consumed };
    }
    case 'stalled-quote':
      return {
        kind: 'stalled-quote',
        status: data.quotes.find((q) => q.quoteId === rec.subject.id)?.status ?? 'sent',
      };
    case 'budget-move': {
      const [from, to] = rec.subject.id.split('>');
      const channels = returns(data.campaigns, data.leads, data.orders, rec.proposedOn, until).channels;
      const of = (channel: string | undefined) =>
        channels.find((c) => c.channel === channel && c.key.startsWith('channel:'))?.returnOnSpend ?? null;
      return { kind: 'budget-move', fromReturn: of(from), toReturn: of(to) };
    }
  }
};

/** Measures every recommendation whose horizon has passed by the run's day; returns how many. */
export const measureDue = async (run: RunState, inputs?: Inputs): Promise<number> => {
  const { today, through } = daysOf(run);
  const due = dueForMeasurement(await readRecommendations(), today);
  if (due.length === 0) return 0;
  const data = inputs ?? (await readInputs());
  let measured = 0;
  for (const row of due) {
    const loaded = await loadRecord(aggregates.recommendation, row.recommendationId);
    if (!loaded.state.exists || loaded.state.status === 'measured') continue;
    const result = measure(loaded.state, outcomeOf(loaded.state, data, through));
    try {
      await execute(
        aggregates.recommendation.decider,
        aggregates.recommendation.stream(row.recommendationId),
        { type: 'MeasureRecommendation', on: today, ...result },
        meta(run.runId),
      );
      measured += 1;
    } catch (error) {
      // Someone acted on it meanwhile, or another run measured it: the next run looks again.
      if (!(error instanceof DomainError) && (error as Error).name !== 'ConcurrencyError') throw error;
    }
  }
  return measured;
};

export const completeRun = async (run: RunState, measured: number) => {
  await execute(
    aggregates.insightsRun.decider,
    aggregates.insightsRun.stream(run.runId),
    {
      type: 'CompleteInsightsRun',
      durationMs: Math.max(0, Date.now() - run.startedMs),
      figures: { ...run.figures, measured },
      hitRates: run.hitRates ?? {},
    },
    meta(run.runId),
  );
};

export const failRun = async (runId: string | undefined, error: string) => {
  if (!runId) return;
  const run = await loadRecord(aggregates.insightsRun, runId);
  if (!run.state.exists || run.state.status !== 'running') return;
  await execute(
    aggregates.insightsRun.decider,
    aggregates.insightsRun.stream(runId),
    {
      type: 'FailInsightsRun',
      error: error.slice(0, 2000),
    },
    meta(runId),
  );
};
