// Per-layer measurements of a layered model (deep linear / deep ReLU UFMs),
// named by the interface convention "from the features upward": for layer l,
// H_l are the features entering it and W_l its weight. Deep neural collapse
// (TB22-E, DER-DL, SML23) is a statement about every layer at once, so each
// layer gets its own rotation-invariant Grams, collapse metric and, for
// post-ReLU features, a disjoint-support statistic (§3 TB22-R, §6 SML23).
import { gramOfColumns, gramOfRows, matmul, type Mat } from '../linalg/matrix.ts';
import type { LayerFeatures } from '../models/model.ts';
import { classMeans } from './class-means.ts';
import { nc1TraceRatio } from './nc1.ts';

export interface LayerMeasurement {
  /** "H1", "H2", … */
  readonly name: string;
  /** "W1", "W2", … */
  readonly weightName: string;
  readonly W: Mat;
  readonly Hbar: Mat;
  /** H̄_l^T H̄_l (K x K). */
  readonly HbarTHbar: Mat;
  /** W_l W_l^T (rows of W_l). */
  readonly WWt: Mat;
  /** W_l H̄_l: the class means of the next layer's pre-activations. */
  readonly WHbar: Mat;
  /** ÑC1 = Tr Σ_W / Tr Σ_B of H_l. */
  readonly nc1TraceRatio: number;
  /**
   * Disjoint supports of the class means: max over units i of the second
   * largest |h̄_{l,ik}| over classes k, divided by the largest |entry| of H̄_l.
   * 0 exactly when every unit is active for at most one class.
   */
  readonly supportOverlap: number;
  /** max_{k≠k'} |(H̄^T H̄)_{kk'}| / max_k (H̄^T H̄)_{kk}: 0 for orthogonal class means. */
  readonly offDiagonalRatio: number;
}

export function supportOverlap(Hbar: Mat): number {
  let largest = 0;
  let worst = 0;
  for (let i = 0; i < Hbar.rows; i++) {
    let first = 0;
    let second = 0;
    for (let k = 0; k < Hbar.cols; k++) {
      const v = Math.abs(Hbar.data[i * Hbar.cols + k]);
      if (v > first) [first, second] = [v, first];
      else if (v > second) second = v;
    }
    largest = Math.max(largest, first);
    worst = Math.max(worst, second);
  }
  return largest === 0 ? NaN : worst / largest;
}

export function offDiagonalRatio(G: Mat): number {
  let diag = 0;
  let off = 0;
  for (let i = 0; i < G.rows; i++) {
    for (let j = 0; j < G.cols; j++) {
      const v = Math.abs(G.data[i * G.cols + j]);
      if (i === j) diag = Math.max(diag, v);
      else off = Math.max(off, v);
    }
  }
  return diag === 0 ? NaN : off / diag;
}

export function measureLayer(layer: LayerFeatures, classSizes: readonly number[]): LayerMeasurement {
  const Hbar = classMeans(layer.H, classSizes);
  const HbarTHbar = gramOfColumns(Hbar);
  return {
    name: layer.name,
    weightName: layer.weightName,
    W: layer.W,
    Hbar,
    HbarTHbar,
    WWt: gramOfRows(layer.W),
    WHbar: matmul(layer.W, Hbar),
    nc1TraceRatio: nc1TraceRatio(layer.H, classSizes),
    supportOverlap: supportOverlap(Hbar),
    offDiagonalRatio: offDiagonalRatio(HbarTHbar),
  };
}

/** The per-layer Grams under their stable machine-interface names: W1W1t, H1barTH1bar, W1H1bar, … */
export function layerGrams(layers: readonly LayerMeasurement[]): Record<string, Mat> {
  const out: Record<string, Mat> = {};
  for (const l of layers) {
    out[`${l.weightName}${l.weightName}t`] = l.WWt;
    out[`${l.name}barT${l.name}bar`] = l.HbarTHbar;
    out[`${l.weightName}${l.name}bar`] = l.WHbar;
  }
  return out;
}

/** Per-layer scalar metrics for JSON output: nc1TraceRatioH1, supportOverlapH2, … */
export function layerMetrics(layers: readonly LayerMeasurement[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of layers) {
    out[`nc1TraceRatio${l.name}`] = l.nc1TraceRatio;
    out[`supportOverlap${l.name}`] = l.supportOverlap;
    out[`offDiagonalRatio${l.name}`] = l.offDiagonalRatio;
  }
  return out;
}
