// Limited-memory BFGS (Nocedal & Wright 2006, Algorithm 7.4) on block
// parameters, preconditioned by the model's block metric P: the initial inverse
// Hessian is γ P with the usual scaling γ = s^T y / y^T P y. The stopping test is
// the certificate ||∇L||_P ≤ gtol · max(1, |L|); nothing else counts as converged.
import type { Backend } from '../backend/backend.ts';
import type { Objective } from '../models/model.ts';
import { DEFAULT_LINE_SEARCH, strongWolfe, type LineSearchOptions } from './line-search.ts';
import {
  certificateThreshold,
  DIVERGENCE_LIMIT,
  type StoppingOptions,
  type TracePoint,
  type TrainResult,
} from './outcome.ts';
import { allFinite, axpy, dot, metricNorm, scaleAll, scaleBlocks, weightedDot, type Params } from './params.ts';

export interface LbfgsOptions extends StoppingOptions {
  /** Number of correction pairs kept. */
  readonly memory?: number;
  readonly lineSearch?: LineSearchOptions;
}

interface Pair<T> {
  readonly s: T[];
  readonly y: T[];
  readonly rho: number;
}

export function minimizeLbfgs<T>(
  backend: Backend<T>,
  objective: Objective<T>,
  initial: Params<T>,
  metric: readonly number[],
  options: LbfgsOptions,
): TrainResult<T> {
  const started = performance.now();
  const memory = options.memory ?? 10;
  const traceEvery = options.traceEvery ?? 0;
  const trace: TracePoint[] = [];
  let evaluations = 1;
  let x: T[] = [...initial];
  let { loss, gradient: g } = objective.lossAndGradient(x);
  let gNorm = metricNorm(backend, g, metric);
  const pairs: Pair<T>[] = [];
  let gamma = 1;
  let iteration = 0;

  const finish = (status: TrainResult<T>['status'], reason: string): TrainResult<T> => {
    trace.push({ iteration, loss, gradNorm: gNorm });
    return {
      status,
      reason,
      params: x,
      loss,
      gradNorm: gNorm,
      iterations: iteration,
      evaluations,
      seconds: (performance.now() - started) / 1000,
      trace,
    };
  };
  const diverged = (): boolean =>
    !Number.isFinite(loss) || Math.abs(loss) > DIVERGENCE_LIMIT || !Number.isFinite(gNorm) || !allFinite(backend, g);

  if (diverged()) return finish('diverged', 'non-finite loss or gradient at the initial point');
  trace.push({ iteration: 0, loss, gradNorm: gNorm });

  while (true) {
    if (gNorm <= certificateThreshold(options.gradientTolerance, loss)) {
      return finish('converged', `gradient certificate met: ||∇L||_P = ${gNorm.toExponential(2)}`);
    }
    if (iteration >= options.maxIterations) {
      return finish('budget-exhausted', `iteration budget ${options.maxIterations} exhausted`);
    }

    let direction = scaleAll(backend, twoLoop(backend, g, pairs, metric, gamma), -1);
    let slope = dot(backend, g, direction);
    if (!(slope < 0)) {
      pairs.length = 0;
      direction = scaleAll(backend, scaleBlocks(backend, g, metric), -1);
      slope = -gNorm * gNorm;
    }
    // First step (or after a reset): a unit-length move in the metric.
    const initialAlpha = pairs.length === 0 ? Math.min(1, 1 / gNorm) : 1;
    const xNow = x;
    let search = strongWolfe(
      (alpha) => {
        const xt = axpy(backend, alpha, direction, xNow);
        const r = objective.lossAndGradient(xt);
        return { alpha, value: r.loss, derivative: dot(backend, r.gradient, direction), payload: { x: xt, g: r.gradient } };
      },
      loss,
      slope,
      initialAlpha,
      options.lineSearch ?? DEFAULT_LINE_SEARCH,
    );
    evaluations += search.evaluations;
    if (!search.ok && pairs.length > 0) {
      // Stale curvature pairs can point nearly orthogonally to -g: retry along -P g.
      pairs.length = 0;
      direction = scaleAll(backend, scaleBlocks(backend, g, metric), -1);
      slope = -gNorm * gNorm;
      const dir = direction;
      search = strongWolfe(
        (alpha) => {
          const xt = axpy(backend, alpha, dir, xNow);
          const r = objective.lossAndGradient(xt);
          return { alpha, value: r.loss, derivative: dot(backend, r.gradient, dir), payload: { x: xt, g: r.gradient } };
        },
        loss,
        slope,
        Math.min(1, 1 / gNorm),
        options.lineSearch ?? DEFAULT_LINE_SEARCH,
      );
      evaluations += search.evaluations;
    }
    if (!search.ok) {
      return finish('budget-exhausted', `stalled: ${search.reason} (||∇L||_P = ${gNorm.toExponential(2)})`);
    }

    const { x: xNew, g: gNew } = search.point.payload;
    const s = axpy(backend, -1, x, xNew);
    const y = axpy(backend, -1, g, gNew);
    const sy = dot(backend, s, y);
    const yPy = weightedDot(backend, y, y, metric);
    x = xNew;
    g = gNew;
    loss = search.point.value;
    gNorm = metricNorm(backend, g, metric);
    iteration++;
    if (diverged()) return finish('diverged', `non-finite or exploding loss at iteration ${iteration}`);
    if (traceEvery > 0 && iteration % traceEvery === 0) trace.push({ iteration, loss, gradNorm: gNorm });

    // Keep the pair only when it carries positive curvature (the objective is non-convex).
    if (sy > 1e-12 * Math.sqrt(dot(backend, s, s) * dot(backend, y, y)) && yPy > 0) {
      pairs.push({ s, y, rho: 1 / sy });
      if (pairs.length > memory) pairs.shift();
      gamma = sy / yPy;
    }
  }
}

/** Two-loop recursion: returns H g with H the L-BFGS inverse-Hessian approximation, H0 = γ P. */
function twoLoop<T>(backend: Backend<T>, g: Params<T>, pairs: readonly Pair<T>[], metric: readonly number[], gamma: number): T[] {
  let q: T[] = [...g];
  const alphas: number[] = [];
  for (let i = pairs.length - 1; i >= 0; i--) {
    const a = pairs[i].rho * dot(backend, pairs[i].s, q);
    alphas[i] = a;
    q = axpy(backend, -a, pairs[i].y, q);
  }
  let r = scaleBlocks(
    backend,
    q,
    metric.map((m) => gamma * m),
  );
  for (let i = 0; i < pairs.length; i++) {
    const beta = pairs[i].rho * dot(backend, pairs[i].y, r);
    r = axpy(backend, alphas[i] - beta, pairs[i].s, r);
  }
  return r;
}
