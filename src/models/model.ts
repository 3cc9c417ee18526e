// What every model gives the rest of the pipeline: its exact objective and
// analytic gradient on any backend, the shapes of its parameter blocks, a
// host-side view of a solution for measurement, identities that hold at every
// critical point, and — where the model admits one — an independent
// certificate of the global minimum.
import type { Backend } from '../backend/backend.ts';
import type { Mat } from '../linalg/matrix.ts';
import type { ParameterSpecs } from '../regime/parameters.ts';
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
}

export interface Objective<T> {
  loss(params: readonly T[]): number;
  lossAndGradient(params: readonly T[]): LossAndGradient<T>;
  /** Frees backend memory held by the objective (labels and the like). */
  dispose(): void;
  /** The fused host kernel, where the model has one and the backend is float64. */
  readonly flat?: FlatObjective;
}

/**
 * One layer of a layered model: the features H entering it (d x N, class by
 * class) and the weight W applied to them. Names follow the interface
 * convention "from the features upward": H1/W1 is the bottom layer.
 */
export interface LayerFeatures {
  /** "H1", "H2", …: the features entering this layer (post-activation for l ≥ 2). */
  readonly name: string;
  /** "W1", "W2", …: the weight of this layer. */
  readonly weightName: string;
  readonly H: Mat;
  readonly W: Mat;
}

/** A solution seen as a one-hidden-representation classifier: logits = W H + b 1^T. */
export interface LayerView {
  /** Classifier, K x d. */
  readonly W: Mat;
  /** Features entering the classifier, d x N, ordered class by class. */
  readonly H: Mat;
  /** Bias, K x 1, when the model has one. */
  readonly b?: Mat;
  readonly classSizes: readonly number[];
  /**
   * Layered models only: every layer from the bottom (H1, W1) to the classifier
   * (the last entry's W and H are the W and H above).
   */
  readonly layers?: readonly LayerFeatures[];
}

/** A global minimum certified independently of any theorem. */
export interface Certificate {
  readonly loss: number;
  /** A global minimizer, block by block, built explicitly (evaluated through the model like any solution). */
  readonly minimizer: Mat[];
  /** False when the minimizer is not unique up to the model's symmetries (e.g. tied singular values). */
  readonly unique: boolean;
  /** How it was obtained, for reports. */
  readonly method: string;
}

export interface Model {
  readonly id: string;
  readonly title: string;
  /** The objective, exactly as coded, in the notation of docs/theorems.md. */
  readonly normalization: string;
  readonly parameters: ParameterSpecs;
  /** Cross-parameter checks the specs cannot express (throws RegimeError). */
  checkRegime(regime: Regime): void;
  blocks(regime: Regime): BlockSpec[];
  objective<T>(backend: Backend<T>, regime: Regime): Objective<T>;
  view(regime: Regime, params: readonly Mat[]): LayerView;
  /**
   * Residuals of identities that hold at every critical point of this model
   * (e.g. balancedness), each normalized to be O(1)-relative.
   */
  criticalPointResiduals(regime: Regime, params: readonly Mat[]): Record<string, number>;
  certify?(regime: Regime): Certificate | undefined;
}
