// SML23 — Súkeník, Mondelli, Lampert, NeurIPS 2023, "Deep Neural Collapse Is
// Provably Optimal for the Deep Unconstrained Features Model": for binary
// classification the unique global optimum of the DUFM has all DNC properties
// [quoted: SML23 abstract]. The model and the exact DNC statements are
// [unverified: recalled statement, confirm against the paper]
// (docs/theorems.md §6 SML23).
//
// Model (recalled, in SML23's normalization): 1/(2N)||W_L σ(⋯ σ(W_1 H_1)) − Y||² + Σ_l λ_Wl/2||W_l||² + λ_H/2||H_1||²,
// ReLU σ, no biases, K = 2. It runs on ufm-deep-relu in TB22's normalization, which is the same
// problem with λ_Wl^TB = K λ_Wl and λ_H^TB = N λ_H (§1.3); the claims tested are scale-free:
//   DNC1: ÑC1 = 0 at every layer;
//   DNC2: post-ReLU class means are orthogonal (nonnegative, hence with disjoint supports).
// No constant is transcribed (§6): there is no closed-form loss and no certificate, so every verdict
// compares the best converged restarts ("uncertified").
import fc from 'fast-check';
import { defineTheorem, fixed, integer, logUniform, positive, unverified } from '../src/index.ts';

import { RELU_GRAM_TOLERANCE, RELU_TRAINING, SUPPORT_TOLERANCE } from './_relu.ts';
import { deepLinearScale, lossAtScale, type DeepLinearRegime } from './_deep-linear.ts';

const layer = (l: number, required: boolean) => positive(`λ_W${l} in λ_W${l}/(2K)||W${l}||²${required ? '' : ` (L ≥ ${l} only)`}`, { optional: !required });

const parameters = {
  K: fixed('binary classification', 2),
  n: integer('samples per class', { min: 1, sample: [1, 2] }),
  d: integer('width of every layer (the reference advises d ≥ 8K for ReLU)', { min: 1, sample: [16, 20] }),
  L: integer('number of weight layers', { min: 2, max: 4, sample: [2, 3] }),
  lambdaH: positive('λ_H in λ_H/(2N)||H1||²'),
  lambdaW1: layer(1, true),
  lambdaW2: layer(2, true),
  lambdaW3: layer(3, false),
  lambdaW4: layer(4, false),
};

const regimes = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    d: fc.integer({ min: 16, max: 20 }),
    L: fc.integer({ min: 2, max: 3 }),
    level: logUniform(3e-3, 0.05, 0.01),
    spread: fc.array(logUniform(0.5, 2, 1), { minLength: 4, maxLength: 4 }),
  })
  .map(({ n, d, L, level, spread }) => {
    const r: Record<string, number> = { K: 2, n, d, L, lambdaH: level * spread[0] };
    for (let l = 1; l <= L; l++) r[`lambdaW${l}`] = level * spread[l];
    return r;
  });

// Outside the hypothesis, two ways: layers narrower than 8K = 16 (where spurious ReLU minima live), or the
// λ level so high that c ≥ c_thr(L + 1) (c_thr = 0.397 at L = 2, 0.272 at L = 3: level ≥ 0.8 with every
// spread ≥ 0.5 gives c ≥ 0.4), where the zero solution beats the DNC candidate. Its own generator because
// the default one drawn from the parameter specs knows nothing of "λ_Wl for l ≤ L only" and would ask the
// model for layers it does not have.
const outsideRegimes = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    narrow: fc.boolean(),
    d: fc.integer({ min: 4, max: 15 }),
    L: fc.integer({ min: 2, max: 3 }),
    level: logUniform(3e-3, 0.05, 0.01),
    high: logUniform(0.8, 3, 1),
    spread: fc.array(logUniform(0.5, 2, 1), { minLength: 4, maxLength: 4 }),
  })
  .map(({ n, narrow, d, L, level, high, spread }) => {
    const scale = narrow ? level : high;
    const r: Record<string, number> = { K: 2, n, d: narrow ? d : 16 + (d % 5), L, lambdaH: scale * spread[0] };
    for (let l = 1; l <= L; l++) r[`lambdaW${l}`] = scale * spread[l];
    return r;
  });

const postRelu = (m: { layers?: readonly { nc1TraceRatio: number; supportOverlap: number; offDiagonalRatio: number }[] }) => (m.layers ?? []).slice(1);

export default defineTheorem({
  id: 'SML23',
  title: 'Binary deep ReLU UFM: deep neural collapse at the global optimum — NC1 at every layer, orthogonal disjoint-support post-ReLU means',
  citation: 'Súkeník, Mondelli, Lampert, NeurIPS 2023 (DUFM, K = 2)',
  provenance: unverified('SML23; abstract quoted in the reference, model and DNC statements recalled'),
  model: 'ufm-deep-relu',
  normalization: '1/(2N)||W_L σ(⋯ σ(W_1 H_1)) − Y||_F^2 + Σ_l λ_Wl/(2K)||W_l||_F^2 + λ_H/(2N)||H_1||_F^2 (TB22; SML23 up to λ_l → Kλ_l, λ_H → Nλ_H)',
  parameters,
  hypothesis: {
    // "The optimum nonzero" is checked through a sufficient condition: the DNC candidate (the depth-(L+1)
    // linear optimum on nonnegative coordinates, where every ReLU is the identity) has loss below the zero
    // solution's 1/2 exactly when c < c_thr(L + 1), and the ReLU optimum is at most the candidate's loss.
    // d ≥ 8K is the reference's advice for ReLU training, made part of the tested hypothesis: narrower
    // layers have spurious minima below the candidate's loss that, with no certificate, cannot be told
    // from the optimum — a verdict there would be about the optimizer, not about SML23.
    text: 'K = 2, no biases, L ≥ 2, the optimum nonzero: c = (λ_H Π λ_Wl)^{1/(L+1)} < c_thr(L + 1), where the DNC candidate beats the zero solution; tested at d ≥ 8K = 16 (narrower: spurious minima no certificate tells from the optimum)',
    check: (r) => {
      if (r.d < 16) return `d = ${r.d} < 8K = 16: spurious ReLU minima cannot be told from the optimum without a certificate`;
      const s = deepLinearScale(r as unknown as DeepLinearRegime);
      return s.t > 0 || `c = ${s.c.toPrecision(4)} ≥ c_thr(${s.m}) = ${s.cThr.toPrecision(4)}: no nonzero candidate below the zero solution`;
    },
  },
  // No closed-form loss (NaN); the predictions are the DNC geometry: orthogonal, disjoint post-ReLU means.
  // The DNC candidate's loss bounds the minimum from above: a converged restart above it (the zero
  // solution, a spurious minimum) is not a global minimizer and is not measured.
  predict: (r) => {
    const dr = r as unknown as DeepLinearRegime;
    const s = deepLinearScale(dr);
    return { loss: NaN, lossUpperBound: lossAtScale(dr, s.m, s.c, s.t), offDiagonal: 0, overlap: 0 };
  },
  clauses: ({ equality }) => [
    equality('deep-collapse', {
      statement: 'DNC1: ÑC1 = Tr Σ_W / Tr Σ_B = 0 for the features of every layer',
      tolerance: 'nc1',
      predicted: (_p, r) => ({ rows: 1, cols: r.L as number, data: new Float64Array(r.L as number) }),
      measured: (m, _p, r) => ({ rows: 1, cols: r.L as number, data: Float64Array.from((m.layers ?? []).map((l) => l.nc1TraceRatio)) }),
    }),
    equality('post-relu-orthogonal', {
      statement: 'DNC2: the post-ReLU class means of every hidden layer are orthogonal (max |off-diagonal| / max diagonal of H̄_l^T H̄_l = 0, l ≥ 2)',
      tolerance: RELU_GRAM_TOLERANCE,
      predicted: (p) => p.offDiagonal,
      measured: (m) => Math.max(...postRelu(m).map((l) => l.offDiagonalRatio)),
    }),
    equality('disjoint-supports', {
      statement: 'every hidden unit fires for at most one class (nonnegative orthogonal means have disjoint supports)',
      tolerance: SUPPORT_TOLERANCE,
      predicted: (p) => p.overlap,
      measured: (m) => Math.max(...postRelu(m).map((l) => l.supportOverlap)),
    }),
  ],
  nonClaims: [
    { statement: 'the optimal loss and the DNC scale and zero-threshold constants', reason: 'not transcribed (§6): they do not follow from the linear formulas' },
    { statement: 'pre-activations are antipodal for K = 2', reason: 'recalled as possible, not as a claim (§6)' },
    { statement: 'DNC3: rows of each W_l align with the class means they act on', reason: 'recalled [unverified] without a checkable form for the ReLU layers; not encoded' },
  ],
  regimes: { inside: regimes, outside: outsideRegimes },
  training: RELU_TRAINING,
  runs: 16,
  // n = 1, the depth edges L = 2 and L = 4 (the largest the parameters allow), d = 8K = 16 (the hypothesis'
  // edge), and the ends of the common λ level [3e-3, 0.05] with equal weights.
  boundaries: [
    { name: 'n = 1', place: (r) => ({ ...r, n: 1 }), on: (r) => r.n === 1 },
    { name: 'd = 8K = 16', place: (r) => ({ ...r, d: 16 }), on: (r) => r.d === 16 },
    ...[2, 4].map((L) => ({
      name: `L = ${L}`,
      place: (r: Record<string, number | undefined>) => {
        const out: Record<string, number> = { K: 2, n: r.n as number, d: r.d as number, L, lambdaH: r.lambdaH as number };
        for (let l = 1; l <= L; l++) out[`lambdaW${l}`] = (r[`lambdaW${l}`] ?? r.lambdaW1) as number;
        return out;
      },
      on: (r: Record<string, number | undefined>) => r.L === L,
    })),
    ...[3e-3, 0.05].map((level) => ({
      name: `λ level ${level}`,
      place: (r: Record<string, number | undefined>) => {
        const out: Record<string, number> = { K: 2, n: r.n as number, d: r.d as number, L: r.L as number, lambdaH: level };
        for (let l = 1; l <= (r.L as number); l++) out[`lambdaW${l}`] = level;
        return out;
      },
      on: (r: Record<string, number | undefined>) => r.lambdaH === level && r.lambdaW1 === level,
    })),
  ],
});
