export { ROOT, startPlatform } from '../support/platform.ts';

export const percentile = (sorted: readonly number[], p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
};

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
