// Full-batch (preconditioned) gradient descent with a safe, adaptive step:
// each iteration first tries twice the last accepted step, then halves it
// until the Armijo condition holds. No learning rate to tune, and no step can
// increase the loss beyond float rounding — the plain-GD baseline of the
// published UFM experiments, made safe.
import type { Backend } from '../backend/backend.ts';
import type { Objective } from './objective.ts';
import {
  certificateThreshold,
  DIVERGENCE_LIMIT,
  type StoppingOptions,
  traced,
  type TracePoint,
  trainResult,
  type TrainResult,
} from './outcome.ts';
import { sufficientDecreaseTest } from './line-search.ts';
import type { Params } from './params.ts';
import { blockObjective, blockSpace, type SpaceObjective, type VectorSpace } from './space.ts';

export interface GdOptions extends StoppingOptions {
  /** First step size tried (in the preconditioned metric). */
  readonly initialStep?: number;
  readonly c1?: number;
  /** Loss increase tolerated at float precision when the gradient still shrinks. */
  readonly approximateSlack?: number;
}

/** Gradient descent on backend blocks (the Backend-level entry point). The initial blocks are consumed. */
export function minimizeGd<T>(
  backend: Backend<T>,
  objective: Objective<T>,
  initial: Params<T>,
  metric: readonly number[],
  options: GdOptions,
): TrainResult<T[]> {
  return gd(blockSpace(backend, metric), blockObjective(backend, objective), [...initial], options);
}

/** Gradient descent in any vector space. x0 is consumed; the returned params belong to the caller. */
export function gd<V>(space: VectorSpace<V>, f: SpaceObjective<V>, x0: V, options: GdOptions): TrainResult<V> {
  const started = performance.now();
  const c1 = options.c1 ?? 1e-4;
  const slack = options.approximateSlack ?? 1e-12;
  const traceEvery = options.traceEvery ?? 0;
  const trace: TracePoint[] = [];
  let x = x0;
  let { loss, gradient: g } = f(x);
  let gNorm = space.metricNorm(g);
  let step = options.initialStep ?? 1;
  let evaluations = 1;
  let iteration = 0;

  const finish = (status: TrainResult<V>['status'], reason: string): TrainResult<V> => {
    space.release(g);
    return trainResult(status, reason, { params: x, loss, gradNorm: gNorm, iterations: iteration, evaluations, started, trace });
  };
  if (!Number.isFinite(loss) || !Number.isFinite(gNorm) || !space.allFinite(g)) {
    return finish('diverged', 'non-finite loss or gradient at the initial point');
  }
  trace.push({ iteration: 0, loss, gradNorm: gNorm });

  while (true) {
    if (gNorm <= certificateThreshold(options.gradientTolerance, loss)) {
      return finish('converged', `gradient certificate met: ||∇L||_P = ${gNorm.toExponential(2)}`);
    }
    if (iteration >= options.maxIterations) {
      return finish('budget-exhausted', `iteration budget ${options.maxIterations} exhausted`);
    }
    const descent = space.scaleMetric(g, 1);
    const decrease = gNorm * gNorm;
    step *= 2;
    let accepted = false;
    while (step > 1e-30) {
      const xt = space.axpy(-step, descent, x);
      const r = f(xt);
      evaluations++;
      const rNorm = space.metricNorm(r.gradient);
      const finite = Number.isFinite(r.loss) && Number.isFinite(rNorm) && Math.abs(r.loss) < DIVERGENCE_LIMIT;
      // φ(t) = L(x − t P g): φ'(0) = −||g||²_P and φ'(t) = −∇L(x_t)·P g.
      const slope = -space.dot(r.gradient, descent);
      if (finite && sufficientDecreaseTest(loss, -decrease, step, r.loss, slope, c1, slack)) {
        space.release(x);
        space.release(g);
        x = xt;
        g = r.gradient;
        loss = r.loss;
        gNorm = rNorm;
        accepted = true;
        break;
      }
      space.release(xt);
      space.release(r.gradient);
      step /= 2;
    }
    space.release(descent);
    if (!accepted) {
      return finish('budget-exhausted', `stalled: no step decreases the loss at float precision (||∇L||_P = ${gNorm.toExponential(2)})`);
    }
    iteration++;
    if (traced(iteration, traceEvery)) trace.push({ iteration, loss, gradNorm: gNorm });
    options.onIteration?.(iteration, loss, gNorm);
  }
}
