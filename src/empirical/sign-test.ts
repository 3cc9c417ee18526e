// The statistic behind every empirical verdict: an exact sign test on paired
// per-seed effects, and the distribution-free confidence interval for their
// median from order statistics (no normality assumed — NC metrics on a log
// scale are heavy-tailed, and the number of seeds is small).
//
// Each effect is oriented so that a positive value supports the claim. With n
// effects sorted, [x_(k), x_(n−k+1)] covers the median with probability
// 1 − 2 P(Bin(n, ½) ≤ k − 1); k is the largest with that coverage ≥ the level.
// The verdict reads the interval: entirely above 0 → the claim holds on this
// data (verified); entirely below 0 → the opposite holds (violated); otherwise,
// or when n is too small for any interval at that level (n < 6 at 95%),
// inconclusive. So with 10 seeds at 95% the claim is verified when at least 9
// effects are positive (the interval is [x_(2), x_(9)]).

/** P(Bin(n, ½) ≤ k), exactly. */
export function binomialHalfCdf(n: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let term = 0.5 ** n; // C(n, 0) / 2^n
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return Math.min(1, sum);
}

/** The order-statistic index k (1-based) of the median interval at `level`, and its exact coverage; undefined when n is too small. */
export function medianIntervalIndex(n: number, level: number): { k: number; coverage: number } | undefined {
  let best: { k: number; coverage: number } | undefined;
  for (let k = 1; k <= Math.floor(n / 2); k++) {
    const coverage = 1 - 2 * binomialHalfCdf(n, k - 1);
    if (coverage >= level) best = { k, coverage };
    else break;
  }
  return best;
}

export type Decision = 'supports' | 'contradicts' | 'undecided';

export interface SignTest {
  /** Effects used (finite). */
  readonly n: number;
  readonly positive: number;
  readonly negative: number;
  readonly ties: number;
  readonly median: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1). */
  readonly sd: number;
  /** Standardized mean effect mean/sd (Cohen's d_z for paired data); NaN when sd = 0 or n < 2. */
  readonly effectSize: number;
  /** One-sided exact p-value of the sign test for "positive more often than not" (ties dropped). */
  readonly pValue: number;
  /** Requested two-sided level of the median interval. */
  readonly level: number;
  /** The interval for the median, with its exact coverage; absent when n is too small. */
  readonly interval?: { readonly lo: number; readonly hi: number; readonly coverage: number };
  readonly decision: Decision;
}

export function signTest(effects: readonly number[], level = 0.95): SignTest {
  const x = effects.filter(Number.isFinite).sort((a, b) => a - b);
  const n = x.length;
  const positive = x.filter((v) => v > 0).length;
  const negative = x.filter((v) => v < 0).length;
  const mean = n === 0 ? NaN : x.reduce((s, v) => s + v, 0) / n;
  const sd = n < 2 ? NaN : Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const median = n === 0 ? NaN : n % 2 === 1 ? x[(n - 1) / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
  const used = positive + negative;
  const pValue = used === 0 ? 1 : 1 - binomialHalfCdf(used, positive - 1);
  const index = medianIntervalIndex(n, level);
  const interval = index === undefined ? undefined : { lo: x[index.k - 1], hi: x[n - index.k], coverage: index.coverage };
  const decision: Decision = interval === undefined ? 'undecided' : interval.lo > 0 ? 'supports' : interval.hi < 0 ? 'contradicts' : 'undecided';
  return { n, positive, negative, ties: n - used, median, mean, sd, effectSize: sd > 0 ? mean / sd : NaN, pValue, level, interval, decision };
}
