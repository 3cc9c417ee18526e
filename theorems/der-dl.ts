// DER-DL — the general-depth linear MSE UFM (m = L + 1 factors: H1, W1 … WL),
// [derived here] in docs/theorems.md §3 (DER-DL) and [numerically checked]
// for m = 2 and 3; consistent with Dang et al., ICML 2023, whose abstract states
// that global solutions show NC in every linear layer [quoted: DTO+23 abstract].
//
// Normalization (TB22 style, regime keys lambdaH, lambdaW1 … lambdaW<L>):
//   L = 1/(2Kn)||W_L ⋯ W_1 H_1 (+ b 1^T) − Y||² + Σ_l λ_Wl/(2K)||W_l||² + λ_H/(2Kn)||H_1||²
// c = (λ_H Π λ_Wl)^{1/m}; c_thr(m) = (1/(m−1))((m−2)/(m−1))^{(m−2)/m};
// c_max(m) = (m/(2m−2))((m−2)/(2m−2))^{(m−2)/m}; factor j: K squared singular values c t^{2/m}/a_j.
import { derived, integer, nonNegative, positive } from '../src/index.ts';
import { deepLinearTheorem } from './_deep-linear-theorem.ts';

const layer = (l: number, required: boolean) =>
  positive(`λ_W${l}, weight decay on W${l} in λ_W${l}/(2K)||W${l}||²${required ? '' : ` (layers ≥ ${l} only)`}`, { optional: !required });

export default deepLinearTheorem({
  id: 'DER-DL',
  title: 'Depth-m linear MSE UFM: DNC at every layer is globally optimal; first-order jump at c_thr(m)',
  citation: 'docs/theorems.md §3 DER-DL (derived here; cf. Dang et al., ICML 2023, abstract)',
  provenance: derived('docs/theorems.md §3 DER-DL; numerically checked for m = 2, 3'),
  parameters: {
    K: integer('number of classes', { min: 2, sample: [2, 5] }),
    n: integer('samples per class', { min: 1, sample: [1, 3] }),
    d: integer('width of every layer (hypothesis: d ≥ K)', { min: 1, sample: [4, 13] }),
    L: integer('number of weight layers (m = L + 1 factors)', { min: 1, max: 4, sample: [2, 4] }),
    lambdaH: positive('λ_H, weight decay on H1 in λ_H/(2Kn)||H1||²'),
    lambdaW1: layer(1, true),
    lambdaW2: layer(2, false),
    lambdaW3: layer(3, false),
    lambdaW4: layer(4, false),
    lambdaB: nonNegative('classifier bias: absent = none, 0 = unregularized (the only kind covered)', { optional: true }),
  },
  layers: [2, 4],
  training: { restarts: 4, initScales: [1, 1, 1, 0.01] },
  runs: 80,
});
