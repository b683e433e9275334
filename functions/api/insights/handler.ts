import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ulid } from 'ulid';
import { FORECAST_KINDS } from '../../../domain/insights/forecasts.ts';
import { roiSummary } from '../../../domain/insights/measure.ts';
import { sfn } from '../../adapters/clients.ts';
import { aggregates } from '../../application/aggregates.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { HttpProblem } from '../../http/problem.ts';
import { today } from '../../http/requests.ts';
import { readRecommendations } from '../../insights/data.ts';
import { readForecast, readForecasts, type StoredForecast } from '../../insights/forecast-rows.ts';
import { readSnapshot, startRun } from '../../insights/run.ts';
import { config } from '../../runtime/config.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const recommendations = recordsOf(aggregates.recommendation, api.recommendationActionRoutes);
const runs = recordsOf(aggregates.insightsRun, {});

const by = (actor: { email?: string; id: string }) => actor.email ?? actor.id;

export const handler = httpHandler('insights', [
  implement(api.listRecommendations, ({ query, actor }) => recommendations.list(actor, query)),
  implement(api.getRecommendation, ({ params, actor }) => recommendations.read(actor, params.id)),
  implement(api.acceptRecommendation, (request) =>
    recommendations.command(request, request.params.id, {
      type: 'AcceptRecommendation',
      by: by(request.actor!),
      on: today(),
    }),
  ),
  implement(api.dismissRecommendation, (request) =>
    recommendations.command(request, request.params.id, {
      type: 'DismissRecommendation',
      by: by(request.actor!),
      reason: request.body.reason,
      on: today(),
    }),
  ),
  implement(api.implementRecommendation, (request) =>
    recommendations.command(request, request.params.id, {
      type: 'ImplementRecommendation',
      by: by(request.actor!),
      link: request.body.link,
      on: today(),
    }),
  ),
  implement(api.listInsightsRuns, ({ query, actor }) => runs.list(actor, query)),
  implement(api.getInsightsRun, ({ params, actor }) => runs.read(actor, params.id)),
  implement(api.startInsightsRun, async () => {
    // Recorded as started here, so the run is listed at once; the state machine finds it started.
    const run = await startRun({ runId: ulid(), trigger: 'manual' });
    const execution = await sfn().send(
      new StartExecutionCommand({
        stateMachineArn: config.stateMachineArn('insights'),
        name: run.runId,
        input: JSON.stringify({ runId: run.runId, asOf: run.asOf, trigger: run.trigger }),
      }),
    );
    return { status: 202, body: { id: run.runId, executionArn: execution.executionArn! } };
  }),
  implement(api.getSegments, async () => {
    const snapshot = await readSnapshot();
    return {
      body: { runId: snapshot?.runId ?? null, asOf: snapshot?.asOf ?? null, items: snapshot?.segments ?? [] },
    };
  }),
  implement(api.getInventoryAdvice, async () => {
    const snapshot = await readSnapshot();
    return {
      body: {
        runId: snapshot?.runId ?? null,
        asOf: snapshot?.asOf ?? null,
        hitRate: snapshot?.hitRates.reorder ?? null,
        items: snapshot?.inventory ?? [],
      },
    };
  }),
  implement(api.getMarketingReturn, async () => {
    const snapshot = await readSnapshot();
    return {
      body: {
        runId: snapshot?.runId ?? null,
        asOf: snapshot?.asOf ?? null,
        window: snapshot?.marketing.window ?? null,
        marginRate: snapshot?.marginRate ?? null,
        hitRate: snapshot?.hitRates['budget-move'] ?? null,
        channels: snapshot?.marketing.channels ?? [],
        campaigns: snapshot?.marketing.campaigns ?? [],
      },
    };
  }),
  implement(api.getRoi, async () => ({ body: roiSummary(await readRecommendations()) })),
  implement(api.listForecasts, async ({ query }) => {
    const series = await readForecasts(query.kind ? [query.kind] : undefined);
    const order = (s: StoredForecast) => `${FORECAST_KINDS.indexOf(s.kind)}:${s.name}`;
    return {
      body: {
        items: series
          .sort((a, b) => order(a).localeCompare(order(b)))
          .map(({ history: _, forecast, notes: __, seriesId, ...summary }) => ({
            id: seriesId,
            ...summary,
            next: forecast[0]?.mean ?? null,
          })),
      },
    };
  }),
  implement(api.getForecast, async ({ params }) => {
    const series = await readForecast(params.id);
    if (!series)
      throw new HttpProblem(404, 'forecast-not-found', 'Not found', `No forecast series ${params.id}`);
    const { seriesId, ...rest } = series;
    return { body: { id: seriesId, ...rest } };
  }),
  implement(api.getSalesInsights, async () => {
    const snapshot = await readSnapshot();
    return {
      body: {
        runId: snapshot?.runId ?? null,
        asOf: snapshot?.asOf ?? null,
        leadScoring: snapshot?.leadScoring ?? null,
        discounts: snapshot?.discounts ?? [],
        attachRates: snapshot?.attachRates ?? [],
      },
    };
  }),
]);
