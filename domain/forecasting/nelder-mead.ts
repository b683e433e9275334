/**
 * A small Nelder–Mead minimiser (the simplex method R's `optim` defaults to), used to fit smoothing and
 * ARMA parameters. `steps` sets the initial simplex per dimension, since parameters differ in scale
 * (a smoothing weight near 0.1, an initial level near 10,000). It runs in place on plain arrays: the
 * models call it thousands of times per series.
 */
export const nelderMead = (
  f: (x: number[]) => number,
  x0: readonly number[],
  { steps, maxIter = 1000, tol = 1e-8 }: { steps?: readonly number[]; maxIter?: number; tol?: number } = {},
): { x: number[]; value: number; iterations: number } => {
  const n = x0.length;
  if (n === 0) return { x: [], value: f([]), iterations: 0 };
  const simplex: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    const step = steps?.[i] ?? (p[i] !== 0 ? 0.1 * Math.abs(p[i]!) : 0.1);
    p[i] = p[i]! + step;
    simplex.push(p);
  }
  const values = simplex.map(f);
  const centroid = new Array<number>(n).fill(0);
  const trial = new Array<number>(n).fill(0);
  const trial2 = new Array<number>(n).fill(0);
  const along = (out: number[], from: readonly number[], to: readonly number[], t: number) => {
    for (let j = 0; j < n; j++) out[j] = from[j]! + t * (to[j]! - from[j]!);
  };
  let iterations = 0;
  while (iterations++ < maxIter) {
    let best = 0;
    let worst = 0;
    for (let i = 1; i <= n; i++) {
      if (values[i]! < values[best]!) best = i;
      if (values[i]! > values[worst]!) worst = i;
    }
    let second = best;
    for (let i = 0; i <= n; i++) if (i !== worst && values[i]! > values[second]!) second = i;
    const fb = values[best]!;
    const fw = values[worst]!;
    if (fw - fb <= tol * (Math.abs(fb) + tol)) break;
    centroid.fill(0);
    for (let i = 0; i <= n; i++) {
      if (i === worst) continue;
      const p = simplex[i]!;
      for (let j = 0; j < n; j++) centroid[j]! += p[j]! / n;
    }
    const w = simplex[worst]!;
    along(trial, centroid, w, -1);
    const fr = f(trial);
    if (fr < fb) {
      along(trial2, centroid, w, -2);
      const fe = f(trial2);
      if (fe < fr) {
        simplex[worst] = trial2.slice();
        values[worst] = fe;
      } else {
        simplex[worst] = trial.slice();
        values[worst] = fr;
      }
    } else if (fr < values[second]!) {
      simplex[worst] = trial.slice();
      values[worst] = fr;
    } else {
      const outside = fr < fw;
      along(trial2, centroid, w, outside ? -0.5 : 0.5);
      const fc = f(trial2);
      if (fc < (outside ? fr : fw)) {
        simplex[worst] = trial2.slice();
        values[worst] = fc;
      } else {
        const b = simplex[best]!;
        for (let i = 0; i <= n; i++) {
          if (i === best) continue;
          along(simplex[i]!, b, simplex[i]!.slice(), 0.5);
          values[i] = f(simplex[i]!);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[best]!) best = i;
  return { x: simplex[best]!.slice(), value: values[best]!, iterations };
};
