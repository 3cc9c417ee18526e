// Limited-memory BFGS (Nocedal & Wright 2006, Algorithm 7.4) in a vector space
// with the model's block metric P: the initial inverse Hessian is γ P with the
// usual scaling γ = s^T y / y^T P y. The stopping test is the certificate
// ||∇L||_P ≤ gtol · max(1, |L|); nothing else counts as converged.
//
// Memory discipline: every vector an iteration creates (line-search trials,
// two-loop temporaries, dropped correction pairs) is released as soon as it is
// dead, so a tfjs backend holds O(memory) tensors and the flat float64 space
// recycles a bounded pool of arrays.
import type { Backend } from '../backend/backend.ts';
import type { Objective } from './objective.ts';
import { DEFAULT_LINE_SEARCH, strongWolfe, type LineSearchOptions } from './line-search.ts';
import {
  certificateThreshold,
  DIVERGENCE_LIMIT,
  type StoppingOptions,
  traced,
  type TracePoint,
  trainResult,
  type TrainResult,
} from './outcome.ts';
import type { Params } from './params.ts';
import { blockObjective, blockSpace, type CorrectionPair, type SpaceObjective, type VectorSpace } from './space.ts';

export interface LbfgsOptions extends StoppingOptions {
  /** Number of correction pairs kept. */
  readonly memory?: number;
  readonly lineSearch?: LineSearchOptions;
}

type Pair<V> = CorrectionPair<V>;

/** L-BFGS on backend blocks (the Backend-level entry point). The initial blocks are consumed. */
export function minimizeLbfgs<T>(
  backend: Backend<T>,
  objective: Objective<T>,
  initial: Params<T>,
  metric: readonly number[],
  options: LbfgsOptions,
): TrainResult<T[]> {
  return lbfgs(blockSpace(backend, metric), blockObjective(backend, objective), [...initial], options);
}

/** L-BFGS in any vector space. x0 is consumed; the returned params belong to the caller. */
export function lbfgs<V>(space: VectorSpace<V>, f: SpaceObjective<V>, x0: V, options: LbfgsOptions): TrainResult<V> {
  const started = performance.now();
  const memory = options.memory ?? 10;
  const traceEvery = options.traceEvery ?? 0;
  const lineSearch = options.lineSearch ?? DEFAULT_LINE_SEARCH;
  const trace: TracePoint[] = [];
  let evaluations = 1;
  let x = x0;
  let { loss, gradient: g } = f(x);
  let gNorm = space.metricNorm(g);
  const pairs: Pair<V>[] = [];
  let gamma = 1;
  let iteration = 0;

  const dropPairs = (): void => {
    for (const p of pairs) {
      space.release(p.s);
      space.release(p.y);
    }
    pairs.length = 0;
  };
  const finish = (status: TrainResult<V>['status'], reason: string): TrainResult<V> => {
    space.release(g);
    dropPairs();
    return trainResult(status, reason, { params: x, loss, gradNorm: gNorm, iterations: iteration, evaluations, started, trace });
  };
  // A finite ||g||_P (P positive definite) already implies every entry of g is finite: no extra pass.
  const diverged = (): boolean => !Number.isFinite(loss) || Math.abs(loss) > DIVERGENCE_LIMIT || !Number.isFinite(gNorm);

  // The line search's trial points, and the closures it uses: created once per run, not per
  // iteration (they read the current x, loss and search direction).
  const trials: { x: V; g: V }[] = [];
  const releaseTrials = (keep?: { x: V; g: V }): void => {
    for (const t of trials) {
      if (t === keep) continue;
      space.release(t.x);
      space.release(t.g);
    }
    trials.length = 0;
  };
  let searchFrom = x;
  let searchDirection = x;
  const phi = (alpha: number) => {
    const xt = space.axpy(alpha, searchDirection, searchFrom);
    const r = f(xt);
    const payload = { x: xt, g: r.gradient };
    trials.push(payload);
    return { alpha, value: r.loss, derivative: space.dot(r.gradient, searchDirection), payload };
  };
  const search = (dir: V, derivative0: number, initialAlpha: number) => {
    searchFrom = x;
    searchDirection = dir;
    const result = strongWolfe(phi, loss, derivative0, initialAlpha, lineSearch);
    evaluations += result.evaluations;
    return result;
  };

  if (diverged()) return finish('diverged', 'non-finite loss or gradient at the initial point');
  trace.push({ iteration: 0, loss, gradNorm: gNorm });

  while (true) {
    if (gNorm <= certificateThreshold(options.gradientTolerance, loss)) {
      return finish('converged', `gradient certificate met: ||∇L||_P = ${gNorm.toExponential(2)}`);
    }
    if (iteration >= options.maxIterations) {
      return finish('budget-exhausted', `iteration budget ${options.maxIterations} exhausted`);
    }

    const fused = space.fused?.direction(g, pairs, gamma);
    let direction = fused?.direction ?? descentDirection(space, g, pairs, gamma);
    let slope = fused?.slope ?? space.dot(g, direction);
    if (!(slope < 0)) {
      dropPairs();
      space.release(direction);
      direction = space.scaleMetric(g, -1);
      slope = -gNorm * gNorm;
    }
    // First step (or after a reset): a unit-length move in the metric.
    let result = search(direction, slope, pairs.length === 0 ? Math.min(1, 1 / gNorm) : 1);
    if (!result.ok && pairs.length > 0) {
      // Stale curvature pairs can point nearly orthogonally to -g: retry along -P g.
      releaseTrials();
      dropPairs();
      space.release(direction);
      direction = space.scaleMetric(g, -1);
      slope = -gNorm * gNorm;
      result = search(direction, slope, Math.min(1, 1 / gNorm));
    }
    space.release(direction);
    if (!result.ok) {
      releaseTrials();
      return finish('budget-exhausted', `stalled: ${result.reason} (||∇L||_P = ${gNorm.toExponential(2)})`);
    }

    const accepted = result.point.payload;
    releaseTrials(accepted);
    const { s, y, sy, ss, yy, yPy } = space.fused?.pair(accepted.x, x, accepted.g, g) ?? correctionPair(space, accepted.x, x, accepted.g, g);
    space.release(x);
    space.release(g);
    x = accepted.x;
    g = accepted.g;
    loss = result.point.value;
    gNorm = space.metricNorm(g);
    iteration++;
    if (diverged()) {
      space.release(s);
      space.release(y);
      return finish('diverged', `non-finite or exploding loss at iteration ${iteration}`);
    }
    if (traced(iteration, traceEvery)) trace.push({ iteration, loss, gradNorm: gNorm });
    options.onIteration?.(iteration, loss, gNorm);

    // Keep the pair only when it carries positive curvature (the objective is non-convex).
    if (sy > 1e-12 * Math.sqrt(ss * yy) && yPy > 0) {
      pairs.push({ s, y, rho: 1 / sy });
      if (pairs.length > memory) {
        const old = pairs.shift()!;
        space.release(old.s);
        space.release(old.y);
      }
      gamma = sy / yPy;
    } else {
      space.release(s);
      space.release(y);
    }
  }
}

function correctionPair<V>(space: VectorSpace<V>, xNew: V, x: V, gNew: V, g: V) {
  const s = space.axpy(-1, x, xNew);
  const y = space.axpy(-1, g, gNew);
  return { s, y, sy: space.dot(s, y), ss: space.dot(s, s), yy: space.dot(y, y), yPy: space.metricDot(y, y) };
}

/**
 * Two-loop recursion: returns −H g with H the L-BFGS inverse-Hessian
 * approximation, H0 = γ P (a new vector; g is left as it is).
 */
function descentDirection<V>(space: VectorSpace<V>, g: V, pairs: readonly Pair<V>[], gamma: number): V {
  let q = g;
  const alphas: number[] = [];
  for (let i = pairs.length - 1; i >= 0; i--) {
    const a = pairs[i].rho * space.dot(pairs[i].s, q);
    alphas[i] = a;
    const next = space.axpy(-a, pairs[i].y, q);
    if (q !== g) space.release(q);
    q = next;
  }
  // r = −γ P q, then r ← r − (α_i − β_i) s_i with β_i = ρ_i y_iᵀ(−r): the recursion for −H g.
  let r = space.scaleMetric(q, -gamma);
  if (q !== g) space.release(q);
  for (let i = 0; i < pairs.length; i++) {
    const beta = -pairs[i].rho * space.dot(pairs[i].y, r);
    const next = space.axpy(beta - alphas[i], pairs[i].s, r);
    space.release(r);
    r = next;
  }
  return r;
}
