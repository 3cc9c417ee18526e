// The consistency suite: built-in entries checked against each other where
// their hypotheses overlap, after converting normalizations (docs/soundness.md).
// Each relation is a theorem "A_vs_B" whose identity clauses compare A's
// prediction, converted, with B's; predictions only, no training.
//
// Conversions (docs/theorems.md, normalization table): TB22's objective
// 1/(2Kn)||WH − Y||² + λ_W/(2K)||W||² + λ_H/(2Kn)||H||² equals Zhu/Zhou's
// 1/(2N)||WH − Y||² + λ'_W/2||W||² + λ'_H/2||H||² (N = Kn) exactly when
// λ_W = K λ'_W and λ_H = K n λ'_H (and a TB-style bias penalty λ_b = K λ'_b): the
// two objectives are then the same function of (W, H, b), so losses and Grams
// must agree, not just up to a factor.
import fc from 'fast-check';
import { consistencyTheorem, mat, type Mat, type ConsistencyQuantity, type ConsistencyRelation, type Prediction, type Quantity, type Regime, type Theorem } from '../src/index.ts';
import { balancedRegime, logUniform } from '../src/index.ts';
import derDk from './der-dk.ts';
import derDl from './der-dl.ts';
import derRb from './der-rb.ts';
import dto23 from './dto23.ts';
import sml23 from './sml23.ts';
import sml24 from './sml24-refutation.ts';
import tb22B from './tb22-b.ts';
import tb22R from './tb22-r.ts';
import tb22T31 from './tb22-t3-1.ts';
import zdz22 from './zdz22.ts';

/** λ_b standing in for "λ_b → ∞" and "λ_b → 0": the limit's own error (O(K/λ_b), O(λ_b/K)) is ~1e-12, far inside 'gram'. */
export const LAMBDA_B_INFINITE = 1e13;
export const LAMBDA_B_ZERO = 1e-13;

const field = (key: string) => (p: Prediction): Quantity => {
  const q = p[key];
  if (q === undefined) throw new Error(`predict() returned no ${key}`);
  return q;
};

/** The same prediction key on both sides (same variables after conversion). */
const same = (id: string, key: string, statement: string, tolerance?: ConsistencyQuantity['tolerance']): ConsistencyQuantity => ({
  id,
  statement,
  fromA: field(key),
  fromB: field(key),
  tolerance,
});

const loss = same('loss', 'loss', 'global minimum L*', 'loss');
const grams = [
  same('classifier-gram', 'WWt', 'classifier Gram W W^T'),
  same('feature-gram', 'HbarTHbar', 'class-mean Gram H̄^T H̄'),
  same('logits', 'WHbar', 'class-mean logits W H̄'),
];
const bias = (valueOfB: (p: Prediction, r: Regime) => Quantity): ConsistencyQuantity => ({
  id: 'bias',
  statement: 'bias b',
  fromA: field('b'),
  fromB: valueOfB,
});

/** DER-DL regimes at depth L = 1 (m = 2 factors: H, W), c over both sides of the threshold c = 1. */
const depthOne = (withBias: boolean) =>
  balancedRegime({ widthOffset: withBias ? [-1, 6] : [0, 6], lambdaW: [1e-3, 10], lambdaH: [1e-3, 10], bias: withBias ? 'free' : 'none' }).map(
    ({ lambdaW, ...r }) => ({ ...r, L: 1, lambdaW1: lambdaW }) as Regime,
  );
const derDlToTb22 = (r: Regime): Regime => {
  const out: Record<string, number> = { K: r.K as number, n: r.n as number, d: r.d as number, lambdaW: r.lambdaW1 as number, lambdaH: r.lambdaH as number };
  if (r.lambdaB !== undefined) out.lambdaB = r.lambdaB as number;
  return out;
};

/** Zhu/Zhou → TB22 (docs/theorems.md): λ_W = K λ'_W, λ_H = K n λ'_H, λ_b = K λ'_b. */
export function zhouToTb22(r: Regime): Regime {
  const K = r.K as number;
  const n = r.n as number;
  return { K, n, d: r.d as number, lambdaW: K * (r.lambdaW as number), lambdaH: K * n * (r.lambdaH as number), lambdaB: K * (r.lambdaB as number) };
}

/** The relations of the built-in library (each one a theorem "A_vs_B"). */
export const consistencyRelations: readonly ConsistencyRelation[] = [
  {
    a: derDl,
    b: tb22T31,
    statement: 'DER-DL at depth L = 1 (m = 2) is TB22-T3.1, same normalization (λ_W1 = λ_W)',
    regimes: depthOne(false),
    convert: derDlToTb22,
    quantities: [loss, ...grams],
  },
  {
    a: derDl,
    b: tb22B,
    statement: 'DER-DL at depth L = 1 with a free bias is TB22-B, same normalization',
    regimes: depthOne(true),
    convert: derDlToTb22,
    quantities: [loss, ...grams, bias(field('b'))],
  },
  {
    a: derRb,
    b: tb22B,
    statement: `DER-RB as λ_b → 0 (λ_b = ${LAMBDA_B_ZERO}) is TB22-B (free bias)`,
    regimes: balancedRegime({ widthOffset: [0, 6], lambdaW: [1e-3, 1], lambdaH: [1e-3, 1] }).map((r) => ({ ...r, lambdaB: LAMBDA_B_ZERO }) as Regime).filter((r) => Math.sqrt((r.lambdaW as number) * (r.lambdaH as number)) < 0.98),
    convert: (r) => ({ K: r.K as number, n: r.n as number, d: r.d as number, lambdaW: r.lambdaW as number, lambdaH: r.lambdaH as number, lambdaB: 0 }),
    quantities: [loss, ...grams, bias(field('b'))],
  },
  {
    a: derRb,
    b: tb22T31,
    statement: `DER-RB as λ_b → ∞ (λ_b = ${LAMBDA_B_INFINITE}) is TB22-T3.1 (no bias)`,
    regimes: balancedRegime({ widthOffset: [0, 6], lambdaW: [1e-3, 1], lambdaH: [1e-3, 1] }).map((r) => ({ ...r, lambdaB: LAMBDA_B_INFINITE }) as Regime).filter((r) => Math.sqrt((r.lambdaW as number) * (r.lambdaH as number)) < 0.98),
    convert: (r) => ({ K: r.K as number, n: r.n as number, d: r.d as number, lambdaW: r.lambdaW as number, lambdaH: r.lambdaH as number }),
    quantities: [loss, ...grams, bias((_p, r) => mat(r.K as number, 1))],
  },
  {
    a: zdz22,
    b: tb22B,
    statement: "ZDZ+22 with a free bias is TB22-B after the Zhu/Zhou → TB22 conversion λ_W = K λ'_W, λ_H = K n λ'_H",
    regimes: balancedRegime({ widthOffset: [-1, 6], lambdaW: [1e-4, 0.3], lambdaH: [1e-4, 0.3], bias: 'free' }),
    convert: zhouToTb22,
    quantities: [loss, ...grams, bias(field('b'))],
  },
  {
    a: dto23,
    b: zdz22,
    statement: `DTO+23 with equal class sizes is ZDZ+22 without a bias (λ_b → ∞, λ_b = ${LAMBDA_B_INFINITE}), same normalization`,
    regimes: balancedRegime({ widthOffset: [0, 4], lambdaW: [1e-3, 0.5], lambdaH: [1e-3, 0.5] }).map(({ n, K, d, lambdaW, lambdaH }) => ({ K, d, lambdaW, lambdaH, classSizes: Array(K).fill(n) }) as unknown as Regime),
    convert: (r) => ({ K: r.K as number, n: (r.classSizes as unknown as number[])[0], d: r.d as number, lambdaW: r.lambdaW as number, lambdaH: r.lambdaH as number, lambdaB: LAMBDA_B_INFINITE }),
    quantities: [loss, ...grams],
  },
  {
    a: derDk,
    b: tb22T31,
    kind: 'boundary',
    statement: 'DER-dK (d < K) continued to d = K is TB22-T3.1: every direction carries signal',
    regimes: balancedRegime({ widthOffset: [0, 0], lambdaW: [1e-3, 1], lambdaH: [1e-3, 1] }).filter((r) => Math.sqrt(r.lambdaW * r.lambdaH) < 0.98) as fc.Arbitrary<Regime>,
    convert: (r) => ({ K: r.K as number, n: r.n as number, d: r.d as number, lambdaW: r.lambdaW as number, lambdaH: r.lambdaH as number }),
    quantities: [
      loss,
      { id: 'logit-spectrum', statement: 'eigenvalues of W H̄', fromA: field('eigWHbar'), fromB: (p) => diagonalRow(field('WHbar')(p) as Mat) },
    ],
  },
  {
    a: derDk,
    b: tb22B,
    kind: 'boundary',
    statement: 'DER-dK with a free bias (d < K − 1) continued to d = K − 1 is TB22-B',
    regimes: balancedRegime({ widthOffset: [-1, -1], lambdaW: [1e-3, 1], lambdaH: [1e-3, 1], bias: 'free' }).filter((r) => r.d >= 1 && Math.sqrt(r.lambdaW * r.lambdaH) < 0.98) as fc.Arbitrary<Regime>,
    convert: (r) => ({ K: r.K as number, n: r.n as number, d: r.d as number, lambdaW: r.lambdaW as number, lambdaH: r.lambdaH as number, lambdaB: 0 }),
    quantities: [loss],
  },
];

/** The diagonal of a symmetric K x K matrix with equal diagonal (a multiple of I) as a 1 x K row: its eigenvalues. */
function diagonalRow(m: Mat): Quantity {
  return mat(1, m.rows, Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + i]));
}

/**
 * Regions claimed refuted by a known-false entry must not be claimed proved by a holding entry on the same
 * model: SML24's "DNC is not optimal" region is disjoint from SML23's (K = 2, any L) and TB22-R's (L = 2).
 */
const disjointRelations: readonly ConsistencyRelation[] = [
  {
    a: sml23,
    b: sml24,
    kind: 'disjoint',
    statement: "SML23's region (K = 2, any depth: DNC optimal) is outside SML24's refuted region",
    convert: (r) => r,
    // SML23's whole parameter range: K = 2, L = 2 … 4 (its maximum), small λ.
    regimes: fc
      .record({ n: fc.integer({ min: 1, max: 4 }), d: fc.integer({ min: 16, max: 32 }), L: fc.integer({ min: 2, max: 4 }), lambda: logUniform(1e-3, 0.1) })
      .map(({ n, d, L, lambda }) => {
        const r: Record<string, number> = { K: 2, n, d, L, lambdaH: lambda };
        for (let l = 1; l <= L; l++) r[`lambdaW${l}`] = lambda;
        return r;
      }),
    quantities: [],
  },
  {
    a: tb22R,
    b: sml24,
    kind: 'disjoint',
    statement: "TB22-R's region (two weight layers: the DNC structure is the optimum) is outside SML24's refuted region",
    convert: (r) => r,
    regimes: fc
      .record({ K: fc.integer({ min: 2, max: 12 }), n: fc.integer({ min: 1, max: 3 }), offset: fc.integer({ min: 0, max: 16 }), lambda: logUniform(1e-3, 0.1) })
      .map(({ K, n, offset, lambda }) => ({ K, n, d: K + offset, L: 2, lambdaH: lambda, lambdaW1: lambda, lambdaW2: lambda })),
    quantities: [],
  },
];

/** The consistency suite: every relation and every disjointness check, as theorems "A_vs_B". */
export const consistencyTheorems: readonly Theorem[] = [...consistencyRelations, ...disjointRelations].map(consistencyTheorem);
