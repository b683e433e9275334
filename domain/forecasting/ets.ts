import type { FittedModel, Model } from './model.ts';
import { nelderMead } from './nelder-mead.ts';
import { decompose, lineFit, mean } from './stats.ts';

/**
 * Exponential smoothing state space models (ETS), as R's `forecast::ets`: additive or multiplicative
 * errors, no/additive/damped trend, no/additive/multiplicative seasonality. Smoothing parameters and
 * initial states are estimated together by maximum likelihood with Nelder–Mead, within R's "usual"
 * bounds; the model form is chosen by AICc among the forms R considers by default (no multiplicative
 * trend, no additive error with multiplicative seasonality).
 */
export type EtsForm = { error: 'A' | 'M'; trend: 'N' | 'A' | 'Ad'; season: 'N' | 'A' | 'M' };

export type EtsParams = {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  level: number;
  slope: number;
  /** Initial seasonal states, most recent first (R's s0, s1, …), m of them. */
  seasonal: number[];
};

export type EtsFit = FittedModel & { form: EtsForm; params: EtsParams; aicc: number; loglik: number };

export const etsLabel = (f: EtsForm) => `ETS(${f.error},${f.trend},${f.season})`;

type Run = { lik: number; level: number; slope: number; seasonal: number[]; head: number };

/** The likelihood recursion of R's etscalc: -2 log L up to a constant, and the final states. */
const run = (y: readonly number[], form: EtsForm, p: EtsParams, m: number): Run => {
  const n = y.length;
  const seasonal = p.seasonal.slice();
  // A ring buffer: seasonal[(head + k) % m] is the state k periods back; the one used now is k = m - 1.
  let head = 0;
  let l = p.level;
  let b = p.slope;
  let sse = 0;
  let logf = 0;
  const damped = form.trend === 'Ad' ? p.phi : 1;
  for (let t = 0; t < n; t++) {
    const phib = form.trend === 'N' ? 0 : damped * b;
    const q = l + phib;
    const idx = (head + m - 1) % m;
    const s = form.season === 'N' ? 0 : seasonal[idx]!;
    const f = form.season === 'A' ? q + s : form.season === 'M' ? q * s : q;
    if (!Number.isFinite(f) || ((form.error === 'M' || form.season === 'M') && f <= 0)) {
      return { lik: Number.POSITIVE_INFINITY, level: l, slope: b, seasonal, head };
    }
    const yt = y[t]!;
    const e = form.error === 'A' ? yt - f : (yt - f) / f;
    sse += e * e;
    if (form.error === 'M') logf += Math.log(Math.abs(f));
    const pt = form.season === 'A' ? yt - s : form.season === 'M' ? yt / s : yt;
    const nl = q + p.alpha * (pt - q);
    if (form.trend !== 'N') b = phib + (p.beta / p.alpha) * (nl - l - phib);
    if (form.season !== 'N') {
      const tt = form.season === 'A' ? yt - q : yt / q;
      // The slot of the oldest state becomes the newest.
      seasonal[idx] = s + p.gamma * (tt - s);
      head = idx;
    }
    l = nl;
  }
  const lik = n * Math.log(sse) + 2 * logf;
  return { lik: Number.isFinite(lik) ? lik : Number.POSITIVE_INFINITY, level: l, slope: b, seasonal, head };
};

const forecastStates = (form: EtsForm, p: EtsParams, r: Run, m: number, h: number) => {
  const out: number[] = [];
  let phiSum = 0;
  for (let k = 1; k <= h; k++) {
    phiSum += form.trend === 'Ad' ? p.phi ** k : 1;
    const q = r.level + (form.trend === 'N' ? 0 : phiSum * r.slope);
    if (form.season === 'N') {
      out.push(q);
      continue;
    }
    // k steps ahead uses the state m - 1 - ((k - 1) mod m) periods back from the newest.
    const back = m - 1 - ((k - 1) % m);
    const s = r.seasonal[(r.head + back) % m]!;
    out.push(form.season === 'A' ? q + s : q * s);
  }
  return out;
};

/** R's `initstate`: starting values for the level, slope and seasonal states. */
const initialStates = (y: readonly number[], form: EtsForm, m: number) => {
  let seasonal: number[] = [];
  let adjusted: number[] = y.slice();
  if (form.season !== 'N') {
    const d = decompose(y, m, form.season === 'A' ? 'additive' : 'multiplicative');
    // R's s0 is the figure of the last period of the cycle before the first observation.
    seasonal = Array.from({ length: m }, (_, k) => d.figure[(m - 1 - k + m) % m]!);
    if (form.season === 'M') {
      seasonal = seasonal.map((s) => Math.max(s, 0.01));
      adjusted = y.map((v, t) => v / Math.max(d.seasonal[t]!, 0.01));
    } else {
      adjusted = y.map((v, t) => v - d.seasonal[t]!);
    }
  }
  const maxn = Math.min(Math.max(10, 2 * m), adjusted.length);
  if (form.trend === 'N') return { level: mean(adjusted.slice(0, maxn)), slope: 0, seasonal };
  const [a, b] = lineFit(adjusted.slice(0, maxn), 1);
  return { level: a, slope: b, seasonal };
};

const within = (u: number, lo: number, hi: number) => lo + (hi - lo) / (1 + Math.exp(-u));
const unbounded = (v: number, lo: number, hi: number) => {
  const t = Math.min(1 - 1e-6, Math.max(1e-6, (v - lo) / (hi - lo)));
  return Math.log(t / (1 - t));
};

const LOWER = { alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8 };
const UPPER = { alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98 };

/** Fits one ETS form; undefined when the data cannot carry it. */
export const fitEts = (
  y: readonly number[],
  form: EtsForm,
  season: number,
  { quick = false }: { quick?: boolean } = {},
): EtsFit | undefined => {
  const n = y.length;
  const m = form.season === 'N' ? 1 : season;
  if ((form.error === 'M' || form.season === 'M') && y.some((v) => v <= 0)) return undefined;
  if (form.season !== 'N' && (m < 2 || n < 3 * m)) return undefined;
  const trend = form.trend !== 'N';
  const damped = form.trend === 'Ad';
  const seasonalCount = form.season === 'N' ? 0 : m - 1;
  // R counts the variance too.
  const k = 2 + (trend ? 2 : 0) + (form.season !== 'N' ? 1 : 0) + (damped ? 1 : 0) + 1 + seasonalCount;
  if (n <= k + 4) return undefined;
  const init = initialStates(y, form, m);
  // R's initparam: small smoothing weights, a near-undamped trend.
  const alpha0 = LOWER.alpha + (0.2 * (UPPER.alpha - LOWER.alpha)) / m;
  const beta0 = LOWER.beta + 0.1 * (alpha0 - LOWER.beta);
  const gamma0 = LOWER.gamma + 0.05 * (1 - alpha0 - LOWER.gamma);
  const phi0 = LOWER.phi + 0.99 * (UPPER.phi - LOWER.phi);
  const x0: number[] = [unbounded(alpha0, LOWER.alpha, UPPER.alpha)];
  const scale = Math.max(1e-8, mean(y.map(Math.abs)));
  const steps: number[] = [1];
  if (trend) {
    x0.push(unbounded(beta0, LOWER.beta, alpha0));
    steps.push(1);
  }
  if (form.season !== 'N') {
    x0.push(unbounded(gamma0, LOWER.gamma, 1 - alpha0));
    steps.push(1);
  }
  if (damped) {
    x0.push(unbounded(phi0, LOWER.phi, UPPER.phi));
    steps.push(1);
  }
  x0.push(init.level);
  steps.push(0.1 * scale);
  if (trend) {
    x0.push(init.slope);
    steps.push(0.01 * scale + Math.abs(init.slope) * 0.1);
  }
  // A quick fit keeps the seasonal states of the decomposition: a third of the dimensions, for ranking forms.
  const free = quick ? 0 : seasonalCount;
  for (let i = 0; i < free; i++) {
    x0.push(init.seasonal[i]!);
    steps.push(form.season === 'A' ? 0.05 * scale : 0.05);
  }
  const unpack = (x: readonly number[]): EtsParams | undefined => {
    let i = 0;
    // The optimiser works on unbounded values mapped into R's bounds (β < α, γ < 1 − α): a simplex
    // stalls against walls of infinite likelihood, and optima often lie near them.
    const alpha = within(x[i++]!, LOWER.alpha, UPPER.alpha);
    const beta = trend ? within(x[i++]!, LOWER.beta, alpha) : 0;
    const gamma = form.season !== 'N' ? within(x[i++]!, LOWER.gamma, 1 - alpha) : 0;
    const phi = damped ? within(x[i++]!, LOWER.phi, UPPER.phi) : 1;
    const level = x[i++]!;
    const slope = trend ? x[i++]! : 0;
    const seasonal = quick ? init.seasonal.slice(0, seasonalCount) : x.slice(i, i + seasonalCount);
    if (form.season === 'A') seasonal.push(-seasonal.reduce((a, v) => a + v, 0));
    if (form.season === 'M') {
      const last = m - seasonal.reduce((a, v) => a + v, 0);
      if (last <= 0 || seasonal.some((s) => s <= 0)) return undefined;
      seasonal.push(last);
    }
    return { alpha, beta, gamma, phi, level, slope, seasonal };
  };
  // The ring buffer starts with head 0: slot k holds the state k periods back (s0 first).
  const objective = (x: number[]) => {
    const p = unpack(x);
    return p ? run(y, form, p, m).lik : Number.POSITIVE_INFINITY;
  };
  let best = nelderMead(objective, x0, { steps, maxIter: quick ? 500 : 2000 });
  // A restart from the optimum gets past a simplex that collapsed early.
  if (!quick) best = nelderMead(objective, best.x, { steps: steps.map((s) => s / 2), maxIter: 1000 });
  if (!quick && form.season === 'N') {
    // Few dimensions: more starts (the first values as level and slope, larger weights) are cheap and
    // find optima the first misses, e.g. with both weights near 1.
    for (const [alpha, beta] of [
      [0.5, 0.05],
      [0.95, 0.5],
    ] as const) {
      const other = x0.slice();
      other[0] = unbounded(alpha, LOWER.alpha, UPPER.alpha);
      if (trend) other[1] = unbounded(beta, LOWER.beta, alpha);
      other[x0.length - (trend ? 2 : 1)] = y[0]!;
      if (trend) other[x0.length - 1] = (y[1] ?? y[0]!) - y[0]!;
      const again = nelderMead(objective, other, { steps, maxIter: 2000 });
      if (again.value < best.value) best = again;
    }
  }
  const params = unpack(best.x);
  if (!params || !Number.isFinite(best.value)) return undefined;
  const r = run(y, form, params, m);
  const loglik = -0.5 * r.lik;
  const aic = -2 * loglik + 2 * k;
  const aicc = aic + (2 * k * (k + 1)) / (n - k - 1);
  return {
    form,
    params,
    aicc,
    loglik,
    label: etsLabel(form),
    // Backtests refit quickly (seasonal states from the decomposition): one full fit per origin costs too much.
    refit: (other) => fitEts(other, form, season, { quick: true }),
    forecast: (h) => forecastStates(form, params, r, m, h),
  };
};

/** The forms R's `ets` tries by default for data of this season and sign. */
export const etsForms = (y: readonly number[], season: number): EtsForm[] => {
  const positive = y.every((v) => v > 0);
  const seasons: EtsForm['season'][] =
    season > 1 && season <= 24 && y.length >= 3 * season ? ['N', 'A', 'M'] : ['N'];
  const forms: EtsForm[] = [];
  for (const error of positive ? (['A', 'M'] as const) : (['A'] as const))
    for (const trend of ['N', 'A', 'Ad'] as const)
      for (const s of seasons) {
        if (s === 'M' && (error === 'A' || !positive)) continue;
        forms.push({ error, trend, season: s });
      }
  return forms;
};

/**
 * ETS with the form chosen by AICc. Every form is first fitted quickly (seasonal states kept from the
 * decomposition); the best three are then fitted in full and the lowest AICc wins. This ranks forms as
 * R does at about a quarter of the cost, which the backtests need.
 */
export const autoEts = (
  y: readonly number[],
  season: number,
  forms = etsForms(y, season),
): EtsFit | undefined => {
  const quick = forms
    .map((form) => fitEts(y, form, season, { quick: true }))
    .filter((f): f is EtsFit => f !== undefined)
    .sort((a, b) => a.aicc - b.aicc);
  let best: EtsFit | undefined;
  for (const candidate of quick.slice(0, 3)) {
    const fit = fitEts(y, candidate.form, season);
    if (fit && (!best || fit.aicc < best.aicc)) best = fit;
  }
  return best;
};

export const etsModel: Model = { name: 'ets', fit: (y, season) => autoEts(y, season) };
