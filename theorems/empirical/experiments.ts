// The experiments the built-in empirical claims run, fixed before any run and
// shared between claims (a verify run trains each (experiment, seed) once).
// Where every number comes from:
//
//  - network: 4 hidden layers of width 32, ReLU, batch normalization after each
//    hidden linear map, no hidden bias (BN's β plays it), no classifier bias
//    (THN23's MSE baseline: "MSE without bias in the FC layer" [quoted:
//    THN23]); width 32 = 8K for K = 4, TB22-R's advice against ReLU-induced
//    spurious minima at small width (docs/theorems.md §3); depth 4 so that
//    "decreases with depth" has five layers to compare (input + 4 hidden).
//  - loss: PyTorch's MSELoss (mean over entries) on one-hot targets (THN23).
//  - optimizer: SGD, momentum 0.9, learning rate 0.05 ÷ 10 after each third
//    of training (THN23's baseline schedule, in three stages), minibatches of 16.
//  - weight decay: THN23's 5e-4 rescaled to the same total shrinkage
//    λ Σ_t lr_t over our shorter run (src/empirical/hyperparameters.ts):
//    ≈ 9.8e-3 here; "4λ" is the sweep's stronger point.
//  - epochs: 300 (2,400 steps on the mixture): the budget that keeps the whole
//    empirical verify under 15 minutes on two cores; networks reach zero
//    training error within the first stage, so most of the run is the
//    terminal phase.
//  - data: a 4-class Gaussian mixture in 16 dimensions, 32 samples per class,
//    means 3 noise-σ from the origin on orthonormal directions (pairwise Bayes
//    error Φ(−3/√2) ≈ 1.7%: a few samples overlap, so zero training error is
//    not a linear separator's gift); drawn anew for every seed. And Fisher's
//    iris (real, fixed; 150 samples, K = 3), standardized.
import { matchedWeightDecay, THN23_BASELINE, THN23_SCHEDULE } from '../../src/empirical/hyperparameters.ts';
import type { Experiment } from '../../src/empirical/claim.ts';
import type { DataSpec } from '../../src/data/spec.ts';
import type { NetworkSpec } from '../../src/network/mlp.ts';
import type { TrainingSpec } from '../../src/network/train.ts';

export const NETWORK: NetworkSpec = { depth: 4, width: 32, batchNorm: true, bias: false, classifierBias: false };
export const EPOCHS = 300;
export const BATCH = 16;

export const MIXTURE: DataSpec = { kind: 'gaussian-mixture', dimension: 16, classSizes: [32, 32, 32, 32], separation: 3, noise: 1 };
export const IRIS: DataSpec = { kind: 'iris' };

const samples = (data: DataSpec): number => (data.kind === 'iris' ? 150 : data.kind === 'mnist' ? 10 * data.perClass : data.classSizes.reduce((s, n) => s + n, 0));

function training(weightDecay: number, batchSize: number | 'full', epochs: number): TrainingSpec {
  return {
    loss: 'mse',
    batchSize,
    epochs,
    learningRate: THN23_BASELINE.learningRate,
    momentum: THN23_BASELINE.momentum,
    schedule: THN23_SCHEDULE,
    weightDecay,
    snapshots: 15,
  };
}

/** λ with THN23's total shrinkage for minibatch SGD on `data` (`epochs` epochs of batch 16; default 300). */
export function matchedLambda(data: DataSpec, epochs: number = EPOCHS): number {
  return matchedWeightDecay(THN23_BASELINE.learningRate, THN23_SCHEDULE, epochs, Math.ceil(samples(data) / BATCH));
}

const base = (epochs: number): string => `THN23 baseline (SGD, momentum 0.9, lr 0.05 ÷ 10 at 1/3 and 2/3, MSE, no classifier bias), 4 × 32 ReLU MLP with BN, batch 16, ${epochs} epochs`;
const BASE = base(EPOCHS);

export function sgd(data: DataSpec, multiple: number, epochs: number = EPOCHS): Experiment {
  const lambda = multiple * matchedLambda(data, epochs);
  const what = multiple === 0 ? 'no weight decay' : `weight decay λ = ${multiple === 1 ? '' : `${multiple} × `}${(lambda / multiple).toPrecision(3)}${multiple === 1 ? '' : ` = ${lambda.toPrecision(3)}`}`;
  return {
    label: `SGD batch ${BATCH}, ${what}`,
    data,
    network: NETWORK,
    training: training(lambda, BATCH, epochs),
    rationale: `${base(epochs)}; ${multiple === 0 ? 'λ = 0: the control' : `λ matched to THN23's total shrinkage 5e-4 · Σ lr${multiple === 1 ? '' : ` (× ${multiple}: the sweep's stronger point)`}`}`,
  };
}

/** Full-batch gradient descent with momentum at the same number of steps (so the same Σ lr and shrinkage) as the SGD run: no minibatch noise. */
export function fullBatch(data: DataSpec, multiple: number): Experiment {
  const lambda = multiple * matchedLambda(data);
  const steps = Math.ceil(samples(data) / BATCH);
  return {
    label: `full-batch GD, weight decay λ = ${lambda.toPrecision(3)}`,
    data,
    network: NETWORK,
    training: training(lambda, 'full', EPOCHS * steps),
    rationale: `${BASE}, but full-batch: ${EPOCHS * steps} epochs = the SGD run's ${EPOCHS * steps} steps, same schedule shape, so the only difference is the minibatch noise`,
  };
}
