// Balanced UFM regimes (K classes of n samples, width d, weights λ_W, λ_H and
// an optional bias), with the width tied to K so that "d ≥ K" or "d < K" holds
// by construction instead of by rejection — generation stays cheap and
// shrinking stays inside the intended side of the hypothesis.
import fc from 'fast-check';
import { logUniform } from './log-uniform.ts';

export interface BalancedRegimeConstraints {
  /** Inclusive range of K. */
  readonly K?: readonly [number, number];
  readonly n?: readonly [number, number];
  /** d = K + offset, offset drawn from this inclusive range (negative: d < K). */
  readonly widthOffset?: readonly [number, number];
  readonly lambdaW?: readonly [number, number];
  readonly lambdaH?: readonly [number, number];
  /** 'none': no bias key; 'free': lambdaB = 0; a range: ridge weight drawn log-uniformly. */
  readonly bias?: 'none' | 'free' | readonly [number, number];
}

// A type alias, not an interface: it must be assignable to the generic Regime record.
export type BalancedRegime = {
  readonly K: number;
  readonly n: number;
  readonly d: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  readonly lambdaB?: number;
};

export function balancedRegime(c: BalancedRegimeConstraints = {}): fc.Arbitrary<BalancedRegime> {
  const [kMin, kMax] = c.K ?? [2, 8];
  const [oMin, oMax] = c.widthOffset ?? [0, 8];
  return fc
    .record({
      K: fc.integer({ min: kMin, max: kMax }),
      n: fc.integer({ min: (c.n ?? [1, 6])[0], max: (c.n ?? [1, 6])[1] }),
      offset: fc.integer({ min: oMin, max: oMax }),
      lambdaW: logUniform(...(c.lambdaW ?? [1e-3, 10])),
      lambdaH: logUniform(...(c.lambdaH ?? [1e-3, 10])),
      lambdaB:
        c.bias === undefined || c.bias === 'none'
          ? fc.constant(undefined)
          : c.bias === 'free'
            ? fc.constant(0)
            : logUniform(c.bias[0], c.bias[1]),
    })
    .filter(({ K, offset }) => K + offset >= 1)
    .map(({ K, n, offset, lambdaW, lambdaH, lambdaB }) => {
      const r = { K, n, d: K + offset, lambdaW, lambdaH };
      return lambdaB === undefined ? r : { ...r, lambdaB };
    });
}
