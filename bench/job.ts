// What every contender receives: the model, the stopping rule and nc-check's
// own random starting point (so all three start from the same point).
import { createRng } from '../src/random/rng.ts';
import { mseUfm } from '../src/models/ufm-mse.ts';
import { randomInit, restartSeed, DEFAULT_TRAIN_OPTIONS } from '../src/train/train.ts';
import type { BenchRegime } from './regimes.ts';

export interface BenchJob {
  readonly K: number;
  readonly classSizes: number[];
  readonly d: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** The certificate ||∇L||_P ≤ gtol·max(1, |L|), P = (K on W, N on H). */
  readonly gtol: number;
  /** A looser certificate every contender can reach; each records when it first met it. */
  readonly milestoneGtol?: number;
  readonly maxIterations: number;
  readonly W0: number[];
  readonly H0: number[];
  /**
   * A tiny unrelated problem (same fields) each side trains, untimed, before the measured run: at least
   * `warmUpRuns` times and for at least `warmUpSeconds` of wall time, whichever ends later.
   */
  readonly warmUp?: PlainBenchJob;
  readonly warmUpRuns?: number;
  readonly warmUpSeconds?: number;
  /**
   * The measured problem's shape from another start, trained once for SHAPE_WARM_UP_ITERATIONS
   * iterations, untimed, after the tiny warm-up: each side's first pass over vectors and products
   * of this size (memory growth, first-touch pages, code paths the tiny problem never takes, a
   * kernel thread's first tasks) is paid before the clock starts, as in a verify run's steady state.
   */
  readonly shapeWarmUp?: PlainBenchJob;
}

/** A job without the warm-up and milestone fields: what each warm-up trains. */
export type PlainBenchJob = Omit<BenchJob, 'warmUp' | 'milestoneGtol' | 'shapeWarmUp' | 'warmUpRuns' | 'warmUpSeconds'>;

export const WARM_UP_RUNS = 20;
/**
 * Why a time as well as a count: V8 compiles hot functions on a background thread and installs the
 * code when it is done. Twenty tiny trainings take ~15 ms, and `--trace-opt` showed the optimizer's
 * main loop (`lbfgs`) installed only after the fourth measured-shape training of small-10x16, so the
 * one timed training ran partly unoptimized (docs/performance.md, "The benchmark's warm-up"). One
 * second lets the compiler finish; the Python side waits the same second.
 */
export const WARM_UP_SECONDS = 1;
export const SHAPE_WARM_UP_ITERATIONS = 10;
const WARM_UP_REGIME: BenchRegime = { name: 'warm-up', tier: 'small', K: 3, n: 2, d: 4, lambdaW: 0.01, lambdaH: 0.01 };

export function benchJob(r: BenchRegime, seed: number, gtol: number, maxIterations: number, milestoneGtol?: number): BenchJob {
  return {
    ...plainJob(r, seed, gtol, maxIterations),
    milestoneGtol,
    warmUp: plainJob(WARM_UP_REGIME, seed + 1, gtol, maxIterations),
    warmUpRuns: WARM_UP_RUNS,
    warmUpSeconds: WARM_UP_SECONDS,
    shapeWarmUp: plainJob(r, seed + 2, gtol, SHAPE_WARM_UP_ITERATIONS),
  };
}

function plainJob(r: BenchRegime, seed: number, gtol: number, maxIterations: number): PlainBenchJob {
  const regime = { K: r.K, n: r.n, d: r.d, lambdaW: r.lambdaW, lambdaH: r.lambdaH };
  const [W, H] = randomInit(mseUfm, regime, createRng(restartSeed(seed, regime, 0)), DEFAULT_TRAIN_OPTIONS.initScale);
  return {
    K: r.K,
    classSizes: Array.from({ length: r.K }, () => r.n),
    d: r.d,
    lambdaW: r.lambdaW,
    lambdaH: r.lambdaH,
    gtol,
    maxIterations,
    W0: Array.from(W.data),
    H0: Array.from(H.data),
  };
}
