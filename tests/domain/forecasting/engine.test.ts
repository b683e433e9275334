import { describe, expect, it } from 'vitest';
import { conformalWidths, heldOutCoverage, rollingOrigins } from '../../../domain/forecasting/backtest.ts';
import { forecast } from '../../../domain/forecasting/forecast.ts';
import { demandPattern, fitCroston, fitTsb } from '../../../domain/forecasting/intermittent.ts';
import type { Model } from '../../../domain/forecasting/model.ts';
import { seasonalNaive } from '../../../domain/forecasting/naive.ts';
import { nelderMead } from '../../../domain/forecasting/nelder-mead.ts';
import { thetaModel } from '../../../domain/forecasting/theta.ts';

/** A seeded generator (mulberry32) and standard normals, so the simulated series are the same every run. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = (u: () => number) => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
const seasonalSeries = (seed: number, n: number) => {
  const u = rng(seed);
  let level = 100;
  return Array.from({ length: n }, (_, t) => {
    level += normal(u);
    return level + 10 * Math.sin((2 * Math.PI * t) / 12) + 2 * normal(u);
  });
};

describe('forecast', () => {
  it('returns h means inside nested 80% and 95% intervals, with the backtest it was chosen by', () => {
    const f = forecast(seasonalSeries(1, 96), { horizon: 12, season: 12 });
    expect(f.mean).toHaveLength(12);
    f.mean.forEach((m, k) => {
      expect(f.lo95[k]!).toBeLessThanOrEqual(f.lo80[k]!);
      expect(f.lo80[k]!).toBeLessThan(m);
      expect(f.hi80[k]!).toBeGreaterThan(m);
      expect(f.hi95[k]!).toBeGreaterThanOrEqual(f.hi80[k]!);
    });
    expect(f.backtest.origins).toBe(6);
    expect(f.backtest.mase).toBeGreaterThan(0);
    expect(f.backtest.coverage95).toBeGreaterThan(0.5);
  });

  it('intervals calibrated on backtests cover what happens next about as often as they claim', () => {
    // 40 simulated seasonal random walks: the last 12 values are held out, never seen by the engine.
    let inside80 = 0;
    let inside95 = 0;
    let total = 0;
    for (let s = 0; s < 40; s++) {
      const y = seasonalSeries(100 + s, 108);
      const f = forecast(y.slice(0, 96), { horizon: 12, season: 12, models: [seasonalNaive, thetaModel] });
      y.slice(96).forEach((v, k) => {
        total++;
        if (v >= f.lo80[k]! && v <= f.hi80[k]!) inside80++;
        if (v >= f.lo95[k]! && v <= f.hi95[k]!) inside95++;
      });
    }
    expect(inside95 / total).toBeGreaterThan(0.88);
    expect(inside80 / total).toBeGreaterThan(0.7);
    expect(inside80 / total).toBeLessThan(0.93);
  });

  it('takes the mean of models when it backtests better than each of them', () => {
    const y = Array.from({ length: 60 }, (_, t) => 10 + t);
    const drifting = (name: string, slope: number): Model => ({
      name,
      fit: (h) => ({
        label: name,
        forecast: (k) => Array.from({ length: k }, (_, i) => h.at(-1)! + slope * (i + 1)),
      }),
    });
    const f = forecast(y, { horizon: 6, models: [drifting('over', 2), drifting('flat', 0)] });
    expect(f.model).toBe('mean(over, flat)');
    expect(f.backtest.mase).toBeCloseTo(0, 9);
    expect(f.mean).toEqual([70, 71, 72, 73, 74, 75]);
  });

  it('says what it did about a constant history, missing values, a short history and negative values', () => {
    const constant = forecast([5, 5, 5, 5, 5, 5, 5, 5], { horizon: 3 });
    expect(constant).toMatchObject({ model: 'Constant', mean: [5, 5, 5], lo95: [5, 5, 5] });
    expect(constant.notes.join()).toMatch(/constant history/);

    const gaps = forecast([1, 2, Number.NaN, 4, 5, 6, 7, 8, Number.NaN, 10, 11, 12, 13, 14], { horizon: 2 });
    expect(gaps.notes.join()).toMatch(/2 missing value\(s\) filled/);
    expect(gaps.mean.every(Number.isFinite)).toBe(true);

    const short = forecast([3, 4, 6], { horizon: 2 });
    expect(short.model).toBe('Naive');
    expect(short.notes.join()).toMatch(/too short for backtests/);
    expect(short.hi95[1]! - short.mean[1]!).toBeGreaterThan(short.hi95[0]! - short.mean[0]!);

    const negative = forecast(
      seasonalSeries(7, 60).map((v) => v - 100),
      { horizon: 6, season: 12 },
    );
    expect(negative.notes.join()).toMatch(/negative values/);
    expect(negative.model).not.toMatch(/,M\)/);
    expect(() => forecast([Number.NaN, Number.NaN], { horizon: 2 })).toThrow(/no values/);
  });

  it('forecasts intermittent demand with Croston, SBA or TSB, never below zero', () => {
    const u = rng(3);
    const y = Array.from({ length: 60 }, () => (u() < 0.25 ? 1 + Math.floor(u() * 4) : 0));
    const f = forecast(y, { horizon: 6, season: 12 });
    expect(f.notes.join()).toMatch(/intermittent demand/);
    // Seasonal naive stays a candidate: a rare item that sells every December is better served by it.
    expect(f.model).toMatch(/Croston|SBA|TSB|SNaive/);
    expect(f.model).not.toMatch(/ETS|ARIMA|Theta/);
    expect(f.lo95.every((v) => v >= 0)).toBe(true);
  });
});

describe('the parts', () => {
  it('Nelder–Mead finds the minimum of Rosenbrock’s valley', () => {
    const r = nelderMead(([a, b]) => 100 * (b! - a! ** 2) ** 2 + (1 - a!) ** 2, [-1.2, 1], { maxIter: 5000 });
    expect(r.x[0]!).toBeCloseTo(1, 3);
    expect(r.x[1]!).toBeCloseTo(1, 3);
  });

  it('classifies demand by the mean interval between demands (Syntetos–Boylan, 1.32)', () => {
    expect(demandPattern([0, 0, 3, 0, 0, 1, 0, 2]).intermittent).toBe(true);
    expect(demandPattern([1, 2, 3, 0, 5, 1, 2, 3]).intermittent).toBe(false);
  });

  it('TSB lets demand die out where Croston keeps forecasting the last rate', () => {
    const y = [3, 0, 2, 0, 4, 0, 3, ...new Array(30).fill(0)];
    expect(fitTsb(y)!.forecast(1)[0]!).toBeLessThan(fitCroston(y)!.forecast(1)[0]! / 5);
    expect(fitCroston(y, { variant: 'sba' })!.forecast(1)[0]!).toBeCloseTo(
      fitCroston(y)!.forecast(1)[0]! * 0.95,
      12,
    );
  });

  it('conformal widths scale the pooled quantile by each step’s error, growing like √k past the backtest', () => {
    const errors = Array.from({ length: 19 }, (_, o) => [o % 2 ? 1 : -1, o % 2 ? 2 : -2]);
    const w = conformalWidths(errors, 3, 0.9);
    expect(w[0]!).toBeCloseTo(1, 12);
    expect(w[1]!).toBeCloseTo(2, 12);
    expect(w[2]!).toBeCloseTo(2 * Math.sqrt(1.5), 12);
    expect(heldOutCoverage(errors, 0.9)).toBe(1);
  });

  it('scores each origin against the other origins’ scale, so one large miss widens the 95% band', () => {
    // Nine errors of 1 and one of 10: scaled by a mean that includes it, the miss scores 10 / 1.9; against
    // the others' mean of 1 it scores 10, and the finite-sample 95% quantile of ten scores is the largest.
    const errors = [...new Array(9).fill([1]), [10]];
    expect(conformalWidths(errors, 1, 0.95)[0]!).toBeCloseTo(10 * 1.9, 9);
  });

  it('rolling origins step back from the end and keep enough history to fit', () => {
    expect(rollingOrigins(40, 12, 10, 6, 4)).toEqual([
      { end: 28, steps: 12 },
      { end: 24, steps: 12 },
      { end: 20, steps: 12 },
      { end: 16, steps: 12 },
      { end: 12, steps: 12 },
    ]);
    expect(rollingOrigins(15, 12, 10, 6, 4)).toEqual([{ end: 10, steps: 5 }]);
  });
});
