// The clause checkers: how each kind of clause (bound, attained, equality, stationary, identity) turns
// the solutions of one regime into a verdict, its margin, witness and reason. evaluateRegime
// (evaluate.ts) trains, certifies and measures; these functions only decide. They are pure in the
// solutions they are given (the stationary and identity checkers also evaluate the model at the
// theorem's closed-form point and at seeded random points), so tests can hand them any solutions:
// ties, non-finite losses, restarts below a certificate.
import { cpuF64 } from '../backend/cpu-f64.ts';
import type { Mat } from '../linalg/matrix.ts';
import { measure, type Measurements } from '../measure/measurements.ts';
import type { Certificate, Model } from '../models/model.ts';
import { createRng, deriveSeed } from '../random/rng.ts';
import { regimeKey, type Regime } from '../regime/regime.ts';
import type { TracePoint } from '../train/outcome.ts';
import { metricNorm } from '../train/params.ts';
import { randomInit } from '../train/train.ts';
import type { EqualityClause, IdentityClause, Quantity, StationaryClause } from '../theorem/clause.ts';
import type { Prediction, Theorem } from '../theorem/define.ts';
import { allowance, resolveTolerance } from '../theorem/tolerance.ts';
import { compareQuantities, ratio, ShapeMismatchError } from './compare.ts';
import { comparedValues } from './values.ts';
import { readQuantity } from '../theorem/code-error.ts';
import { selectReference } from './reference.ts';
import { OPTIMIZER_OUTCOME, type ClauseOutcome, type SolutionSummary } from './results.ts';

/** Random points (i.i.d. N(0, 1) blocks) at which identity clauses are checked, besides every solution. */
export const IDENTITY_POINTS = 6;

export interface EvaluatedSolution {
  readonly summary: SolutionSummary;
  readonly params: Mat[];
  readonly label: string;
  readonly measurements: Measurements;
  /** Sparse convergence trace of a trained restart (kept for counterexample reports, not in regimes.jsonl). */
  readonly trace?: readonly TracePoint[];
}

export type Base = Pick<ClauseOutcome, 'clause' | 'kind'>;

/** "W (3x4), H (4x6)": a model's blocks in order, at this regime. */
function blockOrder(blocks: readonly { name: string; rows: number; cols: number }[]): string {
  return blocks.map((b) => `${b.name} (${b.rows}x${b.cols})`).join(', ');
}

export function checkBound(base: Base, predicted: number, solutions: readonly EvaluatedSolution[], allowed: number): ClauseOutcome {
  const candidates = solutions.filter((s) => Number.isFinite(s.summary.loss));
  if (candidates.length === 0) return { ...base, status: 'inconclusive', reason: 'no solution with a finite loss' };
  const lowest = candidates.reduce((a, b) => (b.summary.loss < a.summary.loss ? b : a));
  const below = predicted - lowest.summary.loss;
  const margin = ratio(Math.max(0, below), allowed);
  const fields = { margin, error: Math.max(0, below), allowance: allowed, witness: lowest.label };
  if (below > allowed) {
    return {
      ...base,
      ...fields,
      status: 'violated',
      reason: `${lowest.label} has loss ${lowest.summary.loss} < predicted minimum ${predicted}`,
      values: comparedValues(`loss of ${lowest.label} vs the predicted minimum`, lowest.summary.loss, predicted),
    };
  }
  return { ...base, ...fields, status: 'pass' };
}

export function checkAttained(
  base: Base,
  trained: readonly EvaluatedSolution[],
  certificate: Certificate | undefined,
  predictedLoss: number,
  allowed: number,
): ClauseOutcome {
  const reference = certificate?.loss ?? predictedLoss;
  const referenceName = certificate === undefined ? 'predicted minimum (no certificate)' : 'certified minimum';
  const converged = trained.filter((s) => s.summary.status === 'converged');
  const endpoints = trained.map((s) => `${s.label}: ${s.summary.status}, L=${s.summary.loss}`).join('; ');
  if (converged.length === 0) {
    return { ...base, status: 'inconclusive', reason: `${OPTIMIZER_OUTCOME}: no restart met the stopping certificate (${endpoints})` };
  }
  const best = converged.reduce((a, b) => (b.summary.loss < a.summary.loss ? b : a));
  const gap = best.summary.loss - reference;
  const fields = {
    margin: ratio(Math.abs(gap), allowed),
    error: Math.abs(gap),
    allowance: allowed,
    witness: best.label,
    certified: certificate !== undefined,
  };
  if (gap < -allowed) {
    return {
      ...base,
      ...fields,
      status: 'violated',
      reason:
        certificate === undefined
          ? `${best.label} reached ${best.summary.loss}, below the predicted minimum ${reference}`
          : `${best.label} reached ${best.summary.loss}, below the certified minimum ${reference}: certificate or model bug`,
      values: comparedValues(`loss of ${best.label} vs the ${referenceName}`, best.summary.loss, reference),
    };
  }
  if (gap > allowed) {
    const ranks = converged.map((s) => s.summary.rankWHbar).join(', ');
    return {
      ...base,
      ...fields,
      status: 'inconclusive',
      reason: `${OPTIMIZER_OUTCOME}: best restart ${best.summary.loss} is above the ${referenceName} ${reference} (ranks of W H̄: ${ranks})`,
    };
  }
  return { ...base, ...fields, status: 'pass', reason: certificate === undefined ? 'compared with the prediction: no certificate' : undefined };
}

/** The comparison with the largest margin among a clause's points, and what was measured there. */
interface WorstComparison {
  readonly margin: number;
  readonly error: number;
  readonly allowance: number;
  readonly witness: string;
  readonly measured: Quantity;
}

/**
 * Compares the measured quantity with the prediction at every point, in order, and keeps the worst
 * (the first of equal margins). A value that is not finite ends the search and names its point:
 * such a comparison decides nothing, so the clause cannot pass on the points before it.
 */
function worstComparison<P extends { readonly label: string }>(
  points: readonly P[],
  measuredAt: (point: P, index: number) => Quantity,
  predicted: Quantity,
  tol: ReturnType<typeof resolveTolerance>,
): { readonly notFinite: string } | { readonly worst: WorstComparison } {
  let worst: WorstComparison | undefined;
  for (const [i, p] of points.entries()) {
    const measured = measuredAt(p, i);
    const cmp = compareQuantities(measured, predicted, tol);
    if (!cmp.finite) return { notFinite: p.label };
    if (worst === undefined || cmp.margin > worst.margin) worst = { margin: cmp.margin, error: cmp.error, allowance: cmp.allowance, witness: p.label, measured };
  }
  if (worst === undefined) throw new Error('worstComparison: no points to compare');
  return { worst };
}

/** A violated clause at its worst point; `extra` goes where each checker has always put its own fields. */
function violatedAt(
  base: Base,
  w: Omit<WorstComparison, 'measured'>,
  extra: { readonly certified?: boolean },
  statement: string,
  measured: Quantity,
  predicted: Quantity,
): ClauseOutcome {
  return {
    ...base,
    ...w,
    status: 'violated',
    ...extra,
    reason: `${w.witness}: deviation ${w.error.toExponential(3)} exceeds the allowance ${w.allowance.toExponential(3)}`,
    values: comparedValues(`${statement} at ${w.witness}`, measured, predicted),
  };
}

export function checkEquality(
  base: Base,
  clause: EqualityClause<Regime, Prediction>,
  solutions: readonly EvaluatedSolution[],
  trained: readonly EvaluatedSolution[],
  certificate: Certificate | undefined,
  prediction: Prediction,
  regime: Regime,
  tol: ReturnType<typeof resolveTolerance>,
  lossAllowance: (reference: number) => number,
): ClauseOutcome {
  // Without a certificate, the best converged restarts stand in for the optimum, and the verdict says so.
  if (certificate === undefined) {
    const converged = trained.filter((s) => s.summary.status === 'converged');
    const best = Math.min(...converged.map((s) => s.summary.loss));
    // A best restart *above* the predicted minimum is not a claimed minimizer (a spurious local minimum,
    // common for ReLU models): its geometry is an optimizer outcome, not evidence against the theorem.
    if (Number.isFinite(best) && Number.isFinite(prediction.loss) && best - prediction.loss > lossAllowance(prediction.loss)) {
      return {
        ...base,
        status: 'inconclusive',
        certified: false,
        reason: `${OPTIMIZER_OUTCOME}: the best converged restart (L = ${best}) is above the predicted minimum ${prediction.loss}; no solution at the claimed optimum to check`,
      };
    }
    // Without a closed-form minimum, an upper bound on it (an explicit candidate's loss) still tells a
    // converged endpoint that cannot be a global minimizer — e.g. the zero solution of a deep ReLU model.
    const ceiling = prediction.lossUpperBound;
    if (Number.isFinite(best) && typeof ceiling === 'number' && Number.isFinite(ceiling) && best - ceiling > lossAllowance(ceiling)) {
      return {
        ...base,
        status: 'inconclusive',
        certified: false,
        reason: `${OPTIMIZER_OUTCOME}: the best converged restart (L = ${best}) is above ${ceiling}, an upper bound on the global minimum: not a global minimizer, nothing to check`,
      };
    }
  }
  // The lowest-loss solution found is the reference, and only if it met its certificate (src/verify/reference.ts).
  // Restarts measured with it are those at the same loss (the loss tolerance), not within the clause's own
  // tolerance of it: a loss gap is no Gram deviation, and near a threshold (tolerances widened 100×) a
  // distinct critical point — a ReLU model's partially collapsed one, 1.5e-3 above L* at c = 0.992 c_3 —
  // would otherwise be measured as if it were the minimizer.
  const selection = selectReference(solutions, certificate, lossAllowance, lossAllowance);
  if (selection.kind === 'inconclusive') return { ...base, status: 'inconclusive', reason: selection.reason, certified: selection.certified };
  const { pool, certified } = selection;
  if (pool.length === 0) {
    return { ...base, status: 'inconclusive', reason: 'no solution at the global minimum to check', certified };
  }
  const predicted = readQuantity(prediction, (p) => clause.predicted(p, regime), { clause: clause.id, call: 'predicted(p)', object: 'p', owner: 'predict() returns' });
  const entries = typeof predicted === 'number' ? [predicted] : Array.from(predicted.data);
  if (!entries.every(Number.isFinite)) {
    // A prediction that is not a finite number is the theorem's fault: never compared, never a pass.
    return { ...base, status: 'error', reason: 'the predicted value is not finite (the theorem predicted NaN or ±Infinity)', certified };
  }
  const found = worstComparison(
    pool,
    (s) => readQuantity(s.measurements, (m) => clause.measured(m, prediction, regime), { clause: clause.id, call: 'measured(m)', object: 'm', owner: 'the measurements have' }),
    predicted,
    tol,
  );
  if ('notFinite' in found) {
    return { ...base, status: 'inconclusive', reason: `measured or predicted value on ${found.notFinite} is not finite`, witness: found.notFinite, certified };
  }
  const { measured, ...w } = found.worst;
  if (w.margin > 1) return violatedAt(base, w, { certified }, clause.statement, measured, predicted);
  if (!pool.some((s) => s.summary.source === 'restart')) {
    return {
      ...base,
      ...w,
      status: 'inconclusive',
      certified,
      reason: `holds at the certified minimizer, but no restart reached the certified minimum (${OPTIMIZER_OUTCOME})`,
    };
  }
  return { ...base, ...w, status: 'pass', certified };
}

export function checkStationary(
  base: Base,
  clause: StationaryClause<Regime, Prediction>,
  theorem: Theorem,
  model: Model,
  regime: Regime,
  prediction: Prediction,
  tol: ReturnType<typeof resolveTolerance>,
  widen: number,
  dtype: 'float64' | 'float32',
): ClauseOutcome {
  const rng = createRng(deriveSeed(0, theorem.id, regimeKey(regime), 'closed-form'));
  const build = clause.point ?? ((r: Regime, g: typeof rng) => theorem.minimizer?.(r, g));
  const params = build(regime, rng, prediction);
  if (params === undefined) return { ...base, status: 'error', reason: 'the theorem defines no minimizer()' };
  const predictedLoss = clause.loss?.(prediction, regime) ?? prediction.loss;
  const blocks = model.blocks(regime);
  if (params.length !== blocks.length) {
    throw new ShapeMismatchError(`minimizer() returned ${params.length} blocks; model ${model.id} takes ${blocks.length}, in this order: ${blockOrder(blocks)}`);
  }
  blocks.forEach((b, i) => {
    if (params[i].rows !== b.rows || params[i].cols !== b.cols) {
      throw new ShapeMismatchError(
        `minimizer() block ${i + 1} (${b.name}) is ${params[i]?.rows}x${params[i]?.cols}, expected ${b.rows}x${b.cols}; model ${model.id} takes its blocks in this order: ${blockOrder(blocks)}`,
      );
    }
  });
  // The theorem's constants are checked in float64 whatever backend trains.
  const objective = model.objective(cpuF64, regime);
  const { loss, gradient } = objective.lossAndGradient(params);
  objective.dispose();
  const gradNorm = metricNorm(cpuF64, gradient, blocks.map((b) => b.metric));
  const gradAllowed = tol.atol * Math.max(1, Math.abs(loss));
  const lossAllowed = allowance(resolveTolerance('loss', dtype, widen), predictedLoss);
  const lossError = Math.abs(loss - predictedLoss);
  const margin = Math.max(ratio(gradNorm, gradAllowed), ratio(lossError, lossAllowed));
  const fields = { margin, error: gradNorm, allowance: gradAllowed, witness: 'closed-form minimizer' };
  if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
    return { ...base, ...fields, status: 'violated', reason: 'the closed-form minimizer has a non-finite loss or gradient' };
  }
  if (margin > 1) {
    return {
      ...base,
      ...fields,
      status: 'violated',
      reason: `closed-form point: ||∇L||_P = ${gradNorm.toExponential(3)}, loss ${loss} vs predicted ${predictedLoss}`,
      values:
        ratio(lossError, lossAllowed) >= ratio(gradNorm, gradAllowed)
          ? comparedValues('loss at the closed-form point vs the predicted loss', loss, predictedLoss)
          : comparedValues('||∇L||_P at the closed-form point vs 0 (a critical point)', gradNorm, 0),
    };
  }
  return { ...base, ...fields, status: 'pass' };
}

/**
 * A known-false claim's bound clause is a search for a solution below the
 * claimed minimum: finding none is not evidence for the claim, so a pass turns
 * into inconclusive with the best gap found.
 */
export function asRefutationSearch(outcome: ClauseOutcome, claimed: number, solutions: readonly EvaluatedSolution[]): ClauseOutcome {
  if (outcome.status !== 'pass') return outcome;
  const best = Math.min(...solutions.filter((s) => Number.isFinite(s.summary.loss)).map((s) => s.summary.loss));
  return {
    ...outcome,
    status: 'inconclusive',
    reason: `refutation search: no solution below the claimed minimum ${claimed}; best gap found ${(best - claimed).toExponential(3)} (lowest loss ${best})`,
  };
}

export function checkIdentity(
  base: Base,
  clause: IdentityClause<Regime, Prediction>,
  theorem: Theorem,
  model: Model,
  regime: Regime,
  prediction: Prediction,
  solutions: readonly EvaluatedSolution[],
  tol: ReturnType<typeof resolveTolerance>,
): ClauseOutcome {
  const predicted = clause.predicted(prediction, regime);
  const objective = model.objective(cpuF64, regime);
  const points: { label: string; params: readonly Mat[]; measurements: Measurements }[] = [];
  try {
    for (let i = 0; i < IDENTITY_POINTS; i++) {
      const rng = createRng(deriveSeed(0, theorem.id, regimeKey(regime), 'identity-point', i));
      const params = randomInit(model, regime, rng, 1);
      const loss = objective.loss(params);
      points.push({ label: `random point ${i}`, params, measurements: measure(model.view(regime, params), loss, model.criticalPointResiduals(regime, params)) });
    }
  } finally {
    objective.dispose();
  }
  if (clause.points !== 'random') for (const s of solutions) points.push({ label: s.label, params: s.params, measurements: s.measurements });
  const found = worstComparison(
    points,
    (p, i) => {
      const rng = createRng(deriveSeed(0, theorem.id, regimeKey(regime), clause.id, i));
      return clause.measured({ params: p.params, measurements: p.measurements, model, rng }, prediction, regime);
    },
    predicted,
    tol,
  );
  if ('notFinite' in found) return { ...base, status: 'inconclusive', reason: `measured or predicted value at ${found.notFinite} is not finite`, witness: found.notFinite };
  const { measured, ...w } = found.worst;
  if (w.margin > 1) return violatedAt(base, w, {}, clause.statement, measured, predicted);
  return { ...base, ...w, status: 'pass', reason: `held at ${points.length} points (${IDENTITY_POINTS} random, ${points.length - IDENTITY_POINTS} solutions)` };
}
