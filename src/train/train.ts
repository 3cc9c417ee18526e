// Training a model on a regime from random initializations: several restarts,
// each recorded individually, each seeded from (base seed, regime, restart) so
// any single restart replays on its own.
import type { Backend } from '../backend/backend.ts';
import { mat, transpose, type Mat } from '../linalg/matrix.ts';
import { randomOrthonormalColumns } from '../linalg/random-orthonormal.ts';
import type { BlockSpec, FlatObjective, Trainable } from './objective.ts';
import { createRng, deriveSeed, type Rng } from '../random/rng.ts';
import { regimeKey, type Regime } from '../regime/regime.ts';
import { gd } from './gd.ts';
import { lbfgs } from './lbfgs.ts';
import { DEFAULT_LINE_SEARCH } from './line-search.ts';
import { effectiveTolerance, ROUNDING_SLACK, type TracePoint, type TrainResult, type TrainStatus } from './outcome.ts';
import { blockObjective, blockOrderFlatSpace, blockSpace, flatSpace, flatSpaceObjective, type FlatSpace } from './space.ts';
import { wasmFlatSpace } from './space-wasm.ts';
import { chunkedWasmFlatSpace } from './space-wasm-chunked.ts';
import { wasmHeap } from '../linalg/wasm/heap.ts';

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
  /** Called after every accepted iteration. */
  readonly onIteration?: (iteration: number, loss: number, gradNorm: number) => void;
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
  /** The first phase of a float32 → float64 refinement, when the backend has a warm start. */
  readonly warmStart?: { readonly backend: string; readonly status: TrainStatus; readonly iterations: number; readonly seconds: number; readonly gradNorm: number };
}

/** I.i.d. N(0, scale²) entries in every block: no structure of any theorem goes in. */
export function randomInit(model: Trainable, regime: Regime, rng: Rng, scale: number): Mat[] {
  return model.blocks(regime).map((b) => {
    const m = mat(b.rows, b.cols);
    for (let i = 0; i < m.data.length; i++) m.data[i] = scale * rng.normal();
    return m;
  });
}

/**
 * Random orthogonal blocks (Saxe, McClelland & Ganguli 2014): each block s·sqrt(max(rows, cols))·Q
 * with Q's columns (or rows) orthonormal, drawn from the Haar measure by QR of a Gaussian matrix.
 * Every singular value of a block is the same, so no singular direction of a product of blocks
 * starts near zero, where a deep linear UFM has a local minimum; the squared Frobenius norm is an
 * i.i.d. N(0, s²) block's expected one (rows·cols·s²). Random, never the answer.
 */
export function randomOrthogonalInit(model: Trainable, regime: Regime, rng: Rng, scale: number): Mat[] {
  return model.blocks(regime).map((b) => {
    const q = b.rows >= b.cols ? randomOrthonormalColumns(b.rows, b.cols, rng) : transpose(randomOrthonormalColumns(b.cols, b.rows, rng));
    const f = scale * Math.sqrt(Math.max(b.rows, b.cols));
    return mat(b.rows, b.cols, q.data.map((v) => f * v));
  });
}

/**
 * I.i.d. |N(0, scale²)| entries (half-normal) in every block. For a ReLU layer every pre-activation
 * of the start is nonnegative, so training begins where the network acts linearly and no hidden unit
 * starts dead; the extra restarts of uncertified ReLU regimes use it (verify/extra-restarts.ts).
 * Random, never the answer: the entries are i.i.d., and a minimizer's blocks (TB22-R's H̄1 = s_H R,
 * W1 = s_1 E Rᵀ with R Haar-distributed) have entries of both signs.
 */
export function randomNonnegativeInit(model: Trainable, regime: Regime, rng: Rng, scale: number): Mat[] {
  return randomInit(model, regime, rng, scale).map((m) => mat(m.rows, m.cols, m.data.map(Math.abs)));
}

export function restartSeed(baseSeed: number, regime: Regime, restart: number): number {
  return deriveSeed(baseSeed, regimeKey(regime), 'restart', restart);
}

/**
 * Restart `restart` from its own seed. Its start is i.i.d. Gaussian at the options' scale schedule
 * (initScales cycled, else initScale) unless `initialize` draws another from the same seeded
 * stream (the extra restarts of verify/extra-restarts.ts).
 */
export function trainOnce<T>(
  backend: Backend<T>,
  model: Trainable,
  regime: Regime,
  options: TrainOptions,
  restart: number,
  initialize?: (rng: Rng) => Mat[],
): TrainedRestart {
  const seed = restartSeed(options.seed, regime, restart);
  const scale = options.initScales?.length ? options.initScales[restart % options.initScales.length] : options.initScale;
  const init = initialize === undefined ? randomInit(model, regime, createRng(seed), scale) : initialize(createRng(seed));
  return { restart, seed, ...trainFrom(backend, model, regime, options, init) };
}

export type TrainedRun = Omit<TrainedRestart, 'restart' | 'seed'>;

/**
 * Trains from the given starting blocks (host float64). A backend with a
 * warmStart trains there first and finishes here (float32 → float64
 * refinement). Float64 backends use the model's fused host kernel when it has
 * one (Objective.flat), in a flat vector space; everything else runs kernel by
 * kernel on backend blocks.
 */
export function trainFrom<T>(backend: Backend<T>, model: Trainable, regime: Regime, options: TrainOptions, init: readonly Mat[]): TrainedRun {
  if (backend.warmStart === undefined) return trainOn(backend, model, regime, options, init);
  const first = trainOn(backend.warmStart, model, regime, { ...options, onIteration: undefined }, init);
  const usable = first.params.every((m) => m.data.every(Number.isFinite));
  const second = trainOn(backend, model, regime, options, usable ? first.params : init);
  return {
    ...second,
    reason: `${second.reason} (after ${first.iterations} iterations on ${backend.warmStart.name}: ${first.status}${usable ? '' : ', discarded'})`,
    iterations: first.iterations + second.iterations,
    evaluations: first.evaluations + second.evaluations,
    seconds: first.seconds + second.seconds,
    trace: [...first.trace, ...second.trace.map((p) => ({ ...p, iteration: p.iteration + first.iterations }))],
    warmStart: { backend: backend.warmStart.name, status: first.status, iterations: first.iterations, seconds: first.seconds, gradNorm: first.gradNorm },
  };
}

function trainOn<T>(backend: Backend<T>, model: Trainable, regime: Regime, options: TrainOptions, init: readonly Mat[]): TrainedRun {
  const blocks = model.blocks(regime);
  const metric = blocks.map((b) => b.metric);
  const objective = model.objective(backend, regime);
  const stopping = {
    gradientTolerance: effectiveTolerance(options.gradientTolerance, backend.dtype),
    maxIterations: options.maxIterations,
    traceEvery: options.traceEvery,
    onIteration: options.onIteration,
    approximateSlack: ROUNDING_SLACK[backend.dtype],
    lineSearch: { ...DEFAULT_LINE_SEARCH, approximateSlack: ROUNDING_SLACK[backend.dtype] },
  };
  try {
    if (objective.flat !== undefined) {
      const sizes = blocks.map((b) => b.rows * b.cols);
      const space = flatSpaceFor(objective.flat, sizes, metric);
      try {
        const f = flatSpaceObjective(space, objective.flat);
        const x0 = space.take();
        x0.set(packBlocks(init));
        const r = options.optimizer === 'gd' ? gd(space, f, x0, stopping) : lbfgs(space, f, x0, stopping);
        return { ...summary(r), params: unpackBlocks(r.params, blocks) };
      } finally {
        space.dispose();
      }
    }
    const space = blockSpace(backend, metric);
    const f = blockObjective(backend, objective);
    const x0 = init.map((m) => backend.upload(m));
    const r = options.optimizer === 'gd' ? gd(space, f, x0, stopping) : lbfgs(space, f, x0, stopping);
    const params = r.params.map((t) => backend.download(t));
    space.release(r.params);
    return { ...summary(r), params };
  } finally {
    objective.dispose();
  }
}

/**
 * A kernel that replicates the per-kernel arithmetic (blockOrder) keeps the block space's summation
 * order, so its runs stay bit-identical to per-kernel runs; other kernels get the fastest flat space.
 */
function flatSpaceFor(flat: FlatObjective, sizes: readonly number[], metric: readonly number[]): FlatSpace {
  if (flat.blockOrder === true) return blockOrderFlatSpace(sizes, metric);
  const heap = wasmHeap();
  if (heap === undefined) return flatSpace(sizes, metric);
  return heap.path === 'wasm-par' ? chunkedWasmFlatSpace(heap, sizes, metric) : wasmFlatSpace(heap, sizes, metric);
}

function summary<P>(r: TrainResult<P>): Omit<TrainedRun, 'params'> {
  return {
    status: r.status,
    reason: r.reason,
    loss: r.loss,
    gradNorm: r.gradNorm,
    iterations: r.iterations,
    evaluations: r.evaluations,
    seconds: r.seconds,
    trace: r.trace,
  };
}

/** Blocks concatenated row-major in block order (the FlatObjective layout). */
export function packBlocks(blocks: readonly Mat[]): Float64Array {
  const out = new Float64Array(blocks.reduce((s, b) => s + b.data.length, 0));
  let offset = 0;
  for (const b of blocks) {
    out.set(b.data, offset);
    offset += b.data.length;
  }
  return out;
}

export function unpackBlocks(x: Float64Array, blocks: readonly BlockSpec[]): Mat[] {
  let offset = 0;
  return blocks.map((b) => {
    const m = mat(b.rows, b.cols, x.subarray(offset, offset + b.rows * b.cols));
    offset += b.rows * b.cols;
    return m;
  });
}

export function trainRestarts<T>(backend: Backend<T>, model: Trainable, regime: Regime, options: TrainOptions): TrainedRestart[] {
  return Array.from({ length: options.restarts }, (_, r) => trainOnce(backend, model, regime, options, r));
}
