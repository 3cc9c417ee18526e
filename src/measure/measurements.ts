// Everything verification measures on one solution, in one record. Only
// rotation-invariant quantities and same-coordinate relations are meant to be
// compared with predictions (docs/theorems.md §1.4); the raw blocks ride
// along for clauses that state such relations (e.g. W − κ H̄^T).
import { add, frobeniusNorm, gramOfColumns, gramOfRows, matmul, trace, type Mat } from '../linalg/matrix.ts';
import { numericalRank } from '../linalg/decompositions.ts';
import type { LayerView } from '../models/model.ts';
import { centeredMeans, classMeans, globalMean } from './class-means.ts';
import { betweenClassCovariance, withinClassTrace } from './covariance.ts';
import { equinormVariation, maxAngleDeviation, orthogonalFrameError, simplexEtfError } from './frames.ts';
import { nc1, nc1TraceRatio } from './nc1.ts';
import { nccAgreement } from './ncc.ts';
import { layerMetrics, measureLayer, type LayerMeasurement } from './layers.ts';
import { centeredLogitEtfError, logitOrthogonalFrameError, phdNc3, selfDualityError } from './self-duality.ts';

/** Rank cut-off for W H̄: singular values above max(1e-8, 1e-6 σ_max) count. */
export const RANK_TOLERANCE = { atol: 1e-8, rtol: 1e-6 } as const;

export interface Measurements {
  readonly loss: number;
  /** Raw blocks (not rotation-invariant on their own). */
  readonly W: Mat;
  readonly H: Mat;
  readonly Hbar: Mat;
  readonly b?: Mat;
  /** W W^T (K x K). */
  readonly WWt: Mat;
  /** H̄^T H̄ (K x K). */
  readonly HbarTHbar: Mat;
  /** W H̄ (K x K). */
  readonly WHbar: Mat;
  /** Ṁ^T Ṁ, Gram of the centered class means (K x K). */
  readonly MbarTMbar: Mat;
  /** Class-mean logits W H̄ + b 1_K^T (K x K); equals W H̄ without bias. */
  readonly logitMeans: Mat;
  readonly globalMean: Mat;
  readonly globalMeanNormSq: number;
  readonly WnormSq: number;
  readonly HnormSq: number;
  readonly withinClassTrace: number;
  readonly betweenClassTrace: number;
  /** PHD20 NC1 = Tr(Σ_W Σ_B^†)/K. */
  readonly nc1: number;
  /** THN23 ÑC1 = Tr Σ_W / Tr Σ_B. */
  readonly nc1TraceRatio: number;
  /** Frame errors (src/measure/frames.ts) of each Gram: H̄^T H̄, Ṁ^T Ṁ, W W^T, W H̄. */
  readonly ofErrorHbar: number;
  readonly etfErrorHbar: number;
  readonly etfErrorCentered: number;
  readonly ofErrorW: number;
  readonly etfErrorW: number;
  readonly ofErrorWHbar: number;
  readonly etfErrorWHbar: number;
  readonly equinormMeans: number;
  readonly maxAngleCentered: number;
  readonly selfDuality: number;
  readonly phdNc3: number;
  readonly centeredLogitEtfError: number;
  readonly logitOrthogonalFrameError: number;
  readonly nccAgreement: number;
  readonly rankWHbar: number;
  /** Identities that hold at every critical point of the model, e.g. balancedness. */
  readonly criticalPoint: Readonly<Record<string, number>>;
  /** Layered models: one entry per layer, H1/W1 first (src/measure/layers.ts). */
  readonly layers?: readonly LayerMeasurement[];
}

export function measure(view: LayerView, loss: number, criticalPoint: Record<string, number> = {}): Measurements {
  const { W, H, b, classSizes } = view;
  const Hbar = classMeans(H, classSizes);
  const M = centeredMeans(Hbar);
  const WHbar = matmul(W, Hbar);
  const K = classSizes.length;
  let logitMeans = WHbar;
  if (b !== undefined) {
    const ones = { rows: 1, cols: K, data: new Float64Array(K).fill(1) };
    logitMeans = add(WHbar, matmul(b, ones));
  }
  const g = globalMean(Hbar);
  const WWt = gramOfRows(W);
  const HbarTHbar = gramOfColumns(Hbar);
  const MbarTMbar = gramOfColumns(M);
  return {
    loss,
    W,
    H,
    Hbar,
    b,
    WWt,
    HbarTHbar,
    WHbar,
    MbarTMbar,
    logitMeans,
    globalMean: g,
    globalMeanNormSq: frobeniusNorm(g) ** 2,
    WnormSq: frobeniusNorm(W) ** 2,
    HnormSq: frobeniusNorm(H) ** 2,
    withinClassTrace: withinClassTrace(H, classSizes),
    betweenClassTrace: trace(betweenClassCovariance(Hbar)),
    nc1: nc1(H, classSizes),
    nc1TraceRatio: nc1TraceRatio(H, classSizes),
    ofErrorHbar: orthogonalFrameError(HbarTHbar),
    etfErrorHbar: simplexEtfError(HbarTHbar),
    etfErrorCentered: simplexEtfError(MbarTMbar),
    ofErrorW: orthogonalFrameError(WWt),
    etfErrorW: simplexEtfError(WWt),
    ofErrorWHbar: orthogonalFrameError(WHbar),
    etfErrorWHbar: simplexEtfError(WHbar),
    equinormMeans: equinormVariation(Array.from({ length: K }, (_, k) => MbarTMbar.data[k * K + k])),
    maxAngleCentered: maxAngleDeviation(MbarTMbar),
    selfDuality: selfDualityError(W, Hbar),
    phdNc3: phdNc3(W, Hbar),
    centeredLogitEtfError: centeredLogitEtfError(W, Hbar),
    logitOrthogonalFrameError: logitOrthogonalFrameError(W, Hbar),
    nccAgreement: nccAgreement(W, H, b, classSizes),
    rankWHbar: numericalRank(WHbar, RANK_TOLERANCE),
    criticalPoint,
    layers: view.layers?.map((l) => measureLayer(l, classSizes)),
  };
}

/** The scalar NC metrics of a measurement, for JSON output (NaN becomes null there). */
export function scalarMetrics(m: Measurements): Record<string, number> {
  return {
    nc1: m.nc1,
    nc1TraceRatio: m.nc1TraceRatio,
    ofErrorHbar: m.ofErrorHbar,
    etfErrorHbar: m.etfErrorHbar,
    etfErrorCentered: m.etfErrorCentered,
    ofErrorW: m.ofErrorW,
    etfErrorW: m.etfErrorW,
    ofErrorWHbar: m.ofErrorWHbar,
    etfErrorWHbar: m.etfErrorWHbar,
    equinormMeans: m.equinormMeans,
    maxAngleCentered: m.maxAngleCentered,
    selfDuality: m.selfDuality,
    phdNc3: m.phdNc3,
    centeredLogitEtfError: m.centeredLogitEtfError,
    logitOrthogonalFrameError: m.logitOrthogonalFrameError,
    nccAgreement: m.nccAgreement,
    rankWHbar: m.rankWHbar,
    globalMeanNormSq: m.globalMeanNormSq,
    WnormSq: m.WnormSq,
    HnormSq: m.HnormSq,
    withinClassTrace: m.withinClassTrace,
    betweenClassTrace: m.betweenClassTrace,
    ...(m.layers === undefined ? {} : layerMetrics(m.layers)),
    ...m.criticalPoint,
  };
}
