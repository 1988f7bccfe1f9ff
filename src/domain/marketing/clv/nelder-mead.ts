/**
 * Nelder–Mead simplex minimisation (Lagarias et al. 1998 coefficients), restarted from its own optimum until a
 * restart no longer improves: a restart rebuilds a full-sized simplex, which guards against the collapse that makes
 * a single run stop early on the elongated valleys of the BG/NBD likelihood.
 */

export interface MinimiseOptions {
  /** Stop a run when the simplex spans less than this in every coordinate and in f. */
  tolerance?: number;
  maxEvaluations?: number;
  /** Edge of the starting simplex, per coordinate. */
  step?: number;
}

export interface MinimiseResult {
  x: number[];
  fx: number;
  evaluations: number;
}

type Objective = (x: readonly number[]) => number;

/** A finite objective: NaN/Infinity (parameters the model cannot take) count as +Infinity, i.e. rejected. */
function safe(f: Objective): Objective {
  return (x) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
}

function simplexRun(f: Objective, x0: readonly number[], step: number, tol: number, budget: number): MinimiseResult {
  const n = x0.length;
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] += step;
    pts.push(p);
  }
  const fs = pts.map(f);
  let evals = n + 1;
  const combine = (c: number[], p: number[], t: number) => c.map((ci, j) => ci + t * (p[j] - ci));
  while (evals < budget) {
    const order = fs.map((_, i) => i).sort((i, j) => fs[i] - fs[j]);
    const sorted = order.map((i) => pts[i]);
    const fsorted = order.map((i) => fs[i]);
    for (let i = 0; i <= n; i++) {
      pts[i] = sorted[i];
      fs[i] = fsorted[i];
    }
    const spread = Math.max(...pts.slice(1).map((p) => Math.max(...p.map((v, j) => Math.abs(v - pts[0][j])))));
    if (spread < tol && Math.abs(fs[n] - fs[0]) <= tol * (1 + Math.abs(fs[0]))) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += pts[i][j] / n;
    const reflected = combine(centroid, pts[n], -1);
    const fr = f(reflected);
    evals++;
    if (fr < fs[0]) {
      const expanded = combine(centroid, pts[n], -2);
      const fe = f(expanded);
      evals++;
      [pts[n], fs[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < fs[n - 1]) {
      [pts[n], fs[n]] = [reflected, fr];
    } else {
      const outside = fr < fs[n];
      const contracted = combine(centroid, outside ? reflected : pts[n], 0.5);
      const fc = f(contracted);
      evals++;
      if (fc < (outside ? fr : fs[n])) {
        [pts[n], fs[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          pts[i] = combine(pts[0], pts[i], 0.5);
          fs[i] = f(pts[i]);
        }
        evals += n;
      }
    }
  }
  const best = fs.indexOf(Math.min(...fs));
  return { x: pts[best], fx: fs[best], evaluations: evals };
}

/** Minimises f from x0; returns the best point found. */
export function nelderMead(objective: Objective, x0: readonly number[], options: MinimiseOptions = {}): MinimiseResult {
  const f = safe(objective);
  const tol = options.tolerance ?? 1e-9;
  const budget = options.maxEvaluations ?? 20_000;
  let result = simplexRun(f, x0, options.step ?? 0.5, tol, budget);
  let evaluations = result.evaluations;
  for (let restart = 0; restart < 10 && evaluations < budget; restart++) {
    const again = simplexRun(f, result.x, 0.1, tol, budget - evaluations);
    evaluations += again.evaluations;
    const improved = result.fx - again.fx > tol * (1 + Math.abs(result.fx));
    if (again.fx < result.fx) result = again;
    if (!improved) break;
  }
  return { ...result, evaluations };
}
