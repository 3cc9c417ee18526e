// Closed forms against an independent float64 computation: for random regimes,
// each theorem's predicted loss and Gram matrices must agree to relative 1e-9
// with the certificate — the nuclear-norm reformulation solved numerically by
// an SVD of the label matrix (src/certify), which shares no code with the
// theorems' closed forms and never looks at them.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { frobeniusNorm, maxAbs, sub, type Mat } from '../src/linalg/matrix.ts';
import { measure } from '../src/measure/measurements.ts';
import { mseUfm } from '../src/models/ufm-mse.ts';
import type { Regime } from '../src/regime/regime.ts';
import type { Theorem } from '../src/theorem/define.ts';
import { modeArbitrary } from '../src/theorem/modes.ts';
import tb22T31 from '../theorems/tb22-t3-1.ts';
import tb22B from '../theorems/tb22-b.ts';

const RELATIVE = 1e-9;

function expectClose(predicted: Mat, independent: Mat): void {
  const scale = Math.max(maxAbs(independent), 1e-300);
  expect(maxAbs(sub(predicted, independent)) / scale).toBeLessThan(RELATIVE);
}

function agreesWithCertificate(theorem: Theorem, regime: Regime): void {
  const certificate = mseUfm.certify!(regime)!;
  const p = theorem.predict(regime);
  expect(Math.abs(p.loss - certificate.loss)).toBeLessThanOrEqual(RELATIVE * Math.max(certificate.loss, 1e-12));
  if (!certificate.unique) return;
  const m = measure(mseUfm.view(regime, certificate.minimizer), certificate.loss);
  for (const key of ['WWt', 'HbarTHbar', 'WHbar'] as const) {
    const independent = m[key];
    if (frobeniusNorm(independent) === 0) expect(frobeniusNorm(p[key] as Mat)).toBe(0);
    else expectClose(p[key] as Mat, independent);
  }
}

describe.each([tb22T31, tb22B])('$id: prediction = independent SVD computation', (theorem) => {
  test.prop([modeArbitrary(theorem, 'inside')], { numRuns: 150 })('inside the hypothesis', (regime) => {
    agreesWithCertificate(theorem, regime);
  });
  test.prop([modeArbitrary(theorem, 'near')], { numRuns: 60 })('within 2% of the threshold', (regime) => {
    agreesWithCertificate(theorem, regime);
  });
});

test.prop([modeArbitrary(tb22T31, 'outside')], { numRuns: 60 })(
  'outside the hypothesis (d < K) the TB22-T3.1 loss formula is not the minimum when the signal is present',
  (regime) => {
    fc.pre(Math.sqrt((regime.lambdaW as number) * (regime.lambdaH as number)) < 0.95);
    const certificate = mseUfm.certify!(regime)!;
    expect(certificate.loss).toBeGreaterThan(tb22T31.predict(regime).loss + 1e-6);
  },
);
