import { arimaModel } from '../forecasting/arima.ts';
import { etsModel } from '../forecasting/ets.ts';
import { forecast } from '../forecasting/forecast.ts';
import { crostonModel, demandPattern, sbaModel, tsbModel } from '../forecasting/intermittent.ts';
import type { Model } from '../forecasting/model.ts';
import { thetaModel } from '../forecasting/theta.ts';
import { addDays, type Day, daysBetween } from '../shared/days.ts';

/**
 * Demand per week from the forecasting engine (domain/forecasting): the models backtested on the
 * item's own weekly usage, intermittent ones (Croston, SBA, TSB) for sparse items, and the spread
 * from the conformal 80% interval of the next week, so safety stock rests on how wrong the chosen
 * model was on held-out weeks rather than on the raw variance of the history.
 */
export interface Demand {
  /** Forecast mean usage per week over the next `AHEAD` weeks. */
  mean: number;
  /** Standard deviation of a week's usage around the forecast (from the 80% interval's half width). */
  sd: number;
  /** Weekly usage, oldest first: what the forecast was made from. */
  series: number[];
  /** The model the engine chose, e.g. `TSB` or `mean(Theta, ETS(A,N,N))`. */
  model: string;
}

/** Weeks the forecast mean is averaged over: a lead time and a review period for most suppliers. */
const AHEAD = 8;
const Z80 = 1.2816;

/**
 * The candidates for weekly usage. No random walk (naive): it would read one quiet week as no demand
 * from now on. SBA and TSB smooth the sizes and the intervals of usage, so they stay candidates for
 * steady items too; sparse items get only the intermittent models.
 */
const REGULAR: readonly Model[] = [etsModel, thetaModel, arimaModel, sbaModel, tsbModel];
const SPARSE: readonly Model[] = [crostonModel, sbaModel, tsbModel];
/** Backtests (reorder advice at every past week) run the engine a hundred times per item: the cheap ones. */
const FAST: readonly Model[] = [sbaModel, tsbModel];

/** Quantities used per week, for the `weeks` whole weeks ending on `asOf` (exclusive), oldest first. */
export const weeklyUsage = (usage: readonly { on: Day; quantity: number }[], asOf: Day, weeks: number) => {
  const series = new Array<number>(weeks).fill(0);
  const start = addDays(asOf, -7 * weeks);
  for (const { on, quantity } of usage) {
    if (on < start || on >= asOf) continue;
    const week = Math.floor(daysBetween(start, on) / 7);
    if (week >= 0 && week < weeks) series[week]! += quantity;
  }
  return series;
};

/** Weekly demand from a weekly series: the engine's forecast mean and its held-out spread. */
export const demandFromSeries = (series: number[], fast = false): Demand => {
  if (series.every((v) => v === 0)) return { mean: 0, sd: 0, series, model: 'None used' };
  const sparse = demandPattern(series).intermittent;
  const f = forecast(series, {
    horizon: AHEAD,
    models: fast ? FAST : sparse ? SPARSE : REGULAR,
    ...(fast ? { origins: 3 } : {}),
  });
  const mean = f.mean.reduce((a, v) => a + v, 0) / f.mean.length;
  // The upper half width: the lower bound is clipped at zero for usage, the upper is not.
  const sd = Math.max(0, (f.hi80[0]! - f.mean[0]!) / Z80);
  return { mean, sd, series, model: f.model };
};

export const demandOf = (
  usage: readonly { on: Day; quantity: number }[],
  asOf: Day,
  weeks: number,
  fast = false,
): Demand => demandFromSeries(weeklyUsage(usage, asOf, weeks), fast);

/**
 * Demand over a span of weeks whose length is itself uncertain (a supplier's lead time): mean μ·L and
 * standard deviation √(L·σ² + μ²·σ_L²), the textbook sum of a random number of periods.
 */
export const windowDemand = (demand: Pick<Demand, 'mean' | 'sd'>, weeks: number, weeksSd = 0) => ({
  mean: demand.mean * weeks,
  sd: Math.sqrt(weeks * demand.sd ** 2 + demand.mean ** 2 * weeksSd ** 2),
});
