// Per-layer measurements of a trained network, as plain numbers: the NC
// metrics of docs/theorems.md §2 (MSE-aware variants) for the features
// of every layer, the spectra and frame errors of every weight matrix, and the
// classifier's alignment with the last features. Pure functions of matrices
// (Mat in, numbers out); the network code downloads the features and calls these.
import { gramOfColumns, gramOfRows, type Mat } from '../linalg/matrix.ts';
import { classMeans, centeredMeans } from './class-means.ts';
import { betweenClassCovariance, withinClassTrace } from './covariance.ts';
import { orthogonalFrameError, simplexEtfError } from './frames.ts';
import { classificationMargins, marginSummary, type MarginSummary } from './margins.ts';
import { nc1 } from './nc1.ts';
import { nccAgreement } from './ncc.ts';
import { selfDualityError } from './self-duality.ts';
import { relativeRank, singularSpectrum, stableRank } from './spectrum.ts';
import { crossClassActivation } from './supports.ts';
import { trace } from '../linalg/matrix.ts';

/** NC metrics of one layer's features H (d × N, columns class by class). */
export interface FeatureMeasures {
  /** PHD20 NC1 = Tr(Σ_W Σ_B^†)/K. */
  readonly nc1: number;
  /** THN23 ÑC1 = Tr Σ_W / Tr Σ_B. */
  readonly nc1TraceRatio: number;
  readonly withinClassTrace: number;
  readonly betweenClassTrace: number;
  /** Orthogonal-frame error of the uncentered class means' Gram H̄^T H̄. */
  readonly ofErrorMeans: number;
  /** Simplex-ETF error of the centered class means' Gram Ṁ^T Ṁ (THN23's NC2). */
  readonly etfErrorCentered: number;
  /** Cross-class activation of nonnegative class means (src/measure/supports.ts); NaN when some mean has a negative entry. */
  readonly crossClassActivation: number;
}

export function featureMeasures(H: Mat, classSizes: readonly number[]): FeatureMeasures {
  const Hbar = classMeans(H, classSizes);
  const tb = trace(betweenClassCovariance(Hbar));
  const tw = withinClassTrace(H, classSizes);
  const nonnegative = Hbar.data.every((v) => v >= 0);
  return {
    nc1: nc1(H, classSizes),
    nc1TraceRatio: tb === 0 ? NaN : tw / tb,
    withinClassTrace: tw,
    betweenClassTrace: tb,
    ofErrorMeans: orthogonalFrameError(gramOfColumns(Hbar)),
    etfErrorCentered: simplexEtfError(gramOfColumns(centeredMeans(Hbar))),
    crossClassActivation: nonnegative ? crossClassActivation(Hbar) : NaN,
  };
}

/** One weight matrix W (out × in, acting as W h). */
export interface WeightMeasures {
  readonly frobenius: number;
  /** Singular values, largest first. */
  readonly spectrum: readonly number[];
  /** Singular values above 1e-3 σ_max (WEIGHT_RANK_RTOL). */
  readonly rank: number;
  readonly stableRank: number;
  /** Frame errors of the rows' Gram W W^T. */
  readonly ofError: number;
  readonly etfError: number;
}

export function weightMeasures(W: Mat): WeightMeasures {
  const spectrum = singularSpectrum(W);
  const G = gramOfRows(W);
  return {
    frobenius: Math.sqrt(spectrum.reduce((s, v) => s + v * v, 0)),
    spectrum,
    rank: relativeRank(spectrum),
    stableRank: stableRank(spectrum),
    ofError: orthogonalFrameError(G),
    etfError: simplexEtfError(G),
  };
}

/** The classifier W (K × d) against the last features H (d × N) it reads, and the outputs it produces (K × N). */
export interface ClassifierMeasures {
  /** || W/||W||_F − H̄^T/||H̄||_F ||_F (uncentered: 0 at the bias-free and ReLU UFM minimizers). */
  readonly selfDuality: number;
  /** NC4: agreement of argmax outputs with the nearest class mean. */
  readonly nccAgreement: number;
  readonly margins: MarginSummary;
}

export function classifierMeasures(W: Mat, H: Mat, outputs: Mat, classSizes: readonly number[], labels: ArrayLike<number>, b?: Mat): ClassifierMeasures {
  return {
    selfDuality: selfDualityError(W, classMeans(H, classSizes)),
    nccAgreement: nccAgreement(W, H, b, classSizes),
    margins: marginSummary(classificationMargins(outputs, labels)),
  };
}
