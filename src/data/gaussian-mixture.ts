// A deterministic synthetic classification set: a mixture of isotropic
// Gaussians, one per class. Class means sit on K orthonormal directions (a
// random rotation of e_1…e_K, so no input coordinate is special) scaled by
// `separation`, and every sample adds N(0, noise² I_p). Two class means are
// separation·√2 apart, so `separation` in units of `noise` controls the
// overlap: with noise 1 the pairwise Bayes error is Φ(−separation/√2).
import { UsageError } from '../errors.ts';
import { mat } from '../linalg/matrix.ts';
import { randomOrthonormalColumns } from '../linalg/random-orthonormal.ts';
import { createRng } from '../random/rng.ts';
import { checkDataset, labelsFor, type Dataset } from './dataset.ts';

export interface GaussianMixtureSpec {
  readonly kind: 'gaussian-mixture';
  /** Input dimension p (≥ K, so the means can be orthonormal directions). */
  readonly dimension: number;
  /** Samples per class, in class order (length K). Unequal sizes make an imbalanced set. */
  readonly classSizes: readonly number[];
  /** Distance of each class mean from the origin. */
  readonly separation: number;
  /** Standard deviation of the isotropic noise. */
  readonly noise: number;
}

export function gaussianMixture(spec: GaussianMixtureSpec, seed: number): Dataset {
  const K = spec.classSizes.length;
  const p = spec.dimension;
  if (!Number.isInteger(p) || p < K) throw new UsageError(`gaussian-mixture: dimension must be an integer ≥ K = ${K}, got ${p}`);
  if (!(spec.separation >= 0) || !(spec.noise > 0)) {
    throw new UsageError(`gaussian-mixture: separation must be ≥ 0 and noise > 0, got ${spec.separation} and ${spec.noise}`);
  }
  const rng = createRng(seed);
  const directions = randomOrthonormalColumns(p, K, rng); // p × K
  const N = spec.classSizes.reduce((s, n) => s + n, 0);
  const X = mat(N, p);
  let row = 0;
  spec.classSizes.forEach((n, k) => {
    for (let i = 0; i < n; i++, row++) {
      for (let q = 0; q < p; q++) X.data[row * p + q] = spec.separation * directions.data[q * K + k] + spec.noise * rng.normal();
    }
  });
  const sizes = spec.classSizes.join(',');
  return checkDataset({
    name: 'gmm',
    description: `Gaussian mixture: K = ${K} classes of sizes (${sizes}), p = ${p}, means ${spec.separation} × orthonormal directions, noise σ = ${spec.noise} (generated, seed ${seed})`,
    X,
    labels: labelsFor(spec.classSizes),
    classSizes: [...spec.classSizes],
  });
}
