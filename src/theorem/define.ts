// defineTheorem: the public authoring API. A theorem is data plus code — its
// model and exact normalization, its regime parameters and hypothesis, its
// closed-form prediction, and named clauses — checked for consistency once,
// when it is defined, so a malformed theorem fails at load time with a clear
// message rather than mid-run.
import type { Arbitrary } from 'fast-check';
import { UsageError } from '../errors.ts';
import type { Mat } from '../linalg/matrix.ts';
import type { Rng } from '../random/rng.ts';
import type { ParameterSpecs, RegimeOf } from '../regime/parameters.ts';
import type { Regime } from '../regime/regime.ts';
import type { TrainOptions } from '../train/train.ts';
import { clauseHelpers, type Applicability, type Clause, type ClauseHelpers, type Quantity } from './clause.ts';
import type { BoundaryCase } from './boundaries.ts';
import type { Provenance } from './provenance.ts';

export type Mode = 'inside' | 'near' | 'outside';
export const MODES: readonly Mode[] = ['inside', 'near', 'outside'];

/** A closed-form prediction: named numbers and matrices; `loss` is the predicted global minimum. */
export interface Prediction {
  readonly loss: number;
  /**
   * Where the minimum has no closed form (loss NaN): an upper bound on it, e.g. an explicit candidate's
   * loss. A converged restart above it is not a global minimizer, and equality clauses are not read there.
   */
  readonly lossUpperBound?: number;
  readonly [quantity: string]: Quantity | undefined;
}

export interface Threshold<R> {
  /** e.g. "c = sqrt(λ_W λ_H) = 1" */
  readonly name: string;
  /** The quantity compared with `at`. */
  value(regime: R): number;
  readonly at: number;
}

/** A statement the source makes no claim about, shown in reports as "not tested, by design". */
export interface NonClaim {
  readonly statement: string;
  readonly reason: string;
}

export interface TheoremSpec<Ps extends ParameterSpecs, P extends Prediction> {
  /** Stable id from docs/theorems.md, e.g. "TB22-T3.1". */
  readonly id: string;
  readonly title: string;
  /** Paper, theorem number. */
  readonly citation: string;
  readonly provenance: Provenance;
  /** Model id (src/models/registry.ts). */
  readonly model: string;
  /** The objective in this theorem's own normalization. */
  readonly normalization: string;
  readonly parameters: Ps;
  readonly hypothesis: {
    /** Human-readable hypothesis, e.g. "d ≥ K; λ_W, λ_H > 0". */
    readonly text: string;
    check(regime: RegimeOf<Ps>): Applicability;
  };
  readonly thresholds?: readonly Threshold<RegimeOf<Ps>>[];
  predict(regime: RegimeOf<Ps>): P;
  /** An explicit global minimizer, block by block in the model's order; needed by stationary clauses. */
  minimizer?(regime: RegimeOf<Ps>, rng: Rng): Mat[];
  /**
   * The clauses, or a function building them from typed constructors —
   * `clauses: ({ equality, bound }) => [...]` — so that predicted/measured see the
   * theorem's own regime and prediction types.
   */
  readonly clauses:
    | readonly Clause<RegimeOf<Ps>, P>[]
    | ((helpers: ClauseHelpers<RegimeOf<Ps>, P>) => readonly Clause<RegimeOf<Ps>, P>[]);
  readonly nonClaims?: readonly NonClaim[];
  /**
   * Regime generators per mode; defaults come from the parameter specs
   * (properties/regimes). Generated regimes are validated against `parameters`
   * (fixed keys filled in) before use.
   */
  readonly regimes?: Partial<Record<Mode, Arbitrary<Regime>>>;
  /**
   * The boundary cases the hypothesis admits (d = K, n = 1, the extreme λ ratios, …): each mode's
   * generator places BOUNDARY_SHARE of its draws on its cases (src/theorem/boundaries.ts). A case the
   * hypothesis admits but the theorem leaves out is named, with the reason, in the hypothesis text.
   */
  readonly boundaries?: readonly BoundaryCase<RegimeOf<Ps>>[];
  /** Training defaults for this theorem's regimes (restarts, budget, init scale). */
  readonly training?: Partial<TrainOptions>;
  /**
   * Regimes per mode when the user gives no --runs (default 200): expensive
   * models (deep ReLU) lower it so the full library stays within its budget.
   */
  readonly runs?: number;
  /**
   * 'refuted' marks a known-false claim shipped as a refutation fixture (e.g.
   * "DNC is the global optimum of the deep UFM", SML24/GK). Its violation is the
   * expected outcome: reported as "refuted (expected)", never failing the run; a
   * bound clause that finds nothing below the claimed minimum is inconclusive
   * (with the best gap found), never verified.
   */
  readonly expect?: 'holds' | 'refuted';
}

/**
 * The type-erased form the registry, runner and reports handle. Methods use
 * method syntax on purpose: parameters are then checked bivariantly, so every
 * specifically-typed TheoremSpec is a Theorem.
 */
export interface Theorem {
  readonly id: string;
  readonly title: string;
  readonly citation: string;
  readonly provenance: Provenance;
  readonly model: string;
  readonly normalization: string;
  readonly parameters: ParameterSpecs;
  readonly hypothesis: { readonly text: string; check(regime: Regime): Applicability };
  readonly thresholds?: readonly Threshold<Regime>[];
  predict(regime: Regime): Prediction;
  minimizer?(regime: Regime, rng: Rng): Mat[];
  readonly clauses: readonly Clause<Regime, Prediction>[];
  readonly nonClaims?: readonly NonClaim[];
  readonly regimes?: Partial<Record<Mode, Arbitrary<Regime>>>;
  readonly boundaries?: readonly BoundaryCase[];
  readonly training?: Partial<TrainOptions>;
  readonly runs?: number;
  readonly expect?: 'holds' | 'refuted';
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.+~_-]*$/;

/** Validates and returns a theorem; throws UsageError naming the theorem and the problem. */
export function defineTheorem<Ps extends ParameterSpecs, P extends Prediction>(input: TheoremSpec<Ps, P>): Theorem {
  const spec = {
    ...input,
    clauses: typeof input.clauses === 'function' ? input.clauses(clauseHelpers as ClauseHelpers<RegimeOf<Ps>, P>) : input.clauses,
  };
  const fail = (what: string): never => {
    throw new UsageError(`theorem ${spec.id === undefined ? '(no id)' : `"${spec.id}"`}: ${what}`);
  };
  if (typeof spec.id !== 'string' || !ID_PATTERN.test(spec.id)) fail('id must be a non-empty string of letters, digits and . + ~ _ -');
  for (const field of ['title', 'citation', 'model', 'normalization'] as const) {
    if (typeof spec[field] !== 'string' || spec[field].length === 0) fail(`${field} must be a non-empty string`);
  }
  if (typeof spec.predict !== 'function') fail('predict must be a function');
  if (typeof spec.hypothesis?.check !== 'function') fail('hypothesis.check must be a function');
  if (!Array.isArray(spec.clauses) || spec.clauses.length === 0) fail('clauses must be a non-empty array');
  const seen = new Set<string>();
  for (const c of spec.clauses) {
    if (typeof c?.id !== 'string' || !ID_PATTERN.test(c.id)) fail(`clause id ${JSON.stringify(c?.id)} is not a valid id`);
    if (seen.has(c.id)) fail(`clause id "${c.id}" appears twice`);
    seen.add(c.id);
    if (!['bound', 'attained', 'equality', 'stationary', 'identity'].includes(c.kind)) fail(`clause "${c.id}" has unknown kind ${JSON.stringify(c.kind)}`);
    if ((c.kind === 'equality' || c.kind === 'identity') && (typeof c.predicted !== 'function' || typeof c.measured !== 'function')) {
      fail(`${c.kind} clause "${c.id}" needs predicted() and measured()`);
    }
    if (c.kind === 'stationary' && typeof spec.minimizer !== 'function' && typeof c.point !== 'function') {
      fail(`stationary clause "${c.id}" needs the theorem to define minimizer() (or the clause a point())`);
    }
  }
  if (spec.expect !== undefined && spec.expect !== 'holds' && spec.expect !== 'refuted') fail(`expect must be 'holds' or 'refuted'`);
  if (spec.expect === 'refuted' && !spec.clauses.some((c) => c.kind === 'bound')) fail(`a refuted claim needs a bound clause (the claimed minimum to beat)`);
  if (spec.runs !== undefined && !(Number.isInteger(spec.runs) && spec.runs > 0)) fail('runs must be a positive integer');
  const theorem: Theorem = spec;
  return theorem;
}
