// What a certificate says besides its loss — whether its minimizer is unique, its blocks,
// the method a report prints — and the 1-D Schatten problem at every depth, each against a
// value computed here by hand or by brute force, never by the certifier.
import { describe, expect, it } from 'vitest';
import { certifyCeUfm } from '../../../src/certify/ce-nuclear-norm.ts';
import { certifyDeepLinear, minimizeSchattenScalar } from '../../../src/certify/deep-linear-schatten.ts';
import { certifyMseUfm } from '../../../src/certify/mse-nuclear-norm.ts';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { ceUfm } from '../../../src/models/ufm-ce.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import type { Certificate } from '../../../src/certify/certificate.ts';
import type { Regime } from '../../../src/regime/regime.ts';
import { deepLinearUfm } from '../../../src/models/ufm-deep.ts';
import { DEFAULT_TRAIN_OPTIONS, trainOnce } from '../../../src/train/train.ts';

/** min over a fine grid of t ∈ [0, σ] of 1/2 (t − σ)² + (m/2) c t^{2/m}: brute force. */
function gridMinimum(sigma: number, c: number, m: number): { t: number; value: number } {
  let best = { t: 0, value: 0.5 * sigma * sigma };
  for (let k = 1; k <= 200_000; k++) {
    const t = (sigma * k) / 200_000;
    const value = 0.5 * (t - sigma) ** 2 + 0.5 * m * c * t ** (2 / m);
    if (value < best.value) best = { t, value };
  }
  return best;
}

describe('minimizeSchattenScalar', () => {
  it('m = 1 is a ridge: t = σ/(1 + c), by hand 1 and 1 for σ = 2, c = 1', () => {
    expect(minimizeSchattenScalar(2, 1, 1)).toEqual({ t: 1, value: 1, unique: true });
  });

  it('m = 2 soft-thresholds, and reports the value there: σ = 1, c = 0.3 → t = 0.7, 0.3²/2 + 0.3·0.7 = 0.255', () => {
    const r = minimizeSchattenScalar(1, 0.3, 2);
    expect(r.t).toBeCloseTo(0.7, 15);
    expect(r.value).toBeCloseTo(0.255, 15);
    expect(r.unique).toBe(true);
  });

  it.each([
    [1, 0.38, 3],
    [2, 0.5, 3],
    [1, 0.2, 4],
    [3, 1, 5],
    [1, 0.45, 4],
  ])('m ≥ 3: σ = %s, c = %s, m = %s matches a brute-force grid', (sigma, c, m) => {
    const r = minimizeSchattenScalar(sigma, c, m);
    const grid = gridMinimum(sigma, c, m);
    expect(r.value).toBeLessThanOrEqual(grid.value + 1e-15);
    expect(r.value).toBeGreaterThan(grid.value - 1e-6);
    expect(Math.abs(r.t - grid.t)).toBeLessThan(1e-3 * Math.max(1, sigma));
    expect(r.unique).toBe(true);
  });

  it('σ = 0 gives the zero solution at any depth', () => {
    for (const m of [1, 2, 3, 6]) expect(minimizeSchattenScalar(0, 0.1, m)).toEqual({ t: 0, value: 0, unique: true });
  });
});

describe('MSE certificate: uniqueness, blocks and method', () => {
  it('is unique when fewer than d singular values survive (the zero solution), or none is cut', () => {
    // K = 3, n = 2, d = 2 < K: threshold sqrt(a_W a_H) = sqrt(6·1.5/3 · 1) = √3 > √2 = every σ(Y): Z = 0, unique.
    const zero = certifyMseUfm({ classSizes: [2, 2, 2], d: 2, lambdaW: 1.5, lambdaH: 1 })!;
    expect(zero.loss).toBeCloseTo(0.5, 14);
    expect(zero.unique).toBe(true);
    // σ(Y) = √2, 1, 1 for class sizes (2, 1, 1): d = 1 keeps √2 alone (unique), d = 2 cuts the tie 1 = 1.
    expect(certifyMseUfm({ classSizes: [2, 1, 1], d: 1, lambdaW: 0.01, lambdaH: 0.01 })!.unique).toBe(true);
    expect(certifyMseUfm({ classSizes: [2, 1, 1], d: 2, lambdaW: 0.01, lambdaH: 0.01 })!.unique).toBe(false);
    expect(certifyMseUfm({ classSizes: [2, 2, 1], d: 1, lambdaW: 0.01, lambdaH: 0.01 })!.unique).toBe(false);
    // The tie sits below the threshold: nothing of it is kept, so the cut decides nothing.
    // σ = √3, 1, 1 (sizes 3, 1, 1), threshold sqrt(5·0.3/3 · 2) = 1: √3 kept, the tied ones are not.
    expect(certifyMseUfm({ classSizes: [3, 1, 1], d: 2, lambdaW: 0.3, lambdaH: 2 })!.unique).toBe(true);
  });

  it('has the blocks of the model (W K x d, H d x N, and b K x 1 with a bias), and says how it was obtained', () => {
    const shapes = (c: { minimizer: { rows: number; cols: number }[] }) => c.minimizer.map((m) => `${m.rows}x${m.cols}`);
    const plain = certifyMseUfm({ classSizes: [2, 1, 1], d: 3, lambdaW: 0.1, lambdaH: 0.1 })!;
    expect(shapes(plain)).toEqual(['3x3', '3x4']);
    expect(plain.method).toBe('nuclear-norm reformulation on Y: rank-limited singular-value soft-thresholding (SVD)');
    const free = certifyMseUfm({ classSizes: [2, 1, 1], d: 3, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0 })!;
    expect(shapes(free)).toEqual(['3x3', '3x4', '3x1']);
    expect(free.method).toBe('nuclear-norm reformulation on Y C (free bias absorbs the mean): soft-thresholding (SVD)');
    const ridge = certifyMseUfm({ classSizes: [2, 1, 1], d: 3, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 0.5 })!;
    expect(shapes(ridge)).toEqual(['3x3', '3x4', '3x1']);
    expect(ridge.unique).toBe(true);
    expect(ridge.method).toMatch(/^nuclear-norm reformulation with ridge bias: L-BFGS on the strongly convex bias envelope \(gap ≤ \d\.\de[-+]\d+\)$/);
    // The certified gap is at most 1e-13 (else no certificate is issued).
    expect(Number(/gap ≤ ([^)]+)\)/.exec(ridge.method)![1])).toBeLessThanOrEqual(1e-13);
  });

  it('with equal class sizes the ridge bias is the same for every class (symmetry), and between 0 and 1/K', () => {
    const b = certifyMseUfm({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.1, lambdaH: 0.1, lambdaB: 1 })!.minimizer[2].data;
    expect(b[1]).toBeCloseTo(b[0], 10);
    expect(b[2]).toBeCloseTo(b[0], 10);
    expect(b[0]).toBeGreaterThan(0);
    expect(b[0]).toBeLessThan(1 / 3);
  });
});

describe('deep-linear certificate: uniqueness and method', () => {
  it('is not unique when a kept singular value ties with a cut one, unless both shrink to 0', () => {
    // σ(Y) = √2 three times (K = 3, n = 2); d = 2 cuts the tie.
    expect(certifyDeepLinear({ classSizes: [2, 2, 2], d: 2, lambdaW: [0.01, 0.01], lambdaH: 0.01 })!.unique).toBe(false);
    // Large λ: every t is 0, the zero solution, unique.
    const zero = certifyDeepLinear({ classSizes: [2, 2, 2], d: 2, lambdaW: [2, 2], lambdaH: 2 })!;
    expect(zero.loss).toBeCloseTo(0.5, 14);
    expect(zero.unique).toBe(true);
    expect(certifyDeepLinear({ classSizes: [3, 2, 1], d: 2, lambdaW: [0.01, 0.01], lambdaH: 0.01 })!.unique).toBe(true);
    expect(certifyDeepLinear({ classSizes: [2, 2, 2], d: 4, lambdaW: [0.01, 0.01], lambdaH: 0.01 })!.unique).toBe(true);
  });

  it('is not unique when one singular value’s 1-D problem ties between 0 and its interior minimum', () => {
    // K = N = 2, L = 2 (m = 3): a = (λ_H, λ_W1, λ_W2), c̃ = (λ_H λ_W1 λ_W2)^{1/3} = 2^{-4/3}, the tie of
    // minimizeSchattenScalar(1, 2^{-4/3}, 3) (deep-and-ce.test.ts), for both singular values σ = 1.
    const c = 2 ** (-4 / 3);
    expect(certifyDeepLinear({ classSizes: [1, 1], d: 2, lambdaW: [c, c], lambdaH: c })!.unique).toBe(false);
  });

  it('names its depth and its target in the method', () => {
    expect(certifyDeepLinear({ classSizes: [2, 2, 2], d: 4, lambdaW: [0.01, 0.01], lambdaH: 0.01 })!.method).toBe(
      'Schatten-2/3 reformulation on Y: per-singular-value global 1-D minimization (bracketed, grid-checked), balanced factorization',
    );
    expect(certifyDeepLinear({ classSizes: [2, 2, 2], d: 4, lambdaW: [0.01, 0.01, 0.01], lambdaH: 0.01, lambdaB: 0 })!.method).toMatch(/^Schatten-2\/4 reformulation on Y C \(free bias\): /);
  });
});

describe('cross-entropy certificate: blocks, uniqueness and method', () => {
  it('has W, H and, with a ridge bias, b; is never called unique; names its duality gap', () => {
    const plain = certifyCeUfm({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.05, lambdaH: 0.05 })!;
    expect(plain.minimizer.map((m) => `${m.rows}x${m.cols}`)).toEqual(['3x4', '4x6']);
    expect(plain.unique).toBe(false);
    expect(plain.method).toMatch(/^convex reformulation \(CE \+ τ\|\|Z\|\|_\* on class means\): FISTA with adaptive restart, duality gap \d\.\de[-+]\d+$/);
    const biased = certifyCeUfm({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.05, lambdaH: 0.05, lambdaB: 0.05 })!;
    expect(biased.minimizer.map((m) => `${m.rows}x${m.cols}`)).toEqual(['3x4', '4x6', '3x1']);
  });
});

describe('cross-entropy certificate against training', () => {
  // Training from a random start (L-BFGS to ||∇L|| ≤ 1e-13) is an independent estimate of the minimum:
  // it can never go below a true certificate, and the certified duality gap (≤ 1e-13) puts the two within
  // rounding of each other. A certificate issued before its gap closed sits visibly above training.
  it.each([
    { K: 3, n: 2, d: 4, lambdaW: 0.05, lambdaH: 0.05 },
    { K: 3, classSizes: [3, 1, 2], d: 3, lambdaW: 0.02, lambdaH: 0.01, lambdaB: 0.03 },
  ])('agrees with trained restarts to 1e-11: %o', (regime) => {
    const classSizes = regime.classSizes ?? Array(regime.K).fill(regime.n);
    const cert = certifyCeUfm({ classSizes, d: regime.d, lambdaW: regime.lambdaW, lambdaH: regime.lambdaH, lambdaB: regime.lambdaB })!;
    const trained = trainOnce(cpuF64, ceUfm, regime, { ...DEFAULT_TRAIN_OPTIONS, seed: 5 }, 0);
    expect(trained.status).toBe('converged');
    expect(trained.loss).toBeGreaterThanOrEqual(cert.loss - 1e-13 * Math.max(1, cert.loss));
    expect(Math.abs(trained.loss - cert.loss)).toBeLessThan(1e-11);
  });
});

describe('cross-entropy certificate: its own minimizer', () => {
  it('has the certified loss through the model before any polishing (the factorization of Z = Q D^{-1/2} E)', () => {
    for (const regime of [
      { K: 3, classSizes: [3, 1, 2], d: 3, lambdaW: 0.02, lambdaH: 0.01, lambdaB: 0.03 },
      { K: 4, classSizes: [2, 1, 3, 2], d: 5, lambdaW: 0.05, lambdaH: 0.02 },
    ]) {
      const cert = certifyCeUfm(regime)!;
      const { loss } = ceUfm.objective(cpuF64, regime).lossAndGradient(cert.minimizer);
      expect(Math.abs(loss - cert.loss)).toBeLessThan(1e-12);
    }
  });
});

describe('MSE certificate with a ridge bias against training', () => {
  it('agrees with a trained restart to 1e-12 (L-BFGS on the bias envelope, certified gap ≤ 1e-13)', () => {
    const regime = { K: 3, classSizes: [3, 1, 2], d: 3, lambdaW: 0.2, lambdaH: 0.1, lambdaB: 0.7 };
    const cert = certifyMseUfm(regime)!;
    const trained = trainOnce(cpuF64, mseUfm, regime, { ...DEFAULT_TRAIN_OPTIONS, seed: 5 }, 0);
    expect(trained.status).toBe('converged');
    expect(trained.loss).toBeGreaterThanOrEqual(cert.loss - 1e-13);
    expect(Math.abs(trained.loss - cert.loss)).toBeLessThan(1e-12);
  });
});

describe('certificates with a cut or a free bias, through the model', () => {
  it('deep linear with d < K: the kept singular values minimized, the cut ones at σ²/2 (brute force per σ)', () => {
    // K = 3, n = 2: σ(Y) = √2 three times; d = 2 keeps two. m = 3, a = (λ_H, 2λ_W1, 2λ_W2) = (0.01, 0.02, 0.02).
    const ct = Math.cbrt(0.01 * 0.02 * 0.02);
    const kept = gridMinimum(Math.SQRT2, ct, 3).value;
    const cert = certifyDeepLinear({ classSizes: [2, 2, 2], d: 2, lambdaW: [0.01, 0.01], lambdaH: 0.01 })!;
    // The grid's minimum is an upper bound on the true one, within the grid's resolution.
    expect(cert.loss).toBeLessThanOrEqual((2 * kept + 1) / 6 + 1e-15);
    expect(cert.loss).toBeGreaterThan((2 * kept + 1) / 6 - 1e-7);
  });

  it('free bias: the certificate’s own minimizer (bias included) has the certified loss and is a critical point, deep and MSE', () => {
    const check = (model: typeof mseUfm, regime: Regime, cert: Certificate) => {
      const { loss, gradient } = model.objective(cpuF64, regime).lossAndGradient(cert.minimizer);
      expect(Math.abs(loss - cert.loss)).toBeLessThan(1e-13);
      for (const g of gradient) for (const v of g.data) expect(Math.abs(v)).toBeLessThan(1e-9);
    };
    const deep = { K: 4, classSizes: [3, 1, 2, 5], d: 3, L: 2, lambdaH: 0.05, lambdaW1: 0.02, lambdaW2: 0.1, lambdaB: 0 };
    check(deepLinearUfm, deep, certifyDeepLinear({ classSizes: deep.classSizes, d: 3, lambdaW: [0.02, 0.1], lambdaH: 0.05, lambdaB: 0 })!);
    const mse = { K: 3, classSizes: [3, 1, 2], d: 3, lambdaW: 0.05, lambdaH: 0.1, lambdaB: 0 };
    check(mseUfm, mse, certifyMseUfm(mse)!);
  });

  it('cross-entropy with d equal to the rank of the logits (K − 1 without a bias) is still certified', () => {
    const cert = certifyCeUfm({ classSizes: [2, 2, 2], d: 2, lambdaW: 0.05, lambdaH: 0.05 });
    expect(cert).toBeDefined();
    expect(cert!.loss).toBeCloseTo(certifyCeUfm({ classSizes: [2, 2, 2], d: 4, lambdaW: 0.05, lambdaH: 0.05 })!.loss, 12);
  });
});

describe('cross-entropy certificate at the zero solution (λ large)', () => {
  it('certifies Q = 0 with a nonnegative duality gap, with and without a ridge bias', () => {
    for (const lambdaB of [undefined, 0.5]) {
      // τ = sqrt(λ_W λ_H) = 1 exceeds ||∇_Q CE(0)||_2 (< 1 for K = 3), so Q = 0 is optimal and the dual
      // point (the gradient) lies strictly inside the spectral ball: it is used unscaled. Scaling it to
      // the boundary anyway gives no valid dual bound (a negative or large gap).
      const c = certifyCeUfm({ classSizes: [2, 1, 1], d: 3, lambdaW: 1, lambdaH: 1, lambdaB });
      expect(c).toBeDefined();
      const gap = Number(/duality gap (\S+)$/.exec(c!.method)?.[1]);
      expect(gap).toBeGreaterThanOrEqual(0);
      expect(gap).toBeLessThanOrEqual(1e-13);
      expect(Math.max(...c!.minimizer[0].data.map(Math.abs), ...c!.minimizer[1].data.map(Math.abs))).toBe(0);
      if (lambdaB === undefined) expect(c!.loss).toBeCloseTo(Math.log(3), 14);
    }
  });
});

