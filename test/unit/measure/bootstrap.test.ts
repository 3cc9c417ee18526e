// The second pass (src/measure/bootstrap.ts): Poisson(1) weights, bootstrap replicates checked
// against a direct two-pass weighted computation written here (weighted class means, then the
// weighted scatter about them), whatever the block split; and NC4 agreement by hand.
import { describe, expect, it } from 'vitest';
import { fromRows, type Mat } from '../../../src/linalg/matrix.ts';
import { poissonWeight, secondPass } from '../../../src/measure/bootstrap.ts';
import type { ClassStatistics } from '../../../src/measure/streaming.ts';
import { createRng } from '../../../src/random/rng.ts';

describe('poissonWeight', () => {
  it('is deterministic, and distributed as Poisson(1) over samples and replicates', () => {
    expect(poissonWeight(7, 3, 2)).toBe(poissonWeight(7, 3, 2));
    const counts = new Array(13).fill(0);
    let n = 0;
    for (let j = 0; j < 4000; j++) for (let r = 0; r < 10; r++, n++) counts[poissonWeight(11, j, r)]++;
    // P(0) = P(1) = e^-1 ≈ 0.368, P(2) ≈ 0.184, P(3) ≈ 0.061: 40 000 draws, so ±0.01 is over 4 standard deviations.
    expect(counts[0] / n).toBeCloseTo(Math.exp(-1), 1);
    expect(Math.abs(counts[0] / n - Math.exp(-1))).toBeLessThan(0.01);
    expect(Math.abs(counts[1] / n - Math.exp(-1))).toBeLessThan(0.01);
    expect(Math.abs(counts[2] / n - Math.exp(-1) / 2)).toBeLessThan(0.01);
    expect(Math.abs(counts[3] / n - Math.exp(-1) / 6)).toBeLessThan(0.01);
    const mean = counts.reduce((s, c, m) => s + c * m, 0) / n;
    expect(Math.abs(mean - 1)).toBeLessThan(0.02);
    // Another seed, another sample or another replicate gives other weights (over many, not all equal).
    let differ = 0;
    for (let j = 0; j < 100; j++) if (poissonWeight(11, j, 0) !== poissonWeight(12, j, 0) || poissonWeight(11, j, 0) !== poissonWeight(11, j, 1)) differ++;
    expect(differ).toBeGreaterThan(30);
  });
});

/** Random features, K = 3 classes of sizes 4, 2, 5 in shuffled order, d = 3. */
function data(): { H: number[][]; labels: number[]; stats: ClassStatistics } {
  const rng = createRng(3);
  const labels = [0, 2, 1, 2, 0, 2, 0, 1, 2, 0, 2];
  const H = labels.map((k) => [k + rng.normal(), 2 * k - rng.normal(), rng.normal() * 0.5]);
  const classSizes = [4, 2, 5];
  const d = 3;
  const K = 3;
  const Hbar = fromRows(Array.from({ length: d }, (_, i) => Array.from({ length: K }, (_, k) => mean(H.filter((_, s) => labels[s] === k).map((h) => h[i])))));
  return { H, labels, stats: { N: 11, d, classSizes, Hbar, SigmaW: fromRows([[0]]), within: 'samples', sumSquares: 0, min: 0 } };
}
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

function run(stats: ClassStatistics, H: number[][], labels: number[], o: { replicates: number; seed: number; W?: Mat; b?: Mat; within: 'samples' | 'classes' }, split: number) {
  const pass = secondPass(stats, o);
  pass.add(Float64Array.from(H.slice(0, split).flat()), labels.slice(0, split), split, 0);
  pass.add(Float64Array.from(H.slice(split).flat()), labels.slice(split), H.length - split, split);
  return pass.finish();
}

describe('secondPass replicates', () => {
  it.each([
    ['samples', 4],
    ['classes', 7],
    ['samples', 11],
  ] as const)('equal the weighted two-pass computation (Σ_W over %s, blocks split after %s samples)', (within, split) => {
    const { H, labels, stats } = data();
    const seed = 5;
    const { replicates, nccAgreement } = run(stats, H, labels, { replicates: 6, seed, within }, split);
    expect(nccAgreement).toBeNaN();
    expect(replicates).toHaveLength(6);
    replicates.forEach((rep, r) => {
      const w = H.map((_, j) => poissonWeight(seed, j, r));
      const sizes = [0, 1, 2].map((k) => w.reduce((s, x, j) => s + (labels[j] === k ? x : 0), 0));
      expect(rep.classSizes).toEqual(sizes);
      const total = sizes.reduce((a, b) => a + b, 0);
      let tw = 0;
      for (let k = 0; k < 3; k++) {
        const m = [0, 1, 2].map((i) => H.reduce((s, h, j) => s + (labels[j] === k ? w[j] * h[i] : 0), 0) / sizes[k]);
        for (let i = 0; i < 3; i++) {
          if (sizes[k] === 0) expect(rep.Hbar.data[i * 3 + k]).toBeNaN();
          else expect(rep.Hbar.data[i * 3 + k]).toBeCloseTo(m[i], 12);
        }
        const scatter = H.reduce((s, h, j) => s + (labels[j] === k ? w[j] * h.reduce((a, v, i) => a + (v - m[i]) ** 2, 0) : 0), 0);
        tw += within === 'samples' ? scatter / total : scatter / (3 * sizes[k]);
      }
      if (Number.isNaN(tw)) expect(rep.withinClassTrace).toBeNaN();
      else expect(rep.withinClassTrace).toBeCloseTo(tw, 11);
    });
    // The replicates differ from each other (weights are drawn per replicate).
    expect(new Set(replicates.map((r) => r.withinClassTrace)).size).toBeGreaterThan(1);
  });

  it('with no replicate: an empty list', () => {
    const { H, labels, stats } = data();
    const { replicates } = run(stats, H, labels, { replicates: 0, seed: 1, within: 'samples' }, 5);
    expect(replicates).toEqual([]);
  });
});

describe('secondPass NC4 agreement', () => {
  it('counts the samples whose classifier argmax is their nearest class mean, ties to the lowest index', () => {
    // d = 1, class means 0 and 2; samples 0.5 (nearest 0), 1.5 (nearest 1), 1 (tie: 0), 3 (nearest 1).
    const stats: ClassStatistics = { N: 4, d: 1, classSizes: [2, 2], Hbar: fromRows([[0, 2]]), SigmaW: fromRows([[0]]), within: 'samples', sumSquares: 0, min: 0 };
    const H = [[0.5], [1.5], [1], [3]];
    const labels = [0, 1, 0, 1];
    // Logits (−h, h) with bias (1, −1): class 1 wins when h > 1, a tie at h = 1 goes to class 0.
    const W = fromRows([[-1], [1]]);
    const b = fromRows([[1], [-1]]);
    expect(run(stats, H, labels, { replicates: 0, seed: 1, within: 'samples', W, b }, 2).nccAgreement).toBe(1);
    // Without the bias the boundary moves to 0: 0.5 and 1 go to class 1, against their nearest mean 0.
    expect(run(stats, H, labels, { replicates: 0, seed: 1, within: 'samples', W }, 2).nccAgreement).toBe(0.5);
    // A classifier that prefers class 0 everywhere agrees on the two samples nearest to mean 0 (0.5, and the tie 1).
    expect(run(stats, H, labels, { replicates: 2, seed: 1, within: 'samples', W: fromRows([[1], [0]]), b: fromRows([[100], [0]]) }, 3).nccAgreement).toBe(0.5);
  });
});
