// What a certifier proves: a global minimum and a minimizer, built explicitly.
// Below the models (which offer `certify`) so certifiers never import a model.
import type { Mat } from '../linalg/matrix.ts';

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
