// Training a network from a seeded initialization into the terminal phase:
// minibatch SGD with momentum (PyTorch's update: v ← μ v + g, θ ← θ − lr v,
// tfjs' MomentumOptimizer) or full-batch gradient descent, a learning-rate
// schedule, weight decay per layer as the penalty (λ_l/2)||θ||² on the
// layer's parameters (PyTorch's coupled weight_decay), and measurement
// snapshots of every layer on the whole training set in evaluation mode.
//
// Every random choice derives from the seed: the initialization from
// deriveSeed(seed, 'init'), the minibatch order from deriveSeed(seed,
// 'batches'). Two experiments run with the same seed therefore start from the
// same network and see the same batches whenever their shapes and batch sizes
// agree — the pairing the empirical claims' statistics rely on. On the CPU
// (tfjs wasm, one thread) a seed gives bitwise the same run.
import type * as TF from '@tensorflow/tfjs-core';
import { UsageError } from '../errors.ts';
import { mat, transpose, type Mat } from '../linalg/matrix.ts';
import { classifierMeasures, featureMeasures, weightMeasures, type ClassifierMeasures, type FeatureMeasures } from '../measure/network-layers.ts';
import { normProduct } from '../measure/norm-product.ts';
import { createRng, deriveSeed } from '../random/rng.ts';
import { classCount, type Dataset } from '../data/dataset.ts';
import type { NetworkEngine } from './engine.ts';
import { createMlp, dataLoss, disposeMlp, forward, layerVariables, trainableVariables, updateRunningStats, type Mlp, type NetworkSpec } from './mlp.ts';
import { checkSchedule, learningRateAt, type LearningRateSchedule } from './schedule.ts';

export interface TrainingSpec {
  readonly loss: 'mse' | 'cross-entropy';
  /** Minibatch size, or 'full' for full-batch gradient descent. */
  readonly batchSize: number | 'full';
  readonly epochs: number;
  readonly learningRate: number;
  /** Heavy-ball momentum μ (0: plain SGD / GD). */
  readonly momentum: number;
  readonly schedule: LearningRateSchedule;
  /** λ for every layer, or one per layer (hidden layers, then the classifier). */
  readonly weightDecay: number | readonly number[];
  /** Measurement snapshots after epoch 0, evenly spaced, the last at the final epoch. */
  readonly snapshots: number;
}

/** What is kept of one weight matrix per snapshot (the spectrum only at the end). */
export interface WeightSummary {
  readonly frobenius: number;
  readonly rank: number;
  readonly stableRank: number;
  readonly ofError: number;
  readonly etfError: number;
  readonly spectrum?: readonly number[];
}

export interface Snapshot {
  readonly epoch: number;
  readonly learningRate: number;
  /** Data loss on the whole training set, evaluation mode. */
  readonly loss: number;
  readonly trainAccuracy: number;
  /** features[0]: the inputs; features[l]: hidden layer l's post-ReLU features. */
  readonly features: readonly FeatureMeasures[];
  /** Weight matrices W_1 … W_{depth+1} (the last is the classifier). */
  readonly weights: readonly WeightSummary[];
  /** ρ = Π ||W_l||_F. */
  readonly rho: number;
  readonly classifier: ClassifierMeasures;
}

export type RunStatus = 'terminal-phase' | 'not-interpolating' | 'diverged';

export interface NetworkRun {
  /** terminal-phase: zero training error at the end; not-interpolating: trained, but some sample still misclassified; diverged: non-finite loss. */
  readonly status: RunStatus;
  readonly reason?: string;
  readonly seed: number;
  readonly epochs: number;
  readonly steps: number;
  /** First snapshot epoch with zero training error. */
  readonly zeroErrorEpoch?: number;
  readonly snapshots: readonly Snapshot[];
  /** Wall-clock time (never compared between runs). */
  readonly seconds: number;
}

export function weightDecayOf(training: TrainingSpec, layer: number, layers: number): number {
  const wd = training.weightDecay;
  if (typeof wd === 'number') return wd;
  if (wd.length !== layers) throw new UsageError(`training.weightDecay: expected one λ per layer (${layers}), got ${wd.length}`);
  return wd[layer];
}

export function checkTraining(t: TrainingSpec, network: NetworkSpec): void {
  const positiveInt = (v: number) => Number.isInteger(v) && v >= 1;
  if (!positiveInt(t.epochs)) throw new UsageError(`training.epochs: expected a positive integer, got ${t.epochs}`);
  if (t.batchSize !== 'full' && !positiveInt(t.batchSize)) throw new UsageError(`training.batchSize: expected a positive integer or "full", got ${t.batchSize}`);
  if (!(t.learningRate > 0)) throw new UsageError(`training.learningRate: expected a positive number, got ${t.learningRate}`);
  if (!(t.momentum >= 0 && t.momentum < 1)) throw new UsageError(`training.momentum: expected a number in [0, 1), got ${t.momentum}`);
  if (!Number.isInteger(t.snapshots) || t.snapshots < 1) throw new UsageError(`training.snapshots: expected a positive integer, got ${t.snapshots}`);
  for (let l = 0; l <= network.depth; l++) {
    if (!(weightDecayOf(t, l, network.depth + 1) >= 0)) throw new UsageError(`training.weightDecay: λ must be ≥ 0, got ${String(t.weightDecay)}`);
  }
  if (!positiveInt(network.depth) || !positiveInt(network.width)) throw new UsageError(`network: depth and width must be positive integers, got ${network.depth} and ${network.width}`);
  checkSchedule(t.schedule);
}

/** Epochs (after epoch 0) at which snapshots are taken. */
export function snapshotEpochs(epochs: number, snapshots: number): number[] {
  const out = new Set<number>();
  for (let i = 1; i <= snapshots; i++) out.add(Math.max(1, Math.round((epochs * i) / snapshots)));
  return [...out].sort((a, b) => a - b);
}

/** A row-major N × d float32 download as the d × N float64 Mat the measurements take. */
function columnsOf(values: Float32Array | Int32Array | Uint8Array, rows: number, cols: number): Mat {
  return transpose(mat(rows, cols, Float64Array.from(values)));
}

async function download(t: TF.Tensor2D): Promise<Mat> {
  return columnsOf((await t.data()) as Float32Array, t.shape[0], t.shape[1]);
}

/** Measures every layer of the network on the whole training set (evaluation mode). */
async function takeSnapshot(engine: NetworkEngine, net: Mlp, data: Dataset, X: TF.Tensor2D, Y: TF.Tensor2D, loss: TrainingSpec['loss'], epoch: number, learningRate: number, inputs: FeatureMeasures, withSpectra: boolean): Promise<Snapshot> {
  const { tf } = engine;
  const pass = tf.tidy(() => {
    const p = forward(tf, net, X, 'eval');
    return { features: p.features, outputs: p.outputs, loss: dataLoss(tf, loss, p.outputs, Y) };
  });
  try {
    const features = await Promise.all(pass.features.map(download));
    const outputs = await download(pass.outputs);
    const lossValue = (await pass.loss.data())[0];
    const weights = await Promise.all([...net.hidden.map((l) => l.W), net.classifier.W].map(download));
    const classifierBias = net.classifier.b === undefined ? undefined : mat(net.classes, 1, Float64Array.from(await net.classifier.b.data()));
    const last = features.length > 0 ? features[features.length - 1] : transpose(data.X);
    const classifier = classifierMeasures(weights[weights.length - 1], last, outputs, data.classSizes, data.labels, classifierBias);
    let correct = 0;
    for (let j = 0; j < data.labels.length; j++) {
      let best = 0;
      for (let k = 1; k < outputs.rows; k++) if (outputs.data[k * outputs.cols + j] > outputs.data[best * outputs.cols + j]) best = k;
      if (best === data.labels[j]) correct++;
    }
    return {
      epoch,
      learningRate,
      loss: lossValue,
      trainAccuracy: correct / data.labels.length,
      features: [inputs, ...features.map((H) => featureMeasures(H, data.classSizes))],
      weights: weights.map((W) => {
        const m = weightMeasures(W);
        return { frobenius: m.frobenius, rank: m.rank, stableRank: m.stableRank, ofError: m.ofError, etfError: m.etfError, ...(withSpectra ? { spectrum: m.spectrum } : {}) };
      }),
      rho: normProduct(weights),
      classifier,
    };
  } finally {
    tf.dispose([...pass.features, pass.outputs, pass.loss]);
  }
}

function shuffled(n: number, rng: { uniform(): number }): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export interface TrainHooks {
  /** After every epoch (for progress lines). */
  onEpoch?(epoch: number, epochs: number): void;
  /** Checked after every epoch: once aborted, the training stops there and throws the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * One turn of the event loop. tfjs's `data()` resolves as a microtask, so without this a training,
 * and every training after it, never gives the event loop a turn: SIGINT/SIGTERM handlers and
 * timers (the interrupt's grace period) would wait until the whole run had finished.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Trains one network from `seed` on `data` and measures it along the way (see the header). */
export async function trainNetwork(engine: NetworkEngine, data: Dataset, network: NetworkSpec, training: TrainingSpec, seed: number, hooks: TrainHooks = {}): Promise<NetworkRun> {
  checkTraining(training, network);
  const { tf } = engine;
  const started = performance.now();
  const K = classCount(data);
  const N = data.X.rows;
  const p = data.X.cols;
  const net = createMlp(tf, network, p, K, createRng(deriveSeed(seed, 'init')));
  const batches = createRng(deriveSeed(seed, 'batches'));
  const oneHot = new Float32Array(N * K);
  data.labels.forEach((k, j) => (oneHot[j * K + k] = 1));
  const X = tf.tensor2d(Float32Array.from(data.X.data), [N, p], 'float32');
  const Y = tf.tensor2d(oneHot, [N, K], 'float32');
  const optimizer = training.momentum > 0 ? tf.train.momentum(training.learningRate, training.momentum) : tf.train.sgd(training.learningRate);
  const layers = network.depth + 1;
  const decay = Array.from({ length: layers }, (_, l) => weightDecayOf(training, l, layers));
  const variables = trainableVariables(net);
  const B = training.batchSize === 'full' ? N : Math.min(training.batchSize, N);
  const when = new Set(snapshotEpochs(training.epochs, training.snapshots));
  const inputs = featureMeasures(transpose(data.X), data.classSizes);
  const snapshots: Snapshot[] = [];
  let steps = 0;
  let diverged: string | undefined;
  try {
    snapshots.push(await takeSnapshot(engine, net, data, X, Y, training.loss, 0, learningRateAt(training.learningRate, training.schedule, 0, training.epochs), inputs, false));
    for (let epoch = 0; epoch < training.epochs && diverged === undefined; epoch++) {
      const lr = learningRateAt(training.learningRate, training.schedule, epoch, training.epochs);
      (optimizer as TF.SGDOptimizer).setLearningRate(lr);
      const order = B === N ? Array.from({ length: N }, (_, i) => i) : shuffled(N, batches);
      let lastLoss = 0;
      for (let start = 0; start < N; start += B) {
        const batch = order.slice(start, start + B);
        // Batch normalization needs two samples to estimate a variance (PyTorch refuses a batch of one in training mode).
        if (network.batchNorm && batch.length < 2) continue;
        const index = tf.tensor1d(batch, 'int32');
        let stats: { mean: TF.Tensor1D; variance: TF.Tensor1D }[] = [];
        const cost = optimizer.minimize(
          () => {
            const xb = tf.gather(X, index) as TF.Tensor2D;
            const yb = tf.gather(Y, index) as TF.Tensor2D;
            const pass = forward(tf, net, xb, 'train');
            stats = pass.batchStats.map((s) => ({ mean: tf.keep(s.mean), variance: tf.keep(s.variance) }));
            let objective = dataLoss(tf, training.loss, pass.outputs, yb);
            decay.forEach((lambda, l) => {
              if (lambda === 0) return;
              const penalty = tf.addN(layerVariables(net, l).map((v) => tf.sum(tf.square(v))));
              objective = tf.add(objective, tf.mul(penalty, lambda / 2)) as TF.Scalar;
            });
            return objective;
          },
          start + B >= N,
          variables,
        );
        if (stats.length > 0) updateRunningStats(tf, net, stats, batch.length);
        tf.dispose([index, ...stats.flatMap((s) => [s.mean, s.variance])]);
        if (cost !== null) {
          lastLoss = (await cost.data())[0];
          cost.dispose();
        }
        steps++;
      }
      if (!Number.isFinite(lastLoss)) diverged = `non-finite training loss (${lastLoss}) in epoch ${epoch + 1}`;
      else if (when.has(epoch + 1)) {
        snapshots.push(await takeSnapshot(engine, net, data, X, Y, training.loss, epoch + 1, lr, inputs, epoch + 1 === training.epochs));
      }
      hooks.onEpoch?.(epoch + 1, training.epochs);
      await nextTurn();
      hooks.signal?.throwIfAborted();
    }
  } finally {
    optimizer.dispose();
    disposeMlp(net);
    tf.dispose([X, Y]);
  }
  const final = snapshots[snapshots.length - 1];
  const zeroErrorEpoch = snapshots.find((s) => s.trainAccuracy === 1)?.epoch;
  const base = { seed, epochs: training.epochs, steps, zeroErrorEpoch, snapshots, seconds: (performance.now() - started) / 1000 };
  if (diverged !== undefined) return { ...base, status: 'diverged', reason: diverged };
  if (final.trainAccuracy < 1) {
    return { ...base, status: 'not-interpolating', reason: `training accuracy ${final.trainAccuracy.toFixed(4)} after ${training.epochs} epochs: zero training error (the terminal phase) not reached` };
  }
  return { ...base, status: 'terminal-phase' };
}
