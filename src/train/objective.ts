// What an optimizer needs from a model: the shapes of its parameter blocks and
// its objective with analytic gradient on a backend. Models (src/models) provide
// it; the trainers here depend on this interface only, never on a model.
import type { Backend } from '../backend/backend.ts';
import type { Regime } from '../regime/regime.ts';

export interface BlockSpec {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  /**
   * Diagonal preconditioner weight for this block. Optimizers scale the block's
   * gradient by it, and the stopping certificate measures the gradient in the
   * same metric, ||g||_P = sqrt(Σ_b metric_b ||g_b||²). For the UFMs it undoes
   * the block's normalization factor (1/K on W, 1/N on H), which would otherwise
   * make the H-gradient n times smaller than W's and the certificate n-dependent.
   */
  readonly metric: number;
}

export interface LossAndGradient<T> {
  readonly loss: number;
  readonly gradient: T[];
}

/**
 * A fused float64 evaluation on one flat vector: the blocks concatenated in
 * block order, each row-major. Offered by models that have a fused host kernel,
 * on float64 backends only; trainers use it instead of the per-kernel path
 * (same objective, fewer passes over memory, no allocation).
 */
export interface FlatObjective {
  /** Length of the flat parameter vector. */
  readonly size: number;
  /** Writes ∇L(x) into g and returns L(x). */
  evaluate(x: Float64Array, g: Float64Array): number;
  /** Releases workspace held outside the JavaScript heap (WebAssembly memory). */
  dispose?(): void;
  /**
   * True when evaluate performs exactly the floating-point operations of the
   * model's per-kernel path on cpu-f64, in the same order (bit-identical
   * results, only less overhead). Trainers then keep the block space's
   * summation order in the flat space too (blockOrderFlatSpace), so a run is
   * bit-identical to the per-kernel run.
   */
  readonly blockOrder?: boolean;
}

export interface Objective<T> {
  loss(params: readonly T[]): number;
  lossAndGradient(params: readonly T[]): LossAndGradient<T>;
  /** Frees backend memory held by the objective (labels and the like). */
  dispose(): void;
  /** The fused host kernel, where the model has one and the backend is float64. */
  readonly flat?: FlatObjective;
}

/** The part of a model that training uses (src/models/model.ts extends it). */
export interface Trainable {
  blocks(regime: Regime): BlockSpec[];
  objective<T>(backend: Backend<T>, regime: Regime): Objective<T>;
}
