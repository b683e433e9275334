import { fitEts } from './ets.ts';
import type { FittedModel, Model } from './model.ts';
import { acf, decompose, isConstant, lineFit } from './stats.ts';

/** The 90% one-sided normal quantile R's `thetaf` tests seasonality against. */
const Z95 = 1.6448536269514722;

/**
 * The Theta method as R's `forecast::thetaf` (Hyndman & Billah's form): simple exponential smoothing
 * plus half the slope of a fitted line, after a multiplicative classical seasonal adjustment when the
 * autocorrelation at the seasonal lag is significant.
 */
export const fitTheta = (
  y: readonly number[],
  season: number,
): (FittedModel & { alpha: number }) | undefined => {
  const n = y.length;
  if (n < 4) return undefined;
  const m = season;
  let seasonalFigure: number[] | undefined;
  if (m > 1 && !isConstant(y) && n > 2 * m) {
    const r = acf(y, m);
    let s = 0;
    for (let k = 0; k < m - 1; k++) s += r[k]! ** 2;
    const stat = Math.sqrt((1 + 2 * s) / n);
    if (Math.abs(r[m - 1]!) / stat > Z95 && y.every((v) => v > 0)) {
      const d = decompose(y, m, 'multiplicative');
      if (d.figure.every((f) => Math.abs(f) >= 1e-4)) seasonalFigure = d.seasonal;
    }
  }
  const x = seasonalFigure ? y.map((v, t) => v / seasonalFigure[t]!) : y.slice();
  const ses = fitEts(x, { error: 'A', trend: 'N', season: 'N' }, 1);
  if (!ses) return undefined;
  const alpha = Math.max(1e-10, ses.params.alpha);
  const slope = lineFit(x)[1] / 2;
  const lastSeason = seasonalFigure?.slice(-m);
  return {
    alpha,
    label: seasonalFigure ? 'Theta (seasonally adjusted)' : 'Theta',
    forecast: (h) => {
      const base = ses.forecast(h);
      return base.map((v, k) => {
        const mean = v + slope * (k + (1 - (1 - alpha) ** n) / alpha);
        return lastSeason ? mean * lastSeason[k % m]! : mean;
      });
    },
  };
};

export const thetaModel: Model = { name: 'theta', fit: fitTheta };
