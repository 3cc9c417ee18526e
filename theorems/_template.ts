// <THEOREM-ID> — <Authors>, "<Title>", <venue year>, Theorem <n> (docs/theorems.md §<section>).
//
// Copy this file, fill in each section, and load it with
//   ./bin/nc-check verify <THEOREM-ID> --theorems ./theorems/<your-file>.ts --mode all
// Built-in theorems are also listed in theorems/index.ts.
//
// Model and loss normalization, exactly as the paper writes it:
//   L(W, H) = 1/(2Kn) ||W H − Y||_F² + λ_W/(2K) ||W||_F² + λ_H/(2Kn) ||H||_F²
// Convert to the model's normalization with §1.3 before writing any constant (the most likely cause of
// "theory doesn't match" bugs), and state the hypothesis, the prediction and the provenance below.
import { balancedRegime, defineTheorem, identity, integer, positive, restated, scale } from '../src/index.ts';

export default defineTheorem({
  id: 'TEMPLATE',
  title: 'One line: what the minimizers look like',
  citation: 'Authors, venue year, Theorem n',
  // quoted(source) | restated(source) | unverified(source) | derived() | empirical(source) — as in §0.
  provenance: restated('where the statement was read'),
  model: 'ufm-mse', // `./bin/nc-check list --json` lists the models and their regime keys
  normalization: '1/(2Kn)||WH − Y||^2 + λ_W/(2K)||W||^2 + λ_H/(2Kn)||H||^2',

  // Valid ranges (bad input outside them is rejected) and default sampling ranges.
  parameters: {
    K: integer('number of classes', { min: 2, sample: [2, 6] }),
    n: integer('samples per class', { min: 1, sample: [1, 4] }),
    d: integer('feature dimension', { min: 1, sample: [2, 12] }),
    lambdaW: positive('λ_W in the normalization above'),
    lambdaH: positive('λ_H in the normalization above'),
  },

  // Return true, or the reason the hypothesis fails (shown in reports).
  hypothesis: { text: 'd ≥ K', check: (r) => r.d >= r.K || `d = ${r.d} < K = ${r.K}` },

  // Thresholds enable `--mode near` and widen tolerances within 2% of them (§10).
  thresholds: [{ name: 'c = sqrt(λ_W λ_H) = 1', value: (r) => Math.sqrt(r.lambdaW * r.lambdaH), at: 1 }],

  // The closed form, next to nothing else: numbers and matrices (Mat), `loss` being the predicted minimum.
  predict(r) {
    const c = Math.sqrt(r.lambdaW * r.lambdaH);
    const rho = Math.max(0, 1 - c) * Math.sqrt(r.lambdaW / r.lambdaH);
    return { c, rho, loss: c <= 1 ? c - (c * c) / 2 : 0.5, HbarTHbar: scale(identity(r.K), rho) };
  },

  // Named clauses; `tolerance` is 'loss' | 'gram' | 'nc1' | 'scalar' | {rtol, atol} (default: gram).
  clauses: ({ bound, attained, equality }) => [
    bound('loss-lower-bound', { statement: 'no solution has loss below L*' }),
    attained('global-minimum-reached', { statement: 'training reaches the certified minimum' }),
    equality('optimal-loss', { statement: 'min L = L*', tolerance: 'loss', predicted: (p) => p.loss, measured: (m) => m.loss }),
    equality('orthogonal-frame', {
      statement: 'H̄^T H̄ = ρ I_K',
      predicted: (p) => p.HbarTHbar,
      measured: (m) => m.HbarTHbar,
      // when: (r, p) => p.c < 1 || 'reason it does not apply here',
    }),
  ],

  // Statements the source does not make: reported as "not tested, by design".
  nonClaims: [],

  // Optional regime generators per mode (defaults come from `parameters`).
  regimes: { inside: balancedRegime({ K: [2, 6], widthOffset: [0, 6] }), outside: balancedRegime({ K: [2, 6], widthOffset: [-5, -1] }) },

  // The edges the hypothesis admits: 20% of each mode's draws are moved onto them (docs/soundness.md).
  // An edge left out must be excluded by the hypothesis, with the reason in its text.
  boundaries: [
    { name: 'd = K', modes: ['inside', 'near'], place: (r) => ({ ...r, d: r.K }), on: (r) => r.d === r.K },
    { name: 'n = 1', modes: ['inside', 'near'], place: (r) => ({ ...r, n: 1 }), on: (r) => r.n === 1 },
  ],

  // Other optional pieces (see theorems/ for full examples):
  //   identity clauses — equations true at every parameter value, checked at random points (hpd22.ts);
  //   stationary clauses with their own `point`/`loss` (der-dl's metastable point, _deep-linear-theorem.ts);
  //   training: { restarts, initScales, gradientTolerance, maxIterations } for hard landscapes (tb22-e.ts, _relu.ts);
  //   runs: a lower default number of regimes for expensive models;
  //   expect: 'refuted' for a known-false claim shipped as a refutation fixture (sml24-refutation.ts).
});
