// Batched training on tfjs (vmap-style): B regimes of the same shape (K,
// class sizes, d; their own λ_W, λ_H and starting points) stacked into rank-3
// tensors W [B,K,d], H [B,d,N] and trained as one tensor program — one batched
// product per term for the whole batch, one host read of B losses, gradient
// norms and slopes per round. This is where a GPU pays: the per-op overhead is
// shared by B regimes.
//
// Optimizer: gd.ts's preconditioned gradient descent with its safe adaptive
// step (try twice the last accepted step, halve until the precision-aware
// Armijo test holds), run per regime: each round evaluates one trial for every
// regime still running; each regime accepts or halves on its own, stops on its
// own certificate ||∇L||_P ≤ gtol·max(1, |L|) (float32 floor of outcome.ts) or
// its budget. Bias-free MSE UFM (model ufm-mse without lambdaB).
import type * as TF from '@tensorflow/tfjs-core';
import type { Tf } from '../backend/tfjs/tf.ts';
import { mat, type Mat } from '../linalg/matrix.ts';
import { certificateThreshold, effectiveTolerance, ROUNDING_SLACK, type TrainStatus } from './outcome.ts';
import type { TrainedRun } from './train.ts';
import { sufficientDecreaseTest } from './line-search.ts';

export interface BatchShape {
  readonly K: number;
  readonly classSizes: readonly number[];
  readonly d: number;
}

export interface BatchItem {
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** Starting point [W (K×d), H (d×N)]. */
  readonly init: readonly Mat[];
}

export interface BatchOptions {
  readonly gradientTolerance: number;
  /** Rounds (one trial evaluation per regime each). */
  readonly maxIterations: number;
}

/** Per regime, what a single run reports (iterations = accepted steps), without wall-clock or trace. */
export type BatchResult = Omit<TrainedRun, 'seconds' | 'trace' | 'warmStart'>;

const C1 = 1e-4;

export async function trainBatchedMse(tf: Tf, shape: BatchShape, items: readonly BatchItem[], options: BatchOptions): Promise<BatchResult[]> {
  const { K, d } = shape;
  const N = shape.classSizes.reduce((s, v) => s + v, 0);
  const B = items.length;
  const gtol = effectiveTolerance(options.gradientTolerance, 'float32');
  const slack = ROUNDING_SLACK.float32;
  const labels = new Float32Array(K * N);
  for (let k = 0, j = 0; k < K; k++) for (let i = 0; i < shape.classSizes[k]; i++) labels[k * N + j++] = 1;
  const Y = tf.tensor3d(labels, [1, K, N]);
  const column = (f: (it: BatchItem) => number): TF.Tensor3D => tf.tensor3d(items.map(f), [B, 1, 1]);
  const lw = column((it) => it.lambdaW / K);
  const lh = column((it) => it.lambdaH / N);
  const stack = (block: number, rows: number, cols: number): TF.Tensor3D => {
    const data = new Float32Array(B * rows * cols);
    items.forEach((it, b) => data.set(it.init[block].data, b * rows * cols));
    return tf.tensor3d(data, [B, rows, cols]);
  };
  let W = stack(0, K, d);
  let H = stack(1, d, N);

  /** Loss, gradient and ||g||_P per regime; gradients stay on the device. */
  const evaluate = (w: TF.Tensor3D, h: TF.Tensor3D) =>
    tf.tidy(() => {
      const R = tf.sub(tf.matMul(w, h), Y);
      const loss = tf.add(
        tf.div(tf.sum(tf.square(R), [1, 2]), 2 * N),
        tf.add(tf.mul(tf.reshape(lw, [B]), tf.div(tf.sum(tf.square(w), [1, 2]), 2)), tf.mul(tf.reshape(lh, [B]), tf.div(tf.sum(tf.square(h), [1, 2]), 2))),
      );
      const gW = tf.add(tf.div(tf.matMul(R, tf.transpose(h, [0, 2, 1])), N), tf.mul(lw, w)) as TF.Tensor3D;
      const gH = tf.add(tf.div(tf.matMul(tf.transpose(w, [0, 2, 1]), R), N), tf.mul(lh, h)) as TF.Tensor3D;
      const gNorm = tf.sqrt(tf.add(tf.mul(tf.sum(tf.square(gW), [1, 2]), K), tf.mul(tf.sum(tf.square(gH), [1, 2]), N)));
      return { loss, gW, gH, gNorm };
    });

  const first = evaluate(W, H);
  const [loss0, norm0] = await Promise.all([first.loss.data(), first.gNorm.data()]);
  tf.dispose([first.loss, first.gNorm]);
  let gW = first.gW;
  let gH = first.gH;
  const loss = Float64Array.from(loss0);
  const gNorm = Float64Array.from(norm0);
  const step = new Float64Array(B).fill(1);
  const iterations = new Int32Array(B);
  const evaluations = new Int32Array(B).fill(1);
  const status: (TrainStatus | 'running')[] = items.map(() => 'running');
  const reasons: string[] = items.map(() => '');
  const settle = (b: number): void => {
    if (status[b] !== 'running') return;
    if (!Number.isFinite(loss[b]) || !Number.isFinite(gNorm[b])) {
      status[b] = 'diverged';
      reasons[b] = `non-finite loss or gradient after ${iterations[b]} iterations`;
    } else if (gNorm[b] <= certificateThreshold(gtol, loss[b])) {
      status[b] = 'converged';
      reasons[b] = `gradient certificate met: ||∇L||_P = ${gNorm[b].toExponential(2)} (batched, float32)`;
    } else if (iterations[b] >= options.maxIterations) {
      status[b] = 'budget-exhausted';
      reasons[b] = `iteration budget ${options.maxIterations} exhausted`;
    } else if (step[b] < 1e-30) {
      status[b] = 'budget-exhausted';
      reasons[b] = `stalled: no step decreases the loss at float precision (||∇L||_P = ${gNorm[b].toExponential(2)})`;
    }
  };
  for (let b = 0; b < B; b++) settle(b);

  for (let round = 0; round < 2 * options.maxIterations + 64 && status.includes('running'); round++) {
    const running = status.map((s) => s === 'running');
    for (let b = 0; b < B; b++) if (running[b]) step[b] *= 2;
    // x_t = x − t_b P g for running regimes (t = 0 for the others).
    const t = tf.tensor3d(Array.from(step, (s, b) => (running[b] ? s : 0)), [B, 1, 1]);
    const Wt = tf.tidy(() => tf.sub(W, tf.mul(tf.mul(t, K), gW))) as TF.Tensor3D;
    const Ht = tf.tidy(() => tf.sub(H, tf.mul(tf.mul(t, N), gH))) as TF.Tensor3D;
    t.dispose();
    const trial = evaluate(Wt, Ht);
    // φ'(t) = −∇L(x_t)·P g per regime.
    const slope = tf.tidy(() =>
      tf.neg(tf.add(tf.mul(tf.sum(tf.mul(trial.gW, gW), [1, 2]), K), tf.mul(tf.sum(tf.mul(trial.gH, gH), [1, 2]), N))),
    );
    const [lt, nt, st] = await Promise.all([trial.loss.data(), trial.gNorm.data(), slope.data()]);
    slope.dispose();
    const accept = new Float32Array(B);
    for (let b = 0; b < B; b++) {
      if (!running[b]) continue;
      evaluations[b]++;
      const finite = Number.isFinite(lt[b]) && Number.isFinite(nt[b]);
      if (finite && sufficientDecreaseTest(loss[b], -gNorm[b] * gNorm[b], step[b], lt[b], st[b], C1, slack)) {
        accept[b] = 1;
        loss[b] = lt[b];
        gNorm[b] = nt[b];
        iterations[b]++;
      } else {
        step[b] /= 4; // undo the doubling and halve: the next round retries from the same point
      }
      settle(b);
    }
    const mask = tf.tensor3d(accept, [B, 1, 1]);
    const pick = (a: TF.Tensor3D, b: TF.Tensor3D): TF.Tensor3D => tf.tidy(() => tf.add(tf.mul(mask, a), tf.mul(tf.sub(1, mask), b))) as TF.Tensor3D;
    const next = { W: pick(Wt, W), H: pick(Ht, H), gW: pick(trial.gW, gW), gH: pick(trial.gH, gH) };
    tf.dispose([mask, W, H, Wt, Ht, gW, gH, trial.gW, trial.gH, trial.loss, trial.gNorm]);
    ({ W, H, gW, gH } = next);
  }
  for (let b = 0; b < B; b++) {
    if (status[b] === 'running') {
      status[b] = 'budget-exhausted';
      reasons[b] = `round budget exhausted (||∇L||_P = ${gNorm[b].toExponential(2)})`;
    }
  }
  const [w, h] = await Promise.all([W.data(), H.data()]);
  tf.dispose([W, H, gW, gH, Y, lw, lh]);
  return items.map((_, b) => ({
    status: status[b] as TrainStatus,
    reason: reasons[b],
    loss: loss[b],
    gradNorm: gNorm[b],
    iterations: iterations[b],
    evaluations: evaluations[b],
    params: [mat(K, d, w.subarray(b * K * d, (b + 1) * K * d)), mat(d, N, h.subarray(b * d * N, (b + 1) * d * N))],
  }));
}
