// Distances of a K x K Gram-like matrix to the two frames of the MSE-UFM
// theorems, after normalizing both to unit Frobenius norm so that only the
// geometry (not the scale) is compared (THN23's NC2, docs/theorems.md §2).
import { centering, frobeniusNorm, identity, normalized, scale, sub, type Mat } from '../linalg/matrix.ts';

/** || G/||G||_F − I_K/sqrt(K) ||_F: 0 for an orthogonal frame. NaN for G = 0. */
export function orthogonalFrameError(G: Mat): number {
  if (frobeniusNorm(G) === 0) return NaN;
  return frobeniusNorm(sub(normalized(G), scale(identity(G.rows), 1 / Math.sqrt(G.rows))));
}

/** || G/||G||_F − (I_K − J)/sqrt(K−1) ||_F: 0 for a simplex ETF. NaN for G = 0. */
export function simplexEtfError(G: Mat): number {
  if (frobeniusNorm(G) === 0) return NaN;
  return frobeniusNorm(sub(normalized(G), scale(centering(G.rows), 1 / Math.sqrt(G.rows - 1))));
}

/** PHD's NC2 equinorm statistic of column norms: std / mean. */
export function equinormVariation(columnNormsSquared: readonly number[]): number {
  const norms = columnNormsSquared.map(Math.sqrt);
  const mean = norms.reduce((s, v) => s + v, 0) / norms.length;
  const variance = norms.reduce((s, v) => s + (v - mean) ** 2, 0) / norms.length;
  return mean === 0 ? NaN : Math.sqrt(variance) / mean;
}

/** PHD's NC2 max-angle statistic from a Gram matrix: Avg_{k≠k'} |cos + 1/(K−1)|. */
export function maxAngleDeviation(G: Mat): number {
  const K = G.rows;
  let s = 0;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) {
      if (a === b) continue;
      const denom = Math.sqrt(G.data[a * K + a] * G.data[b * K + b]);
      s += Math.abs((denom === 0 ? NaN : G.data[a * K + b] / denom) + 1 / (K - 1));
    }
  }
  return s / (K * (K - 1));
}
