// `nc-check new`: a theorem file to start from — a correct, runnable theorem
// (Tirer & Bruna's bias-free MSE UFM minimum and its orthogonal frame) with
// every field explained, importing the package the way a user's file does.
import { UsageError } from '../errors.ts';

/** Models with a scaffold; other models: start from a built-in theorem of that model (docs/authoring.md). */
export const SCAFFOLD_MODELS = ['ufm-mse'] as const;

/** The default file name for an id: lower case, runs of other characters as '-'. */
export function scaffoldFileName(id: string): string {
  return `${id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'theorem'}.ts`;
}

export function scaffold(id: string, model: string = 'ufm-mse'): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._~+-]*$/.test(id)) {
    throw new UsageError(`new: theorem id "${id}" should be letters, digits and . _ ~ + - (e.g. MY-CLAIM)`);
  }
  if (!(SCAFFOLD_MODELS as readonly string[]).includes(model)) {
    throw new UsageError(`new --model ${model}: no scaffold for this model (scaffolds: ${SCAFFOLD_MODELS.join(', ')}); copy a built-in theorem of ${model} instead (nc-check list shows them)`);
  }
  return UFM_MSE.replaceAll('__ID__', id);
}

const UFM_MSE = `// __ID__ — state here who claims what: authors, title, venue, theorem number.
//
// Scaffolded by \`nc-check new\`: a correct, runnable theorem to edit into your own. As written it is
// Tirer & Bruna (ICML 2022) Theorem 3.1 for the bias-free MSE unconstrained features model:
//   L(W, H) = 1/(2Kn) ||W H − Y||² + λ_W/(2K) ||W||² + λ_H/(2Kn) ||H||²
// Check it:   npx nc-check check <this file>
// Run it:     npx nc-check verify --theorems <this file> --runs 20
// Write every constant in the model's normalization above (\`nc-check list --json\` prints each model's);
// a constant converted wrongly between normalizations is the most common reason a claim "fails".
import {
  balancedRegime,
  collapseClause,
  defineTheorem,
  gramClause,
  identity,
  integer,
  minimumClauses,
  nearThreshold,
  positive,
  randomOrthonormalColumns,
  repeatColumns,
  restated,
  scale,
  transpose,
  type RegimeOf,
} from 'nc-check';

// The regime keys the model takes, each with its valid range (a regime outside it is refused) and the range
// regimes are sampled from (positive parameters log-uniformly).
const parameters = {
  K: integer('number of classes', { min: 2, sample: [2, 6] }),
  n: integer('samples per class', { min: 1, sample: [1, 4] }),
  d: integer('feature dimension', { min: 1, sample: [2, 12] }),
  lambdaW: positive('λ_W, weight decay on W'),
  lambdaH: positive('λ_H, weight decay on H'),
};
type Regime = RegimeOf<typeof parameters>;

const cOf = (r: Regime): number => Math.sqrt(r.lambdaW * r.lambdaH);

// The closed form: plain numbers and matrices, computed from the regime alone (never from a trained
// solution). \`loss\` is the predicted global minimum; the other keys are what the clauses compare.
function predict(r: Regime) {
  const c = cOf(r);
  const rho = Math.max(0, 1 - c) * Math.sqrt(r.lambdaW / r.lambdaH);
  return { c, rho, kappa: Math.sqrt(r.lambdaH / r.lambdaW), loss: c <= 1 ? c - (c * c) / 2 : 0.5, HbarTHbar: scale(identity(r.K), rho) };
}

export default defineTheorem({
  id: '__ID__', // unique; what \`nc-check verify __ID__\` names
  title: 'Bias-free MSE UFM: minimizers form an orthogonal frame; zero above c = 1',
  citation: 'Tirer & Bruna, ICML 2022, Theorem 3.1',
  // Where the statement comes from: quoted(source) | restated(source) | unverified(source) | derived() | empirical(source).
  provenance: restated('Tirer, Huang & Niles-Weed, ICML 2023, Theorem 2.1'),
  model: 'ufm-mse', // the model trained and certified (nc-check list shows the models)
  normalization: '1/(2Kn)||WH − Y||^2 + λ_W/(2K)||W||^2 + λ_H/(2Kn)||H||^2',
  parameters,
  // When the theorem applies: true, or the reason it does not (shown in reports; \`--mode outside\` samples there).
  hypothesis: { text: 'd ≥ K; λ_W, λ_H > 0', check: (r) => r.d >= r.K || \`d = \${r.d} < K = \${r.K}\` },
  // Where the behaviour changes: \`--mode near\` samples within 2% of it, where tolerances widen.
  thresholds: [{ name: 'c = sqrt(λ_W λ_H) = 1', value: cOf, at: 1 }],
  predict,
  // Optional: one global minimizer built explicitly, blocks in the model's order (ufm-mse: W (K×d), then H
  // (d×Kn)). The stationarity clause checks it is a critical point with the predicted loss, with no training.
  minimizer(r, rng) {
    const { rho, kappa } = predict(r);
    const Hbar = scale(randomOrthonormalColumns(r.d, r.K, rng), Math.sqrt(rho));
    return [scale(transpose(Hbar), kappa), repeatColumns(Hbar, Array(r.K).fill(r.n))];
  },
  // The claims, each checked and reported on its own. The builders state common claims the way the built-in
  // theorems do; \`c.equality\`, \`c.bound\`, \`c.stationary\`, … state your own (docs/authoring.md).
  clauses: (c) => [
    // No solution below L*, training reaches the certified minimum, and that minimum equals L*.
    ...minimumClauses(c, { lowerBound: 'L ≥ c − c²/2 (c ≤ 1), 1/2 (c ≥ 1)', optimal: 'min L = c − c²/2 (c ≤ 1), 1/2 (c ≥ 1)' }),
    // Within-class variability collapses; \`when\` restricts a clause to the regimes where it is claimed.
    collapseClause(c, { when: (r) => cOf(r) < 1 || 'c ≥ 1: the minimizer is zero' }),
    // A Gram matrix of the measured solution equals the predicted one (Gram tolerance).
    gramClause(c, 'orthogonal-frame', 'HbarTHbar', 'H̄ᵀH̄ = ρ I_K, ρ = (1 − c)₊ sqrt(λ_W/λ_H)'),
    // A scalar claim names its tolerance: 'loss', 'gram', 'nc1', 'scalar' or { rtol, atol } (docs/authoring.md).
    c.equality('frame-scale', {
      statement: '||h̄_k||² = ρ for every class',
      tolerance: 'scalar',
      predicted: (p) => p.rho,
      measured: (m) => m.HbarTHbar.data[0],
    }),
    c.stationary('closed-form-stationary', { statement: 'the minimizer above is a critical point with loss L*' }),
  ],
  // Statements the source does not make, reported as "not tested, by design".
  nonClaims: [],
  // Optional generators per mode (default: drawn from \`parameters\`); regimes are still sorted into modes by
  // the hypothesis and thresholds, so a sloppy generator cannot blur them.
  regimes: {
    inside: balancedRegime({ K: [2, 6], widthOffset: [0, 6] }),
    near: nearThreshold({ base: balancedRegime({ K: [2, 6], widthOffset: [0, 6] }), at: 1, place: (r, c) => ({ ...r, lambdaH: (c * c) / r.lambdaW }) }),
    outside: balancedRegime({ K: [2, 6], widthOffset: [-5, -1] }),
  },
});
`;
