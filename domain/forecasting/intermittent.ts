import type { FittedModel, Model } from './model.ts';

/**
 * Models for intermittent demand (many periods with none): Croston, its Syntetos–Boylan bias
 * correction (SBA), and Teunter–Syntetos–Babai (TSB), which also lets demand die out.
 */

/** Syntetos–Boylan classification: intermittent when the mean interval between demands exceeds 1.32. */
export const demandPattern = (y: readonly number[]) => {
  const sizes = y.filter((v) => v > 0);
  const adi = sizes.length ? y.length / sizes.length : Number.POSITIVE_INFINITY;
  const m = sizes.reduce((a, v) => a + v, 0) / Math.max(1, sizes.length);
  const cv2 =
    sizes.length > 1 ? sizes.reduce((a, v) => a + (v - m) ** 2, 0) / (sizes.length - 1) / (m * m) : 0;
  return { adi, cv2, intermittent: y.every((v) => v >= 0) && adi > 1.32 };
};

/** Simple exponential smoothing started at the first value (R's `ses(initial = "simple")`): the last level. */
const smooth = (xs: readonly number[], alpha: number) => {
  let level = xs[0]!;
  for (let i = 1; i < xs.length; i++) level += alpha * (xs[i]! - level);
  return level;
};

/** Croston's method as R's `forecast::croston`; SBA multiplies by 1 − α/2 to remove Croston's bias. */
export const fitCroston = (
  y: readonly number[],
  { alpha = 0.1, variant = 'croston' }: { alpha?: number; variant?: 'croston' | 'sba' } = {},
): FittedModel | undefined => {
  const sizes: number[] = [];
  const intervals: number[] = [];
  let last = -1;
  y.forEach((v, t) => {
    if (v > 0) {
      sizes.push(v);
      intervals.push(t - last);
      last = t;
    }
  });
  if (y.some((v) => v < 0)) return undefined;
  if (sizes.length === 0) return { label: 'Croston (no demand)', forecast: (h) => new Array(h).fill(0) };
  const rate =
    sizes.length === 1 ? sizes[0]! / intervals[0]! : smooth(sizes, alpha) / smooth(intervals, alpha);
  const value = rate * (variant === 'sba' ? 1 - alpha / 2 : 1);
  return { label: variant === 'sba' ? 'SBA' : 'Croston', forecast: (h) => new Array(h).fill(value) };
};

/**
 * TSB: the demand probability is smoothed every period (so it decays while nothing sells) and the size
 * only when demand occurs; the forecast is their product.
 */
export const fitTsb = (
  y: readonly number[],
  { alpha = 0.1, beta = 0.1 }: { alpha?: number; beta?: number } = {},
): FittedModel | undefined => {
  if (y.some((v) => v < 0)) return undefined;
  const first = y.findIndex((v) => v > 0);
  if (first < 0) return { label: 'TSB (no demand)', forecast: (h) => new Array(h).fill(0) };
  let size = y[first]!;
  let probability = y.filter((v) => v > 0).length / y.length;
  for (const v of y.slice(first + 1)) {
    probability += beta * ((v > 0 ? 1 : 0) - probability);
    if (v > 0) size += alpha * (v - size);
  }
  const value = probability * size;
  return { label: 'TSB', forecast: (h) => new Array(h).fill(value) };
};

export const crostonModel: Model = { name: 'croston', fit: (y) => fitCroston(y) };
export const sbaModel: Model = { name: 'sba', fit: (y) => fitCroston(y, { variant: 'sba' }) };
export const tsbModel: Model = { name: 'tsb', fit: (y) => fitTsb(y) };
