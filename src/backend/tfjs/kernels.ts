// The Backend vocabulary on any tfjs backend that can read tensors back
// synchronously (wasm, cpu, tfjs-node-gpu's "tensorflow"): float32 tensors,
// memory scopes through tf.tidy. Transposed products are materialized with
// tf.transpose first where the backend's transpose flags are slow (wasm: 10–25×
// in our measurements). Shape mistakes are caught before tfjs sees them, with
// the same messages as cpu-f64.
import type * as TF from '@tensorflow/tfjs-core';
import { mat } from '../../linalg/matrix.ts';
import type { Backend } from '../backend.ts';
import { columnShape, matmulShape, sameShape, type Shape } from '../shape-checks.ts';
import { trainBatchedMse, type BatchItem, type BatchOptions, type BatchResult, type BatchShape } from '../../train/batched.ts';

import type { Tensor2D, Tf } from './tf.ts';

export type { Tensor2D, Tf };

export interface TfjsBackendOptions {
  /** Registry name recorded in results. */
  readonly name: string;
  /** Transpose explicitly instead of passing matMul's transpose flags. */
  readonly explicitTranspose: boolean;
}

export const FLOAT32_EPSILON = 2 ** -23;

/** tfjs backends also train many same-shape regimes as one batched program (src/train/batched.ts). */
export interface BatchedTrainer {
  trainBatched(shape: BatchShape, items: readonly BatchItem[], options: BatchOptions): Promise<BatchResult[]>;
}

export type TfjsBackend = Backend<Tensor2D> & BatchedTrainer;

export function tfjsBackend(tf: Tf, options: TfjsBackendOptions): TfjsBackend {
  const { name } = options;
  const shape = (t: Tensor2D): Shape => [t.shape[0], t.shape[1]];
  const scalar = (t: TF.Tensor): number => {
    const v = t.dataSync()[0];
    t.dispose();
    return v;
  };
  return {
    name,
    dtype: 'float32',
    epsilon: FLOAT32_EPSILON,
    upload: (m) => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], 'float32'),
    download: (t) => mat(t.shape[0], t.shape[1], t.dataSync()),
    shape,
    zeros: (rows, cols) => tf.zeros([rows, cols], 'float32') as Tensor2D,
    matmul(a, b, o = {}) {
      matmulShape(name, shape(a), shape(b), o);
      if (!options.explicitTranspose || (o.transposeA !== true && o.transposeB !== true)) {
        return tf.matMul(a, b, o.transposeA === true, o.transposeB === true);
      }
      return tf.tidy(() => tf.matMul(o.transposeA === true ? tf.transpose(a) : a, o.transposeB === true ? tf.transpose(b) : b));
    },
    add: (a, b) => (sameShape(name, 'add', shape(a), shape(b)), tf.add(a, b)),
    sub: (a, b) => (sameShape(name, 'sub', shape(a), shape(b)), tf.sub(a, b)),
    mul: (a, b) => (sameShape(name, 'mul', shape(a), shape(b)), tf.mul(a, b)),
    scale: (a, s) => tf.tidy(() => tf.mul(a, tf.scalar(s, 'float32'))),
    axpy: (alpha, x, y) => (sameShape(name, 'axpy', shape(x), shape(y)), tf.tidy(() => tf.add(tf.mul(x, tf.scalar(alpha, 'float32')), y))),
    addColumn: (a, v) => (columnShape(name, shape(a), shape(v)), tf.add(a, v)),
    rowSums: (a) => tf.sum(a, 1, true),
    relu: (a) => tf.relu(a),
    // Reductions over rows, one value per column: logits are K x N with samples in columns.
    logSumExpColumns: (a) => tf.logSumExp(a, 0, true) as Tensor2D,
    softmaxColumns: (a) => tf.tidy(() => tf.exp(tf.sub(a, tf.logSumExp(a, 0, true)))) as Tensor2D,
    reluBackward: (x, g) => (sameShape(name, 'reluBackward', shape(x), shape(g)), tf.tidy(() => tf.mul(g, tf.step(x, 0)))),
    sumSquares: (a) => scalar(tf.tidy(() => tf.sum(tf.square(a)))),
    dot: (a, b) => (sameShape(name, 'dot', shape(a), shape(b)), scalar(tf.tidy(() => tf.sum(tf.mul(a, b))))),
    allFinite: (a) => scalar(tf.tidy(() => tf.all(tf.isFinite(a)))) === 1,
    dispose: (t) => t.dispose(),
    tidy<R>(fn: () => R, keep: (r: R) => readonly Tensor2D[]): R {
      let result!: R;
      tf.tidy(() => {
        result = fn();
        return [...keep(result)];
      });
      return result;
    },
    trainBatched: (shape, items, o) => trainBatchedMse(tf, shape, items, o),
  };
}
