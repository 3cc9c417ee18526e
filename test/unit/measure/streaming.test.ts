// The streaming pass (src/measure/streaming.ts) on four samples worked by hand, in every
// block size (full blocks, a partial last block, one sample per block) and split over calls.
//
// d = 2, sizes (1, 3), streamed in the order class 1, 0, 1, 1: (0, 0), (2, −1), (1, 3), (5, 0).
// Class means (2, −1) and (2, 1); class 1's deviations (−2, −1), (−1, 2), (3, −1) scatter to
// [[14, −3], [−3, 6]]. Σ_W over samples divides by N = 4; over classes it is (1/K) Σ_k scatter_k/n_k.
import { describe, expect, it } from 'vitest';
import { toRows } from '../../../src/linalg/matrix.ts';
import { scatterAccumulator } from '../../../src/measure/streaming.ts';

const samples = [0, 0, 2, -1, 1, 3, 5, 0];
const labels = [1, 0, 1, 1];

function stream(within: 'samples' | 'classes' | undefined, blockSamples: number | undefined, split: number) {
  const acc = scatterAccumulator(2, [1, 3], within, blockSamples);
  acc.add(Float64Array.from(samples.slice(0, 2 * split)), labels.slice(0, split), split);
  acc.add(Float64Array.from(samples.slice(2 * split)), labels.slice(split), 4 - split);
  return acc.finish();
}

const close = (a: number[][], b: number[][]) => a.forEach((row, i) => row.forEach((v, j) => expect(v, `${i},${j}`).toBeCloseTo(b[i][j], 13)));

describe('scatterAccumulator', () => {
  it.each([
    [undefined, 1],
    [1, 2],
    [2, 3],
    [3, 1],
    [256, 2],
  ])('block size %s, split after %s samples: class means, Σ_W over samples, ||H||², min', (blockSamples, split) => {
    const s = stream(undefined, blockSamples, split);
    expect(toRows(s.Hbar)).toEqual([
      [2, 2],
      [-1, 1],
    ]);
    close(toRows(s.SigmaW), [
      [3.5, -0.75],
      [-0.75, 1.5],
    ]);
    expect(s.sumSquares).toBe(0 + 4 + 1 + 1 + 9 + 25);
    expect(s.min).toBe(-1);
    expect([s.N, s.d, s.within]).toEqual([4, 2, 'samples']);
    expect(s.classSizes).toEqual([1, 3]);
  });

  it.each([1, 2, 3])('Σ_W over classes weighs each class by 1/(K n_k) (block size %s)', (blockSamples) => {
    const s = stream('classes', blockSamples, 3);
    close(toRows(s.SigmaW), [
      [14 / 6, -0.5],
      [-0.5, 1],
    ]);
    expect(s.within).toBe('classes');
  });

  it('keeps its own copy of the class sizes', () => {
    const sizes = [1, 3];
    const acc = scatterAccumulator(2, sizes);
    acc.add(Float64Array.from(samples), labels, 4);
    const s = acc.finish();
    sizes[0] = 99;
    expect(s.classSizes).toEqual([1, 3]);
  });
});
