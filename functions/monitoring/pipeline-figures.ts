import { PROJECTION_LAG_METRIC } from './metrics-catalog.ts';
import { MINUTE_MS, minuteOf } from './rollups.ts';
import { telemetry } from './telemetry.ts';
import type { MetricResult, TelemetryPort } from './telemetry-port.ts';

/**
 * The pipeline's figures that live in the metrics rather than in a table: how far the views trail the
 * events (the projector's lag, p95 over the last 5 minutes) and deliveries the bus gave up on (dead
 * letters in the last 15 minutes). Read through the telemetry port, so the same code reads the local
 * store and CloudWatch (EventBridge's InvocationsSentToDlq). A failed read measures nothing, which the
 * rules count as a breach.
 */
export const LAG_WINDOW_MINUTES = 5;
export const DEAD_LETTER_WINDOW_MINUTES = 15;
/** p95 lag above these is degraded, then down. */
const LAG_DEGRADED_S = 30;
const LAG_DOWN_S = 300;

export interface PipelineCheck {
  check: string;
  name: string;
  status: 'ok' | 'degraded' | 'down';
  latencyMs: number;
  reason: string;
  figures?: Record<string, number>;
}

/** The series of every label together: the unlabelled one when the answer has it, else their sum. */
const total = (answer: MetricResult) => {
  const whole = answer.series.find((s) => Object.keys(s.labels).length === 0);
  const points = (whole ? [whole] : answer.series).flatMap((s) => s.points);
  return {
    sum: points.reduce((n, p) => n + p.value, 0),
    count: points.reduce((n, p) => n + p.count, 0),
    p95: whole?.points[0]?.p95 ?? Math.max(0, ...points.map((p) => p.p95 ?? 0)),
  };
};

const windowOf = (now: Date, minutes: number) => {
  const to = new Date(minuteOf(now.getTime()));
  return { from: new Date(to.getTime() - minutes * MINUTE_MS), to, stepMinutes: minutes };
};

const failed = (check: string, name: string, started: number, error: unknown): PipelineCheck => ({
  check,
  name,
  status: 'down',
  latencyMs: Date.now() - started,
  reason: `Its metrics could not be read: ${(error as Error).message}`,
});

export const projectionLagCheck = async (now: Date, port?: TelemetryPort): Promise<PipelineCheck> => {
  const started = Date.now();
  const name = 'Projections (projection lag)';
  try {
    const source = port ?? (await telemetry());
    const lag = total(
      await source.metrics({ metric: PROJECTION_LAG_METRIC, ...windowOf(now, LAG_WINDOW_MINUTES) }),
    );
    const p95Seconds = Math.round(lag.p95 / 100) / 10;
    return {
      check: 'pipeline:projections',
      name,
      status: p95Seconds > LAG_DOWN_S ? 'down' : p95Seconds > LAG_DEGRADED_S ? 'degraded' : 'ok',
      latencyMs: Date.now() - started,
      reason: lag.count
        ? `${lag.count} ${lag.count === 1 ? 'event' : 'events'} projected in the last ${LAG_WINDOW_MINUTES} minutes, p95 ${p95Seconds} s after they happened`
        : `No live events projected in the last ${LAG_WINDOW_MINUTES} minutes`,
      figures: { projected: lag.count, projectionLagP95Seconds: p95Seconds },
    };
  } catch (error) {
    return failed('pipeline:projections', name, started, error);
  }
};

export const deadLettersCheck = async (now: Date, port?: TelemetryPort): Promise<PipelineCheck> => {
  const started = Date.now();
  const name = 'Dead letters';
  try {
    const source = port ?? (await telemetry());
    const answer = await source.metrics({
      metric: 'bus.deadLetters',
      ...windowOf(now, DEAD_LETTER_WINDOW_MINUTES),
    });
    const deadLetters = total(answer).sum;
    const targets = answer.series.filter((s) => s.labels.target && s.points.some((p) => p.value > 0));
    return {
      check: 'pipeline:dead-letters',
      name,
      // Undelivered events are lost to their consumer until replayed: the platform still runs, degraded.
      status: deadLetters > 0 ? 'degraded' : 'ok',
      latencyMs: Date.now() - started,
      reason: deadLetters
        ? `${deadLetters} ${deadLetters === 1 ? 'delivery' : 'deliveries'} dead-lettered in the last ${DEAD_LETTER_WINDOW_MINUTES} minutes${targets.length ? ` (${targets.map((s) => s.labels.target).join(', ')})` : ''}`
        : `No dead letters in the last ${DEAD_LETTER_WINDOW_MINUTES} minutes`,
      figures: { deadLetters },
    };
  } catch (error) {
    return failed('pipeline:dead-letters', name, started, error);
  }
};
