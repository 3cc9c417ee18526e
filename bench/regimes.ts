// The benchmark's regimes: the bias-free, TB22-normalized MSE UFM (model
// ufm-mse without lambdaB), balanced classes. Tiers are fixed here, before any
// measurement: small (≤ 10⁵ multiply-adds per product), medium (≤ 10⁷), large
// (up to K = 100, d = 512). `--quick` runs small and medium.

export type Tier = 'small' | 'medium' | 'large';

export interface BenchRegime {
  readonly name: string;
  readonly tier: Tier;
  readonly K: number;
  readonly n: number;
  readonly d: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
}

export const BENCH_REGIMES: readonly BenchRegime[] = [
  { name: 'small-3x4', tier: 'small', K: 3, n: 2, d: 4, lambdaW: 0.01, lambdaH: 0.01 },
  { name: 'small-10x16', tier: 'small', K: 10, n: 5, d: 16, lambdaW: 0.02, lambdaH: 0.01 },
  { name: 'small-10x64', tier: 'small', K: 10, n: 10, d: 64, lambdaW: 0.01, lambdaH: 0.01 },
  { name: 'medium-20x64', tier: 'medium', K: 20, n: 20, d: 64, lambdaW: 0.01, lambdaH: 0.005 },
  { name: 'medium-20x128', tier: 'medium', K: 20, n: 25, d: 128, lambdaW: 0.005, lambdaH: 0.005 },
  { name: 'medium-32x64', tier: 'medium', K: 32, n: 10, d: 64, lambdaW: 0.02, lambdaH: 0.01 },
  { name: 'large-50x256', tier: 'large', K: 50, n: 20, d: 256, lambdaW: 0.005, lambdaH: 0.005 },
  { name: 'large-100x512', tier: 'large', K: 100, n: 10, d: 512, lambdaW: 0.005, lambdaH: 0.005 },
];

/** The scaling sweep (nc-check and scipy): K, d and n doubled together. */
export const SCALING_REGIMES: readonly BenchRegime[] = [4, 8, 16, 32, 64].map((K) => ({
  name: `scale-K${K}`,
  tier: K <= 8 ? 'small' : K <= 16 ? 'medium' : 'large',
  K,
  n: K,
  d: 2 * K,
  lambdaW: 0.01,
  lambdaH: 0.01,
}));
