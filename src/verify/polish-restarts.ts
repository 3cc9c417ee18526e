// Extra work spent only where a regime would otherwise stay undecided: when a
// model has a certificate and no trained restart reached the certified minimum,
// each restart that stopped short of the gradient certificate (iteration budget
// exhausted) is continued by the second-order polish of train/polish.ts, best
// loss first, until one reaches the certified minimum. Regimes where some
// restart already reached it are never touched, so their verdicts, margins and
// counterexamples stay bit-identical; a replay re-runs the same deterministic
// steps. The polish spends at most the restart's iteration budget again, in
// gradient evaluations (so a deliberately small --max-iter stays small). float64 backends only (the float32 certificate floor is not the
// polish's business).
import type { Backend } from '../backend/backend.ts';
import type { Model } from '../models/model.ts';
import type { Regime } from '../regime/regime.ts';
import { effectiveTolerance, ROUNDING_SLACK } from '../train/outcome.ts';
import { DEFAULT_POLISH, newtonPolish, type FlatEvaluate } from '../train/polish.ts';
import { packBlocks, unpackBlocks, type TrainedRestart, type TrainOptions } from '../train/train.ts';

/** The restart continued by damped Newton–CG steps (unchanged where the polish brings nothing). */
export function polishRestart<T>(backend: Backend<T>, model: Model, regime: Regime, train: TrainOptions, restart: TrainedRestart): TrainedRestart {
  const started = performance.now();
  const blocks = model.blocks(regime);
  const metric = new Float64Array(blocks.reduce((s, b) => s + b.rows * b.cols, 0));
  let offset = 0;
  for (const b of blocks) {
    metric.fill(b.metric, offset, offset + b.rows * b.cols);
    offset += b.rows * b.cols;
  }
  const objective = model.objective(backend, regime);
  try {
    const flat = objective.flat;
    const f: FlatEvaluate =
      flat !== undefined
        ? (x, g) => flat.evaluate(x, g)
        : (x, g) => {
            const params = unpackBlocks(x, blocks).map((m) => backend.upload(m));
            const { loss, gradient } = objective.lossAndGradient(params);
            g.set(packBlocks(gradient.map((t) => backend.download(t))));
            for (const t of [...params, ...gradient]) backend.dispose(t);
            return loss;
          };
    const r = newtonPolish(f, packBlocks(restart.params), metric, {
      ...DEFAULT_POLISH,
      // At most the restart's own budget again, counted in gradient evaluations: a deliberately
      // starved run (--max-iter 4) stays starved and inconclusive.
      maxEvaluations: Math.min(DEFAULT_POLISH.maxEvaluations, train.maxIterations),
      gradientTolerance: effectiveTolerance(train.gradientTolerance, backend.dtype),
      roundingSlack: ROUNDING_SLACK[backend.dtype],
    });
    if (r.steps === 0) return restart;
    const seconds = (performance.now() - started) / 1000;
    const iterations = restart.iterations + r.steps;
    return {
      ...restart,
      status: r.status,
      reason: `${restart.reason}; then ${r.steps} damped Newton-CG polish step${r.steps === 1 ? '' : 's'} (${r.evaluations} gradient evaluations): ${
        r.status === 'converged' ? 'gradient certificate met' : 'certificate not met'
      }`,
      loss: r.loss,
      gradNorm: r.gradNorm,
      iterations,
      evaluations: restart.evaluations + r.evaluations,
      seconds: restart.seconds + seconds,
      params: unpackBlocks(r.x, blocks),
      trace: [...restart.trace, { iteration: iterations, loss: r.loss, gradNorm: r.gradNorm }],
    };
  } finally {
    objective.dispose();
  }
}
