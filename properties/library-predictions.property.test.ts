// Closed forms of the theorem library against independent float64
// computations, to relative 1e-9 on random regimes (acceptance: "predictions
// agree with an independent implementation"). The independent side never calls
// a theorem: it is each model's certificate — the deep-linear per-singular-value
// global 1-D search (src/certify/deep-linear-schatten.ts), the nuclear-norm SVD
// certificate (ZDZ+22 and DTO+23 through the §1.3 conversion, DER-RB's ridge-bias
// envelope, DER-dK's rank-limited prox) and the cross-entropy convex dual
// (src/certify/ce-nuclear-norm.ts) — measured on the minimizer it builds.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { minimizeSchattenScalar } from '../src/certify/deep-linear-schatten.ts';
import { symmetricEigen } from '../src/linalg/decompositions.ts';
import { add, scale, transpose, type Mat } from '../src/linalg/matrix.ts';
import { measure, type Measurements } from '../src/measure/measurements.ts';
import { getModel } from '../src/models/registry.ts';
import type { Regime } from '../src/regime/regime.ts';
import type { Theorem } from '../src/theorem/define.ts';
import { modeArbitrary } from '../src/theorem/modes.ts';
import tb22E from '../theorems/tb22-e.ts';
import derDl from '../theorems/der-dl.ts';
import derRb from '../theorems/der-rb.ts';
import derDk from '../theorems/der-dk.ts';
import zdz21 from '../theorems/zdz21.ts';
import zdz22 from '../theorems/zdz22.ts';
import dto23 from '../theorems/dto23.ts';
import tb22R from '../theorems/tb22-r.ts';
import sml24 from '../theorems/sml24-refutation.ts';
import { cMax, cThr } from '../theorems/_deep-linear.ts';

const RELATIVE = 1e-9;

function expectClose(predicted: Mat | number, independent: Mat | number, what: string): void {
  const p = typeof predicted === 'number' ? [predicted] : Array.from(predicted.data);
  const q = typeof independent === 'number' ? [independent] : Array.from(independent.data);
  expect(p.length, what).toBe(q.length);
  const size = Math.max(1e-12, ...q.map(Math.abs));
  const error = Math.max(...p.map((v, i) => Math.abs(v - q[i])));
  expect(error / size, what).toBeLessThan(RELATIVE);
}

function certified(theorem: Theorem, regime: Regime): { loss: number; m: Measurements } {
  const model = getModel(theorem.model);
  const cert = model.certify!(regime)!;
  expect(cert, `certificate for ${JSON.stringify(regime)}`).toBeDefined();
  return { loss: cert.loss, m: measure(model.view(regime, cert.minimizer), cert.loss) };
}

describe.each([tb22E, derDl])('$id: closed form = the certificate\'s global 1-D search', (theorem) => {
  test.prop([modeArbitrary(theorem, 'inside')], { numRuns: 40 })('loss, W H̄ and every layer Gram', (regime) => {
    const p = theorem.predict(regime) as Record<string, unknown> & { loss: number };
    const { loss, m } = certified(theorem, regime);
    expectClose(p.loss, loss, 'loss');
    expectClose(p.WHbar as Mat, m.WHbar, 'W H̄');
    m.layers!.forEach((l) => expectClose(p[`${l.name}barT${l.name}bar`] as Mat, l.HbarTHbar, `${l.name} Gram`));
  });
  test.prop([modeArbitrary(theorem, 'near')], { numRuns: 20 })('within 2% of the jump threshold', (regime) => {
    expectClose(theorem.predict(regime).loss, certified(theorem, regime).loss, 'loss');
  });
});

test.prop([fc.integer({ min: 3, max: 8 }), fc.double({ min: 1e-7, max: 1e-4, noNaN: true })], { numRuns: 30 })(
  'DER-DL thresholds: the 1-D search jumps to 0 exactly at c_thr(m) (from t* = (m−2)/(m−1)) and loses its nonzero stationary point at c_max(m)',
  (m, eps) => {
    const below = minimizeSchattenScalar(1, cThr(m) * (1 - eps), m);
    const above = minimizeSchattenScalar(1, cThr(m) * (1 + eps), m);
    expect(below.t).toBeGreaterThan(0);
    expect(Math.abs(below.t - (m - 2) / (m - 1))).toBeLessThan(1e-3);
    expect(above.t).toBe(0);
    // Nonzero stationary point of g(t) = (t − 1)²/2 + (m/2) c t^{2/m}: g' = t − 1 + c t^{2/m − 1} changes sign iff c ≤ c_max.
    const hasRoot = (c: number) => Array.from({ length: 4000 }, (_, i) => (i + 0.5) / 4000).some((t) => t - 1 + c * t ** (2 / m - 1) < 0);
    expect(hasRoot(cMax(m) * (1 - 1e-3))).toBe(true);
    expect(hasRoot(cMax(m) * (1 + 1e-3))).toBe(false);
  },
);

describe.each([derRb, zdz22, dto23])('$id: closed form = the nuclear-norm certificate', (theorem) => {
  test.prop([modeArbitrary(theorem, 'inside')], { numRuns: 40 })('loss and Grams', (regime) => {
    const p = theorem.predict(regime) as Record<string, unknown> & { loss: number };
    const { loss, m } = certified(theorem, regime);
    expectClose(p.loss, loss, 'loss');
    for (const key of ['WWt', 'HbarTHbar', 'WHbar'] as const) expectClose(p[key] as Mat, m[key], key);
  });
});

test.prop([modeArbitrary(derDk, 'inside')], { numRuns: 40 })('DER-dK: loss and the spectrum of W H̄ = the rank-limited certificate (non-unique minimizer)', (regime) => {
  const p = derDk.predict(regime) as Record<string, unknown> & { loss: number };
  const { loss, m } = certified(derDk, regime);
  expectClose(p.loss, loss, 'loss');
  expectClose(p.eigWHbar as Mat, { rows: 1, cols: m.WHbar.rows, data: symmetricEigen(scale(add(m.WHbar, transpose(m.WHbar)), 0.5)).values }, 'eig W H̄');
});

test.prop([modeArbitrary(zdz21, 'inside')], { numRuns: 30 })('ZDZ+21: loss and Grams = the convex-dual certificate of the CE UFM', (regime) => {
  const p = zdz21.predict(regime) as Record<string, unknown> & { loss: number };
  const { loss, m } = certified(zdz21, regime);
  expectClose(p.loss, loss, 'loss');
  // The dual gap (≤ 1e-13) pins the loss; the minimizer, polished on the model, pins the Grams.
  for (const key of ['WWt', 'HbarTHbar', 'WHbar'] as const) expectClose(p[key] as Mat, m[key], key);
});

describe.each([tb22R, sml24])('$id: the linear-DNC value it claims = the deep-linear certificate of the same weights', (theorem) => {
  test.prop([modeArbitrary(theorem, 'inside')], { numRuns: 10 })('loss', (regime) => {
    const linear = getModel('ufm-deep-linear').certify!(regime)!;
    expectClose(theorem.predict(regime).loss, linear.loss, 'loss');
  });
});
