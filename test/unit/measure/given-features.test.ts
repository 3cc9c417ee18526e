// Importing features written by numpy (test/fixtures/measure/make_fixtures.py)
// and measuring them: every format and dtype path gives the metrics computed
// by hand; the streaming pass equals the in-memory measurement
// (src/measure/measurements.ts, an independent two-pass implementation).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { measureGivenRun, DEFAULT_MEASURE_OPTIONS, type GivenRunInput, type MeasureOptions } from '../../../src/measure/given-features.ts';
import { measure } from '../../../src/measure/measurements.ts';
import { mat, matmul, trace } from '../../../src/linalg/matrix.ts';
import { openTensorFile, pickTensor } from '../../../src/data/tensors/tensor-file.ts';
import { readWhole } from '../../../src/data/tensors/read.ts';
import { scatterAccumulator } from '../../../src/measure/streaming.ts';
import { betweenClassCovariance, withinClassCovariance } from '../../../src/measure/covariance.ts';
import { pseudoInverse } from '../../../src/linalg/decompositions.ts';
import { classMeans } from '../../../src/measure/class-means.ts';
import { createRng } from '../../../src/random/rng.ts';

const F = (name: string): string => join('test/fixtures/measure', name);
const opts = (o: Partial<MeasureOptions> = {}): MeasureOptions => ({ ...DEFAULT_MEASURE_OPTIONS, replicates: 0, ...o });

// The small case by hand: class 0 = (1,0),(3,0), class 1 = (0,1),(0,5).
// h̄_0 = (2,0), h̄_1 = (0,3). Deviations: (∓1,0) and (0,∓2), so N Σ_W = diag(2, 8),
// Σ_W = diag(0.5, 2), Tr Σ_W = 2.5. h̄_G = (1, 1.5), Ṁ = ±(1, −1.5),
// Σ_B = v v^T with v = (1, −1.5): Tr Σ_B = 3.25. ÑC1 = 2.5/3.25.
// Σ_B^† = v v^T/||v||⁴, so NC1 = Tr(Σ_W v v^T)/(||v||⁴ K) = (0.5·1 + 2·2.25)/(3.25² · 2).
const SMALL = { Hbar: [2, 0, 0, 3], tw: 2.5, tb: 3.25, nc1: 5 / (3.25 * 3.25 * 2), hnorm: 1 + 9 + 1 + 25 };

const SMALL_INPUTS: [string, GivenRunInput, MeasureOptions?][] = [
  ['npy float64 + int32', { features: { path: F('small-features-f8.npy') }, labels: { path: F('small-labels-i4.npy') } }],
  ['npy float32 + int64', { features: { path: F('small-features-f4.npy') }, labels: { path: F('small-labels-i8.npy') } }],
  ['npy float16 + uint8', { features: { path: F('small-features-f2.npy') }, labels: { path: F('small-labels-u1.npy') } }],
  ['npy Fortran order', { features: { path: F('small-features-fortran.npy') }, labels: { path: F('small-labels-i4.npy') } }],
  ['npy d × N (--layout dn)', { features: { path: F('small-features-dn.npy') }, labels: { path: F('small-labels-i4.npy') } }, opts({ layout: 'dn' })],
  ['npz stored (np.savez)', { features: { path: F('small-stored.npz'), key: 'features' }, labels: { path: F('small-stored.npz'), key: 'labels' } }],
  ['npz deflated (np.savez_compressed)', { features: { path: F('small-deflated.npz') }, labels: { path: F('small-deflated.npz'), key: 'labels' } }],
  ['safetensors F32 + I64', { features: { path: F('small.safetensors'), key: 'features' }, labels: { path: F('small.safetensors'), key: 'labels' } }],
  ['safetensors F16 + U8', { features: { path: F('small-f16.safetensors') }, labels: { path: F('small-f16.safetensors'), key: 'labels' } }],
  ['safetensors BF16 + I32', { features: { path: F('small-bf16.safetensors') }, labels: { path: F('small-bf16.safetensors'), key: 'labels' } }],
];

describe('measure: every format and dtype path gives the hand-computed metrics', () => {
  it.each(SMALL_INPUTS)('%s', async (_name, input, o) => {
    const r = await measureGivenRun(input, o ?? opts());
    expect([r.N, r.d, r.K]).toEqual([4, 2, 2]);
    expect(r.classSizes).toEqual([2, 2]);
    expect(Array.from(r.statistics.Hbar.data)).toEqual(SMALL.Hbar);
    expect(r.metrics.withinClassTrace).toBeCloseTo(SMALL.tw, 14);
    expect(r.metrics.betweenClassTrace).toBeCloseTo(SMALL.tb, 14);
    expect(r.metrics.nc1TraceRatio).toBeCloseTo(SMALL.tw / SMALL.tb, 14);
    expect(r.metrics.nc1).toBeCloseTo(SMALL.nc1, 14);
    expect(r.metrics.HnormSq).toBe(SMALL.hnorm);
  });

  it('a d × N file read with the default N × d layout is refused by its shape, not misread', async () => {
    await expect(measureGivenRun({ features: { path: F('small-features-dn.npy') }, labels: { path: F('small-labels-i4.npy') } }, opts())).rejects.toThrow(/shape mismatch: 2 samples/);
  });
});

describe('measure: collapsed and imbalanced features', () => {
  it('collapsed features: NC1 = 0 and the class means and classifier are exact orthogonal frames', async () => {
    const r = await measureGivenRun({ features: { path: F('collapsed.npz') }, labels: { path: F('collapsed.npz'), key: 'labels' }, weights: { path: F('collapsed.npz'), key: 'W' } }, opts());
    expect(r.metrics.nc1).toBe(0);
    expect(r.metrics.withinClassTrace).toBe(0);
    expect(r.metrics.ofErrorHbar).toBeLessThan(1e-15);
    expect(r.metrics.ofErrorW).toBeLessThan(1e-15);
    expect(r.metrics.selfDuality).toBeLessThan(1e-15);
    expect(r.metrics.crossClassActivation).toBe(0);
    expect(r.metrics.nccAgreement).toBe(1);
    // ||h̄_k||² = 4 for each of 3 classes; Σ ||h||² over 6 samples = 24.
    expect(r.metrics.HnormSq).toBe(24);
  });

  // d = 1, class 0 = {0, 2} (mean 1), class 1 = {5, 5, 5, 5} (mean 5).
  //   mean of class means 3: Σ_B = ((1−3)² + (5−3)²)/2 = 4;  sample mean 22/6 = 11/3: Σ_B = ((8/3)² + (4/3)²)/2 = 40/9.
  //   Σ_W over samples: (1 + 1 + 0)/6 = 1/3;  over classes: (2/2 + 0/4)/2 = 1/2.   NC1 = Σ_W / Σ_B / K.
  it.each([
    ['default (class-means, samples)', { globalMean: 'class-means', within: 'samples', nc3: 'squared' }, 1 / 3 / 4 / 2, 4],
    ['PHD20 sample global mean', { globalMean: 'samples', within: 'samples', nc3: 'squared' }, 1 / 3 / (40 / 9) / 2, 40 / 9],
    ['Σ_W over classes', { globalMean: 'class-means', within: 'classes', nc3: 'squared' }, 1 / 2 / 4 / 2, 4],
  ] as const)('imbalanced, %s', async (_n, definitions, nc1, tb) => {
    const r = await measureGivenRun({ features: { path: F('imbalanced.npz') }, labels: { path: F('imbalanced.npz'), key: 'labels' } }, opts({ definitions }));
    expect(r.classSizes).toEqual([2, 4]);
    expect(r.metrics.nc1).toBeCloseTo(nc1, 14);
    expect(r.metrics.betweenClassTrace).toBeCloseTo(tb, 14);
  });
});

function relative(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

describe('measure: the streaming pass equals the in-memory measurement', () => {
  it('random.npz (K = 5, d = 8, N = 300, shuffled labels): every shared metric to 1e-12 relative, whatever the block size', async () => {
    const file = await openTensorFile(F('random.npz'));
    const X = await readWhole(file, pickTensor(file, 'features'));
    const y = await readWhole(file, pickTensor(file, 'labels'));
    const Wd = await readWhole(file, pickTensor(file, 'W'));
    const bd = await readWhole(file, pickTensor(file, 'b'));
    file.close();
    const N = y.length;
    const d = 8;
    const K = 5;
    // In memory: H (d × N) ordered class by class, as src/measure expects.
    const order = Array.from({ length: N }, (_, j) => j).sort((a, b) => y[a] - y[b] || a - b);
    const H = mat(d, N);
    order.forEach((j, c) => {
      for (let i = 0; i < d; i++) H.data[i * N + c] = X[j * d + i];
    });
    const classSizes = Array.from({ length: K }, (_, k) => order.filter((j) => y[j] === k).length);
    const W = mat(K, d, Wd);
    const b = mat(K, 1, bd);
    const reference = measure({ W, H, b, classSizes }, 0);
    // PHD20's NC1 by its literal definition, Tr(Σ_W Σ_B^†)/K with d × d matrices (both implementations use a K × K form).
    const literal = trace(matmul(withinClassCovariance(H, classSizes), pseudoInverse(betweenClassCovariance(classMeans(H, classSizes))))) / K;
    expect(relative(reference.nc1, literal)).toBeLessThan(1e-12);
    for (const blockSamples of [1, 7, 4096]) {
      const r = await measureGivenRun(
        { features: { path: F('random.npz') }, labels: { path: F('random.npz'), key: 'labels' }, weights: { path: F('random.npz'), key: 'W' }, bias: { path: F('random.npz'), key: 'b' } },
        opts({ blockSamples }),
      );
      for (const name of ['nc1', 'nc1TraceRatio', 'withinClassTrace', 'betweenClassTrace', 'ofErrorHbar', 'etfErrorHbar', 'etfErrorCentered', 'ofErrorW', 'etfErrorW', 'ofErrorWHbar', 'etfErrorWHbar', 'equinormMeans', 'maxAngleCentered', 'selfDuality', 'phdNc3', 'centeredLogitEtfError', 'logitOrthogonalFrameError', 'nccAgreement', 'rankWHbar', 'globalMeanNormSq', 'WnormSq', 'HnormSq'] as const) {
        expect(relative(r.metrics[name], reference[name]), `${name} (block ${blockSamples})`).toBeLessThan(1e-12);
      }
    }
  });

  it('Σ_W from Welford blocks equals the two-pass Σ_W to 1e-12 on nearly collapsed features away from the origin (noise 1/300 of the offset), streamed in shuffled order', () => {
    const rng = createRng(14);
    const d = 6;
    const K = 3;
    const classSizes = [40, 25, 35];
    const N = 100;
    const H = mat(d, N);
    let j = 0;
    classSizes.forEach((n, k) => {
      for (let s = 0; s < n; s++, j++) for (let i = 0; i < d; i++) H.data[i * N + j] = 10 * (i === k ? 1 : 0) + 5 + 0.05 * rng.normal();
    });
    const labels = new Int32Array(N);
    j = 0;
    classSizes.forEach((n, k) => labels.fill(k, j, (j += n)));
    // Stream the samples in a shuffled order.
    const perm = Array.from({ length: N }, (_, x) => x);
    for (let x = N - 1; x > 0; x--) {
      const y = Math.floor(rng.uniform() * (x + 1));
      [perm[x], perm[y]] = [perm[y], perm[x]];
    }
    const acc = scatterAccumulator(d, classSizes, 'samples', 16);
    const row = new Float64Array(d);
    for (const x of perm) {
      for (let i = 0; i < d; i++) row[i] = H.data[i * N + x];
      acc.add(row, [labels[x]], 1);
    }
    const s = acc.finish();
    const ref = withinClassCovariance(H, classSizes);
    const scale = Math.max(...Array.from(ref.data, Math.abs));
    for (let x = 0; x < d * d; x++) expect(Math.abs(s.SigmaW.data[x] - ref.data[x]) / scale).toBeLessThan(1e-12);
    const means = classMeans(H, classSizes);
    for (let x = 0; x < d * K; x++) expect(relative(s.Hbar.data[x], means.data[x])).toBeLessThan(1e-12);
  });
});
