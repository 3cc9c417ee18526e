// The kernel vocabulary shared by models, trainers and backends. Models and
// optimizers are written against this interface only, so a float32 tfjs
// backend plugs in by implementing it — no model or theorem changes.
//
// Tensors are opaque handles (T): the CPU backend uses plain Mat values, a tfjs
// backend would use tf.Tensor2D. Scalar reductions return JS numbers because the
// optimizers need them on the host every iteration anyway.
import type { Mat } from '../linalg/matrix.ts';

export type Dtype = 'float64' | 'float32';

export interface MatmulOptions {
  readonly transposeA?: boolean;
  readonly transposeB?: boolean;
}

export interface Backend<T> {
  /** Registry name, recorded in every result (e.g. "cpu-f64"). */
  readonly name: string;
  readonly dtype: Dtype;
  /** Machine epsilon of the dtype; tolerances derive from it. */
  readonly epsilon: number;

  upload(m: Mat): T;
  /** Copies a tensor back to the host as float64. */
  download(t: T): Mat;
  shape(t: T): readonly [rows: number, cols: number];
  zeros(rows: number, cols: number): T;

  /** op(A) op(B), with op = transpose where asked. */
  matmul(a: T, b: T, options?: MatmulOptions): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  /** Elementwise product. */
  mul(a: T, b: T): T;
  scale(a: T, s: number): T;
  /** alpha * x + y */
  axpy(alpha: number, x: T, y: T): T;
  /** A + v 1^T for a column vector v (rows x 1). */
  addColumn(a: T, v: T): T;
  /** A 1: row sums as a column vector. */
  rowSums(a: T): T;
  /** max(A, 0) elementwise. */
  relu(a: T): T;
  /** G ⊙ [X > 0]: the gradient of relu(X) applied to an upstream gradient G. */
  reluBackward(x: T, g: T): T;

  /**
   * log Σ_i exp(A_ij) for every column j, as a 1 x cols row (computed stably,
   * shifting by the column maximum). Cross-entropy models need it.
   */
  logSumExpColumns(a: T): T;
  /** Column-wise softmax: exp(A_ij) / Σ_i exp(A_ij) (stable). The gradient of logSumExpColumns. */
  softmaxColumns(a: T): T;

  sumSquares(a: T): number;
  dot(a: T, b: T): number;
  allFinite(a: T): boolean;

  /** Releases a tensor's memory where the backend manages memory by hand; a no-op on the CPU. */
  dispose(t: T): void;
  /**
   * Memory scope (tf.tidy): runs fn and releases every tensor created inside it
   * except the ones keep(result) names. Backends with manually managed memory
   * implement it; trainers wrap each objective evaluation in it, so models never
   * dispose their intermediates by hand. Absent on garbage-collected backends.
   */
  tidy?<R>(fn: () => R, keep: (result: R) => readonly T[]): R;
  /**
   * float32 → float64 refinement: trainers first train on this (faster, lower
   * precision) backend to its own certificate, then finish on this backend from
   * there. Results carry this backend's dtype, certificate and tolerances.
   */
  readonly warmStart?: Backend<unknown>;
}
