import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { Day } from './day.ts';

/**
 * Insights (issue 15): runs that analyse the history, the recommendations they propose and each
 * recommendation's lifecycle to the value it realised. Streams: `insightsrun-<runId>`,
 * `recommendation-<recommendationId>`.
 */

export const RECOMMENDATION_CATEGORIES = ['inventory', 'customers', 'marketing'] as const;
/** What a recommendation advises; each kind has one analysis that proposes it and one way to measure it. */
export const RECOMMENDATION_KINDS = ['reorder', 'stalled-quote', 'budget-move'] as const;
export const IMPLEMENTATION_LINKS = ['purchaseOrder', 'campaign', 'workflow', 'note'] as const;

const Figure = z.object({
  label: z.string(),
  value: z.union([z.number(), z.string()]),
  /** How to show the value: cents, a count, days, a share (0..1) or a date. */
  unit: z.enum(['cents', 'count', 'units', 'days', 'weeks', 'share', 'date', 'text']),
});

const Series = z.object({
  title: z.string(),
  unit: z.string(),
  points: z.array(
    z.object({
      at: z.string(),
      value: z.number(),
      /** A projection rather than what happened. */
      projected: z.boolean(),
    }),
  ),
  /** Levels drawn across the chart (a reorder point, safety stock). */
  levels: z.array(z.object({ label: z.string(), value: z.number() })),
});

export const Evidence = z.object({ figures: z.array(Figure), series: Series.optional() });

export const Confidence = z.object({
  /** The measured hit rate, 0..1. */
  value: z.number().min(0).max(1),
  /** How many past cases it was measured on. */
  samples: z.number().int().min(0),
  /** How it was measured, in words. */
  method: z.string(),
});

export const EstimatedValue = z.object({
  cents: z.number().int(),
  lo: z.number().int(),
  hi: z.number().int(),
});

const RunFigures = z.record(z.string(), z.number());

/** What started a run: its nightly schedule, someone asking, or an event that changed the picture. */
export const INSIGHTS_TRIGGERS = ['schedule', 'manual', 'event'] as const;
/** What a run refreshes: everything, or the inventory (advice and item forecasts) after stock moved. */
export const INSIGHTS_SCOPES = ['all', 'inventory'] as const;

/**
 * Domain events that change the picture enough to refresh the insights within a minute rather than at
 * night: stock used, reserved or adjusted (inventory advice and item demand), and orders placed (a
 * large one refreshes everything). The bus rule `insightsRefresh` delivers only these.
 */
export const INSIGHTS_REFRESH_EVENTS = [
  'StockConsumed',
  'StockReserved',
  'StockAdjusted',
  'OrderPlaced',
] as const;

export const InsightsRunStarted = defineEvent({
  type: 'InsightsRunStarted',
  context: 'insights',
  summary: 'An insights run started analysing the history',
  schema: z.object({
    runId: z.string(),
    /** The instant the run analyses the history as of. */
    asOf: z.string(),
    trigger: z.enum(INSIGHTS_TRIGGERS),
    /** Absent on runs from before scoped runs: those were full runs. */
    scope: z.enum(INSIGHTS_SCOPES).optional(),
    /** For an `event` run: the event that started it, e.g. `StockConsumed on item-…`. */
    cause: z.string().optional(),
  }),
});

export const InsightsRunCompleted = defineEvent({
  type: 'InsightsRunCompleted',
  context: 'insights',
  summary: 'An insights run finished: what it read, proposed and measured, and how long it took',
  schema: z.object({
    runId: z.string(),
    durationMs: z.number().int().min(0),
    figures: RunFigures,
    /** Each recommender's backtested hit rate, by kind. */
    hitRates: z.record(z.string(), Confidence),
  }),
});

export const InsightsRunFailed = defineEvent({
  type: 'InsightsRunFailed',
  context: 'insights',
  summary: 'An insights run stopped without finishing',
  schema: z.object({ runId: z.string(), error: z.string() }),
});

export const RecommendationProposed = defineEvent({
  type: 'RecommendationProposed',
  context: 'insights',
  summary: 'An analysis proposed a recommendation, with its evidence, confidence and value',
  schema: z.object({
    recommendationId: z.string(),
    runId: z.string(),
    category: z.enum(RECOMMENDATION_CATEGORIES),
    kind: z.enum(RECOMMENDATION_KINDS),
    /** The same key is never proposed twice while one recommendation with it is open. */
    key: z.string(),
    /** What it is about: an item, a quote, a channel. */
    subject: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
    title: z.string(),
    reason: z.string(),
    evidence: Evidence,
    confidence: Confidence,
    estimatedValue: EstimatedValue,
    /** 0..1: how soon acting matters. */
    urgency: z.number().min(0).max(1),
    /** Dollars of value × confidence × urgency: the board's order. */
    priority: z.number().min(0),
    proposedOn: Day,
    /** Days after proposal when its outcome is measured. */
    horizonDays: z.number().int().positive(),
    /** The figures at proposal the measurement compares the outcome with. */
    baseline: z.record(z.string(), z.number()),
  }),
});

export const RecommendationAccepted = defineEvent({
  type: 'RecommendationAccepted',
  context: 'insights',
  summary: 'Someone accepted a recommendation',
  schema: z.object({ recommendationId: z.string(), by: z.string(), on: Day }),
});

export const RecommendationDismissed = defineEvent({
  type: 'RecommendationDismissed',
  context: 'insights',
  summary: 'Someone dismissed a recommendation, and why',
  schema: z.object({ recommendationId: z.string(), by: z.string(), reason: z.string(), on: Day }),
});

export const RecommendationImplemented = defineEvent({
  type: 'RecommendationImplemented',
  context: 'insights',
  summary: 'A recommendation was acted on, linked to what was done',
  schema: z.object({
    recommendationId: z.string(),
    by: z.string(),
    link: z.object({
      kind: z.enum(IMPLEMENTATION_LINKS),
      id: z.string().optional(),
      note: z.string().optional(),
    }),
    on: Day,
  }),
});

export const RecommendationMeasured = defineEvent({
  type: 'RecommendationMeasured',
  context: 'insights',
  summary: "After its horizon, a recommendation's realised value against the counterfactual",
  schema: z.object({
    recommendationId: z.string(),
    on: Day,
    /** Value realised by acting on it (0 when nobody did). */
    realisedCents: z.number().int(),
    /** The value at stake had nobody acted, as the history showed it. */
    counterfactualCents: z.number().int(),
    /** Whether what it predicted came true (for how right past confidences were). */
    predictionHeld: z.boolean(),
    detail: z.string(),
  }),
});
