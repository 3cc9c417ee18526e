// The certificate is checked against the numbers of docs/theorems.md §9
// (computed there by plain gradient descent in numpy, independently of this
// code), against brute-force training, and for internal consistency.
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { certifyMseUfm, labelMatrix } from '../../../src/certify/mse-nuclear-norm.ts';
import { toRows } from '../../../src/linalg/matrix.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { metricNorm } from '../../../src/train/params.ts';
import { classMeans } from '../../../src/measure/class-means.ts';
import { gramOfRows } from '../../../src/linalg/matrix.ts';

const loss = (p: Parameters<typeof certifyMseUfm>[0]) => certifyMseUfm(p)!.loss;

describe('certified minimum of the MSE UFM (nuclear-norm reformulation)', () => {
  it('builds one-hot labels class by class', () => {
    expect(toRows(labelMatrix([2, 1]))).toEqual([
      [1, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('reproduces the reference numbers of §9', () => {
    // TB22-T3.1, K=3, n=2: λ=(0.01, 0.01) → 0.00995; λ=(0.1, 0.4) → 0.18; λ=(0.5, 0.5) → 0.375
    expect(loss({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.01, lambdaH: 0.01 })).toBeCloseTo(0.00995, 14);
    expect(loss({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.1, lambdaH: 0.4 })).toBeCloseTo(0.18, 14);
    expect(loss({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.5, lambdaH: 0.5 })).toBeCloseTo(0.375, 14);
    // zero solution above the threshold: L = 1/2
    expect(loss({ classSizes: [2, 2, 2], d: 4, lambdaW: 1.5, lambdaH: 1 })).toBeCloseTo(0.5, 14);
    // TB22-B (free bias), λ=(0.01, 0.01) → 0.0066333...; d = K − 1 = 2 with (0.1, 0.4) → 0.12
    expect(loss({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0 })).toBeCloseTo(0.0066333333333, 12);
    expect(loss({ classSizes: [2, 2, 2], d: 2, lambdaW: 0.1, lambdaH: 0.4, lambdaB: 0 })).toBeCloseTo(0.12, 14);
    // DER-dK, K=3, d=2, λ=0.1 → 0.23; λ=0.01 → 0.17330
    expect(loss({ classSizes: [2, 2, 2], d: 2, lambdaW: 0.1, lambdaH: 0.1 })).toBeCloseTo(0.23, 14);
    expect(loss({ classSizes: [2, 2, 2], d: 2, lambdaW: 0.01, lambdaH: 0.01 })).toBeCloseTo(0.1733, 4);
    // DER-RB, K=3, λ_W=λ_H=0.1, a_b = 1 → L* = 0.09; a_b = 0.1 (TB style λ_b) with λ = 0.01 → 0.00945
    expect(loss({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 1 })).toBeCloseTo(0.09, 12);
    expect(loss({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.01, lambdaH: 0.01, lambdaB: 0.1 })).toBeCloseTo(0.00945, 10);
  });

  it('reproduces the imbalanced (DTO+23) class norms after converting the normalization', () => {
    // DTO+23 uses 1/(2N)||WH−Y||² + λ_W/2||W||² + λ_H/2||H||² with n_k = (6,3,1), λ = 0.01.
    // In TB22 normalization that is λ_W' = K λ_W and λ_H' = N λ_H.
    const cert = certifyMseUfm({ classSizes: [6, 3, 1], d: 4, lambdaW: 3 * 0.01, lambdaH: 10 * 0.01 })!;
    const [W, H] = cert.minimizer;
    const wNorms = [0, 1, 2].map((k) => gramOfRows(W).data[k * 3 + k]);
    expect(wNorms[0]).toBeCloseTo(2.34949, 4);
    expect(wNorms[1]).toBeCloseTo(1.63205, 4);
    expect(wNorms[2]).toBeCloseTo(0.9, 4);
    const Hbar = classMeans(H, [6, 3, 1]);
    const hNorm = (k: number) => [0, 1, 2, 3].reduce((s, i) => s + Hbar.data[i * 3 + k] ** 2, 0);
    expect(hNorm(0)).toBeCloseTo(0.39158, 4);
    expect(hNorm(1)).toBeCloseTo(0.54402, 4);
    expect(hNorm(2)).toBeCloseTo(0.9, 4);
  });

  it('its minimizer is a critical point of the model whose loss equals the certified value', () => {
    for (const p of [
      { classSizes: [2, 2, 2], d: 4, lambdaW: 0.01, lambdaH: 0.02 },
      { classSizes: [1, 3, 2, 2], d: 2, lambdaW: 0.05, lambdaH: 0.3 },
      { classSizes: [2, 2, 2], d: 4, lambdaW: 0.2, lambdaH: 0.1, lambdaB: 0 },
      { classSizes: [3, 1, 2], d: 3, lambdaW: 0.2, lambdaH: 0.1, lambdaB: 0.7 },
    ]) {
      const regime = { K: p.classSizes.length, ...p };
      const cert = certifyMseUfm(p)!;
      const objective = mseUfm.objective(cpuF64, regime);
      const { loss: value, gradient } = objective.lossAndGradient(cert.minimizer);
      expect(Math.abs(value - cert.loss)).toBeLessThan(1e-13);
      const metric = mseUfm.blocks(regime).map((b) => b.metric);
      expect(metricNorm(cpuF64, gradient, metric)).toBeLessThan(1e-9);
    }
  });

  it('marks tied singular values across the rank cut as non-unique, and refuses ridge bias with d < K', () => {
    expect(certifyMseUfm({ classSizes: [2, 2, 2], d: 2, lambdaW: 0.1, lambdaH: 0.1 })!.unique).toBe(false);
    expect(certifyMseUfm({ classSizes: [3, 2, 1], d: 2, lambdaW: 0.1, lambdaH: 0.1 })!.unique).toBe(true);
    expect(certifyMseUfm({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.1, lambdaH: 0.1 })!.unique).toBe(true);
    expect(certifyMseUfm({ classSizes: [2, 2, 2], d: 2, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0.5 })).toBeUndefined();
  });
});
