import type { FittedModel, Model } from './model.ts';
import { nelderMead } from './nelder-mead.ts';
import { decompose, mean } from './stats.ts';

/**
 * Seasonal ARIMA with automatic order selection, after R's `forecast::auto.arima` (Hyndman–Khandakar):
 * the number of differences by a KPSS test, seasonal differencing by the strength of seasonality, then a
 * stepwise search over (p, q)(P, Q) and the constant by AICc. Parameters are estimated by conditional
 * sum of squares (R's CSS), with AR and MA polynomials parameterised by partial autocorrelations so that
 * every fit is stationary and invertible.
 */
export type ArimaOrder = { p: number; d: number; q: number; P: number; D: number; Q: number; m: number };

export type ArimaFit = FittedModel & {
  order: ArimaOrder;
  constant: boolean;
  /** ar1..arp, ma1..maq, sar1..sarP, sma1..smaQ, then the mean or drift of the differenced series. */
  coef: { ar: number[]; ma: number[]; sar: number[]; sma: number[]; constant: number };
  sigma2: number;
  aicc: number;
};

export const arimaLabel = (o: ArimaOrder, constant: boolean) =>
  `ARIMA(${o.p},${o.d},${o.q})${o.m > 1 && o.P + o.D + o.Q > 0 ? `(${o.P},${o.D},${o.Q})[${o.m}]` : ''}${constant ? (o.d + o.D === 1 ? ' with drift' : ' with mean') : ''}`;

export const difference = (y: readonly number[], lag: number) => y.slice(lag).map((v, i) => v - y[i]!);

/** KPSS level-stationarity statistic with R's short lag truncation (as `forecast::ndiffs` uses it). */
export const kpss = (y: readonly number[]) => {
  const n = y.length;
  const m = mean(y);
  const e = y.map((v) => v - m);
  let s = 0;
  let eta = 0;
  for (const v of e) {
    s += v;
    eta += s * s;
  }
  eta /= n * n;
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  let s2 = 0;
  for (const v of e) s2 += v * v;
  for (let l = 1; l <= lags; l++) {
    let c = 0;
    for (let t = l; t < n; t++) c += e[t]! * e[t - l]!;
    s2 += 2 * (1 - l / (lags + 1)) * c;
  }
  s2 /= n;
  return s2 > 0 ? eta / s2 : 0;
};

/** KPSS 5% critical value for level stationarity. */
const KPSS_5 = 0.463;

export const ndiffs = (y: readonly number[], maxD = 2) => {
  let d = 0;
  let x = y.slice();
  while (d < maxD && x.length > 3 && !x.every((v) => v === x[0]) && kpss(x) > KPSS_5) {
    x = difference(x, 1);
    d++;
  }
  return d;
};

/**
 * One seasonal difference when the seasonal strength of a decomposition exceeds 0.64 (R's default
 * `seasonal.test = "seas"` threshold; classical decomposition here where R uses STL).
 */
export const nsdiffs = (y: readonly number[], m: number) => {
  if (m < 2 || y.length < 2 * m + 1) return 0;
  const d = decompose(y, m, 'additive');
  const rem: number[] = [];
  const seasRem: number[] = [];
  y.forEach((v, t) => {
    const tr = d.trend[t];
    if (tr === undefined) return;
    rem.push(v - tr - d.seasonal[t]!);
    seasRem.push(v - tr);
  });
  const variance = (xs: number[]) => {
    const mu = mean(xs);
    return xs.reduce((a, v) => a + (v - mu) ** 2, 0);
  };
  const strength = Math.max(0, 1 - variance(rem) / variance(seasRem));
  return strength > 0.64 ? 1 : 0;
};

/** Partial autocorrelations to AR coefficients (Durbin–Levinson), as R's `partrans`. */
const fromPartial = (r: readonly number[]) => {
  const phi = r.slice();
  for (let k = 1; k < r.length; k++) {
    const prev = phi.slice(0, k);
    for (let j = 0; j < k; j++) phi[j] = prev[j]! - r[k]! * prev[k - 1 - j]!;
  }
  return phi;
};

/**
 * The nonzero lags of (1 − Σ a_i B^i)(1 − Σ A_j B^(mj)) written as 1 − Σ c_k B^k, or, for `ma`, of
 * (1 + Σ a_i B^i)(1 + Σ A_j B^(mj)) written as 1 + Σ c_k B^k.
 */
const expand = (a: readonly number[], A: readonly number[], m: number, ma: boolean): Poly => {
  const dense = new Array<number>(a.length + m * A.length + 1).fill(0);
  a.forEach((v, i) => {
    dense[i + 1]! += v;
  });
  A.forEach((V, j) => {
    dense[m * (j + 1)]! += V;
    a.forEach((v, i) => {
      dense[m * (j + 1) + i + 1]! += ma ? v * V : -v * V;
    });
  });
  const lags: number[] = [];
  const values: number[] = [];
  dense.forEach((v, lag) => {
    if (v !== 0) {
      lags.push(lag);
      values.push(v);
    }
  });
  return { lags, values };
};

type Poly = { lags: number[]; values: number[] };

/** Conditional residuals of the ARMA model on w less its constant, from index `start`. */
const residuals = (w: readonly number[], mu: number, ar: Poly, ma: Poly, start: number) => {
  const n = w.length;
  const e = new Array<number>(n).fill(0);
  let sse = 0;
  for (let t = start; t < n; t++) {
    let v = w[t]! - mu;
    for (let i = 0; i < ar.lags.length; i++) {
      const lag = ar.lags[i]!;
      if (t >= lag) v -= ar.values[i]! * (w[t - lag]! - mu);
    }
    for (let i = 0; i < ma.lags.length; i++) {
      const lag = ma.lags[i]!;
      if (t >= lag) v -= ma.values[i]! * e[t - lag]!;
    }
    e[t] = v;
    sse += v * v;
  }
  return { e, sse };
};

type Spec = { p: number; q: number; P: number; Q: number; constant: boolean };

const fitSpec = (y: readonly number[], d: number, D: number, m: number, spec: Spec): ArimaFit | undefined => {
  const { p, q, P, Q, constant } = spec;
  const steps: { series: number[]; lag: number }[] = [];
  let w = y.slice();
  for (let i = 0; i < D; i++) {
    steps.push({ series: w, lag: m });
    w = difference(w, m);
  }
  for (let i = 0; i < d; i++) {
    steps.push({ series: w, lag: 1 });
    w = difference(w, 1);
  }
  const start = p + m * P;
  const used = w.length - start;
  const k = p + q + P + Q + (constant ? 1 : 0) + 1;
  if (used <= k + 1 || used < 3) return undefined;
  const wMean = mean(w);
  const unpack = (x: readonly number[]) => {
    let i = 0;
    const take = (count: number) => {
      const part = x.slice(i, i + count).map(Math.tanh);
      i += count;
      return part;
    };
    const ar = fromPartial(take(p));
    const ma = fromPartial(take(q)).map((v) => -v);
    const sar = fromPartial(take(P));
    const sma = fromPartial(take(Q)).map((v) => -v);
    const mu = constant ? x[i]! : 0;
    return { ar, ma, sar, sma, constant: mu };
  };
  const evaluate = (x: readonly number[]) => {
    const c = unpack(x);
    return residuals(w, c.constant, expand(c.ar, c.sar, m, false), expand(c.ma, c.sma, m, true), start);
  };
  const scale = Math.sqrt(mean(w.map((v) => (v - wMean) ** 2))) || 1;
  const x0 = [...new Array(p + q + P + Q).fill(0), ...(constant ? [wMean] : [])];
  const stepSizes = [...new Array(p + q + P + Q).fill(0.2), ...(constant ? [0.1 * scale] : [])];
  const objective = (x: number[]) => {
    const { sse } = evaluate(x);
    return Number.isFinite(sse) ? sse : Number.POSITIVE_INFINITY;
  };
  const best = nelderMead(objective, x0, { steps: stepSizes, maxIter: 200 * Math.max(1, x0.length) });
  const coef = unpack(best.x);
  const { e, sse } = evaluate(best.x);
  const sigma2 = sse / used;
  if (!(sigma2 > 0)) return undefined;
  // Scaled to every differenced observation, as the exact likelihood R's auto.arima ranks by would be:
  // with `used` alone, each extra AR lag drops observations and looks better for that reason only.
  const loglik = -0.5 * w.length * (Math.log(2 * Math.PI * sigma2) + 1);
  const aicc = -2 * loglik + 2 * k + (2 * k * (k + 1)) / (w.length - k - 1);
  const order = { p, d, q, P, D, Q, m };
  const ar = expand(coef.ar, coef.sar, m, false);
  const ma = expand(coef.ma, coef.sma, m, true);
  return {
    order,
    constant,
    coef,
    sigma2,
    aicc,
    label: arimaLabel(order, constant),
    refit: (other) => fitSpec(other, d, D, m, spec),
    forecast: (h) => {
      const x = w.map((v) => v - coef.constant);
      const errors = e.slice();
      for (let t = w.length; t < w.length + h; t++) {
        let v = 0;
        for (let i = 0; i < ar.lags.length; i++) {
          const idx = t - ar.lags[i]!;
          if (idx >= 0) v += ar.values[i]! * x[idx]!;
        }
        for (let i = 0; i < ma.lags.length; i++) {
          const idx = t - ma.lags[i]!;
          if (idx >= 0 && idx < errors.length) v += ma.values[i]! * errors[idx]!;
        }
        x.push(v);
      }
      let future = x.slice(w.length).map((v) => v + coef.constant);
      // Undo the differences, last applied first.
      for (const step of [...steps].reverse()) {
        const s = step.series.slice();
        for (const v of future) s.push(v + s[s.length - step.lag]!);
        future = s.slice(step.series.length);
      }
      return future;
    },
  };
};

/** Fits one order (for tests against R's CSS estimates and for refits at backtest origins). */
export const fitArima = (y: readonly number[], order: ArimaOrder, constant: boolean) =>
  fitSpec(y, order.d, order.D, order.m, { p: order.p, q: order.q, P: order.P, Q: order.Q, constant });

/** R's limits; the total order is capped at 5 as R caps its non-stepwise search, to bound the cost. */
const MAX = { p: 5, q: 5, P: 2, Q: 2, order: 5 };

/** The Hyndman–Khandakar stepwise search. */
export const autoArima = (y: readonly number[], season: number): ArimaFit | undefined => {
  if (y.length < 4 || y.every((v) => v === y[0])) return undefined;
  const m = season > 1 && y.length >= 2 * season + 1 ? season : 1;
  const D = m > 1 ? nsdiffs(y, m) : 0;
  let x = y.slice();
  for (let i = 0; i < D; i++) x = difference(x, m);
  const d = ndiffs(x);
  const seasonal = m > 1;
  const allowConstant = d + D <= 1;
  const tried = new Map<string, ArimaFit | undefined>();
  const key = (s: Spec) => `${s.p},${s.q},${s.P},${s.Q},${s.constant}`;
  const tryFit = (s: Spec) => {
    const k = key(s);
    if (!tried.has(k)) tried.set(k, fitSpec(y, d, D, m, s));
    return tried.get(k);
  };
  let best: ArimaFit | undefined;
  let bestSpec: Spec | undefined;
  const consider = (s: Spec) => {
    if (s.p < 0 || s.q < 0 || s.P < 0 || s.Q < 0 || s.p > MAX.p || s.q > MAX.q || s.P > MAX.P || s.Q > MAX.Q)
      return false;
    if (!seasonal && (s.P > 0 || s.Q > 0)) return false;
    if (s.p + s.q + s.P + s.Q > MAX.order) return false;
    if (s.constant && !allowConstant) return false;
    if (tried.has(key(s))) return false;
    const fit = tryFit(s);
    if (fit && (!best || fit.aicc < best.aicc - 1e-9)) {
      best = fit;
      bestSpec = s;
      return true;
    }
    return false;
  };
  const c = allowConstant;
  const sp = seasonal ? 1 : 0;
  consider({ p: 2, q: 2, P: sp, Q: sp, constant: c });
  consider({ p: 0, q: 0, P: 0, Q: 0, constant: c });
  consider({ p: 1, q: 0, P: sp, Q: 0, constant: c });
  consider({ p: 0, q: 1, P: 0, Q: sp, constant: c });
  if (c) consider({ p: 0, q: 0, P: 0, Q: 0, constant: false });
  let improved = true;
  while (improved && bestSpec && tried.size < 94) {
    improved = false;
    const b: Spec = bestSpec;
    const moves: Spec[] = [
      { ...b, P: b.P - 1 },
      { ...b, P: b.P + 1 },
      { ...b, Q: b.Q - 1 },
      { ...b, Q: b.Q + 1 },
      { ...b, P: b.P - 1, Q: b.Q - 1 },
      { ...b, P: b.P + 1, Q: b.Q + 1 },
      { ...b, p: b.p - 1 },
      { ...b, p: b.p + 1 },
      { ...b, q: b.q - 1 },
      { ...b, q: b.q + 1 },
      { ...b, p: b.p - 1, q: b.q - 1 },
      { ...b, p: b.p + 1, q: b.q + 1 },
      { ...b, constant: !b.constant },
    ];
    for (const move of moves) {
      if (consider(move)) {
        improved = true;
        break;
      }
    }
  }
  return best;
};

export const arimaModel: Model = { name: 'arima', fit: autoArima };
