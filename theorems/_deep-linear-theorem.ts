// The clause set shared by TB22-E (m = 3) and DER-DL (any depth): scale
// equation, first-order threshold c_thr(m), the metastable window up to
// c_max(m), per-layer Grams, weight spectra, balancedness and deep collapse at
// every layer (docs/theorems.md §3). Each theorem file supplies its id,
// citation, provenance and regime generators.
import fc from 'fast-check';
import {
  defineTheorem,
  derived,
  logUniform,
  mat,
  scale,
  singularValues,
  sub,
  transpose,
  vstack,
  zeros,
  type Mat,
  type ParameterSpecs,
  type Provenance,
  type Regime,
  type Theorem,
  type TrainOptions,
  type BoundaryCase,
} from '../src/index.ts';
import {
  balancedPoint,
  cMax,
  cThr,
  deepLinearScale,
  lossAtScale,
  predictionsAtScale,
  type DeepLinearRegime,
} from './_deep-linear.ts';

export interface DeepLinearTheoremOptions {
  readonly id: string;
  readonly title: string;
  readonly citation: string;
  readonly provenance: Provenance;
  readonly parameters: ParameterSpecs;
  /** Inclusive range of L (weight layers) the generators draw. */
  readonly layers: readonly [number, number];
  readonly training: Partial<TrainOptions>;
  readonly runs: number;
}

export function predictDeepLinear(raw: Regime) {
  const r = raw as DeepLinearRegime;
  const s = deepLinearScale(r);
  return {
    ...s,
    loss: lossAtScale(r, s.m, s.c, s.t),
    lossStationary: Number.isFinite(s.tStationary) ? lossAtScale(r, s.m, s.c, s.tStationary) : NaN,
    ...predictionsAtScale(r, s.m, s.c, s.t),
  };
}

type P = ReturnType<typeof predictDeepLinear>;

/**
 * c log-uniform over [1e-3, 1], with one draw in five inside the metastable window
 * (c_thr(m), c_max(m)) — only a few percent of the log range, and the only place where
 * the metastable critical point and the jump to zero are exercised.
 */
function cDraw(m: number): fc.Arbitrary<number> {
  if (m === 2) return logUniform(1e-3, 1);
  return fc.oneof({ arbitrary: logUniform(1e-3, 1), weight: 4 }, { arbitrary: logUniform(cThr(m) * 1.03, cMax(m) * 0.97, cThr(m) * 1.1), weight: 1 });
}

/** Balanced regimes of depth L with c = (Π λ)^{1/m} drawn log-uniformly in [1e-3, 1] and split across the m weights. */
export function deepLinearRegimes(o: { K: [number, number]; layers: readonly [number, number]; bias: boolean; widthOffset: [number, number]; c?: (m: number) => fc.Arbitrary<number> }) {
  return fc
    .record({
      K: fc.integer({ min: o.K[0], max: o.K[1] }),
      n: fc.integer({ min: 1, max: 3 }),
      L: fc.integer({ min: o.layers[0], max: o.layers[1] }),
      offset: fc.integer({ min: o.widthOffset[0], max: o.widthOffset[1] }),
      raw: fc.array(logUniform(1e-2, 1, 0.1), { minLength: 9, maxLength: 9 }),
      bias: o.bias ? fc.constantFrom<number | undefined>(undefined, 0) : fc.constant(undefined),
    })
    .chain((x) => (o.c?.(x.L + 1) ?? cDraw(x.L + 1)).map((c) => ({ ...x, c })))
    .map(({ K, n, L, offset, raw, bias, c }) => {
      const weights = raw.slice(0, L + 1);
      const geo = Math.exp(weights.reduce((s, v) => s + Math.log(v), 0) / weights.length);
      const r: Record<string, number> = { K, n, d: Math.max(1, 2 * K + offset), L, lambdaH: (weights[0] * c) / geo };
      for (let l = 1; l <= L; l++) r[`lambdaW${l}`] = (weights[l] * c) / geo;
      if (bias !== undefined) r.lambdaB = bias;
      return r as Regime;
    });
}

/** Rescales every λ by the same factor so that c = value. */
function placeC(r: Regime, value: number): Regime {
  const s = deepLinearScale(r as DeepLinearRegime);
  const f = value / s.c;
  const out: Record<string, unknown> = { ...r, lambdaH: (r.lambdaH as number) * f };
  for (let l = 1; l <= (r.L as number); l++) out[`lambdaW${l}`] = (r[`lambdaW${l}`] as number) * f;
  return out as Regime;
}

function rank(r: Regime): number {
  return r.lambdaB === undefined ? (r.K as number) : (r.K as number) - 1;
}

export function deepLinearTheorem(o: DeepLinearTheoremOptions): Theorem {
  const signal = (_r: Regime, p: P): true | string => p.t > 0 || `c = ${p.c.toPrecision(4)} ≥ c_thr(${p.m}) = ${p.cThr.toPrecision(4)}: the global minimizer is zero`;
  const inside = deepLinearRegimes({ K: [2, 5], layers: o.layers, bias: true, widthOffset: [0, 3] });
  return defineTheorem({
    id: o.id,
    title: o.title,
    citation: o.citation,
    provenance: o.provenance,
    model: 'ufm-deep-linear',
    normalization: '1/(2Kn)||W_L ⋯ W_1 H_1 (+ b 1^T) − Y||_F^2 + Σ_l λ_Wl/(2K)||W_l||_F^2 + λ_H/(2Kn)||H_1||_F^2, b free',
    parameters: o.parameters,
    hypothesis: {
      text: 'd ≥ K (d ≥ K − 1 with a free bias); every λ > 0; no bias or an unregularized one',
      check: (r) => {
        if (r.lambdaB !== undefined && r.lambdaB !== 0) return `lambdaB = ${String(r.lambdaB)}: only a free (unregularized) bias is covered`;
        return (r.d as number) >= rank(r) || `d = ${String(r.d)} < rank ${rank(r)} of the target`;
      },
    },
    thresholds: [
      { name: 'c = c_thr(m) (first-order jump of the global minimizer)', value: (r) => deepLinearScale(r as DeepLinearRegime).c / deepLinearScale(r as DeepLinearRegime).cThr, at: 1 },
      { name: 'c = c_max(m) (end of the metastable window)', value: (r) => { const s = deepLinearScale(r as DeepLinearRegime); return s.m === 2 ? 0 : s.c / s.cMax; }, at: 1 },
    ],
    predict: predictDeepLinear,
    minimizer: (r, rng) => {
      const s = deepLinearScale(r as DeepLinearRegime);
      return balancedPoint(r as DeepLinearRegime, s.m, s.c, s.t, rng);
    },
    clauses: ({ bound, attained, equality, stationary }) => [
      bound('loss-lower-bound', { statement: 'L ≥ L* = (1/2)(t − 1)² + (m/2) c t^{2/m} (c < c_thr(m)), 1/2 otherwise; ×(K−1)/K with a free bias', provenance: derived() }),
      attained('global-minimum-reached', { statement: 'some restart reaches the certified global minimum (rank-deficient endpoints are optimizer outcomes)' }),
      equality('optimal-loss', { statement: 'min L = L*(m, c)', tolerance: 'loss', provenance: derived(), predicted: (p) => p.loss, measured: (m) => m.loss }),
      equality('scale-equation', {
        statement: 'W_L ⋯ W_1 H̄_1 = t P with t the largest root of t − 1 + c t^{2/m−1} = 0 below c_thr(m), t = 0 above (P = I_K, or I_K − J with a bias)',
        provenance: derived(),
        predicted: (p) => p.WHbar,
        measured: (m) => m.WHbar,
      }),
      equality('deep-collapse', {
        statement: 'deep NC1: ÑC1 = Tr Σ_W / Tr Σ_B = 0 for the features of every layer H_1 … H_L',
        tolerance: 'nc1',
        provenance: derived(),
        when: signal,
        predicted: () => 0,
        measured: (m) => Math.max(...(m.layers ?? []).map((l) => l.nc1TraceRatio)),
      }),
      equality('layer-grams', {
        statement: 'H̄_l^T H̄_l = (Π_{j<l+1} c t^{2/m}/a_j) P for every layer (an orthogonal frame, or simplex ETF with a bias), and W_L W_L^T = (c t^{2/m}/λ_WL) P',
        provenance: derived(),
        predicted: (p, r) => vstack(...Array.from({ length: r.L as number }, (_, l) => (p as Record<string, unknown>)[`H${l + 1}barTH${l + 1}bar`] as Mat), p.WWt),
        measured: (m) => vstack(...(m.layers ?? []).map((l) => l.HbarTHbar), m.WWt),
      }),
      equality('weight-spectra', {
        statement: 'every W_l has exactly rank(P) nonzero singular values, each squared c t^{2/m}/λ_Wl',
        provenance: derived(),
        predicted: (p, r) => vstack(...Array.from({ length: r.L as number }, (_, l) => (p as Record<string, unknown>)[`sv2W${l + 1}`] as Mat)),
        measured: (m, _p, r) =>
          vstack(
            ...(m.layers ?? []).map((l) => {
              const sv = singularValues(l.W);
              const out = mat(1, r.d as number);
              sv.forEach((v, i) => (out.data[i] = v * v));
              return out;
            }),
          ),
      }),
      equality('classifier-alignment', {
        statement: 'W_L = κ H̄_L^T with κ = c t^{2/m − 1}/λ_WL, in the same coordinates',
        provenance: derived(),
        predicted: (_p, r) => zeros(r.K as number, r.d as number),
        measured: (m, p) => sub(m.W, scale(transpose(m.Hbar), p.kappa)),
      }),
      equality('balancedness', {
        statement: 'λ_{W_{l+1}} W_{l+1}^T W_{l+1} = λ_{W_l} W_l W_l^T and λ_W1 W_1^T W_1 = λ_H H̄_1 H̄_1^T (relative residual)',
        provenance: derived(),
        // At the zero solution the relative residual compares rounding noise with rounding noise.
        when: signal,
        predicted: () => 0,
        measured: (m) => m.criticalPoint.balancedness ?? NaN,
      }),
      equality('bias', {
        statement: 'with a free bias, b = 1_K/K',
        tolerance: 'scalar',
        provenance: derived(),
        when: (r) => r.lambdaB !== undefined || 'no bias in this regime',
        predicted: (p) => p.b,
        measured: (m, _p, r) => m.b ?? mat(r.K as number, 1, new Float64Array(r.K as number).fill(NaN)),
      }),
      equality('zero-solution', {
        statement: 'c > c_thr(m): every factor is zero (the global minimizer jumps to 0)',
        provenance: derived(),
        when: (_r, p) => p.t === 0 || 'c < c_thr(m): the minimizer is not zero',
        predicted: () => mat(1, 2),
        measured: (m) => mat(1, 2, [m.WnormSq, m.HnormSq]),
      }),
      stationary('closed-form-stationary', {
        statement: 'the balanced point of scale t (orthogonal frames at every layer, random orientation) is a critical point with loss L*',
        provenance: derived(),
        when: (r) => (r.d as number) >= rank(r) || 'the closed form needs d ≥ rank P',
      }),
      stationary('metastable-critical-point', {
        statement: 'c_thr(m) ≤ c ≤ c_max(m): the balanced point at the nonzero root t is still a critical point, with loss above the global 1/2 (metastable)',
        provenance: derived(),
        when: (r, p) =>
          ((r.d as number) >= rank(r) && p.m > 2 && p.c >= p.cThr && Number.isFinite(p.tStationary)) || 'outside the metastable window c_thr(m) ≤ c ≤ c_max(m)',
        point: (r, rng, p) => balancedPoint(r as DeepLinearRegime, p.m, p.c, p.tStationary, rng),
        loss: (p) => p.lossStationary,
      }),
    ],
    regimes: {
      inside,
      // Within 2% of the jump c_thr(m), on either side (every λ rescaled by one factor).
      near: fc
        .tuple(inside, logUniform(0.001, 0.02), fc.boolean())
        .map(([r, size, above]) => placeC(r, deepLinearScale(r as DeepLinearRegime).cThr * (1 + (above ? size : -size)))),
      outside: deepLinearRegimes({ K: [3, 5], layers: o.layers, bias: false, widthOffset: [-8, -4] }).filter((r) => (r.d as number) < (r.K as number)),
    },
    boundaries: deepLinearBoundaries(o.parameters),
    training: o.training,
    runs: o.runs,
  });
}

/** Every λ of a deep regime re-split so that λ_H : λ_Wl = x_H : x_l at the same c (so the mode is kept). */
function resplit(r: Regime, xH: number, xW: number): Regime {
  const L = r.L as number;
  const c = deepLinearScale(r as DeepLinearRegime).c;
  const geo = Math.exp((Math.log(xH) + L * Math.log(xW)) / (L + 1));
  const out: Record<string, unknown> = { ...r, lambdaH: (c * xH) / geo };
  for (let l = 1; l <= L; l++) out[`lambdaW${l}`] = (c * xW) / geo;
  return out as Regime;
}

/** The same c at another depth, every weight equal to c (the generator's split does not carry over). */
function atDepth(r: Regime, L: number): Regime {
  const c = deepLinearScale(r as DeepLinearRegime).c;
  const out: Record<string, unknown> = { K: r.K, n: r.n, d: r.d, L, lambdaH: c };
  for (let l = 1; l <= L; l++) out[`lambdaW${l}`] = c;
  if (r.lambdaB !== undefined) out.lambdaB = r.lambdaB;
  return out as Regime;
}

/**
 * d = K (no bias), d = K − 1 (free bias), n = 1, K = 2 and the extreme splits of the weights' range
 * [1e-2, 1] (λ_H 100× below or above every λ_Wl, at the same c) in both modes — none moves c — and, where
 * the depth is a parameter, its smallest and largest values inside.
 */
function deepLinearBoundaries(parameters: ParameterSpecs): BoundaryCase[] {
  const num = (r: Regime, k: string) => r[k] as number;
  const both = ['inside', 'near'] as const;
  const cases: BoundaryCase[] = [
    { name: 'd = K (no bias)', modes: both, place: ({ lambdaB: _b, ...r }) => ({ ...r, d: num(r, 'K') }), on: (r) => r.lambdaB === undefined && r.d === r.K },
    { name: 'd = K − 1 (free bias)', modes: both, place: (r) => ({ ...r, lambdaB: 0, d: num(r, 'K') - 1 }), on: (r) => r.lambdaB === 0 && num(r, 'd') === num(r, 'K') - 1 },
    { name: 'n = 1', modes: both, place: (r) => ({ ...r, n: 1 }), on: (r) => r.n === 1 },
    { name: 'K = 2', modes: both, place: (r) => ({ ...r, K: 2, d: 2 + num(r, 'd') - num(r, 'K') }), on: (r) => r.K === 2 },
    { name: 'λ_H/λ_Wl smallest (1e-2/1)', modes: both, place: (r) => resplit(r, 1e-2, 1), on: (r) => Math.abs(num(r, 'lambdaH') / num(r, 'lambdaW1') / 1e-2 - 1) < 1e-9 },
    { name: 'λ_H/λ_Wl largest (1/1e-2)', modes: both, place: (r) => resplit(r, 1, 1e-2), on: (r) => Math.abs(num(r, 'lambdaH') / num(r, 'lambdaW1') / 1e2 - 1) < 1e-9 },
  ];
  const depth = parameters.L;
  if (depth?.kind === 'integer') {
    for (const L of [depth.min, depth.max ?? depth.min]) cases.push({ name: `L = ${L}`, place: (r) => atDepth(r, L), on: (r) => r.L === L });
  }
  return cases;
}
