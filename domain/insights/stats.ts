/** Plain statistics the analyses share: the normal distribution and a binomial interval. */

const SQRT2 = Math.SQRT2;

/** The error function (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7): enough for service levels. */
const erf = (x: number): number => {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return sign * y;
};

export const normalPdf = (z: number): number => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
export const normalCdf = (z: number): number => 0.5 * (1 + erf(z / SQRT2));

/** The z of a one-sided service level (0.95 → 1.645), by bisection on the CDF. */
export const zOf = (level: number): number => {
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
};

/** E[max(0, D − stock)] for D ~ Normal(mean, sd): the units short, on average (the normal loss function). */
export const expectedShortfall = (mean: number, sd: number, stock: number): number => {
  if (sd <= 0) return Math.max(0, mean - stock);
  const k = (stock - mean) / sd;
  return sd * (normalPdf(k) - k * (1 - normalCdf(k)));
};

export const meanOf = (values: readonly number[]): number =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export const sdOf = (values: readonly number[]): number => {
  if (values.length < 2) return 0;
  const m = meanOf(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
};

/** The Wilson score interval of a proportion (z = 1.28: an 80% interval). */
export const wilson = (hits: number, n: number, z = 1.2816): { lo: number; hi: number } => {
  if (n === 0) return { lo: 0, hi: 1 };
  const p = hits / n;
  const denominator = 1 + (z * z) / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return {
    lo: Math.max(0, (centre - spread) / denominator),
    hi: Math.min(1, (centre + spread) / denominator),
  };
};

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
