// Clauses the single-layer UFM theorems state in the same way, built once so
// that how a claim is *measured* (which metric, which tolerance, which
// applicability rule) cannot drift between theorems. Each builder takes the
// theorem's typed clause constructors (`clauses: (c) => [...]`) and only what
// differs: the statement in the theorem's own notation, its provenance, and
// when it applies. Theorem-specific geometry stays in the theorem files.
// Exported from the package: a user's theorem states these claims the same way.
import { mat, matmul, scale, sub, transpose, zeros } from '../linalg/matrix.ts';
import type { Measurements } from '../measure/measurements.ts';
import type { Applicability, Clause, ClauseHelpers, Quantity } from './clause.ts';
import type { Prediction } from './define.ts';
import type { Provenance } from './provenance.ts';

interface Common<R, P> {
  readonly provenance?: Provenance;
  when?(regime: R, prediction: P): Applicability;
}

/**
 * The loss trio of a closed-form minimum L*: no solution below it (a counterexample otherwise), training
 * reaches the certified minimum (an optimizer outcome otherwise), and the certified minimum equals L*.
 */
export function minimumClauses<R, P extends Prediction>(
  c: ClauseHelpers<R, P>,
  o: { readonly lowerBound: string; readonly optimal: string; readonly attained?: string; readonly provenance?: Provenance },
): Clause<R, P>[] {
  return [
    c.bound('loss-lower-bound', { statement: o.lowerBound, provenance: o.provenance }),
    c.attained('global-minimum-reached', {
      statement: o.attained ?? 'training from random initialization reaches the certified global minimum',
      provenance: o.provenance,
    }),
    c.equality('optimal-loss', { statement: o.optimal, tolerance: 'loss', provenance: o.provenance, predicted: (p) => p.loss, measured: (m) => m.loss }),
  ];
}

type GramKey = 'WWt' | 'HbarTHbar' | 'WHbar' | 'MbarTMbar';

/** A rotation-invariant Gram matrix equals its prediction under the same name (Gram tolerance). */
export function gramClause<R, P extends Prediction>(c: ClauseHelpers<R, P>, id: string, key: GramKey, statement: string, o: Common<R, P> = {}): Clause<R, P> {
  return c.equality(id, {
    statement,
    provenance: o.provenance,
    when: o.when,
    predicted: (p) => predictedQuantity(p, key),
    measured: (m) => m[key],
  });
}

/** NC1: within-class variability vanishes, ÑC1 = Tr Σ_W / Tr Σ_B = 0 (the trace-ratio form stays defined as the signal shrinks). */
export function collapseClause<R, P extends Prediction>(c: ClauseHelpers<R, P>, o: Common<R, P> & { readonly statement?: string } = {}): Clause<R, P> {
  return c.equality('collapse', {
    statement: o.statement ?? 'ÑC1 = 0',
    tolerance: 'nc1',
    provenance: o.provenance,
    when: o.when,
    predicted: () => 0,
    measured: (m) => m.nc1TraceRatio,
  });
}

/**
 * Self-duality as a same-coordinate relation (docs/theorems.md §1.4: no Procrustes step needed, W and H
 * rotate together): either W = κ H̄^T (TB22 normalization) or H̄ = α W^T (Zhu/Zhou normalization), with the
 * ratio read from the prediction.
 */
export function selfDualityClause<R extends { readonly K: number; readonly d: number }, P extends Prediction>(
  c: ClauseHelpers<R, P>,
  o: Common<R, P> & { readonly statement: string } & ({ readonly classifierPerFeature: (p: P) => number } | { readonly featurePerClassifier: (p: P) => number }),
): Clause<R, P> {
  if ('classifierPerFeature' in o) {
    const kappa = o.classifierPerFeature;
    return c.equality('self-duality', {
      statement: o.statement,
      provenance: o.provenance,
      when: o.when,
      predicted: (_p, r) => zeros(r.K, r.d),
      measured: (m, p) => sub(m.W, scale(transpose(m.Hbar), kappa(p))),
    });
  }
  const alpha = o.featurePerClassifier;
  return c.equality('self-duality', {
    statement: o.statement,
    provenance: o.provenance,
    when: o.when,
    predicted: (_p, r) => zeros(r.d, r.K),
    measured: (m, p) => sub(m.Hbar, scale(transpose(m.W), alpha(p))),
  });
}

/** The bias equals its predicted vector (the model without a bias measures NaN, which never matches). */
export function biasClause<R extends { readonly K: number }, P extends Prediction>(
  c: ClauseHelpers<R, P>,
  o: Common<R, P> & { readonly statement: string; readonly id?: string },
): Clause<R, P> {
  return c.equality(o.id ?? 'bias', {
    statement: o.statement,
    tolerance: 'scalar',
    provenance: o.provenance,
    when: o.when,
    predicted: (p) => predictedQuantity(p, 'b'),
    measured: (m: Measurements, _p, r) => m.b ?? mat(r.K, 1, new Float64Array(r.K).fill(NaN)),
  });
}

/** Above the threshold the minimizer is zero: ||W||² = ||H||² = 0. */
export function zeroSolutionClause<R, P extends Prediction>(c: ClauseHelpers<R, P>, o: Common<R, P> & { readonly statement: string }): Clause<R, P> {
  return c.equality('zero-solution', {
    statement: o.statement,
    provenance: o.provenance,
    when: o.when,
    predicted: () => mat(1, 2),
    measured: (m) => mat(1, 2, [m.WnormSq, m.HnormSq]),
  });
}

/** NC4: the classifier agrees with the nearest-class-center rule on every training sample. */
export function nccAgreementClause<R, P extends Prediction>(c: ClauseHelpers<R, P>, o: Common<R, P> = {}): Clause<R, P> {
  return c.equality('ncc-agreement', {
    statement: 'NC4: the classifier agrees with the nearest-class-center rule on every sample',
    tolerance: 'scalar',
    provenance: o.provenance,
    when: o.when,
    predicted: () => 1,
    measured: (m) => m.nccAgreement,
  });
}

/** Balancedness of the two factors, λ_W W^T W = λ_H H̄ H̄^T (TB22 normalization, collapsed features). */
export function balancednessClause<R extends { readonly d: number; readonly lambdaW: number; readonly lambdaH: number }, P extends Prediction>(
  c: ClauseHelpers<R, P>,
  o: Common<R, P> = {},
): Clause<R, P> {
  return c.equality('balancedness', {
    statement: 'λ_W W^T W = λ_H H̄ H̄^T',
    provenance: o.provenance,
    when: o.when,
    predicted: (_p, r) => zeros(r.d, r.d),
    measured: (m, _p, r) => sub(scale(matmul(transpose(m.W), m.W), r.lambdaW), scale(matmul(m.Hbar, transpose(m.Hbar)), r.lambdaH)),
  });
}

function predictedQuantity(p: Prediction, key: string): Quantity {
  const q = p[key];
  if (q === undefined) throw new Error(`predict() returned no ${key}`);
  return q;
}
