import { addDays, type Day, daysBetween } from '../shared/days.ts';
import { meanOf, sdOf } from './stats.ts';

/**
 * Demand per period from the plain statistics of the history: the mean and standard deviation of
 * usage per week. This is the one place the forecasting engine (domain/forecasting, ETS/ARIMA/Theta/
 * Croston with conformal intervals) replaces when it lands: every analysis asks `demandOf` for a
 * per-period mean and spread, and `windowDemand` for the demand over a span.
 */
export interface Demand {
  /** Mean usage per week. */
  mean: number;
  /** Standard deviation of usage per week. */
  sd: number;
  /** Weekly usage, oldest first: what the mean and spread were measured on. */
  series: number[];
}

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

export const demandOf = (
  usage: readonly { on: Day; quantity: number }[],
  asOf: Day,
  weeks: number,
): Demand => {
  const series = weeklyUsage(usage, asOf, weeks);
  return { mean: meanOf(series), sd: sdOf(series), series };
};

/**
 * Demand over a span of weeks whose length is itself uncertain (a supplier's lead time): mean μ·L and
 * standard deviation √(L·σ² + μ²·σ_L²), the textbook sum of a random number of periods.
 */
export const windowDemand = (demand: Pick<Demand, 'mean' | 'sd'>, weeks: number, weeksSd = 0) => ({
  mean: demand.mean * weeks,
  sd: Math.sqrt(weeks * demand.sd ** 2 + demand.mean ** 2 * weeksSd ** 2),
});
