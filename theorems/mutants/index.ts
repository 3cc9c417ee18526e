// Mutant fixtures: each is a built-in theorem with one deliberate mistake (a
// wrong constant or the wrong geometry) and the clauses expected to catch it.
// properties/mutants.test.ts and `nc-check mutants` require every one of them
// to be reported violated inside its hypothesis by one of those clauses.
import { centering, diag, identity, mat, scale, type Mat } from '../../src/index.ts';
import { mutate, type Mutant } from '../../src/theorem/mutate.ts';
import tb22T31 from '../tb22-t3-1.ts';
import tb22B from '../tb22-b.ts';
import derRb from '../der-rb.ts';
import derDk from '../der-dk.ts';
import tb22E from '../tb22-e.ts';
import derDl from '../der-dl.ts';
import tb22R from '../tb22-r.ts';
import zdz21 from '../zdz21.ts';
import zdz22 from '../zdz22.ts';
import dto23 from '../dto23.ts';
import hpd22 from '../hpd22.ts';
import hpd22Cp from '../hpd22-cp.ts';
import sml23 from '../sml23.ts';
import sml24 from '../sml24-refutation.ts';
import gk from '../gk-refutation.ts';

const asMat = (v: unknown): Mat => v as Mat;
const num = (v: unknown): number => v as number;

export const mutants: readonly Mutant[] = [
  mutate(tb22T31, {
    name: 'rho-x1.01',
    description: 'ρ scaled by 1.01 (wrong feature scale)',
    caughtBy: ['orthogonal-frame', 'norms', 'global-mean', 'centered-simplex-etf'],
    predict: (_r, p) => ({
      ...p,
      rho: num(p.rho) * 1.01,
      HbarTHbar: scale(asMat(p.HbarTHbar), 1.01),
      MbarTMbar: scale(asMat(p.MbarTMbar), 1.01),
      globalMeanNormSq: num(p.globalMeanNormSq) * 1.01,
      HnormSq: num(p.HnormSq) * 1.01,
    }),
  }),
  mutate(tb22T31, {
    name: 'etf-geometry',
    description: 'simplex-ETF geometry claimed for the bias-free model (H̄^T H̄ = ρ K/(K−1) (I − J))',
    caughtBy: ['orthogonal-frame'],
    predict: (r, p) => ({ ...p, HbarTHbar: scale(centering(r.K as number), (num(p.rho) * (r.K as number)) / ((r.K as number) - 1)) }),
  }),
  mutate(tb22T31, {
    name: 'loss-no-half',
    description: 'optimal loss c − c² instead of c − c²/2',
    caughtBy: ['optimal-loss', 'closed-form-stationary'],
    predict: (_r, p) => {
      const c = num(p.c);
      return { ...p, loss: c <= 1 ? c - c * c : 0.5 };
    },
  }),
  mutate(tb22T31, {
    name: 'kappa-inverted',
    description: 'self-duality ratio inverted: w_k = sqrt(λ_W/λ_H) h̄_k',
    caughtBy: ['self-duality'],
    predict: (_r, p) => ({ ...p, kappa: 1 / num(p.kappa) }),
  }),
  mutate(tb22B, {
    name: 'loss-missing-factor',
    description: 'optimal loss without the (K−1)/K factor',
    caughtBy: ['optimal-loss', 'loss-lower-bound'],
    predict: (r, p) => ({ ...p, loss: (num(p.loss) * (r.K as number)) / ((r.K as number) - 1) }),
  }),
  mutate(tb22B, {
    name: 'orthogonal-geometry',
    description: 'orthogonal-frame geometry claimed with a free bias (H̄^T H̄ = ρ I)',
    caughtBy: ['simplex-etf'],
    predict: (r, p) => ({ ...p, HbarTHbar: scale(identity(r.K as number), num(p.rho)) }),
  }),
  mutate(tb22B, {
    name: 'bias-zero',
    description: 'bias b = 0 instead of 1/K',
    caughtBy: ['bias'],
    predict: (r, p) => ({ ...p, b: mat(r.K as number, 1) }),
  }),
  mutate(derRb, {
    name: 'gamma-without-ab',
    description: 'bias γ = (1 − u)/K, forgetting the a_b in K + a_b',
    caughtBy: ['bias'],
    predict: (r, p) => ({ ...p, b: mat(r.K as number, 1, new Float64Array(r.K as number).fill((1 - num(p.u)) / (r.K as number))) }),
  }),
  mutate(derDk, {
    name: 'full-rank-logits',
    description: 'W H̄ = (1 − c) I_K claimed although d < K (no rank limit)',
    caughtBy: ['logit-spectrum'],
    predict: (r, p) => ({ ...p, eigWHbar: mat(1, r.K as number, new Float64Array(r.K as number).fill(num(p.signal))) }),
  }),
  mutate(tb22E, {
    name: 'two-factor-scale',
    description: 'the scale t = 1 − c of the two-factor model used for three factors',
    caughtBy: ['scale-equation', 'optimal-loss'],
    predict: (_r, p) => {
      const t = num(p.t) > 0 ? 1 - num(p.c) : 0;
      return { ...p, WHbar: scale(asMat(p.WHbar), num(p.t) > 0 ? t / num(p.t) : 1), loss: num(p.t) > 0 ? 0.5 * (t - 1) ** 2 + 1.5 * num(p.c) * t ** (2 / 3) : num(p.loss) };
    },
  }),
  mutate(derDl, {
    name: 'layer-gram-x1.01',
    description: 'every layer Gram H̄_l^T H̄_l scaled by 1.01 (wrong factor scale)',
    caughtBy: ['layer-grams'],
    predict: (r, p) => {
      const out: Record<string, unknown> = { ...p, WWt: scale(asMat(p.WWt), 1.01) };
      for (let l = 1; l <= (r.L as number); l++) out[`H${l}barTH${l}bar`] = scale(asMat(p[`H${l}barTH${l}bar`]), 1.01);
      return out as typeof p;
    },
  }),
  mutate(tb22R, {
    name: 'post-relu-scale',
    description: 'H̄2^T H̄2 = (c t^{2/3}/λ_H) I: the first layer\'s scale claimed for the post-ReLU means',
    caughtBy: ['post-relu-gram'],
    predict: (r, p) => ({ ...p, H2barTH2bar: scale(identity(r.K as number), asMat(p.h1NormSq).data[0]) }),
  }),
  mutate(zdz21, {
    name: 'margin-off-by-one',
    description: 'logit margin log(1/q − K) instead of log(1/q − (K − 1))',
    caughtBy: ['logit-margin', 'simplex-etf', 'optimal-loss'],
    predict: (r, p) => {
      const K = r.K as number;
      const q = num(p.q);
      if (K * q >= 1 || 1 / q - K <= 0) return p;
      const f = Math.log(1 / q - K) / num(p.margin);
      return { ...p, WWt: scale(asMat(p.WWt), f), WHbar: scale(asMat(p.WHbar), f), HbarTHbar: scale(asMat(p.HbarTHbar), f) };
    },
  }),
  mutate(zdz22, {
    name: 'threshold-without-K',
    description: "c' = sqrt(nλ_Wλ_H) (the §1.3 factor K dropped): the TB22 constant reused in the Zhou normalization",
    caughtBy: ['simplex-etf', 'optimal-loss', 'feature-gram'],
    predict: (r, p) => {
      const K = r.K as number;
      const cWrong = num(p.c) / K;
      const cRight = num(p.c);
      if (cRight >= 1 || (r.lambdaB as number) > 0) return p;
      const f = (1 - cWrong) / (1 - cRight);
      return { ...p, WWt: scale(asMat(p.WWt), f), WHbar: scale(asMat(p.WHbar), f), HbarTHbar: scale(asMat(p.HbarTHbar), f), loss: ((K - 1) / K) * (cWrong - cWrong * cWrong / 2) };
    },
  }),
  mutate(dto23, {
    name: 'linear-in-class-size',
    description: 's_k = (n_k − N sqrt(λ_Wλ_H))_+ instead of (sqrt(n_k) − N sqrt(λ_Wλ_H))_+',
    caughtBy: ['classifier-gram', 'logits', 'optimal-loss'],
    predict: (r, p) => {
      const sizes = r.classSizes as number[];
      const N = sizes.reduce((a, v) => a + v, 0);
      const tau = N * Math.sqrt((r.lambdaW as number) * (r.lambdaH as number));
      return { ...p, WWt: diag(sizes.map((nk) => Math.sqrt((r.lambdaH as number) / (r.lambdaW as number)) * Math.max(0, nk - tau))) };
    },
  }),
  mutate(hpd22, {
    name: 'ls-without-minus-one',
    description: 'L_LS = (K − Tr(Σ_T^{-1} Σ_B))/(2K): the −1 of the bias direction dropped',
    caughtBy: ['decomposition', 'least-squares-value'],
    predict: (_r, p) => ({ ...p, lsOffset: 0 }),
  }),
  mutate(hpd22Cp, {
    name: 'nc1-increases',
    description: 'ÑC1 claimed to grow by 5% per step along the central path',
    caughtBy: ['nc1-decreases'],
    predict: (_r, p) => ({ ...p, nc1Increase: 0.05 }),
  }),
  mutate(sml23, {
    name: 'shared-units',
    description: 'post-ReLU class means claimed at 45° (shared hidden units) instead of orthogonal',
    caughtBy: ['post-relu-orthogonal'],
    predict: (_r, p) => ({ ...p, offDiagonal: Math.SQRT1_2 }),
  }),
  mutate(sml24, {
    name: 'dnc-loss-x0.99',
    description: 'the DNC candidate loss scaled by 0.99 (a mis-computed candidate, which would fake a refutation)',
    caughtBy: ['dnc-candidate-critical-point'],
    predict: (_r, p) => ({ ...p, loss: num(p.loss) * 0.99 }),
  }),
  mutate(gk, {
    name: 'dnc-without-centering',
    description: 'DNC candidate loss computed for logits α I (K singular values) instead of α(I − J) (K − 1)',
    caughtBy: ['dnc-candidate-critical-point'],
    predict: (r, p) => {
      const K = r.K as number;
      const m = (r.L as number) + 1;
      const lambda = r.lambdaH as number;
      const alpha = num(p.alpha);
      return { ...p, loss: Math.log1p((K - 1) * Math.exp(-alpha)) + (m / 2) * lambda * K * (alpha * Math.sqrt(r.n as number)) ** (2 / m) };
    },
  }),
];

