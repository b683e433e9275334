import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { autoArima, fitArima } from '../../../domain/forecasting/arima.ts';
import { autoEts, type EtsForm, etsLabel, fitEts } from '../../../domain/forecasting/ets.ts';
import { fitCroston } from '../../../domain/forecasting/intermittent.ts';
import { seasonalNaive } from '../../../domain/forecasting/naive.ts';
import { fitTheta } from '../../../domain/forecasting/theta.ts';

/**
 * The models against R's forecast package (8.20) on the series of tests/fixtures/forecasting/reference.json,
 * made by make-fixtures.R. Tolerances say how far each model may differ and why.
 */
type Reference = {
  name: string;
  season: number;
  y: number[];
  h: number;
  snaive: number[];
  croston: number[];
  ets?: { form: string; par: Record<string, number>; aicc: number; mean: number[] };
  arima?: {
    order: number[];
    constant: 'none' | 'mean' | 'drift';
    mean: number[];
    cssCoef: Record<string, number>;
    cssMean: number[];
  };
  theta?: number[];
};
const refs: Reference[] = JSON.parse(
  readFileSync(new URL('../../fixtures/forecasting/reference.json', import.meta.url), 'utf8'),
);
const regular = refs.filter((r) => r.ets);
const maxRel = (a: number[], b: number[]) =>
  Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / Math.abs(b[i]! || 1)));
const parseForm = (f: string): EtsForm => ({
  error: f[0] as 'A' | 'M',
  trend: f[1] === 'N' ? 'N' : f.includes('d') ? 'Ad' : 'A',
  season: f[f.length - 1] as 'N' | 'A' | 'M',
});
const orderOf = (o: number[]) => {
  const [p = 0, d = 0, q = 0, P = 0, D = 0, Q = 0, m = 1] = o;
  return { p, d, q, P, D, Q, m };
};

describe('against R forecast', () => {
  it('seasonal naive repeats the last season exactly, as snaive', () => {
    for (const r of refs) expect(seasonalNaive.fit(r.y, r.season)!.forecast(r.h)).toEqual(r.snaive);
  });

  it('Croston gives R croston’s forecast to rounding (the same arithmetic)', () => {
    for (const r of refs) expect(maxRel(fitCroston(r.y)!.forecast(r.h), r.croston)).toBeLessThan(1e-9);
  });

  it('Theta gives R thetaf’s forecast within 0.1% (only SES’s α is optimised, and both optimisers reach it)', () => {
    for (const r of regular)
      expect(maxRel(fitTheta(r.y, r.season)!.forecast(r.h), r.theta!), r.name).toBeLessThan(1e-3);
  });

  it('ETS of R’s chosen form fits at least as well as R (AICc within 2) and forecasts within 8%', () => {
    // Both fit up to 17 parameters by Nelder–Mead on a flat likelihood: different optima of about the
    // same likelihood (2 AICc points is the usual "indistinguishable") can differ by several percent.
    for (const r of regular) {
      const fit = fitEts(r.y, parseForm(r.ets!.form), r.season)!;
      expect(fit.aicc, r.name).toBeLessThan(r.ets!.aicc + 2);
      expect(maxRel(fit.forecast(r.h), r.ets!.mean), r.name).toBeLessThan(0.08);
    }
  });

  it('automatic ETS picks R’s form on most series and forecasts within 10% of R on all', () => {
    // Where the forms differ, the two fits are within a few AICc points and forecast alike.
    let same = 0;
    for (const r of regular) {
      const fit = autoEts(r.y, r.season)!;
      if (etsLabel(fit.form) === etsLabel(parseForm(r.ets!.form))) same++;
      expect(maxRel(fit.forecast(r.h), r.ets!.mean), r.name).toBeLessThan(0.1);
    }
    expect(same).toBeGreaterThanOrEqual(8);
  });

  it('ARIMA of R’s order estimates R’s CSS coefficients within 0.002 and forecasts within 0.5%', () => {
    for (const r of regular) {
      const coefs = Object.entries(r.arima!.cssCoef).filter(([k]) => k !== 'drift' && k !== 'intercept');
      // R's CSS leaves an MA polynomial outside the invertible region for these; ours stays inside.
      if (coefs.some(([k, v]) => k.startsWith('ma') && Math.abs(v) >= 1)) continue;
      const fit = fitArima(r.y, orderOf(r.arima!.order), r.arima!.constant !== 'none')!;
      const ours: Record<string, number> = {};
      for (const [kind, values] of Object.entries({
        ar: fit.coef.ar,
        ma: fit.coef.ma,
        sar: fit.coef.sar,
        sma: fit.coef.sma,
      }))
        values.forEach((v, i) => {
          ours[`${kind}${i + 1}`] = v;
        });
      for (const [k, v] of coefs) expect(Math.abs(ours[k]! - v), `${r.name} ${k}`).toBeLessThan(0.002);
      expect(maxRel(fit.forecast(r.h), r.arima!.cssMean), r.name).toBeLessThan(0.005);
    }
  });

  it('automatic ARIMA differences as R does on most series and forecasts within 20% of auto.arima', () => {
    // The orders differ more than ETS forms: R ranks by exact likelihood and tests seasonal strength on
    // STL, we by CSS and classical decomposition. The forecasts stay close.
    let sameDiffs = 0;
    for (const r of regular) {
      const fit = autoArima(r.y, r.season)!;
      const o = orderOf(r.arima!.order);
      if (fit.order.d === o.d && fit.order.D === o.D) sameDiffs++;
      expect(maxRel(fit.forecast(r.h), r.arima!.mean), r.name).toBeLessThan(0.2);
    }
    expect(sameDiffs).toBeGreaterThanOrEqual(10);
  });
});
