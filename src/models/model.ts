// What every model gives the rest of the pipeline: its exact objective and
// analytic gradient on any backend, the shapes of its parameter blocks, a
// host-side view of a solution for measurement, identities that hold at every
// critical point, and — where the model admits one — an independent
// certificate of the global minimum.
import type { Backend } from '../backend/backend.ts';
import type { Mat } from '../linalg/matrix.ts';
import type { ParameterSpecs } from '../regime/parameters.ts';
import type { Regime } from '../regime/regime.ts';
import type { Certificate } from '../certify/certificate.ts';
import type { BlockSpec, Objective, Trainable } from '../train/objective.ts';

// The objective's and the certificate's types live below the models (train/, certify/),
// which use them without knowing any model; re-exported for the models' users.
export type { Certificate } from '../certify/certificate.ts';
export type { BlockSpec, FlatObjective, LossAndGradient, Objective, Trainable } from '../train/objective.ts';

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

export interface Model extends Trainable {
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
