/**
 * Logistic regression by Newton's method (iteratively reweighted least squares) with a small ridge
 * penalty, which keeps the fit finite when a feature separates the classes. Small and exact enough for
 * a few dozen features and tens of thousands of rows; the intercept (column 0) is not penalised.
 */
export const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
export const solve = (a: number[][], b: number[]): number[] => {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const p = m[c]![c]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / p;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
};

export const predict = (weights: readonly number[], x: readonly number[]): number =>
  sigmoid(x.reduce((a, v, j) => a + v * weights[j]!, 0));

export const fitLogistic = (
  xs: readonly (readonly number[])[],
  ys: readonly number[],
  { lambda = 1, iterations = 25 }: { lambda?: number; iterations?: number } = {},
): number[] => {
  const d = xs[0]?.length ?? 0;
  let w = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it++) {
    const gradient = w.map((wj, j) => (j === 0 ? 0 : lambda * wj));
    const hessian = Array.from({ length: d }, (_, i) =>
      Array.from({ length: d }, (_, j) => (i === j && i > 0 ? lambda : 0)),
    );
    xs.forEach((x, r) => {
      const p = predict(w, x);
      const g = p - ys[r]!;
      const s = p * (1 - p);
      for (let i = 0; i < d; i++) {
        if (x[i] === 0) continue;
        gradient[i]! += g * x[i]!;
        for (let j = i; j < d; j++) if (x[j] !== 0) hessian[i]![j]! += s * x[i]! * x[j]!;
      }
    });
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) hessian[i]![j] = hessian[j]![i]!;
    const step = solve(hessian, gradient);
    w = w.map((wj, j) => wj - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return w;
};
