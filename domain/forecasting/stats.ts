/** Small numeric helpers shared by the models. */

export const sum = (xs: readonly number[]) => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};

export const mean = (xs: readonly number[]) => (xs.length ? sum(xs) / xs.length : Number.NaN);

export const isConstant = (xs: readonly number[]) => xs.every((x) => x === xs[0]);

/** Least-squares line through (x0 + i, y_i): [intercept, slope]. */
export const lineFit = (y: readonly number[], x0 = 0): [number, number] => {
  const n = y.length;
  if (n < 2) return [y[0] ?? 0, 0];
  const xm = x0 + (n - 1) / 2;
  const ym = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = x0 + i - xm;
    sxy += dx * (y[i]! - ym);
    sxx += dx * dx;
  }
  const slope = sxy / sxx;
  return [ym - slope * xm, slope];
};

/** Sample autocorrelations at lags 1..maxLag, as R's `acf` (denominator n, mean removed). */
export const acf = (y: readonly number[], maxLag: number): number[] => {
  const n = y.length;
  const m = mean(y);
  let c0 = 0;
  for (const v of y) c0 += (v - m) ** 2;
  const r: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let c = 0;
    for (let t = k; t < n; t++) c += (y[t]! - m) * (y[t - k]! - m);
    r.push(c0 === 0 ? 0 : c / c0);
  }
  return r;
};

/**
 * Classical decomposition, as R's `decompose`: a centred moving average of order m for the trend, and
 * the seasonal figure as the mean detrended value per position in the cycle, normalised (mean 0 or 1).
 * Position i of the returned seasonal array is the figure of observation i.
 */
export const decompose = (
  y: readonly number[],
  m: number,
  type: 'additive' | 'multiplicative',
): { trend: (number | undefined)[]; seasonal: number[]; figure: number[] } => {
  const n = y.length;
  const trend: (number | undefined)[] = new Array(n).fill(undefined);
  const half = Math.floor(m / 2);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    if (m % 2 === 0) {
      for (let j = -half; j <= half; j++) s += (Math.abs(j) === half ? 0.5 : 1) * y[t + j]!;
    } else {
      for (let j = -half; j <= half; j++) s += y[t + j]!;
    }
    trend[t] = s / m;
  }
  const sums = new Array(m).fill(0);
  const counts = new Array(m).fill(0);
  for (let t = 0; t < n; t++) {
    const tr = trend[t];
    if (tr === undefined) continue;
    sums[t % m] += type === 'additive' ? y[t]! - tr : y[t]! / tr;
    counts[t % m]++;
  }
  const raw = sums.map((s: number, i: number) => s / counts[i]);
  const centre = mean(raw);
  const figure = raw.map((f: number) => (type === 'additive' ? f - centre : f / centre));
  return { trend, seasonal: y.map((_, t) => figure[t % m]!), figure };
};

/** The empirical quantile of sorted values at probability p (R's type 7). */
export const quantileSorted = (sorted: readonly number[], p: number) => {
  if (!sorted.length) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
};

/** Mean absolute error of the seasonal naive one-step forecast in sample: MASE's scale. */
export const naiveScale = (y: readonly number[], m: number) => {
  const lag = y.length > m ? m : 1;
  let s = 0;
  let c = 0;
  for (let t = lag; t < y.length; t++) {
    s += Math.abs(y[t]! - y[t - lag]!);
    c++;
  }
  return c ? s / c : Number.NaN;
};
