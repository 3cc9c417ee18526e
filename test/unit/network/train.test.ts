// Real networks on tfjs wasm at tiny sizes: training is deterministic for a
// seed (the CPU engine's guarantee), reaches zero training error on separable
// data, pairs experiments through the seed, and refuses bad configurations.
import { describe, expect, it } from 'vitest';
import { gaussianMixture } from '../../../src/data/gaussian-mixture.ts';
import { loadNetworkEngine, networkBackendFor } from '../../../src/network/engine.ts';
import { learningRateAt, learningRateSum, milestoneEpochs, checkSchedule } from '../../../src/network/schedule.ts';
import { snapshotEpochs, trainNetwork, weightDecayOf, type TrainingSpec } from '../../../src/network/train.ts';
import type { NetworkSpec } from '../../../src/network/mlp.ts';
import { matchedWeightDecay, referenceShrinkage, THN23_SCHEDULE } from '../../../src/empirical/hyperparameters.ts';

const data = gaussianMixture({ kind: 'gaussian-mixture', dimension: 6, classSizes: [8, 8, 8], separation: 6, noise: 1 }, 11);
const network: NetworkSpec = { depth: 2, width: 8, batchNorm: true, bias: false, classifierBias: false };
const training: TrainingSpec = { loss: 'mse', batchSize: 8, epochs: 30, learningRate: 0.05, momentum: 0.9, schedule: THN23_SCHEDULE, weightDecay: 1e-2, snapshots: 3 };
const strip = (r: { seconds: number }) => ({ ...r, seconds: 0 });

describe('trainNetwork on tfjs wasm', () => {
  it('is bitwise deterministic for a seed and differs across seeds', async () => {
    const engine = await loadNetworkEngine('cpu-f64');
    expect(engine).toMatchObject({ backend: 'wasm', dtype: 'float32', deterministic: true });
    const a = await trainNetwork(engine, data, network, training, 3);
    const b = await trainNetwork(engine, data, network, training, 3);
    expect(strip(b)).toEqual(strip(a));
    const c = await trainNetwork(engine, data, network, training, 4);
    expect(c.snapshots[0].rho).not.toBe(a.snapshots[0].rho);
    // Well-separated data: zero training error, snapshots at 0, 10, 20, 30 with the full per-layer record.
    expect(a.status).toBe('terminal-phase');
    expect(a.snapshots.map((s) => s.epoch)).toEqual([0, 10, 20, 30]);
    const last = a.snapshots[3];
    expect(last.features).toHaveLength(3); // input + 2 hidden layers
    expect(last.weights).toHaveLength(3);
    expect(last.weights[2].spectrum).toHaveLength(3); // the classifier (3 × 8) has 3 singular values
    expect(a.snapshots[1].weights[0].spectrum).toBeUndefined();
    expect(a.steps).toBe(30 * 3);
    expect(last.features[2].crossClassActivation).toBeGreaterThanOrEqual(0); // post-ReLU means are nonnegative
    expect(last.learningRate).toBeCloseTo(0.05 * 0.01, 12);
  });

  it('same seed, same initialization: experiments differing only in weight decay start from the same network', async () => {
    const engine = await loadNetworkEngine('wasm');
    const wd = await trainNetwork(engine, data, network, { ...training, epochs: 2 }, 9);
    const none = await trainNetwork(engine, data, network, { ...training, epochs: 2, weightDecay: 0 }, 9);
    expect(none.snapshots[0]).toEqual(wd.snapshots[0]);
    expect(none.snapshots[1].rho).toBeGreaterThan(wd.snapshots[1].rho);
  });

  it('runs full-batch GD, cross-entropy, biases without BN, and per-layer weight decay', async () => {
    const engine = await loadNetworkEngine('wasm');
    const run = await trainNetwork(engine, data, { ...network, batchNorm: false, bias: true, classifierBias: true }, { ...training, loss: 'cross-entropy', batchSize: 'full', momentum: 0, epochs: 5, weightDecay: [0, 1e-3, 1e-2], schedule: { kind: 'constant' } }, 2);
    expect(run.steps).toBe(5);
    expect(run.snapshots.every((s) => Number.isFinite(s.loss))).toBe(true);
  });

  it('reports divergence instead of returning NaN measurements as results', async () => {
    const engine = await loadNetworkEngine('wasm');
    const run = await trainNetwork(engine, data, { ...network, batchNorm: false }, { ...training, learningRate: 1e6, momentum: 0, epochs: 5, schedule: { kind: 'constant' } }, 1);
    expect(run.status).toBe('diverged');
    expect(run.reason).toMatch(/non-finite training loss/);
  });

  it('gives the event loop a turn after every epoch and stops at the next epoch once its signal is aborted', async () => {
    const engine = await loadNetworkEngine('wasm');
    const controller = new AbortController();
    let timerFired = false;
    setTimeout(() => void (timerFired = true), 0);
    const seen: { epoch: number; timerFired: boolean }[] = [];
    const onEpoch = (epoch: number) => {
      seen.push({ epoch, timerFired });
      if (epoch === 2) controller.abort(new Error('stop here'));
    };
    await expect(trainNetwork(engine, data, network, training, 3, { onEpoch, signal: controller.signal })).rejects.toThrow('stop here');
    // A timer set before the training ran between epochs 1 and 2: signal handlers can run too.
    expect(seen).toEqual([
      { epoch: 1, timerFired: false },
      { epoch: 2, timerFired: true },
    ]);
  });

  it('refuses bad configurations with the field named', async () => {
    const engine = await loadNetworkEngine('wasm');
    await expect(trainNetwork(engine, data, network, { ...training, epochs: 0 }, 1)).rejects.toThrow(/training.epochs/);
    await expect(trainNetwork(engine, data, network, { ...training, batchSize: 0 }, 1)).rejects.toThrow(/training.batchSize/);
    await expect(trainNetwork(engine, data, network, { ...training, momentum: 1 }, 1)).rejects.toThrow(/training.momentum/);
    await expect(trainNetwork(engine, data, network, { ...training, weightDecay: [1, 2] }, 1)).rejects.toThrow(/one λ per layer \(3\)/);
    await expect(trainNetwork(engine, data, network, { ...training, weightDecay: -1 }, 1)).rejects.toThrow(/λ must be ≥ 0/);
    await expect(trainNetwork(engine, data, { ...network, width: 0 }, training, 1)).rejects.toThrow(/network: depth and width/);
    await expect(trainNetwork(engine, data, network, { ...training, schedule: { kind: 'step', milestones: [0.6, 0.3], factor: 0.1 } }, 1)).rejects.toThrow(/milestones/);
  });

  it('maps --backend names to network engines', () => {
    expect(networkBackendFor('cpu-f64')).toBe('wasm');
    expect(networkBackendFor('auto')).toBe('wasm');
    expect(networkBackendFor('wasm+f64')).toBe('wasm');
    expect(networkBackendFor('webgpu+f64')).toBe('webgpu');
    expect(networkBackendFor('tfjs-node-gpu')).toBe('tfjs-node-gpu');
  });
});

describe('schedules and weight decay', () => {
  it('steps the rate down at milestones given as fractions of training', () => {
    expect(milestoneEpochs(THN23_SCHEDULE, 300)).toEqual([100, 200]);
    expect(learningRateAt(0.05, THN23_SCHEDULE, 99, 300)).toBe(0.05);
    expect(learningRateAt(0.05, THN23_SCHEDULE, 100, 300)).toBeCloseTo(0.005, 15);
    expect(learningRateAt(0.05, THN23_SCHEDULE, 299, 300)).toBeCloseTo(0.0005, 15);
    expect(learningRateAt(0.05, { kind: 'constant' }, 299, 300)).toBe(0.05);
    expect(learningRateSum(0.05, THN23_SCHEDULE, 300, 8)).toBeCloseTo(800 * 0.05 * 1.11, 9);
    expect(() => checkSchedule({ kind: 'step', milestones: [0.5], factor: 2 })).toThrow(/factor/);
  });

  it('matches THN23’s total shrinkage λ Σ lr (5e-4 over three 40-epoch stages of 391 steps)', () => {
    expect(referenceShrinkage()).toBeCloseTo(5e-4 * 40 * 391 * 0.05 * 1.11, 12);
    const lambda = matchedWeightDecay(0.05, THN23_SCHEDULE, 300, 8);
    expect(lambda * learningRateSum(0.05, THN23_SCHEDULE, 300, 8)).toBeCloseTo(referenceShrinkage(), 12);
    expect(lambda).toBeCloseTo(0.00978, 5);
  });

  it('snapshot epochs are evenly spaced and end at the last epoch', () => {
    expect(snapshotEpochs(300, 15)).toEqual(Array.from({ length: 15 }, (_, i) => 20 * (i + 1)));
    expect(snapshotEpochs(3, 15)).toEqual([1, 2, 3]);
    expect(weightDecayOf({ ...training, weightDecay: 0.5 }, 1, 3)).toBe(0.5);
  });
});
