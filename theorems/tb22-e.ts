// TB22-E — the extended (two weight layers) linear UFM. That Tirer & Bruna,
// ICML 2022, contain this model, and the λ-scaling of W1, are [unverified:
// recalled statement, confirm against the paper]; every formula is [derived
// here] and [numerically checked] in docs/theorems.md §3 (TB22-E).
//
// Normalization (assumed, TB22 style):
//   L = 1/(2Kn)||W2 W1 H1 − Y||² + λ_W2/(2K)||W2||² + λ_W1/(2K)||W1||² + λ_H/(2Kn)||H1||²
// (regime keys lambdaW1, lambdaW2, lambdaH; L = 2 fixed; lambdaB = 0 adds a free classifier bias).
// c = (λ_W2 λ_W1 λ_H)^{1/3}; t solves t − 1 + c t^{−1/3} = 0 (v⁴ − v + c = 0, t = v³);
// nonzero iff c < c_3 = 2^{−4/3}; metastable up to 3·4^{−4/3}; every layer an orthogonal frame.
import { fixed, integer, nonNegative, positive, unverified } from '../src/index.ts';
import { deepLinearTheorem } from './_deep-linear-theorem.ts';

export default deepLinearTheorem({
  id: 'TB22-E',
  title: 'Extended linear UFM (two weight layers): deep orthogonal frames, jump to zero at c = 2^{−4/3}',
  citation: 'Tirer & Bruna, ICML 2022, extended UFM (theorem number unconfirmed)',
  provenance: unverified('TB22 extended UFM; formulas derived and numerically checked in the reference'),
  parameters: {
    K: integer('number of classes', { min: 2, sample: [2, 5] }),
    n: integer('samples per class', { min: 1, sample: [1, 3] }),
    d: integer('width of W1 and of the features (hypothesis: d ≥ K)', { min: 1, sample: [4, 13] }),
    L: fixed('two weight layers: W1 (d x d) and the classifier W2', 2),
    lambdaH: positive('λ_H, weight decay on H1 in λ_H/(2Kn)||H1||²'),
    lambdaW1: positive('λ_W1, weight decay on W1 in λ_W1/(2K)||W1||²'),
    lambdaW2: positive('λ_W2, weight decay on W2 in λ_W2/(2K)||W2||²'),
    lambdaB: nonNegative('classifier bias: absent = none, 0 = unregularized (the only kind covered)', { optional: true }),
  },
  layers: [2, 2],
  training: { restarts: 4, initScales: [1, 1, 1, 0.01] },
  runs: 100,
});
