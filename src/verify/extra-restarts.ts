// More random restarts, spent only where a regime would otherwise stay
// undecided: the model has a certificate, no restart reached the certified
// minimum (after the polish of polish-restarts.ts), some restart converged
// elsewhere (another basin's critical point; when none converged, the iteration
// budget is what failed, or --restarts 0 asked for no training), and none went
// below it (that regime is already decided: a violation). Regimes where some
// restart reached the certified minimum never get here, so their verdicts,
// margins and counterexamples stay bit-identical; a replay trains the same
// seeds again.
//
// Why these starts: near the deep linear UFMs' jump to zero (TB22-E, DER-DL)
// each singular direction of the product has a local minimum at zero as well as
// one away from it, with a barrier between. Restarts at the theorem's own scales
// often all end at rank-deficient local minima: a direction that starts inside
// the barrier collapses. Larger i.i.d. Gaussian starts begin beyond it more
// often; random orthogonal starts (every singular value of a block equal) leave
// no direction near zero at all, which matters most at d = K, where a square
// Gaussian block almost always has a small singular value. The extra restarts
// alternate the two. Measured on the 92 undecided TB22-E and DER-DL regimes of
// `nc-check verify TB22-E DER-DL --mode near --runs 1000 --seed 424242`
// (16 extra restarts each): Gaussian at the theorem's scales decided 13 of the
// 56 DER-DL ones; Gaussian at 2, 4 and 8 times them 70 of 92; orthogonal at
// 1, 2 and 4 times them 81 of 92; orthogonal after Gaussian 89 of 92. Still
// random, never the answer: each extra restart's seed is its index after the
// theorem's own restarts.
import type { Backend } from '../backend/backend.ts';
import type { Model } from '../models/model.ts';
import type { Regime } from '../regime/regime.ts';
import { randomInit, randomOrthogonalInit, trainOnce, type TrainedRestart, type TrainOptions } from '../train/train.ts';

/** Extra restarts at most, per undecided regime. */
export const EXTRA_RESTARTS = 32;
/** Scales of the Gaussian extra restarts, as multiples of the largest scale the theorem's own restarts use (cycled). */
export const GAUSSIAN_SCALE_FACTORS: readonly number[] = [2, 4, 8];
/** Scales of the orthogonal extra restarts, the same way. */
export const ORTHOGONAL_SCALE_FACTORS: readonly number[] = [1, 2, 4];

export interface ExtraStart {
  readonly kind: 'gaussian' | 'orthogonal';
  readonly scale: number;
}

/** How extra restart k (0-based) starts: Gaussian for even k, orthogonal for odd k, each cycling its scales. */
export function extraStart(train: TrainOptions, k: number): ExtraStart {
  const base = train.initScales?.length ? Math.max(...train.initScales) : train.initScale;
  const factors = k % 2 === 0 ? GAUSSIAN_SCALE_FACTORS : ORTHOGONAL_SCALE_FACTORS;
  return { kind: k % 2 === 0 ? 'gaussian' : 'orthogonal', scale: base * factors[Math.floor(k / 2) % factors.length] };
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
    const start = extraStart(train, k);
    const init = start.kind === 'gaussian' ? randomInit : randomOrthogonalInit;
    const trained = trainOnce(backend, model, regime, train, train.restarts + k, (rng) => init(model, regime, rng, start.scale));
    const r = trained.status === 'budget-exhausted' && Number.isFinite(trained.loss) ? polish(trained) : trained;
    extra.push({ ...r, reason: `${r.reason} (extra restart ${k + 1}, ${start.kind} start at scale ${start.scale}: no earlier restart reached the certified minimum)` });
    if (decided(r)) break;
  }
  return extra;
}
