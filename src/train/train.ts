// Training a model on a regime from random initializations: several restarts,
// each recorded individually, each seeded from (base seed, regime, restart) so
// any single restart replays on its own.
import type { Backend } from '../backend/backend.ts';
import { mat, type Mat } from '../linalg/matrix.ts';
import type { Model } from '../models/model.ts';
import { createRng, deriveSeed, type Rng } from '../random/rng.ts';
import { regimeKey, type Regime } from '../regime/regime.ts';
import { minimizeGd } from './gd.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import type { TracePoint, TrainStatus } from './outcome.ts';

export type OptimizerName = 'lbfgs' | 'gd';
export const OPTIMIZERS: readonly OptimizerName[] = ['lbfgs', 'gd'];

export interface TrainOptions {
  readonly optimizer: OptimizerName;
  /** Stopping certificate ||∇L||_P ≤ gradientTolerance · max(1, |L|). */
  readonly gradientTolerance: number;
  readonly maxIterations: number;
  /** Standard deviation of the i.i.d. Gaussian initialization of every block. */
  readonly initScale: number;
  /**
   * Per-restart standard deviations (restart r uses initScales[r mod length]),
   * overriding initScale: multi-scale random restarts. Depth ≥ 3 has a local
   * minimum at 0 and nonzero local minima away from it (§3 TB22-E pitfall), so
   * a schedule such as [1, 1, 1, 0.01] lets some restart reach either basin —
   * still i.i.d. Gaussian, never the answer.
   */
  readonly initScales?: readonly number[];
  readonly restarts: number;
  readonly seed: number;
  readonly traceEvery?: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  optimizer: 'lbfgs',
  gradientTolerance: 1e-13,
  maxIterations: 20000,
  initScale: 0.5,
  restarts: 3,
  seed: 1,
  traceEvery: 50,
};

export interface TrainedRestart {
  readonly restart: number;
  readonly seed: number;
  readonly status: TrainStatus;
  readonly reason: string;
  readonly loss: number;
  readonly gradNorm: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly seconds: number;
  /** The endpoint, block by block, as float64 host matrices. */
  readonly params: Mat[];
  readonly trace: TracePoint[];
}

/** I.i.d. N(0, scale²) entries in every block: no structure of any theorem goes in. */
export function randomInit(model: Model, regime: Regime, rng: Rng, scale: number): Mat[] {
  return model.blocks(regime).map((b) => {
    const m = mat(b.rows, b.cols);
    for (let i = 0; i < m.data.length; i++) m.data[i] = scale * rng.normal();
    return m;
  });
}

export function restartSeed(baseSeed: number, regime: Regime, restart: number): number {
  return deriveSeed(baseSeed, regimeKey(regime), 'restart', restart);
}

export function trainOnce<T>(
  backend: Backend<T>,
  model: Model,
  regime: Regime,
  options: TrainOptions,
  restart: number,
): TrainedRestart {
  const seed = restartSeed(options.seed, regime, restart);
  const scale = options.initScales?.length ? options.initScales[restart % options.initScales.length] : options.initScale;
  const init = randomInit(model, regime, createRng(seed), scale).map((m) => backend.upload(m));
  const metric = model.blocks(regime).map((b) => b.metric);
  const objective = model.objective(backend, regime);
  const minimize = options.optimizer === 'gd' ? minimizeGd : minimizeLbfgs;
  try {
    const r = minimize(backend, objective, init, metric, {
      gradientTolerance: options.gradientTolerance,
      maxIterations: options.maxIterations,
      traceEvery: options.traceEvery,
    });
    return {
      restart,
      seed,
      status: r.status,
      reason: r.reason,
      loss: r.loss,
      gradNorm: r.gradNorm,
      iterations: r.iterations,
      evaluations: r.evaluations,
      seconds: r.seconds,
      params: r.params.map((t) => backend.download(t)),
      trace: r.trace,
    };
  } finally {
    objective.dispose();
  }
}

export function trainRestarts<T>(backend: Backend<T>, model: Model, regime: Regime, options: TrainOptions): TrainedRestart[] {
  return Array.from({ length: options.restarts }, (_, r) => trainOnce(backend, model, regime, options, r));
}
