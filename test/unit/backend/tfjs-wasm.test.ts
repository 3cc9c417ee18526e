import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { loadBackend } from '../../../src/backend/registry.ts';
import { loadWasmBackend } from '../../../src/backend/tfjs/wasm.ts';
import { maxAbs, sub } from '../../../src/linalg/matrix.ts';
import { measure } from '../../../src/measure/measurements.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { resolveTolerance, allowance } from '../../../src/theorem/tolerance.ts';
import { DEFAULT_TRAIN_OPTIONS, trainOnce } from '../../../src/train/train.ts';
import { verifyTheoremMode } from '../../../src/verify/runner.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
import { runBackendConformance } from '../../conformance/backend-conformance.ts';

const wasm = await loadWasmBackend();

runBackendConformance(wasm);

describe('tfjs wasm backend (float32)', () => {
  it('is selected by name and declares float32', async () => {
    const b = await loadBackend('wasm');
    expect([b.name, b.dtype, b.epsilon]).toEqual(['wasm', 'float32', 2 ** -23]);
  });

  it('trains to the float32 certificate without leaking tensors, and agrees with float64 within float32 tolerance', () => {
    const regime = { K: 4, n: 3, d: 6, lambdaW: 0.02, lambdaH: 0.01 };
    const before = tf.memory().numTensors;
    const f32 = trainOnce(wasm, mseUfm, regime, DEFAULT_TRAIN_OPTIONS, 0);
    expect(tf.memory().numTensors).toBe(before);
    expect(f32.status).toBe('converged');
    const f64 = trainOnce(cpuF64, mseUfm, regime, DEFAULT_TRAIN_OPTIONS, 0);
    const certified = mseUfm.certify!(regime)!.loss;
    expect(Math.abs(f64.loss - certified)).toBeLessThanOrEqual(allowance(resolveTolerance('loss', 'float64'), certified));
    expect(Math.abs(f32.loss - certified)).toBeLessThanOrEqual(allowance(resolveTolerance('loss', 'float32'), certified));
    const m32 = measure(mseUfm.view(regime, f32.params), f32.loss, {});
    const m64 = measure(mseUfm.view(regime, f64.params), f64.loss, {});
    const gram = resolveTolerance('gram', 'float32');
    expect(maxAbs(sub(m32.WWt, m64.WWt))).toBeLessThanOrEqual(allowance(gram, maxAbs(m64.WWt)));
    expect(maxAbs(sub(m32.HbarTHbar, m64.HbarTHbar))).toBeLessThanOrEqual(allowance(gram, maxAbs(m64.HbarTHbar)));
  });

  it('verifies TB22-T3.1 in float32 with float32 tolerances', async () => {
    const result = await verifyTheoremMode(tb22T31, 'inside', wasm, { modes: ['inside'], runs: 3, seed: 4, train: { restarts: 1 } });
    const statuses = result.clauses.map((c) => `${c.clause}:${c.counts.violated}:${c.counts.pass}`);
    expect(result.clauses.every((c) => c.counts.violated === 0 && c.counts.error === 0)).toBe(true);
    expect(result.clauses.some((c) => c.counts.pass > 0)).toBe(true);
    expect(statuses.length).toBe(tb22T31.clauses.length);
  });
});
