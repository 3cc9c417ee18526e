// The single-pass Poisson bootstrap (src/measure/bootstrap.ts) against (a) the
// previous two-pass implementation, kept verbatim in bootstrap-previous.ts,
// and (b) a direct computation: each replicate's weighted class means and
// within-class scatter from the samples and poissonWeight, by definition. For
// a fixed seed all three give the same replicates (to rounding), whatever the
// block size; the fast weight draw equals poissonWeight value for value.
import { describe, expect, it } from 'vitest';
import { bootstrapAccumulator, nccPass, poissonWeight, poissonWeightsOf, type Replicate } from '../../../src/measure/bootstrap.ts';
import { scatterAccumulator, type ClassStatistics, type WithinNormalization } from '../../../src/measure/streaming.ts';
import { mat } from '../../../src/linalg/matrix.ts';
import { createRng } from '../../../src/random/rng.ts';
import { secondPass as previousSecondPass } from './bootstrap-previous.ts';

interface Data {
  readonly X: Float64Array;
  readonly y: Int32Array;
  readonly N: number;
  readonly d: number;
  readonly K: number;
  readonly sizes: number[];
}

/** Imbalanced classes, far from the origin (offset) with unit-scale spread: cancellation would show. */
function data(N: number, d: number, K: number, seed: number, offset = 100): Data {
  const rng = createRng(seed);
  const X = new Float64Array(N * d);
  const y = new Int32Array(N);
  for (let j = 0; j < N; j++) {
    y[j] = j < K ? j : Math.floor(rng.uniform() ** 2 * K); // every class present, class 0 the largest
    for (let i = 0; i < d; i++) X[j * d + i] = offset + (i === y[j] % d ? 3 : 0) + rng.normal();
  }
  const sizes = new Array<number>(K).fill(0);
  for (const k of y) sizes[k]++;
  return { X, y, N, d, K, sizes };
}

function statistics(D: Data, within: WithinNormalization): ClassStatistics {
  const acc = scatterAccumulator(D.d, D.sizes, within);
  acc.add(D.X, D.y, D.N);
  return acc.finish();
}

function single(D: Data, R: number, seed: number, block: number, within: WithinNormalization): Replicate[] {
  const boot = bootstrapAccumulator(D.d, D.K, { replicates: R, seed });
  for (let first = 0; first < D.N; first += block) {
    const count = Math.min(block, D.N - first);
    boot.add(D.X.subarray(first * D.d, (first + count) * D.d), D.y.subarray(first, first + count), count, first);
  }
  return boot.finish(within);
}

function previous(D: Data, R: number, seed: number, block: number, within: WithinNormalization): Replicate[] {
  const pass = previousSecondPass(statistics(D, within), { replicates: R, seed, within });
  for (let first = 0; first < D.N; first += block) {
    const count = Math.min(block, D.N - first);
    pass.add(D.X.subarray(first * D.d, (first + count) * D.d), D.y.subarray(first, first + count), count, first);
  }
  return pass.finish().replicates;
}

/** By definition: replicate r weighs sample j by poissonWeight(seed, j, r); weighted means, then the weighted scatter about them. */
function direct(D: Data, R: number, seed: number, within: WithinNormalization): Replicate[] {
  const { X, y, N, d, K } = D;
  const out: Replicate[] = [];
  for (let r = 0; r < R; r++) {
    const w = Array.from({ length: N }, (_, j) => poissonWeight(seed, j, r));
    const sizes = new Array<number>(K).fill(0);
    const Hbar = mat(d, K);
    for (let j = 0; j < N; j++) {
      sizes[y[j]] += w[j];
      for (let i = 0; i < d; i++) Hbar.data[i * K + y[j]] += w[j] * X[j * d + i];
    }
    for (let k = 0; k < K; k++) for (let i = 0; i < d; i++) Hbar.data[i * K + k] /= sizes[k];
    const scatter = new Array<number>(K).fill(0);
    for (let j = 0; j < N; j++) for (let i = 0; i < d; i++) scatter[y[j]] += w[j] * (X[j * d + i] - Hbar.data[i * K + y[j]]) ** 2;
    const total = sizes.reduce((a, n) => a + n, 0);
    const tw = within === 'samples' ? scatter.reduce((a, s) => a + s, 0) / total : scatter.reduce((a, s, k) => a + s / (K * sizes[k]), 0);
    out.push({ classSizes: sizes, Hbar, withinClassTrace: tw });
  }
  return out;
}

function expectSame(a: readonly Replicate[], b: readonly Replicate[], tol: number): void {
  expect(a.length).toBe(b.length);
  for (let r = 0; r < a.length; r++) {
    expect(a[r].classSizes).toEqual(b[r].classSizes); // integer weights: exact
    const scale = Math.max(...b[r].Hbar.data.map(Math.abs));
    for (let x = 0; x < a[r].Hbar.data.length; x++) expect(Math.abs(a[r].Hbar.data[x] - b[r].Hbar.data[x])).toBeLessThanOrEqual(tol * scale);
    expect(Math.abs(a[r].withinClassTrace - b[r].withinClassTrace)).toBeLessThanOrEqual(tol * Math.abs(b[r].withinClassTrace));
  }
}

describe('Poisson weights', () => {
  it('the fast draw is poissonWeight, value for value', () => {
    const R = 300;
    const out = new Float64Array(R);
    const histogram = new Array<number>(12).fill(0);
    for (const seed of [0, 1, 7, 2 ** 31 - 1]) {
      for (const j of [0, 1, 2, 99, 4096, 123_457, 2 ** 30 + 5]) {
        poissonWeightsOf(seed, j, R, out, 0, 1);
        for (let r = 0; r < R; r++) {
          expect(out[r]).toBe(poissonWeight(seed, j, r));
          histogram[out[r]]++;
        }
      }
    }
    // Poisson(1): P(0) = P(1) ≈ 0.368, P(2) ≈ 0.184 — the draw is not degenerate.
    const n = histogram.reduce((a, v) => a + v, 0);
    expect(histogram[0] / n).toBeCloseTo(0.368, 1);
    expect(histogram[1] / n).toBeCloseTo(0.368, 1);
    expect(histogram[2] / n).toBeCloseTo(0.184, 1);
  });

  it('writes with a stride (one column of the R × n weight matrix)', () => {
    const out = new Float64Array(3 * 4).fill(-1);
    poissonWeightsOf(5, 42, 3, out, 2, 4);
    expect([out[2], out[6], out[10]]).toEqual([0, 1, 2].map((r) => poissonWeight(5, 42, r)));
    expect(out.filter((v) => v === -1)).toHaveLength(9);
  });
});

describe('single-pass bootstrap', () => {
  const D = data(700, 6, 4, 11);
  const R = 40;
  const seed = 9;

  it.each(['samples', 'classes'] as const)('equals the previous two-pass implementation for a fixed seed (Σ_W over %s)', (within) => {
    expectSame(single(D, R, seed, 64, within), previous(D, R, seed, 64, within), 1e-12);
  });

  it.each(['samples', 'classes'] as const)('equals the direct computation from the samples (Σ_W over %s)', (within) => {
    expectSame(single(D, R, seed, 128, within), direct(D, R, seed, within), 1e-11);
  });

  it('does not depend on the block size', () => {
    const a = single(D, R, seed, 1, 'samples');
    expectSame(single(D, R, seed, 37, 'samples'), a, 1e-12);
    expectSame(single(D, R, seed, D.N, 'samples'), a, 1e-12);
  });

  it('changes with the seed; no replicates gives none', () => {
    const a = single(D, 5, 1, 64, 'samples');
    const b = single(D, 5, 2, 64, 'samples');
    expect(a.map((r) => r.withinClassTrace)).not.toEqual(b.map((r) => r.withinClassTrace));
    expect(single(D, 0, 1, 64, 'samples')).toEqual([]);
  });

  it('collapsed classes: every replicate has Tr Σ_W = 0 exactly and the class means themselves', () => {
    const N = 30;
    const C: Data = { ...data(N, 3, 3, 1), X: new Float64Array(N * 3), y: Int32Array.from({ length: N }, (_, j) => j % 3), sizes: [10, 10, 10] };
    for (let j = 0; j < N; j++) C.X[j * 3 + (j % 3)] = 1e3;
    for (const r of single(C, 20, 3, 7, 'samples').filter((x) => x.classSizes.every((n) => n > 0))) {
      expect(r.withinClassTrace).toBe(0);
      expect(Array.from(r.Hbar.data)).toEqual([1e3, 0, 0, 0, 1e3, 0, 0, 0, 1e3]);
    }
  });

  it('a replicate where a class drew no sample has undefined means for it (dropped by the verdict)', () => {
    const tiny = data(6, 2, 3, 4);
    const reps = single(tiny, 200, 1, 4, 'samples');
    const empty = reps.filter((r) => r.classSizes.some((n) => n === 0));
    expect(empty.length).toBeGreaterThan(0);
    for (const r of empty) expect(Number.isNaN(r.withinClassTrace) || r.Hbar.data.some(Number.isNaN)).toBe(true);
  });
});

describe('NC4 pass', () => {
  it('agrees with the previous implementation', () => {
    const D = data(300, 5, 3, 2, 0);
    const stats = statistics(D, 'samples');
    const rng = createRng(8);
    const W = mat(3, 5, Float64Array.from({ length: 15 }, () => rng.normal()));
    const b = mat(3, 1, Float64Array.from({ length: 3 }, () => rng.normal()));
    const ncc = nccPass(stats, W, b);
    ncc.add(D.X.subarray(0, 100 * 5), 100);
    ncc.add(D.X.subarray(100 * 5), 200);
    const old = previousSecondPass(stats, { replicates: 0, seed: 1, W, b, within: 'samples' });
    old.add(D.X, D.y, D.N, 0);
    const agreement = ncc.finish();
    expect(agreement).toBe(old.finish().nccAgreement);
    expect(agreement).toBeGreaterThan(0);
    expect(agreement).toBeLessThan(1);
  });
});
