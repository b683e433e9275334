import type { Model } from './model.ts';

/** Seasonal naive: each forecast repeats the value one season earlier (the plain naive when season is 1). */
export const seasonalNaive: Model = {
  name: 'snaive',
  fit: (y, season) => {
    if (!y.length) return undefined;
    const m = season > 1 && y.length >= season ? season : 1;
    const last = y.slice(-m);
    return {
      label: m > 1 ? `SNaive[${m}]` : 'Naive',
      forecast: (h) => Array.from({ length: h }, (_, k) => last[k % m]!),
    };
  },
};
