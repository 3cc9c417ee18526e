// The NC measurement set from a streaming pass's statistics (class means,
// Σ_W, sizes) instead of the full feature matrix — the same quantities, under
// the same JSON names, as src/measure/measurements.ts and network-layers.ts
// compute for nc-check's own networks, with PHD20's definitional variants made
// explicit (docs/measure.md):
//   - the global mean h̄_G: the mean of the class means (nc-check's convention,
//     which Σ_B = (1/K) Σ_k (h̄_k − h̄_G)(…)^T weighs classes equally with) or
//     the sample mean (PHD20's μ_G = Ave_{i,c} h_{i,c}); equal when balanced;
//   - NC3 squared (PHD20's plotted ||W^T/||W|| − Ṁ/||Ṁ|| ||_F²) or not;
//   - Σ_W over samples (PHD20) or over classes (src/measure/streaming.ts).
import { centering, frobeniusNorm, gramOfColumns, gramOfRows, identity, matmul, mat, normalized, scale, sub, trace, transpose, type Mat } from '../linalg/matrix.ts';
import { numericalRank, pseudoInverse } from '../linalg/decompositions.ts';
import { equinormVariation, maxAngleDeviation, orthogonalFrameError, simplexEtfError } from './frames.ts';
import { offDiagonalRatio, supportOverlap } from './layers.ts';
import { RANK_TOLERANCE } from './measurements.ts';
import { weightMeasures, type WeightMeasures } from './network-layers.ts';
import { selfDualityError } from './self-duality.ts';
import type { ClassStatistics } from './streaming.ts';
import { crossClassActivation } from './supports.ts';

export type GlobalMean = 'class-means' | 'samples';

export interface Definitions {
  readonly globalMean: GlobalMean;
  readonly nc3: 'squared' | 'plain';
  readonly within: 'samples' | 'classes';
}

export const DEFAULT_DEFINITIONS: Definitions = { globalMean: 'class-means', nc3: 'squared', within: 'samples' };

/** h̄_G as chosen (d × 1). */
export function globalMeanOf(s: Pick<ClassStatistics, 'Hbar' | 'classSizes'>, how: GlobalMean): Mat {
  const { Hbar, classSizes } = s;
  const K = Hbar.cols;
  const N = classSizes.reduce((a, n) => a + n, 0);
  const g = mat(Hbar.rows, 1);
  for (let i = 0; i < Hbar.rows; i++) {
    let v = 0;
    for (let k = 0; k < K; k++) v += Hbar.data[i * K + k] * (how === 'samples' ? classSizes[k] / N : 1 / K);
    g.data[i] = v;
  }
  return g;
}

/** Ṁ = H̄ − h̄_G 1^T. */
export function centeredAbout(Hbar: Mat, g: Mat): Mat {
  const M = mat(Hbar.rows, Hbar.cols, Hbar.data);
  for (let i = 0; i < Hbar.rows; i++) for (let k = 0; k < Hbar.cols; k++) M.data[i * Hbar.cols + k] -= g.data[i];
  return M;
}

/**
 * PHD20's NC1 = Tr(Σ_W Σ_B^†)/K without a d × d pseudo-inverse: with
 * Σ_B = Ṁ Ṁ^T/K and G = Ṁ^T Ṁ (K × K), (Ṁ Ṁ^T)^† = Ṁ G^†² Ṁ^T, so
 * NC1 = Tr(G^† (Ṁ^T Σ_W Ṁ) G^†) — O(d²K) instead of an SVD of Σ_B.
 */
export function nc1FromCenteredMeans(SigmaW: Mat, M: Mat): number {
  const Gp = pseudoInverse(gramOfColumns(M));
  const A = matmul(transpose(M), matmul(SigmaW, M));
  return trace(matmul(Gp, matmul(A, Gp)));
}

/** Metrics of the features alone (FeatureMeasures' names, plus PHD20's NC2 statistics). */
export function featureMetrics(s: ClassStatistics, defs: Definitions = DEFAULT_DEFINITIONS): Record<string, number> {
  const K = s.classSizes.length;
  const g = globalMeanOf(s, defs.globalMean);
  const M = centeredAbout(s.Hbar, g);
  const tb = trace(gramOfColumns(M)) / K;
  const tw = trace(s.SigmaW);
  const HbarTHbar = gramOfColumns(s.Hbar);
  const MtM = gramOfColumns(M);
  return {
    nc1: tb === 0 ? NaN : nc1FromCenteredMeans(s.SigmaW, M),
    nc1TraceRatio: tb === 0 ? NaN : tw / tb,
    withinClassTrace: tw,
    betweenClassTrace: tb,
    ofErrorMeans: orthogonalFrameError(HbarTHbar),
    ofErrorHbar: orthogonalFrameError(HbarTHbar),
    etfErrorHbar: simplexEtfError(HbarTHbar),
    etfErrorCentered: simplexEtfError(MtM),
    equinormMeans: equinormVariation(Array.from({ length: K }, (_, k) => MtM.data[k * K + k])),
    maxAngleCentered: maxAngleDeviation(MtM),
    crossClassActivation: s.min >= 0 ? crossClassActivation(s.Hbar) : NaN,
    supportOverlap: supportOverlap(s.Hbar),
    offDiagonalRatio: offDiagonalRatio(HbarTHbar),
    globalMeanNormSq: frobeniusNorm(g) ** 2,
    HnormSq: s.sumSquares,
  };
}

/** Metrics of the classifier W (K × d) against the features it reads (Measurements' names). */
export function classifierMetrics(s: ClassStatistics, W: Mat, defs: Definitions = DEFAULT_DEFINITIONS): Record<string, number> {
  const K = W.rows;
  const M = centeredAbout(s.Hbar, globalMeanOf(s, defs.globalMean));
  const WWt = gramOfRows(W);
  const WHbar = matmul(W, s.Hbar);
  const WM = matmul(W, M);
  const nc3 = frobeniusNorm(W) === 0 || frobeniusNorm(M) === 0 ? NaN : frobeniusNorm(sub(normalized(transpose(W)), normalized(M)));
  return {
    ofErrorW: orthogonalFrameError(WWt),
    etfErrorW: simplexEtfError(WWt),
    ofErrorWHbar: orthogonalFrameError(WHbar),
    etfErrorWHbar: simplexEtfError(WHbar),
    selfDuality: selfDualityError(W, s.Hbar),
    phdNc3: defs.nc3 === 'squared' ? nc3 ** 2 : nc3,
    centeredLogitEtfError: frobeniusNorm(WM) === 0 ? NaN : frobeniusNorm(sub(normalized(WM), scale(centering(K), 1 / Math.sqrt(K - 1)))),
    logitOrthogonalFrameError: frobeniusNorm(WHbar) === 0 ? NaN : frobeniusNorm(sub(normalized(WHbar), scale(identity(K), 1 / Math.sqrt(K)))),
    rankWHbar: numericalRank(WHbar, RANK_TOLERANCE),
    WnormSq: frobeniusNorm(W) ** 2,
  };
}

/** A weight matrix's spectrum statistics (WeightMeasures' names). */
export function weightMetrics(W: Mat): WeightMeasures {
  return weightMeasures(W);
}
