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
import { OPTIMIZER_OUTCOME, type ClauseOutcome } from './results.ts';
import type { Mat } from '../linalg/matrix.ts';
import type { Rng } from '../random/rng.ts';
import { randomInit, randomNonnegativeInit, randomOrthogonalInit, trainOnce, type TrainedRestart, type TrainOptions } from '../train/train.ts';

/** Extra restarts at most, per undecided regime. */
export const EXTRA_RESTARTS = 32;
/** Scales of the Gaussian extra restarts, as multiples of the largest scale the theorem's own restarts use (cycled). */
export const GAUSSIAN_SCALE_FACTORS: readonly number[] = [2, 4, 8];
/** Scales of the orthogonal extra restarts, the same way. */
export const ORTHOGONAL_SCALE_FACTORS: readonly number[] = [1, 2, 4];

export interface ExtraStart {
  readonly kind: 'gaussian' | 'orthogonal' | 'nonnegative';
  readonly scale: number;
}

/** How extra restart k (0-based) starts: Gaussian for even k, orthogonal for odd k, each cycling its scales. */
export function extraStart(train: TrainOptions, k: number): ExtraStart {
  const base = train.initScales?.length ? Math.max(...train.initScales) : train.initScale;
  const factors = k % 2 === 0 ? GAUSSIAN_SCALE_FACTORS : ORTHOGONAL_SCALE_FACTORS;
  return { kind: k % 2 === 0 ? 'gaussian' : 'orthogonal', scale: base * factors[Math.floor(k / 2) % factors.length] };
}

/** The start drawn for an extra restart from its seeded stream. */
function startOf(model: Model, regime: Regime, start: ExtraStart): (rng: Rng) => Mat[] {
  switch (start.kind) {
    case 'gaussian':
      return (rng) => randomInit(model, regime, rng, start.scale);
    case 'orthogonal':
      return (rng) => randomOrthogonalInit(model, regime, rng, start.scale);
    case 'nonnegative':
      return (rng) => randomNonnegativeInit(model, regime, rng, start.scale);
  }
}

/**
 * Extra restart k (0-based), numbered after the theorem's own restarts, from `start`, continued by
 * `polish` (when given) where its budget stopped it; its reason says which start it had and why it ran.
 */
export function trainExtraRestart<T>(
  backend: Backend<T>,
  model: Model,
  regime: Regime,
  train: TrainOptions,
  k: number,
  start: ExtraStart,
  why: string,
  polish?: (r: TrainedRestart) => TrainedRestart,
): TrainedRestart {
  const trained = trainOnce(backend, model, regime, train, train.restarts + k, startOf(model, regime, start));
  const r = polish !== undefined && trained.status === 'budget-exhausted' && Number.isFinite(trained.loss) ? polish(trained) : trained;
  return { ...r, reason: `${r.reason} (extra restart ${k + 1}, ${start.kind} start at scale ${start.scale}: ${why})` };
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
    const r = trainExtraRestart(backend, model, regime, train, k, extraStart(train, k), 'no earlier restart reached the certified minimum', polish);
    extra.push(r);
    if (decided(r)) break;
  }
  return extra;
}

// Without a certificate (ReLU models: TB22-R, SML23) nothing says which restart is the global
// minimizer, so the trigger is the clauses' own verdicts: evaluate.ts checks them, and only where
// one is inconclusive for an optimizer outcome (no converged restart, or the best converged one
// above the predicted minimum) trains the restarts below, one at a time, checking the clauses again
// after each, until none is. A regime whose clauses are all decided by the theorem's own restarts
// never gets here, so its record is bit-identical. Measured on the 215 undecided TB22-R regimes of
// `nc-check verify TB22-R --mode near --runs 1000 --seed 424242` (docs/performance.md):
// - at d = K and d = Kn − 1 (the hypothesis' edges) every restart ends at a spurious ReLU critical
//   point unless each hidden unit ends up serving one class; restarts there cost ~30 iterations and
//   many are needed (32 decided 36 of 60, 256 decided 56);
// - at d ≥ 8K, K = 3 restarts sit in slow basins at the predicted loss with ||∇L||_P stuck above the
//   certificate; a fresh start converges now and then.
// An extra restart is a probe for a start in a fast basin: of the restarts that reached the predicted
// minimum at d ≥ 8K, 97 % converged within 100 iterations (the slowest in 741 of 1,000), while a
// restart in a slow basin spends whatever it is given; but at small λ (the inside regimes) the fast
// basins are slower (377 iterations measured). So the budgets follow Luby's universal restart
// sequence in units of a tenth of the theorem's iteration budget (100, 100, 200, 100, 100, 200,
// 400, … for 1,000), never above it, and all of them together stop at three times the theorem's own
// (restarts × max iterations, counted in iterations really run), at most 256 restarts. Starts
// alternate the theorem's own Gaussian scales and half-normal ones (every pre-activation of the
// start nonnegative: no unit starts dead). Measured on the 155 of those regimes at d ≥ 8K, within
// that total: 1,000 iterations each decided 122, 200 each 154 (but not an inside regime that needs
// 377), Luby in units of 200 146, in units of 100 152. The whole run: TB22-R near 21.5 % → 0.7 %
// undecided, every decided record identical (docs/performance.md).

/** Extra restarts of an uncertified regime spend at most this many times the theorem's own iteration budget (restarts × max iterations). */
export const UNCERTIFIED_BUDGET_FACTOR = 3;
/** … and are at most this many. */
export const UNCERTIFIED_EXTRA_RESTARTS = 256;
/** The unit of the extra restarts' iteration budgets: this fraction of the theorem's (rounded up). */
export const UNCERTIFIED_ITERATION_UNIT = 0.1;

/**
 * Term i (1-based) of Luby, Sinclair & Zuckerman's universal restart sequence 1, 1, 2, 1, 1, 2, 4,
 * 1, 1, 2, 1, 1, 2, 4, 8, 1, …: restarting a randomized search after these multiples of a unit
 * budget is within a logarithmic factor of the best fixed budget, whatever the unknown distribution
 * of its run time ("Optimal speedup of Las Vegas algorithms", Inf. Process. Lett. 47, 1993).
 */
export function lubyTerm(i: number): number {
  let k = 1;
  while (2 ** k - 1 < i) k++;
  return 2 ** k - 1 === i ? 2 ** (k - 1) : lubyTerm(i - 2 ** (k - 1) + 1);
}

/** The iteration budget of uncertified extra restart k (0-based): the unit times Luby term k + 1, at most the theorem's budget. */
export function uncertifiedExtraIterations(train: TrainOptions, k: number): number {
  return Math.min(train.maxIterations, Math.ceil(UNCERTIFIED_ITERATION_UNIT * train.maxIterations) * lubyTerm(k + 1));
}

/** How uncertified extra restart k (0-based) starts: Gaussian for even k, half-normal for odd k, at the theorem's own scales in turn. */
export function uncertifiedExtraStart(train: TrainOptions, k: number): ExtraStart {
  const scales = train.initScales?.length ? train.initScales : [train.initScale];
  return { kind: k % 2 === 0 ? 'gaussian' : 'nonnegative', scale: scales[Math.floor(k / 2) % scales.length] };
}

/**
 * The extra restarts of an uncertified regime, trained lazily: the caller checks its clauses after
 * each and stops when none is inconclusive for an optimizer outcome. Ends at the caps above.
 */
export function* uncertifiedExtraRestarts<T>(backend: Backend<T>, model: Model, regime: Regime, train: TrainOptions): Generator<TrainedRestart> {
  const budget = UNCERTIFIED_BUDGET_FACTOR * train.restarts * train.maxIterations;
  let spent = 0;
  for (let k = 0; k < UNCERTIFIED_EXTRA_RESTARTS && spent < budget; k++) {
    const each = { ...train, maxIterations: uncertifiedExtraIterations(train, k) };
    const r = trainExtraRestart(backend, model, regime, each, k, uncertifiedExtraStart(train, k), 'a clause was inconclusive for an optimizer outcome');
    spent += r.iterations;
    yield r;
  }
}

/** Whether a clause is undecided because of where training ended (every such reason carries OPTIMIZER_OUTCOME), not because of the theorem or a measurement. */
export function isOptimizerOutcome(outcome: ClauseOutcome): boolean {
  return outcome.status === 'inconclusive' && outcome.reason?.includes(OPTIMIZER_OUTCOME) === true;
}
