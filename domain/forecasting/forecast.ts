import { arimaModel } from './arima.ts';
import {
  type Backtest,
  backtest,
  combine,
  conformalWidths,
  heldOutCoverage,
  mase,
  rollingOrigins,
} from './backtest.ts';
import { etsModel } from './ets.ts';
import { crostonModel, demandPattern, sbaModel, tsbModel } from './intermittent.ts';
import type { FittedModel, Model } from './model.ts';
import { seasonalNaive } from './naive.ts';
import { thetaModel } from './theta.ts';

/**
 * The forecasting engine: candidate models backtested on rolling origins, the best single model or mean
 * of the best few (when that backtests better), and 80%/95% intervals from the backtest errors.
 */
export type ForecastOptions = {
  horizon: number;
  /** Observations per season (12 for monthly); 1 or absent for none. */
  season?: number;
  /** Backtest origins (default 6), `spacing` periods apart (default half the horizon). */
  origins?: number;
  spacing?: number;
  /** Candidate models; by default chosen from the data (intermittent or not). */
  models?: readonly Model[];
};

export type Forecast = {
  mean: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
  /** The chosen model, or `mean(a, b)` for a combination. */
  model: string;
  /** Rolling-origin accuracy of the chosen model: MASE, and held-out coverage of its intervals. */
  backtest: { mase: number; coverage80: number; coverage95: number; origins: number };
  /** What the engine did about the data (filled gaps, fell back to naive…), for people. */
  notes: string[];
};

export const REGULAR_MODELS: readonly Model[] = [seasonalNaive, etsModel, thetaModel, arimaModel];
export const INTERMITTENT_MODELS: readonly Model[] = [crostonModel, sbaModel, tsbModel, seasonalNaive];

/** Fills missing values (NaN) by straight lines between their neighbours, flat at the ends. */
const fillGaps = (series: readonly number[]) => {
  const y = series.slice();
  const known = y.map((v, i) => (Number.isFinite(v) ? i : -1)).filter((i) => i >= 0);
  for (let i = 0; i < y.length; i++) {
    if (Number.isFinite(y[i])) continue;
    const before = known.filter((k) => k < i).pop();
    const after = known.find((k) => k > i);
    if (before === undefined) y[i] = y[after!]!;
    else if (after === undefined) y[i] = y[before]!;
    else y[i] = y[before]! + ((y[after]! - y[before]!) * (i - before)) / (after - before);
  }
  return y;
};

type Candidate = { model: Model; fitted: FittedModel; backtest: Backtest; mase: number };

const flat = (value: number, h: number) => new Array<number>(h).fill(value);

export const forecast = (series: readonly number[], options: ForecastOptions): Forecast => {
  const h = Math.max(1, Math.trunc(options.horizon));
  const notes: string[] = [];
  const missing = series.filter((v) => !Number.isFinite(v)).length;
  if (missing === series.length) throw new RangeError('the series has no values');
  let y = series.slice();
  if (missing) {
    y = fillGaps(series);
    notes.push(`${missing} missing value(s) filled by straight lines between their neighbours`);
  }
  let season = Math.max(1, Math.trunc(options.season ?? 1));
  if (season > 1 && y.length < 2 * season) {
    notes.push(`history shorter than two seasons of ${season}: seasonality ignored`);
    season = 1;
  }
  const nonNegative = y.every((v) => v >= 0);
  if (!nonNegative) notes.push('negative values: multiplicative and intermittent-demand models left out');

  if (y.every((v) => v === y[0])) {
    notes.push('constant history: the forecast repeats the value, with intervals of zero width');
    const v = flat(y[0]!, h);
    return {
      mean: v,
      lo80: v,
      hi80: v,
      lo95: v,
      hi95: v,
      model: 'Constant',
      backtest: { mase: 0, coverage80: 1, coverage95: 1, origins: 0 },
      notes,
    };
  }

  const pattern = demandPattern(y);
  const models = options.models ?? (pattern.intermittent ? INTERMITTENT_MODELS : REGULAR_MODELS);
  if (!options.models && pattern.intermittent)
    notes.push(
      `intermittent demand (mean interval between demands ${pattern.adi.toFixed(2)}): Croston, SBA, TSB`,
    );

  const minTrain = Math.max(season > 1 ? 2 * season + 2 : 6, 6);
  const origins = rollingOrigins(
    y.length,
    h,
    minTrain,
    options.origins ?? 6,
    options.spacing ?? Math.max(1, Math.round(h / 2)),
  );
  const candidates: Candidate[] = [];
  for (const model of models) {
    const fitted = model.fit(y, season);
    if (!fitted) continue;
    if (!origins.length) {
      candidates.push({
        model,
        fitted,
        backtest: { forecasts: [], errors: [], scales: [] },
        mase: Number.NaN,
      });
      continue;
    }
    const refit = (train: readonly number[]) =>
      fitted.refit ? fitted.refit(train) : model.fit(train, season);
    const b = backtest(y, season, origins, refit);
    if (b) candidates.push({ model, fitted, backtest: b, mase: mase(b) });
  }

  if (!origins.length || !candidates.length) {
    // Too short to test anything: the last value (or season), with intervals from its one-step changes
    // growing like a random walk's.
    const naive = seasonalNaive.fit(y, season)!;
    notes.push(
      `only ${y.length} value(s): too short for backtests, so ${naive.label} with random-walk intervals`,
    );
    const steps = y.slice(1).map((v, i) => v - y[i]!);
    const sd = steps.length ? Math.sqrt(steps.reduce((a, v) => a + v * v, 0) / steps.length) : 0;
    const mean = naive.forecast(h);
    const band = (z: number, sign: number) => mean.map((v, k) => v + sign * z * sd * Math.sqrt(k + 1));
    const clip = (xs: number[]) => (nonNegative ? xs.map((v) => Math.max(0, v)) : xs);
    return {
      mean,
      lo80: clip(band(1.2816, -1)),
      hi80: band(1.2816, 1),
      lo95: clip(band(1.96, -1)),
      hi95: band(1.96, 1),
      model: naive.label,
      backtest: { mase: Number.NaN, coverage80: Number.NaN, coverage95: Number.NaN, origins: 0 },
      notes,
    };
  }

  // The M4 lesson: a plain mean of the best few often beats the best one; keep it only when it backtests better.
  const ranked = candidates.slice().sort((a, b) => a.mase - b.mase);
  let chosen: { members: Candidate[]; backtest: Backtest; mase: number } = {
    members: [ranked[0]!],
    backtest: ranked[0]!.backtest,
    mase: ranked[0]!.mase,
  };
  for (let k = 2; k <= Math.min(3, ranked.length); k++) {
    const members = ranked.slice(0, k);
    const b = combine(
      y,
      origins,
      members.map((m) => m.backtest),
    );
    const score = mase(b);
    if (score < chosen.mase) chosen = { members, backtest: b, mase: score };
  }

  const paths = chosen.members.map((m) => m.fitted.forecast(h));
  let mean = paths[0]!.map((_, k) => paths.reduce((a, p) => a + p[k]!, 0) / paths.length);
  if (nonNegative) mean = mean.map((v) => Math.max(0, v));
  const w80 = conformalWidths(chosen.backtest.errors, h, 0.8);
  const w95 = conformalWidths(chosen.backtest.errors, h, 0.95);
  const lower = (w: number[]) => mean.map((v, k) => (nonNegative ? Math.max(0, v - w[k]!) : v - w[k]!));
  const upper = (w: number[]) => mean.map((v, k) => v + w[k]!);
  const label =
    chosen.members.length === 1
      ? chosen.members[0]!.fitted.label
      : `mean(${chosen.members.map((m) => m.fitted.label).join(', ')})`;
  if (origins.length < 3)
    notes.push(
      `only ${origins.length} backtest origin(s): intervals rest on few errors and may be too narrow`,
    );
  return {
    mean,
    lo80: lower(w80),
    hi80: upper(w80),
    lo95: lower(w95),
    hi95: upper(w95),
    model: label,
    backtest: {
      mase: chosen.mase,
      coverage80: heldOutCoverage(chosen.backtest.errors, 0.8),
      coverage95: heldOutCoverage(chosen.backtest.errors, 0.95),
      origins: origins.length,
    },
    notes,
  };
};
