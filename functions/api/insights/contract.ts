import * as z from 'zod';
import { SEGMENTS } from '../../../domain/insights/customers.ts';
import { FORECAST_KINDS } from '../../../domain/insights/forecasts.ts';
import {
  RECOMMENDATION_ACTIONS,
  RECOMMENDATION_STATUSES,
  type RecommendationAction,
} from '../../../domain/insights/recommendations.ts';
import { INSIGHTS_RUN_STATUSES } from '../../../domain/insights/runs.ts';
import {
  Confidence,
  EstimatedValue,
  Evidence,
  IMPLEMENTATION_LINKS,
  INSIGHTS_SCOPES,
  INSIGHTS_TRIGGERS,
  RECOMMENDATION_CATEGORIES,
  RECOMMENDATION_KINDS,
} from '../../../events/contexts/insights.ts';
import { aggregates } from '../../application/aggregates.ts';
import { Reason, Text } from '../../http/inputs.ts';
import { defineRoute, type RouteContract } from '../../http/route.ts';
import { actionsOf, IdParams, Meta, PageQuery, page } from '../schemas.ts';

const tag = 'Insights';

export const RecommendationStatus = z.enum(RECOMMENDATION_STATUSES).meta({ id: 'RecommendationStatus' });
export const RecommendationCategory = z
  .enum(RECOMMENDATION_CATEGORIES)
  .meta({ id: 'RecommendationCategory' });

const Link = z
  .object({
    kind: z.enum(IMPLEMENTATION_LINKS),
    id: Text(120).optional().meta({ description: 'The purchase order, campaign or workflow id' }),
    note: Text(1000).optional(),
  })
  .strict()
  .meta({ id: 'ImplementationLink' });

export const Recommendation = z
  .object({
    id: z.string(),
    runId: z.string(),
    category: RecommendationCategory,
    kind: z.enum(RECOMMENDATION_KINDS),
    key: z.string(),
    subject: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
    title: z.string(),
    reason: z.string(),
    evidence: Evidence.meta({ id: 'RecommendationEvidence' }),
    confidence: Confidence.meta({ id: 'MeasuredConfidence' }),
    estimatedValue: EstimatedValue.meta({ id: 'EstimatedValue' }),
    urgency: z.number(),
    priority: z.number(),
    proposedOn: z.string(),
    horizonDays: z.number().int(),
    baseline: z.record(z.string(), z.number()),
    status: RecommendationStatus,
    measureOn: z.string(),
    acceptedBy: z.string().optional(),
    acceptedOn: z.string().optional(),
    dismissedBy: z.string().optional(),
    dismissedOn: z.string().optional(),
    dismissReason: z.string().optional(),
    implementedBy: z.string().optional(),
    implementedOn: z.string().optional(),
    link: Link.optional(),
    measuredFrom: RecommendationStatus.optional(),
    measuredOn: z.string().optional(),
    realisedCents: z.number().int().optional(),
    counterfactualCents: z.number().int().optional(),
    predictionHeld: z.boolean().optional(),
    measureDetail: z.string().optional(),
    actions: actionsOf(RECOMMENDATION_ACTIONS, 'RecommendationAction'),
    ...Meta,
  })
  .meta({ id: 'Recommendation' });

export const listRecommendations = defineRoute({
  method: 'GET',
  path: '/api/recommendations',
  permission: aggregates.recommendation.read,
  summary: 'List recommendations, newest first, optionally by status or category',
  tag,
  query: PageQuery.extend({
    status: RecommendationStatus.optional(),
    category: RecommendationCategory.optional(),
  }).strict(),
  response: page(Recommendation, 'RecommendationPage'),
});

export const getRecommendation = defineRoute({
  method: 'GET',
  path: '/api/recommendations/{id}',
  permission: aggregates.recommendation.read,
  summary: 'Read a recommendation with its evidence, confidence, value and lifecycle',
  tag,
  params: IdParams,
  response: Recommendation,
});

export const acceptRecommendation = defineRoute({
  method: 'POST',
  path: '/api/recommendations/{id}/accept',
  permission: 'insights:manage',
  summary: 'Accept a proposed recommendation',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z.object({}).strict().meta({ id: 'AcceptRecommendation' }),
  response: Recommendation,
});

export const dismissRecommendation = defineRoute({
  method: 'POST',
  path: '/api/recommendations/{id}/dismiss',
  permission: 'insights:manage',
  summary: 'Dismiss a proposed or accepted recommendation, saying why',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z.object({ reason: Reason }).strict().meta({ id: 'DismissRecommendation' }),
  response: Recommendation,
});

export const implementRecommendation = defineRoute({
  method: 'POST',
  path: '/api/recommendations/{id}/implement',
  permission: 'insights:manage',
  summary: 'Mark an accepted recommendation implemented, linked to what was done',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z.object({ link: Link }).strict().meta({ id: 'ImplementRecommendation' }),
  response: Recommendation,
});

const HitRate = Confidence.meta({ id: 'HitRate' });

export const InsightsRun = z
  .object({
    id: z.string(),
    asOf: z.string(),
    trigger: z.enum(INSIGHTS_TRIGGERS),
    scope: z.enum(INSIGHTS_SCOPES).optional(),
    cause: z.string().optional(),
    status: z.enum(INSIGHTS_RUN_STATUSES),
    durationMs: z.number().int().optional(),
    figures: z.record(z.string(), z.number()).optional(),
    hitRates: z.record(z.string(), HitRate).optional(),
    error: z.string().optional(),
    actions: z.array(z.string()).max(0).meta({ description: 'Always empty: a run is a fact' }),
    ...Meta,
  })
  .meta({ id: 'InsightsRun' });

export const listInsightsRuns = defineRoute({
  method: 'GET',
  path: '/api/insights/runs',
  permission: aggregates.insightsRun.read,
  summary: 'List insights runs, newest first',
  tag,
  query: PageQuery.extend({ status: z.enum(INSIGHTS_RUN_STATUSES).optional() }).strict(),
  response: page(InsightsRun, 'InsightsRunPage'),
});

export const getInsightsRun = defineRoute({
  method: 'GET',
  path: '/api/insights/runs/{id}',
  permission: aggregates.insightsRun.read,
  summary: 'Read an insights run: what it read, proposed and measured, and its hit rates',
  tag,
  params: IdParams,
  response: InsightsRun,
});

export const startInsightsRun = defineRoute({
  method: 'POST',
  path: '/api/insights/runs',
  permission: 'insights:manage',
  summary: 'Run the insights now (the state machine also runs nightly)',
  tag,
  status: 202,
  body: z.object({}).strict().meta({ id: 'StartInsightsRun' }),
  response: z.object({ id: z.string(), executionArn: z.string() }).meta({ id: 'InsightsRunStarted' }),
});

const Latest = { runId: z.string().nullable(), asOf: z.string().nullable() };

export const getSegments = defineRoute({
  method: 'GET',
  path: '/api/insights/segments',
  permission: 'insights:read',
  summary: 'Customer segments (RFM) from the latest run, each with a description',
  tag,
  response: z
    .object({
      ...Latest,
      items: z.array(
        z.object({
          segment: z.enum(Object.keys(SEGMENTS) as [keyof typeof SEGMENTS, ...(keyof typeof SEGMENTS)[]]),
          description: z.string(),
          customers: z.number().int(),
          spentCents: z.number().int(),
          averageRecencyDays: z.number(),
          averageOrders: z.number(),
        }),
      ),
    })
    .meta({ id: 'CustomerSegments' }),
});

export const getInventoryAdvice = defineRoute({
  method: 'GET',
  path: '/api/insights/inventory',
  permission: 'insights:read',
  summary: 'Reorder advice per item from the latest run: usage, lead time, safety stock, reorder point',
  tag,
  response: z
    .object({
      ...Latest,
      hitRate: HitRate.nullable(),
      items: z.array(
        z.object({
          itemId: z.string(),
          name: z.string(),
          unit: z.string(),
          usagePerWeek: z.number(),
          usageSd: z.number(),
          demandModel: z.string().meta({ description: 'The forecasting model behind the usage per week' }),
          leadTimeDays: z.number(),
          leadTimeSdDays: z.number(),
          onHand: z.number(),
          reserved: z.number(),
          onOrder: z.number(),
          safetyStock: z.number(),
          reorderPoint: z.number(),
          orderQuantity: z.number(),
          runsOutOn: z.string().nullable(),
          needsOrder: z.boolean(),
          marginPerUnitCents: z.number(),
          backtest: z.object({
            advised: z.number().int(),
            hits: z.number().int(),
            shortages: z.number().int(),
            caught: z.number().int(),
          }),
          projected: z.array(z.object({ on: z.string(), stock: z.number() })),
        }),
      ),
    })
    .meta({ id: 'InventoryAdvice' }),
});

const ReturnRow = z.object({
  key: z.string(),
  name: z.string(),
  channel: z.string(),
  spendCents: z.number().int(),
  leads: z.number().int(),
  orders: z.number().int(),
  revenueCents: z.number().int(),
  costPerLeadCents: z.number().int().nullable(),
  costPerOrderCents: z.number().int().nullable(),
  conversion: z.number(),
  returnOnSpend: z.number().nullable(),
});

export const getMarketingReturn = defineRoute({
  method: 'GET',
  path: '/api/insights/marketing',
  permission: 'insights:read',
  summary: 'Cost per lead and order, conversion and return by channel and campaign, from the latest run',
  tag,
  response: z
    .object({
      ...Latest,
      window: z.object({ from: z.string(), to: z.string() }).nullable(),
      marginRate: z.number().nullable(),
      hitRate: HitRate.nullable(),
      channels: z.array(ReturnRow),
      campaigns: z.array(ReturnRow),
    })
    .meta({ id: 'MarketingReturn' }),
});

export const getRoi = defineRoute({
  method: 'GET',
  path: '/api/insights/roi',
  permission: 'insights:read',
  summary: 'Realised value of implemented recommendations, and how right past confidences were',
  tag,
  response: z
    .object({
      counts: z.object({
        proposed: z.number().int(),
        accepted: z.number().int(),
        dismissed: z.number().int(),
        implemented: z.number().int(),
        measured: z.number().int(),
      }),
      realisedCents: z.number().int(),
      estimatedCents: z.number().int(),
      missedCents: z.number().int(),
      byCategory: z.array(
        z.object({
          category: z.string(),
          implemented: z.number().int(),
          realisedCents: z.number().int(),
          estimatedCents: z.number().int(),
        }),
      ),
      calibration: z.array(
        z.object({
          from: z.number(),
          to: z.number(),
          measured: z.number().int(),
          claimed: z.number().nullable(),
          observed: z.number().nullable(),
        }),
      ),
    })
    .meta({ id: 'InsightsRoi' }),
});

const Accuracy = z
  .object({
    mase: z.number().nullable().meta({
      description:
        'Mean absolute scaled error on rolling-origin backtests: below 1 beats the seasonal naive forecast',
    }),
    coverage80: z.number().nullable().meta({ description: 'Share of held-out values inside the 80% band' }),
    coverage95: z.number().nullable().meta({ description: 'Share of held-out values inside the 95% band' }),
    origins: z.number().int().meta({ description: 'Backtest origins measured (0: too short to test)' }),
  })
  .meta({ id: 'ForecastAccuracy' });

const SeriesSummary = {
  id: z.string().meta({ description: 'The series id, e.g. revenue-booked, orders-<model>, demand-<item>' }),
  kind: z.enum(FORECAST_KINDS),
  name: z.string(),
  unit: z.string(),
  model: z.string().meta({ description: 'The model the engine chose, or mean(…) of a combination' }),
  accuracy: Accuracy,
  runId: z.string(),
  asOf: z.string(),
};

export const listForecasts = defineRoute({
  method: 'GET',
  path: '/api/insights/forecasts',
  permission: 'insights:read',
  summary:
    'Forecast series from the latest run (revenue, orders by model, leads by channel, item demand), with accuracy',
  tag,
  query: z.object({ kind: z.enum(FORECAST_KINDS).optional() }).strict(),
  response: z
    .object({
      items: z.array(
        z.object({
          ...SeriesSummary,
          next: z.number().nullable().meta({ description: 'The forecast mean of the next month' }),
        }),
      ),
    })
    .meta({ id: 'ForecastList' }),
});

export const getForecast = defineRoute({
  method: 'GET',
  path: '/api/insights/forecasts/{id}',
  permission: 'insights:read',
  summary:
    'A forecast series: its monthly history, forecast mean, 80% and 95% bands, model and backtest accuracy',
  tag,
  problems: [404],
  params: z
    .object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'Series ids are 1-80 letters, digits, _ or -') })
    .strict(),
  response: z
    .object({
      ...SeriesSummary,
      history: z.array(z.object({ month: z.string(), value: z.number() })),
      forecast: z.array(
        z.object({
          month: z.string(),
          mean: z.number(),
          lo80: z.number(),
          hi80: z.number(),
          lo95: z.number(),
          hi95: z.number(),
        }),
      ),
      notes: z.array(z.string()),
    })
    .meta({ id: 'ForecastSeries' }),
});

const Proportion = { lo: z.number().nullable(), hi: z.number().nullable() };

export const getSalesInsights = defineRoute({
  method: 'GET',
  path: '/api/insights/sales',
  permission: 'insights:read',
  summary: 'Lead scoring with its held-out calibration, discount versus win rate, and option attach rates',
  tag,
  response: z
    .object({
      ...Latest,
      leadScoring: z
        .object({
          trained: z.number().int(),
          heldOut: z.number().int(),
          baseRate: z.number(),
          brier: z.number().nullable(),
          brierBaseRate: z.number().nullable(),
          auc: z.number().nullable(),
          calibration: z.array(
            z.object({
              decile: z.number().int(),
              leads: z.number().int(),
              predicted: z.number(),
              observed: z.number(),
            }),
          ),
          coefficients: z.array(z.object({ feature: z.string(), weight: z.number(), oddsRatio: z.number() })),
          open: z.array(
            z.object({
              leadId: z.string(),
              channel: z.string(),
              capturedOn: z.string(),
              probability: z.number(),
            }),
          ),
        })
        .nullable()
        .meta({ id: 'LeadScoring' }),
      discounts: z.array(
        z.object({
          band: z.string(),
          quotes: z.number().int(),
          won: z.number().int(),
          winRate: z.number().nullable(),
          averageDiscount: z.number().nullable(),
          ...Proportion,
        }),
      ),
      attachRates: z.array(
        z.object({
          modelId: z.string(),
          modelName: z.string(),
          code: z.string(),
          name: z.string(),
          orders: z.number().int(),
          attached: z.number().int(),
          rate: z.number().nullable(),
          revenueCents: z.number().int(),
          ...Proportion,
        }),
      ),
    })
    .meta({ id: 'SalesInsights' }),
});

export const insightsRoutes = [
  listRecommendations,
  getRecommendation,
  acceptRecommendation,
  dismissRecommendation,
  implementRecommendation,
  listInsightsRuns,
  startInsightsRun,
  getInsightsRun,
  getSegments,
  getInventoryAdvice,
  getMarketingReturn,
  getRoi,
  listForecasts,
  getForecast,
  getSalesInsights,
];

export const recommendationActionRoutes = {
  accept: acceptRecommendation,
  dismiss: dismissRecommendation,
  implement: implementRecommendation,
} satisfies Record<RecommendationAction, RouteContract>;
