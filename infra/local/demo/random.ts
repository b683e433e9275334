/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) and the draws the history generator needs.
 * Math.random is never used: the same seed gives the same history, event for event.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next: () => number;
  int: (min: number, max: number) => number;
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
  weighted: <T extends string>(weights: Readonly<Record<T, number>>) => T;
  /** Poisson-distributed count with the given mean (Knuth's method; means here stay small). */
  poisson: (mean: number) => number;
  /** Roughly normal, by summing uniforms: cheap and bounded, which suits business figures. */
  normal: (mean: number, sd: number) => number;
  /** An independent stream for one part of the simulation, so adding draws elsewhere leaves it alone. */
  fork: (label: string) => Random;
}

const splitmix32 = (seed: number) => () => {
  seed = (seed + 0x9e3779b9) | 0;
  let z = seed;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
};

const hash = (text: string): number => {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
};

export const createRandom = (seed: number | string): Random => {
  const init = splitmix32(typeof seed === 'number' ? seed : hash(seed));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (weights) => {
      const entries = Object.entries(weights) as [keyof typeof weights, number][];
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let roll = next() * total;
      for (const [key, w] of entries) {
        roll -= w;
        if (roll < 0) return key;
      }
      return entries.at(-1)![0];
    },
    poisson: (mean) => {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k += 1;
        p *= next();
      }
      return k;
    },
    normal: (mean, sd) => {
      let sum = 0;
      for (let i = 0; i < 6; i++) sum += next();
      return mean + (sum - 3) * sd * Math.SQRT2;
    },
    fork: (label) => createRandom(`${seed}/${label}`),
  };
  return random;
};
