// Full-batch (preconditioned) gradient descent with a safe, adaptive step:
// each iteration first tries twice the last accepted step, then halves it
// until the Armijo condition holds. No learning rate to tune, and no step can
// increase the loss beyond float rounding — the plain-GD baseline of the
// published UFM experiments, made safe.
import type { Backend } from '../backend/backend.ts';
import type { Objective } from '../models/model.ts';
import {
  certificateThreshold,
  DIVERGENCE_LIMIT,
  type StoppingOptions,
  type TracePoint,
  type TrainResult,
} from './outcome.ts';
import { sufficientDecreaseTest } from './line-search.ts';
import { allFinite, axpy, dot, metricNorm, scaleBlocks, type Params } from './params.ts';

export interface GdOptions extends StoppingOptions {
  /** First step size tried (in the preconditioned metric). */
  readonly initialStep?: number;
  readonly c1?: number;
  /** Loss increase tolerated at float precision when the gradient still shrinks. */
  readonly approximateSlack?: number;
}

export function minimizeGd<T>(
  backend: Backend<T>,
  objective: Objective<T>,
  initial: Params<T>,
  metric: readonly number[],
  options: GdOptions,
): TrainResult<T> {
  const started = performance.now();
  const c1 = options.c1 ?? 1e-4;
  const slack = options.approximateSlack ?? 1e-12;
  const traceEvery = options.traceEvery ?? 0;
  const trace: TracePoint[] = [];
  let x: T[] = [...initial];
  let { loss, gradient: g } = objective.lossAndGradient(x);
  let gNorm = metricNorm(backend, g, metric);
  let step = options.initialStep ?? 1;
  let evaluations = 1;
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
  if (!Number.isFinite(loss) || !Number.isFinite(gNorm) || !allFinite(backend, g)) {
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
    const descent = scaleBlocks(backend, g, metric);
    const decrease = gNorm * gNorm;
    step *= 2;
    let accepted = false;
    while (step > 1e-30) {
      const xt = axpy(backend, -step, descent, x);
      const r = objective.lossAndGradient(xt);
      evaluations++;
      const rNorm = metricNorm(backend, r.gradient, metric);
      const finite = Number.isFinite(r.loss) && Number.isFinite(rNorm) && Math.abs(r.loss) < DIVERGENCE_LIMIT;
      // φ(t) = L(x − t P g): φ'(0) = −||g||²_P and φ'(t) = −∇L(x_t)·P g.
      const slope = -dot(backend, r.gradient, descent);
      if (finite && sufficientDecreaseTest(loss, -decrease, step, r.loss, slope, c1, slack)) {
        x = xt;
        g = r.gradient;
        loss = r.loss;
        gNorm = rNorm;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) {
      return finish('budget-exhausted', `stalled: no step decreases the loss at float precision (||∇L||_P = ${gNorm.toExponential(2)})`);
    }
    iteration++;
    if (traceEvery > 0 && iteration % traceEvery === 0) trace.push({ iteration, loss, gradNorm: gNorm });
  }
}
