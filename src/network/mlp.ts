// A multilayer perceptron on tfjs core ops, with the pieces the neural-collapse
// experiments vary: depth and width, ReLU, optional batch normalization after
// each hidden linear map (before the ReLU, as in ResNets), optional biases,
// and a linear classifier with or without bias. Gradients come from tfjs'
// autodiff; nothing here differentiates by hand.
//
// Initialization is PyTorch's nn.Linear default, U(−1/√fan_in, 1/√fan_in) for
// weights and biases (the "default PyTorch init" of THN23's baseline), BN's γ = 1
// and β = 0, drawn from nc-check's seeded generator (not tfjs' random ops) so
// that a seed gives the same network on every backend.
//
// Layout: samples are rows (N × p); a layer computes h W + b with W stored
// in × out. Measurements use the papers' convention W (out × in) acting on
// feature columns, so weights are transposed when downloaded (see train.ts).
import type * as TF from '@tensorflow/tfjs-core';
import type { Tf } from '../backend/tfjs/tf.ts';
import type { Rng } from '../random/rng.ts';

export interface NetworkSpec {
  /** Hidden layers (each: linear, optional BN, ReLU). */
  readonly depth: number;
  readonly width: number;
  readonly batchNorm: boolean;
  /** Bias in the hidden linear layers (redundant with BN's β, but allowed). */
  readonly bias: boolean;
  /** Bias in the classifier (THN23's MSE baseline has none). */
  readonly classifierBias: boolean;
}

/** BN's ε and running-statistics momentum: PyTorch's defaults. */
export const BN_EPSILON = 1e-5;
export const BN_MOMENTUM = 0.1;

export interface HiddenLayer {
  readonly W: TF.Variable<TF.Rank.R2>;
  readonly b?: TF.Variable<TF.Rank.R1>;
  readonly gamma?: TF.Variable<TF.Rank.R1>;
  readonly beta?: TF.Variable<TF.Rank.R1>;
  /** Running statistics for evaluation (not trained). */
  readonly runningMean?: TF.Variable<TF.Rank.R1>;
  readonly runningVar?: TF.Variable<TF.Rank.R1>;
}

export interface Mlp {
  readonly spec: NetworkSpec;
  readonly inputDim: number;
  readonly classes: number;
  readonly hidden: readonly HiddenLayer[];
  readonly classifier: { readonly W: TF.Variable<TF.Rank.R2>; readonly b?: TF.Variable<TF.Rank.R1> };
}

/** The trainable variables of layer l (0 … depth; depth is the classifier), for per-layer weight decay. */
export function layerVariables(net: Mlp, l: number): TF.Variable[] {
  const layer = l < net.hidden.length ? net.hidden[l] : net.classifier;
  const h = layer as HiddenLayer;
  const all: (TF.Variable | undefined)[] = [layer.W, layer.b, h.gamma, h.beta];
  return all.filter((v): v is TF.Variable => v !== undefined);
}

export function trainableVariables(net: Mlp): TF.Variable[] {
  return Array.from({ length: net.hidden.length + 1 }, (_, l) => layerVariables(net, l)).flat();
}

export function disposeMlp(net: Mlp): void {
  for (const layer of [...net.hidden, net.classifier]) {
    for (const v of Object.values(layer) as (TF.Variable | undefined)[]) v?.dispose();
  }
}

function uniform(rng: Rng, n: number, bound: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng.uniform() - 1) * bound;
  return out;
}

/** A freshly initialized network (see the header for the initialization). */
export function createMlp(tf: Tf, spec: NetworkSpec, inputDim: number, classes: number, rng: Rng): Mlp {
  let fanIn = inputDim;
  const linear = (out: number, bias: boolean) => {
    const bound = 1 / Math.sqrt(fanIn);
    const W = tf.variable(tf.tensor2d(uniform(rng, fanIn * out, bound), [fanIn, out], 'float32'));
    const b = bias ? tf.variable(tf.tensor1d(uniform(rng, out, bound), 'float32')) : undefined;
    fanIn = out;
    return { W, b };
  };
  const hidden: HiddenLayer[] = [];
  for (let l = 0; l < spec.depth; l++) {
    const { W, b } = linear(spec.width, spec.bias);
    if (!spec.batchNorm) {
      hidden.push({ W, b });
      continue;
    }
    hidden.push({
      W,
      b,
      gamma: tf.variable(tf.ones([spec.width], 'float32') as TF.Tensor1D),
      beta: tf.variable(tf.zeros([spec.width], 'float32') as TF.Tensor1D),
      runningMean: tf.variable(tf.zeros([spec.width], 'float32') as TF.Tensor1D, false),
      runningVar: tf.variable(tf.ones([spec.width], 'float32') as TF.Tensor1D, false),
    });
  }
  return { spec, inputDim, classes, hidden, classifier: linear(classes, spec.classifierBias) };
}

export interface ForwardPass {
  /** Post-activation features of each hidden layer (N × width). */
  readonly features: TF.Tensor2D[];
  /** Classifier outputs (N × K). */
  readonly outputs: TF.Tensor2D;
  /** Train mode with BN: each hidden layer's batch mean and biased variance (for the running statistics). */
  readonly batchStats: { mean: TF.Tensor1D; variance: TF.Tensor1D }[];
}

/**
 * The forward pass. `train`: BN normalizes with the batch's statistics (and
 * reports them); `eval`: with the running statistics, as a deployed network —
 * and as the NC literature measures trained features.
 */
export function forward(tf: Tf, net: Mlp, x: TF.Tensor2D, mode: 'train' | 'eval'): ForwardPass {
  let h = x;
  const features: TF.Tensor2D[] = [];
  const batchStats: ForwardPass['batchStats'] = [];
  for (const layer of net.hidden) {
    let z = tf.matMul(h, layer.W) as TF.Tensor2D;
    if (layer.b !== undefined) z = tf.add(z, layer.b) as TF.Tensor2D;
    if (layer.gamma !== undefined && layer.beta !== undefined) {
      let mean: TF.Tensor1D;
      let variance: TF.Tensor1D;
      if (mode === 'train') {
        const m = tf.moments(z, 0);
        mean = m.mean as TF.Tensor1D;
        variance = m.variance as TF.Tensor1D;
        batchStats.push({ mean, variance });
      } else {
        mean = layer.runningMean!;
        variance = layer.runningVar!;
      }
      z = tf.add(tf.mul(tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, BN_EPSILON))), layer.gamma), layer.beta) as TF.Tensor2D;
    }
    h = tf.relu(z) as TF.Tensor2D;
    features.push(h);
  }
  let outputs = tf.matMul(h, net.classifier.W) as TF.Tensor2D;
  if (net.classifier.b !== undefined) outputs = tf.add(outputs, net.classifier.b) as TF.Tensor2D;
  return { features, outputs, batchStats };
}

/**
 * PyTorch's running-statistics update after a training step: running ←
 * (1 − m) running + m · batch, with the unbiased batch variance.
 */
export function updateRunningStats(tf: Tf, net: Mlp, stats: ForwardPass['batchStats'], batchSize: number): void {
  tf.tidy(() => {
    const unbias = batchSize > 1 ? batchSize / (batchSize - 1) : 1;
    stats.forEach(({ mean, variance }, l) => {
      const layer = net.hidden[l];
      layer.runningMean!.assign(tf.add(tf.mul(layer.runningMean!, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
      layer.runningVar!.assign(tf.add(tf.mul(layer.runningVar!, 1 - BN_MOMENTUM), tf.mul(variance, BN_MOMENTUM * unbias)));
    });
  });
}

/** Training loss on a batch: PyTorch's MSELoss (mean over the K·B entries, one-hot targets) or mean softmax cross-entropy. */
export function dataLoss(tf: Tf, loss: 'mse' | 'cross-entropy', outputs: TF.Tensor2D, targets: TF.Tensor2D): TF.Scalar {
  if (loss === 'mse') return tf.mean(tf.square(tf.sub(outputs, targets))) as TF.Scalar;
  return tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.logSoftmax(outputs)), 1))) as TF.Scalar;
}
