import type { FittedModel } from './model.ts';
import { naiveScale, quantileSorted } from './stats.ts';

/**
 * Rolling-origin backtests and conformal intervals. Each origin cuts the history, refits a model to
 * what came before and compares its next h forecasts with what happened.
 */
export type Origin = { end: number; steps: number };

/** Origins from the latest backwards, `spacing` apart, each leaving at least `minTrain` values to fit. */
export const rollingOrigins = (
  n: number,
  h: number,
  minTrain: number,
  count: number,
  spacing: number,
): Origin[] => {
  const origins: Origin[] = [];
  for (let j = 0; j < count; j++) {
    const end = n - h - j * spacing;
    if (end < minTrain) break;
    origins.push({ end, steps: h });
  }
  // A history too short for a full horizon still gets one shorter test at the end.
  if (!origins.length && n - 1 >= minTrain) origins.push({ end: minTrain, steps: n - minTrain });
  return origins;
};

/** Forecast errors (actual − forecast) per origin and step; undefined where the model could not be fitted. */
export type Backtest = { forecasts: number[][]; errors: number[][]; scales: number[] };

export const backtest = (
  y: readonly number[],
  season: number,
  origins: readonly Origin[],
  fitAt: (train: readonly number[]) => FittedModel | undefined,
): Backtest | undefined => {
  const forecasts: number[][] = [];
  const errors: number[][] = [];
  const scales: number[] = [];
  for (const o of origins) {
    const train = y.slice(0, o.end);
    const fitted = fitAt(train);
    if (!fitted) return undefined;
    const f = fitted.forecast(o.steps);
    if (!f.every(Number.isFinite)) return undefined;
    forecasts.push(f);
    errors.push(f.map((v, k) => y[o.end + k]! - v));
    const scale = naiveScale(train, season);
    // A flat training window has no naive error to scale by: fall back to its level.
    scales.push(scale > 0 ? scale : Math.max(1e-9, Math.abs(train[train.length - 1]!)));
  }
  return { forecasts, errors, scales };
};

/** Mean absolute scaled error over every origin and step. */
export const mase = (b: Pick<Backtest, 'errors' | 'scales'>) => {
  let total = 0;
  let count = 0;
  b.errors.forEach((row, o) => {
    for (const e of row) {
      total += Math.abs(e) / b.scales[o]!;
      count++;
    }
  });
  return count ? total / count : Number.POSITIVE_INFINITY;
};

/** Errors of the mean of several models' backtest forecasts. */
export const combine = (
  y: readonly number[],
  origins: readonly Origin[],
  members: readonly Backtest[],
): Backtest => {
  const first = members[0]!;
  const forecasts = first.forecasts.map((row, o) =>
    row.map((_, k) => members.reduce((a, m) => a + m.forecasts[o]![k]!, 0) / members.length),
  );
  return {
    forecasts,
    errors: forecasts.map((row, o) => row.map((v, k) => y[origins[o]!.end + k]! - v)),
    scales: first.scales,
  };
};

/** Mean absolute error per step, made non-decreasing along the horizon (errors spread as it grows). */
const stepScales = (errors: readonly number[][]) => {
  const steps = Math.max(0, ...errors.map((r) => r.length));
  const scale: number[] = [];
  for (let k = 0; k < steps; k++) {
    const col = errors.map((r) => r[k]).filter((v): v is number => v !== undefined);
    const s = col.reduce((a, v) => a + Math.abs(v), 0) / Math.max(1, col.length);
    scale.push(Math.max(s, scale[k - 1] ?? 0));
  }
  return scale;
};

/**
 * Conformal half-widths per horizon step. A few origins give too few errors per step for a 95%
 * quantile, so each error is divided by its step's scale and the scores are pooled; the pooled
 * quantile, with the finite-sample correction ⌈(N+1)·level⌉/N, is multiplied back by each step's scale.
 * Each origin's scores use scales from the other origins only (as cross-conformal prediction does): a
 * scale that includes the error it divides shrinks the largest scores, and the intervals with them.
 */
export const conformalWidths = (errors: readonly number[][], h: number, level: number): number[] => {
  const scale = stepScales(errors);
  const steps = scale.length;
  const scores: number[] = [];
  errors.forEach((row, o) => {
    const others = errors.length > 1 ? stepScales(errors.filter((_, i) => i !== o)) : scale;
    row.forEach((e, k) => {
      const s = others[k] ?? 0;
      if (s > 0) scores.push(Math.abs(e) / s);
    });
  });
  scores.sort((a, b) => a - b);
  const n = scores.length;
  const q = n ? quantileSorted(scores, Math.min(1, Math.ceil((n + 1) * level) / n)) : 0;
  // Beyond the backtested steps the scale keeps growing like a random walk's (√k).
  const last = scale[steps - 1] ?? 0;
  return Array.from({ length: h }, (_, k) => q * (k < steps ? scale[k]! : last * Math.sqrt((k + 1) / steps)));
};

/**
 * How often intervals calibrated without an origin cover what happened at that origin (cross-conformal):
 * an honest coverage estimate, where calibrating on all origins would cover them by construction.
 */
export const heldOutCoverage = (errors: readonly number[][], level: number) => {
  if (errors.length < 2) return Number.NaN;
  let covered = 0;
  let total = 0;
  errors.forEach((row, o) => {
    const widths = conformalWidths(
      errors.filter((_, i) => i !== o),
      row.length,
      level,
    );
    row.forEach((e, k) => {
      total++;
      if (Math.abs(e) <= widths[k]!) covered++;
    });
  });
  return covered / total;
};
