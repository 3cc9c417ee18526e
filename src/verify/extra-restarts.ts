// More random restarts, spent only where a regime would otherwise stay
// undecided: the model has a certificate, no restart reached the certified
// minimum (after the polish of polish-restarts.ts), some restart converged
// elsewhere (another basin's critical point; when none converged, the iteration
// budget is what failed, or --restarts 0 asked for no training), and none went
// below it (that regime is already decided: a violation). Regimes where some restart
// reached the certified minimum never get here, so their verdicts, margins and
// counterexamples stay bit-identical; a replay trains the same seeds again.
//
// Why larger scales: near the deep linear UFMs' jump to zero (TB22-E, DER-DL)
// each singular direction of the product has a local minimum at zero as well as
// one away from it, with a barrier between. Restarts at the theorem's own scales
// often all end at rank-deficient local minima (every direction that started
// inside the barrier collapses); i.i.d. Gaussian starts 2, 4 and 8 times larger
// begin beyond it more often. Measured on the 92 undecided TB22-E and DER-DL
// regimes of `nc-check verify --mode near --runs 1000 --seed 424242`: 16 more
// restarts at the theorem's scales decided 13 of the 56 DER-DL ones; at 2×, 4×
// and 8× they decided 41 of 56 and 29 of 36 TB22-E ones. Still random,
// never the answer: the seeds are the restart indices after the theorem's own.
import type { Backend } from '../backend/backend.ts';
import type { Model } from '../models/model.ts';
import type { Regime } from '../regime/regime.ts';
import { trainOnce, type TrainedRestart, type TrainOptions } from '../train/train.ts';

/** Extra restarts at most, per undecided regime. */
export const EXTRA_RESTARTS = 16;
/** Their scales, as multiples of the largest scale the theorem's own restarts use (cycled). */
export const EXTRA_SCALE_FACTORS: readonly number[] = [2, 4, 8];

/** The scale of extra restart k (0-based). */
export function extraRestartScale(train: TrainOptions, k: number): number {
  const base = train.initScales?.length ? Math.max(...train.initScales) : train.initScale;
  return base * EXTRA_SCALE_FACTORS[k % EXTRA_SCALE_FACTORS.length];
}

/**
 * Trains restarts train.restarts, train.restarts + 1, … (at most EXTRA_RESTARTS of them), each
 * continued by `polish` where its budget stopped it, until one is `decided` (reached the certified
 * minimum). Returns every extra restart trained, in order.
 */
export function trainExtraRestarts<T>(
  backend: Backend<T>,
  model: Model,
  regime: Regime,
  train: TrainOptions,
  decided: (r: TrainedRestart) => boolean,
  polish: (r: TrainedRestart) => TrainedRestart,
): TrainedRestart[] {
  const extra: TrainedRestart[] = [];
  for (let k = 0; k < EXTRA_RESTARTS; k++) {
    const scale = extraRestartScale(train, k);
    const trained = trainOnce(backend, model, regime, train, train.restarts + k, scale);
    const r = trained.status === 'budget-exhausted' && Number.isFinite(trained.loss) ? polish(trained) : trained;
    extra.push({ ...r, reason: `${r.reason} (extra restart ${k + 1}, init scale ${scale}: no earlier restart reached the certified minimum)` });
    if (decided(r)) break;
  }
  return extra;
}
