/**
 * Nelder–Mead simplex minimisation (Lagarias et al. 1998 coefficients), restarted from its own optimum until a
 * restart no longer improves: a restart rebuilds a full-sized simplex, which guards against the collapse that makes
 * a single run stop early on the elongated valleys of the BG/NBD likelihood.
 */

/**
 * A run also stops when its best value has not decreased at all in this many × (dimensions + 1) evaluations: the
 * simplex is then stuck at the floating-point floor of f (a direction so flat, e.g. BG/NBD's a, b → ∞ with a/b
 * fixed, that its vertices tie in f but never shrink below the tolerance in x). Such a run used to spend the whole
 * evaluation budget (40,000 BG/NBD evaluations) without moving its best point.
 */
const STALLED_EVALUATIONS_PER_VERTEX = 100;

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

/** A model fit as a minimisation: what to minimise from where, and how to read the fit off the minimum. */
export interface FitProblem<R> {
  objective: Objective;
  start: number[];
  options: MinimiseOptions;
  result(minimum: MinimiseResult): R;
}

/** Solves a fit in one go. */
export function solve<R>(problem: FitProblem<R>): R {
  return problem.result(nelderMead(problem.objective, problem.start, problem.options));
}

/** Solves a fit yielding to the event loop every ~20 ms (same iterations, same result as `solve`). */
export async function solveAsync<R>(problem: FitProblem<R>): Promise<R> {
  return problem.result(await nelderMeadAsync(problem.objective, problem.start, problem.options));
}

/** A finite objective: NaN/Infinity (parameters the model cannot take) count as +Infinity, i.e. rejected. */
function safe(f: Objective): Objective {
  return (x) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
}

/** One simplex run, as a generator that pauses after every iteration (so a caller may yield to the event loop). */
function* simplexRun(
  f: Objective,
  x0: readonly number[],
  step: number,
  tol: number,
  budget: number,
): Generator<void, MinimiseResult, void> {
  const n = x0.length;
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] += step;
    pts.push(p);
  }
  const fs = pts.map(f);
  let evals = n + 1;
  let bestF = Infinity;
  let bestSince = evals;
  const combine = (c: number[], p: number[], t: number) => c.map((ci, j) => ci + t * (p[j] - ci));
  while (evals < budget) {
    yield;
    const order = fs.map((_, i) => i).sort((i, j) => fs[i] - fs[j]);
    const sorted = order.map((i) => pts[i]);
    const fsorted = order.map((i) => fs[i]);
    for (let i = 0; i <= n; i++) {
      pts[i] = sorted[i];
      fs[i] = fsorted[i];
    }
    const spread = Math.max(...pts.slice(1).map((p) => Math.max(...p.map((v, j) => Math.abs(v - pts[0][j])))));
    if (spread < tol && Math.abs(fs[n] - fs[0]) <= tol * (1 + Math.abs(fs[0]))) break;
    if (fs[0] < bestF) [bestF, bestSince] = [fs[0], evals];
    else if (evals - bestSince > STALLED_EVALUATIONS_PER_VERTEX * (n + 1)) break;
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

/** The whole minimisation (first run and restarts) as a generator that pauses after every simplex iteration. */
function* nelderMeadSteps(
  objective: Objective,
  x0: readonly number[],
  options: MinimiseOptions,
): Generator<void, MinimiseResult, void> {
  const f = safe(objective);
  const tol = options.tolerance ?? 1e-9;
  const budget = options.maxEvaluations ?? 20_000;
  let result = yield* simplexRun(f, x0, options.step ?? 0.5, tol, budget);
  let evaluations = result.evaluations;
  for (let restart = 0; restart < 10 && evaluations < budget; restart++) {
    const again = yield* simplexRun(f, result.x, 0.1, tol, budget - evaluations);
    evaluations += again.evaluations;
    const improved = result.fx - again.fx > tol * (1 + Math.abs(result.fx));
    if (again.fx < result.fx) result = again;
    if (!improved) break;
  }
  return { ...result, evaluations };
}

/** Minimises f from x0; returns the best point found. */
export function nelderMead(objective: Objective, x0: readonly number[], options: MinimiseOptions = {}): MinimiseResult {
  const steps = nelderMeadSteps(objective, x0, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Work between two yields of `nelderMeadAsync` to the event loop, in milliseconds. */
const SLICE_MS = 20;

/**
 * `nelderMead` (the same iterations, the same result) that yields to the event loop every ~20 ms, for fits that run
 * inside the API process.
 */
export async function nelderMeadAsync(
  objective: Objective,
  x0: readonly number[],
  options: MinimiseOptions = {},
): Promise<MinimiseResult> {
  const steps = nelderMeadSteps(objective, x0, options);
  let sliceEnd = performance.now() + SLICE_MS;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() > sliceEnd) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceEnd = performance.now() + SLICE_MS;
    }
  }
}
