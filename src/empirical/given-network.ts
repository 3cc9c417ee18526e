// Claims about a network nc-check did not train (features and weights
// imported by `nc-check measure`), decided with the empirical suite's
// statistics. Each clause's effect is oriented so that a positive value
// supports it (as in src/empirical/claim.ts):
//   - the classifier Gram W W^T and the class-mean Gram match the MSE UFM's
//     frame — orthogonal frame without bias (H̄^T H̄ ∝ I), simplex ETF with
//     bias (Ṁ^T Ṁ ∝ I − J) — within τ (docs/theorems.md: THN23, TB22);
//   - TB22-R's robust predictions for the last two layers (post-ReLU means
//     with disjoint supports, W ∝ H̄^T), as TB22-R-PRACTICE checks them;
//   - each extra weight matrix has numerical rank ≤ K (XRLGP23's low rank);
//   - ÑC1 = Tr Σ_W / Tr Σ_B below the user's threshold.
// One run: the verdict reads a percentile interval of a Poisson bootstrap over
// samples (src/measure/bootstrap.ts); effects of the given weights alone have
// no sampling uncertainty and are decided exactly. Several runs (seeds or
// checkpoints): each run's effect is one observation of the sign test the
// empirical suite uses (src/empirical/sign-test.ts).
import { gramOfColumns, gramOfRows, trace, type Mat } from '../linalg/matrix.ts';
import { centeredAbout, globalMeanOf, type GlobalMean } from '../measure/from-statistics.ts';
import { orthogonalFrameError, simplexEtfError } from '../measure/frames.ts';
import type { GivenRunResult } from '../measure/given-features.ts';
import { selfDualityError } from '../measure/self-duality.ts';
import { crossClassActivation } from '../measure/supports.ts';
import { signTest, type SignTest } from './sign-test.ts';
import type { ClauseCounts, ClauseStatus } from '../verify/aggregate.ts';

/** What a clause's effect reads: class means and Tr Σ_W (full data or one bootstrap replicate), and the given weights. */
export interface EffectInput {
  readonly Hbar: Mat;
  readonly classSizes: readonly number[];
  readonly withinClassTrace: number;
  readonly run: GivenRunResult;
}

export interface GivenClause {
  readonly id: string;
  readonly statement: string;
  readonly effect: string;
  readonly source: string;
  /** Reads only the given weights: no sampling uncertainty. */
  readonly exact: boolean;
  value(x: EffectInput): number;
}

export interface GivenClaimOptions {
  /** τ for frame and alignment distances (unit-normalized quantities). */
  readonly tolerance: number;
  /** Threshold for ÑC1, when the user asks for the NC1 clause. */
  readonly nc1Threshold?: number;
  readonly globalMean: GlobalMean;
  readonly level: number;
}

export const DEFAULT_TOLERANCE = 1e-2;

function centered(x: EffectInput, how: GlobalMean): Mat {
  return centeredAbout(x.Hbar, globalMeanOf(x, how));
}

function nc1TraceRatio(x: EffectInput, how: GlobalMean): number {
  const M = centered(x, how);
  const tb = trace(gramOfRows(M)) / M.cols;
  return tb === 0 ? NaN : x.withinClassTrace / tb;
}

/** The clauses that apply to these runs (the first run decides what was given). */
export function givenClauses(first: GivenRunResult, o: GivenClaimOptions): GivenClause[] {
  const tau = o.tolerance;
  const bias = first.b !== undefined;
  const out: GivenClause[] = [];
  out.push(
    bias
      ? {
          id: 'class-means-etf',
          statement: `With a classifier bias, the centered class means form a simplex ETF: the ETF error of Ṁ^T Ṁ is below τ = ${tau}`,
          effect: 'τ − ||G/||G||_F − (I − J)/√(K−1)||_F, G = Ṁ^T Ṁ',
          source: 'MSE UFM with bias (THN23, docs/theorems.md)',
          exact: false,
          value: (x) => tau - simplexEtfError(gramOfColumns(centered(x, o.globalMean))),
        }
      : {
          id: 'class-means-orthogonal',
          statement: `Without a classifier bias, the class means form an orthogonal frame: the OF error of H̄^T H̄ is below τ = ${tau}`,
          effect: 'τ − ||G/||G||_F − I/√K||_F, G = H̄^T H̄',
          source: 'bias-free MSE UFM (TB22, docs/theorems.md)',
          exact: false,
          value: (x) => tau - orthogonalFrameError(gramOfColumns(x.Hbar)),
        },
  );
  if (first.W !== undefined) {
    out.push(
      bias
        ? {
            id: 'classifier-etf',
            statement: `With a classifier bias, the classifier rows form a simplex ETF: the ETF error of W W^T is below τ = ${tau}`,
            effect: 'τ − ||G/||G||_F − (I − J)/√(K−1)||_F, G = W W^T',
            source: 'MSE UFM with bias (THN23, docs/theorems.md)',
            exact: true,
            value: (x) => tau - simplexEtfError(gramOfRows(x.run.W!)),
          }
        : {
            id: 'classifier-orthogonal',
            statement: `Without a classifier bias, the classifier rows form an orthogonal frame: the OF error of W W^T is below τ = ${tau}`,
            effect: 'τ − ||G/||G||_F − I/√K||_F, G = W W^T',
            source: 'bias-free MSE UFM (TB22, docs/theorems.md)',
            exact: true,
            value: (x) => tau - orthogonalFrameError(gramOfRows(x.run.W!)),
          },
    );
    if (!bias && first.statistics.min >= 0) {
      // TB22-R's setting: post-ReLU features (nonnegative) read by a bias-free classifier.
      out.push(
        {
          id: 'tb22r-disjoint-supports',
          statement: `TB22-R: the post-ReLU class means have disjoint supports: their cross-class activation is below τ = ${tau}`,
          effect: 'τ − Σ_i (Σ_k h̄_ik − max_k h̄_ik) / Σ_ik h̄_ik',
          source: 'TB22-R robust predictions (docs/theorems.md), as TB22-R-PRACTICE',
          exact: false,
          value: (x) => (x.Hbar.data.every((v) => v >= 0) ? tau - crossClassActivation(x.Hbar) : NaN),
        },
        {
          id: 'tb22r-classifier-aligned',
          statement: `TB22-R: W ∝ H̄^T: the classifier is aligned with the post-ReLU class means within τ = ${tau}`,
          effect: 'τ − ||W/||W||_F − H̄^T/||H̄||_F||_F',
          source: 'TB22-R robust predictions (docs/theorems.md), as TB22-R-PRACTICE',
          exact: false,
          value: (x) => tau - selfDualityError(x.run.W!, x.Hbar),
        },
      );
    }
  }
  const K = first.K;
  for (const w of first.weights) {
    const small = Math.min(w.W.rows, w.W.cols);
    if (small <= K) continue; // rank ≤ K cannot fail: not a check
    out.push({
      id: `low-rank.${w.name}`,
      statement: `The weight matrix ${w.name} (${w.W.rows} × ${w.W.cols}) has numerical rank at most K = ${K} (singular values above 1e-3 σ_max)`,
      effect: '(K + ½) − rank(W), rank = #σ > 1e-3 σ_max',
      source: 'XRLGP23 §7 item 3 (docs/theorems.md)',
      exact: true,
      value: (x) => K + 0.5 - (x.run.weights.find((v) => v.name === w.name)?.measures.rank ?? NaN),
    });
  }
  if (o.nc1Threshold !== undefined) {
    const t = o.nc1Threshold;
    out.push({
      id: 'nc1-below-threshold',
      statement: `Within-class variability has collapsed: ÑC1 = Tr Σ_W / Tr Σ_B is below ${t}`,
      effect: `${t} − Tr Σ_W / Tr Σ_B`,
      source: 'NC1 (PHD20; THN23 trace form, docs/measure.md)',
      exact: false,
      value: (x) => t - nc1TraceRatio(x, o.globalMean),
    });
  }
  return out;
}

/** The full-data input of a run. */
export function fullInput(run: GivenRunResult): EffectInput {
  return { Hbar: run.statistics.Hbar, classSizes: run.classSizes, withinClassTrace: trace(run.statistics.SigmaW), run };
}

export interface BootstrapStatistic {
  readonly estimate: number;
  readonly replicates: number;
  /** Replicates with a finite effect (one where a class drew no sample is dropped). */
  readonly used: number;
  readonly level: number;
  readonly interval?: { readonly lo: number; readonly hi: number };
  readonly samples: number;
  /** Summary of the usable replicates' effects. */
  readonly positive: number;
  readonly negative: number;
  readonly median: number;
  readonly mean: number;
  readonly sd: number;
}

export type GivenDecision =
  | { readonly kind: 'bootstrap'; readonly statistic: BootstrapStatistic }
  | { readonly kind: 'exact'; readonly value: number; readonly samples: number }
  | { readonly kind: 'sign-test'; readonly test: SignTest; readonly perRun: readonly (number | null)[]; readonly samples: readonly number[] };

export interface GivenClauseOutcome {
  readonly clause: GivenClause;
  readonly decision: GivenDecision;
  readonly status: ClauseStatus;
  readonly counts: ClauseCounts;
  readonly note?: string;
}

/** Percentile interval: the order statistics at ⌊(α/2)(n+1)⌋ and ⌈(1 − α/2)(n+1)⌉ (1-based), undefined when n is too small for them. */
export function percentileInterval(values: readonly number[], level: number): { lo: number; hi: number } | undefined {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  const n = v.length;
  const a = (1 - level) / 2;
  const lo = Math.floor(a * (n + 1));
  const hi = Math.ceil((1 - a) * (n + 1));
  if (lo < 1 || hi > n) return undefined;
  return { lo: v[lo - 1], hi: v[hi - 1] };
}

const fmt = (v: number): string => (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toPrecision(3));
const noCounts: ClauseCounts = { pass: 0, violated: 0, inconclusive: 0, notApplicable: 0, error: 0, uncertified: 0 };

function statusOf(lo: number, hi: number): ClauseStatus {
  return lo > 0 ? 'verified' : hi < 0 ? 'violated' : 'inconclusive';
}

export function decideGivenClause(clause: GivenClause, runs: readonly GivenRunResult[], o: GivenClaimOptions): GivenClauseOutcome {
  const pct = `${Math.round(o.level * 100)}%`;
  if (runs.length > 1) {
    const perRun = runs.map((r) => {
      const v = clause.value(fullInput(r));
      return Number.isFinite(v) ? v : null;
    });
    const test = signTest(perRun.filter((v): v is number => v !== null), o.level);
    const status: ClauseStatus = test.decision === 'supports' ? 'verified' : test.decision === 'contradicts' ? 'violated' : 'inconclusive';
    const note =
      test.interval === undefined
        ? `${test.n} usable runs: too few for a ${pct} sign-test interval (6 needed)`
        : status === 'verified'
          ? undefined
          : `the ${pct} interval for the median effect over runs, [${fmt(test.interval.lo)}, ${fmt(test.interval.hi)}], ${status === 'violated' ? 'lies below 0' : 'contains 0'}`;
    return {
      clause,
      decision: { kind: 'sign-test', test, perRun, samples: runs.map((r) => r.N) },
      status,
      counts: { ...noCounts, pass: test.positive, violated: test.negative, inconclusive: test.ties + perRun.filter((v) => v === null).length },
      note,
    };
  }
  const run = runs[0];
  const estimate = clause.value(fullInput(run));
  if (!Number.isFinite(estimate)) {
    return { clause, decision: { kind: 'exact', value: estimate, samples: run.N }, status: 'inconclusive', counts: { ...noCounts, inconclusive: 1 }, note: `the effect is not a finite number (${estimate}): an undefined measurement` };
  }
  if (clause.exact) {
    const status: ClauseStatus = estimate > 0 ? 'verified' : estimate < 0 ? 'violated' : 'inconclusive';
    return {
      clause,
      decision: { kind: 'exact', value: estimate, samples: run.N },
      status,
      counts: { ...noCounts, pass: status === 'verified' ? 1 : 0, violated: status === 'violated' ? 1 : 0, inconclusive: status === 'inconclusive' ? 1 : 0 },
      note: status === 'violated' ? `effect ${fmt(estimate)} < 0 (exact: it reads only the given weights)` : undefined,
    };
  }
  const values = run.replicates.map((r) => clause.value({ Hbar: r.Hbar, classSizes: r.classSizes, withinClassTrace: r.withinClassTrace, run }));
  const usable = values.filter(Number.isFinite).sort((a, b) => a - b);
  const used = usable.length;
  const interval = percentileInterval(values, o.level);
  const mean = usable.reduce((a, v) => a + v, 0) / used;
  const statistic: BootstrapStatistic = {
    estimate,
    replicates: values.length,
    used,
    level: o.level,
    interval,
    samples: run.N,
    positive: usable.filter((v) => v > 0).length,
    negative: usable.filter((v) => v < 0).length,
    median: used === 0 ? NaN : used % 2 === 1 ? usable[(used - 1) / 2] : (usable[used / 2 - 1] + usable[used / 2]) / 2,
    mean,
    sd: used < 2 ? NaN : Math.sqrt(usable.reduce((a, v) => a + (v - mean) ** 2, 0) / (used - 1)),
  };
  if (interval === undefined) {
    return {
      clause,
      decision: { kind: 'bootstrap', statistic },
      status: 'inconclusive',
      counts: { ...noCounts, inconclusive: 1 },
      note: `${used} usable bootstrap replicates: too few for a ${pct} percentile interval`,
    };
  }
  const status = statusOf(interval.lo, interval.hi);
  return {
    clause,
    decision: { kind: 'bootstrap', statistic },
    status,
    counts: { ...noCounts, pass: status === 'verified' ? 1 : 0, violated: status === 'violated' ? 1 : 0, inconclusive: status === 'inconclusive' ? 1 : 0 },
    note: status === 'verified' ? undefined : `the ${pct} bootstrap interval of the effect, [${fmt(interval.lo)}, ${fmt(interval.hi)}], ${status === 'violated' ? 'lies below 0' : 'contains 0'}`,
  };
}

