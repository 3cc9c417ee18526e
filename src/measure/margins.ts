// Training margins of a classifier: for sample j of class y_j with outputs
// f(x_j) ∈ R^K, margin_j = f_{y_j}(x_j) − max_{c ≠ y_j} f_c(x_j) (positive iff
// classified correctly). XRLGP23 (docs/theorems.md §7 item 1) predicts
// that with normalization and weight decay the margin distribution
// concentrates; its coefficient of variation sd/mean is scale-free, so it does
// not depend on how the network's scale ρ is normalized away.

/** Margins from outputs (K × N, columns are samples) and each sample's class. */
export function classificationMargins(outputs: { readonly rows: number; readonly cols: number; readonly data: Float64Array }, labels: ArrayLike<number>): Float64Array {
  const K = outputs.rows;
  const N = outputs.cols;
  if (labels.length !== N) throw new RangeError(`classificationMargins: ${labels.length} labels for ${N} samples`);
  const out = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    const y = labels[j];
    let other = -Infinity;
    for (let c = 0; c < K; c++) if (c !== y) other = Math.max(other, outputs.data[c * N + j]);
    out[j] = outputs.data[y * N + j] - other;
  }
  return out;
}

export interface MarginSummary {
  readonly min: number;
  readonly median: number;
  readonly mean: number;
  readonly sd: number;
  /** sd / mean: NaN when the mean is not positive (a distribution with that centre is not "concentrated" around anything). */
  readonly cv: number;
  /** Fraction of samples with a positive margin (the training accuracy, ties counted wrong). */
  readonly positive: number;
}

export function marginSummary(margins: ArrayLike<number>): MarginSummary {
  const v = Array.from(margins).sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return { min: NaN, median: NaN, mean: NaN, sd: NaN, cv: NaN, positive: NaN };
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  const median = n % 2 === 1 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return { min: v[0], median, mean, sd, cv: mean > 0 ? sd / mean : NaN, positive: v.filter((x) => x > 0).length / n };
}
