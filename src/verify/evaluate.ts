// One regime, end to end: predict (closed form), certify (independent of the
// theorem), train from random initializations, measure every solution, and
// give each clause its verdict. Violations never depend on the optimizer: an
// explicit global minimizer that breaks an "every global minimizer satisfies"
// claim refutes it, whatever training did. Passes do depend on it: an equality
// only passes when a trained restart reached the certified minimum too.
import type { Backend } from '../backend/backend.ts';
import { cpuF64 } from '../backend/cpu-f64.ts';
import { measure } from '../measure/measurements.ts';
import type { Certificate, Model } from '../models/model.ts';
import type { Regime } from '../regime/regime.ts';
import { trainRestarts, type TrainedRestart, type TrainOptions } from '../train/train.ts';
import { isOptimizerOutcome, trainExtraRestarts, uncertifiedExtraRestarts } from './extra-restarts.ts';
import { polishRestart } from './polish-restarts.ts';
import { timed } from '../profile.ts';
import type { Clause } from '../theorem/clause.ts';
import type { Mode, Prediction, Theorem } from '../theorem/define.ts';
import { NEAR_THRESHOLD_FACTOR, allowance, resolveTolerance } from '../theorem/tolerance.ts';
import { nearAnyThreshold } from '../theorem/modes.ts';
import { TheoremCodeError } from '../theorem/code-error.ts';
import { asRefutationSearch, checkAttained, checkBound, checkEquality, checkIdentity, checkStationary, type EvaluatedSolution } from './checkers.ts';
import type { CertificateSummary, ClauseOutcome, EndpointDistribution, RegimeOrigin, RegimeRecord } from './results.ts';


// Re-exported: callers of evaluateRegime read solutions and the identity-point count from here.
export { IDENTITY_POINTS, type EvaluatedSolution } from './checkers.ts';

export interface EvaluationContext<T> {
  readonly backend: Backend<T>;
  readonly train: TrainOptions;
}


export interface Evaluation {
  readonly record: RegimeRecord;
  readonly solutions: readonly EvaluatedSolution[];
}

/** Whether a regime lies within the §10 band of any of the theorem's thresholds. */
export const isNearThreshold = nearAnyThreshold;

export function hypothesisOf(theorem: Theorem, regime: Regime): { holds: boolean; reason?: string } {
  const verdict = theorem.hypothesis.check(regime);
  return verdict === true ? { holds: true } : { holds: false, reason: verdict };
}

/** The theorem's threshold quantities at a regime (NaN where one cannot be computed). */
export function thresholdValues(theorem: Theorem, regime: Regime): number[] | undefined {
  if (theorem.thresholds === undefined || theorem.thresholds.length === 0) return undefined;
  return theorem.thresholds.map((t) => {
    try {
      return t.value(regime);
    } catch {
      return Number.NaN;
    }
  });
}

function errorMessage(e: unknown): string {
  if (e instanceof TheoremCodeError) return e.message;
  return e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
}

/** Which regime a record is about: the fields every record starts with. */
type RecordKey = Pick<RegimeRecord, 'theorem' | 'mode' | 'index' | 'origin' | 'path' | 'regime'>;

/** Every clause in error at a regime where the theorem's or the model's code failed. */
function errorEvaluation(theorem: Theorem, key: RecordKey, started: number, reason: string): Evaluation {
  const record: RegimeRecord = {
    ...key,
    hypothesisHolds: false,
    hypothesisReason: reason,
    nearThreshold: false,
    toleranceFactor: 1,
    predictedLoss: Number.NaN,
    certificate: { available: false, reason },
    solutions: [],
    clauses: theorem.clauses.map((c) => ({ clause: c.id, kind: c.kind, status: 'error', reason })),
    seconds: (performance.now() - started) / 1000,
  };
  return { record, solutions: [] };
}

/** A trained restart, measured. */
function restartSolution(model: Model, regime: Regime, r: TrainedRestart, prediction: Prediction, certificate: Certificate | undefined, atMin: boolean): EvaluatedSolution {
  const m = timed('measurement', () => measure(model.view(regime, r.params), r.loss, model.criticalPointResiduals(regime, r.params)));
  return {
    label: `restart ${r.restart}`,
    params: r.params,
    measurements: m,
    trace: r.trace,
    summary: {
      source: 'restart',
      restart: r.restart,
      seed: r.seed,
      status: r.status,
      reason: r.reason,
      loss: r.loss,
      gradNorm: r.gradNorm,
      iterations: r.iterations,
      seconds: r.seconds,
      atCertifiedMinimum: atMin,
      gapToPredicted: r.loss - prediction.loss,
      gapToCertified: certificate === undefined ? undefined : r.loss - certificate.loss,
      rankWHbar: m.rankWHbar,
    },
  };
}

/** Trains the restarts and measures them and the certified minimizer. */
function solveAndMeasure<T>(
  model: Model,
  regime: Regime,
  ctx: EvaluationContext<T>,
  certificate: Certificate | undefined,
  prediction: Prediction,
  lossAllowance: (reference: number) => number,
): EvaluatedSolution[] {
  const reached = (r: TrainedRestart): boolean =>
    certificate !== undefined && r.status === 'converged' && Math.abs(r.loss - certificate.loss) <= lossAllowance(certificate.loss);
  const restarts = timed('training', () => trainRestarts(ctx.backend, model, regime, ctx.train));
  if (certificate !== undefined && ctx.backend.dtype === 'float64' && !restarts.some(reached)) {
    // No restart reached the certified minimum: continue the ones the iteration budget stopped,
    // best loss first, until one does (polish-restarts.ts). Decided regimes never get here.
    const order = restarts
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.status === 'budget-exhausted' && Number.isFinite(r.loss))
      .sort((a, b) => a.r.loss - b.r.loss);
    const polish = (r: TrainedRestart): TrainedRestart => timed('polish', () => polishRestart(ctx.backend, model, regime, ctx.train, r));
    for (const { r, i } of order) {
      restarts[i] = polish(r);
      if (reached(restarts[i])) break;
    }
    // Still none, some restart converged elsewhere (a critical point of another basin: when none
    // converged, the budget stopped them, or no training was asked for with --restarts 0), and none is
    // below the certificate (that would be a decided violation): more random restarts at larger
    // scales, until one reaches it (extra-restarts.ts).
    const below = (r: TrainedRestart): boolean => r.loss < certificate.loss - lossAllowance(certificate.loss);
    if (!restarts.some(reached) && restarts.some((r) => r.status === 'converged') && !restarts.some(below)) {
      restarts.push(...timed('extra restarts', () => trainExtraRestarts(ctx.backend, model, regime, ctx.train, reached, polish)));
    }
  }
  const solutions: EvaluatedSolution[] = restarts.map((r) => restartSolution(model, regime, r, prediction, certificate, reached(r)));
  if (certificate !== undefined) {
    const objective = model.objective(cpuF64, regime);
    const loss = objective.loss(certificate.minimizer);
    objective.dispose();
    const m = measure(model.view(regime, certificate.minimizer), loss, model.criticalPointResiduals(regime, certificate.minimizer));
    solutions.push({
      label: 'certificate',
      params: certificate.minimizer,
      measurements: m,
      summary: {
        source: 'certificate',
        loss,
        atCertifiedMinimum: true,
        gapToPredicted: loss - prediction.loss,
        gapToCertified: loss - certificate.loss,
        rankWHbar: m.rankWHbar,
      },
    });
  }
  return solutions;
}

/** Whether some clause reads the predicted global minimum (bounds, attainment, stationarity at the minimizer). */
export function needsPredictedLoss(theorem: Theorem): boolean {
  return theorem.clauses.some((c) => c.kind === 'bound' || c.kind === 'attained' || (c.kind === 'stationary' && c.loss === undefined));
}

export function evaluateRegime<T>(
  theorem: Theorem,
  model: Model,
  regime: Regime,
  mode: Mode,
  index: number,
  ctx: EvaluationContext<T>,
  path?: string,
  origin?: RegimeOrigin,
): Evaluation {
  const started = performance.now();
  const dtype = ctx.backend.dtype;
  const key: RecordKey = { theorem: theorem.id, mode, index, origin, path, regime };
  // The theorem's hypothesis, thresholds and prediction are user code: if one throws, or predicts a
  // non-finite loss that a clause needs, every clause is in error at this regime (and nothing is
  // trained), never the run. Theorems without a loss prediction (identity-only ones such as HPD22,
  // or SML23, whose minimum has no closed form) predict NaN and have no clause that reads it.
  let near: boolean;
  let hypothesis: { holds: boolean; reason?: string };
  let prediction: Prediction;
  let thresholds: number[] | undefined;
  try {
    near = isNearThreshold(theorem, regime);
    hypothesis = hypothesisOf(theorem, regime);
    thresholds = thresholdValues(theorem, regime);
    prediction = theorem.predict(regime);
    if (typeof prediction !== 'object' || prediction === null) throw new Error(`predict() returned ${String(prediction)}, expected an object with a loss`);
    if (typeof prediction.loss !== 'number' || (needsPredictedLoss(theorem) && !Number.isFinite(prediction.loss))) {
      throw new Error(`predict() returned a non-finite loss (${String(prediction.loss)})`);
    }
  } catch (e) {
    return errorEvaluation(theorem, key, started, `the theorem's code failed at this regime: ${errorMessage(e)}`);
  }
  const widen = near ? NEAR_THRESHOLD_FACTOR : 1;
  const lossTol = (c: Clause<Regime, Prediction>) => resolveTolerance(c.tolerance, dtype, widen);
  const lossAllowance = (reference: number): number =>
    allowance(resolveTolerance('loss', dtype, widen), Math.abs(reference));

  let certificate: Certificate | undefined;
  let certificateSummary: CertificateSummary;
  try {
    certificate = timed('certification', () => model.certify?.(regime));
    certificateSummary =
      certificate === undefined
        ? { available: false, reason: `model ${model.id} has no certificate for this regime` }
        : { available: true, loss: certificate.loss, unique: certificate.unique, method: certificate.method };
  } catch (e) {
    certificateSummary = { available: false, reason: `certificate failed: ${errorMessage(e)}` };
  }

  let solutions: EvaluatedSolution[];
  try {
    solutions = solveAndMeasure(model, regime, ctx, certificate, prediction, lossAllowance);
  } catch (e) {
    // A regime the theorem's parameters allow but its model rejects (e.g. a key the model needs is not declared).
    return errorEvaluation(theorem, key, started, `model ${model.id} failed at this regime: ${errorMessage(e)}`);
  }

  // Stationary clauses and identities checked at random points only read no solution: after extra
  // restarts (below) their outcomes are the ones already checked.
  const readsSolutions = (clause: Clause<Regime, Prediction>): boolean => clause.kind !== 'stationary' && !(clause.kind === 'identity' && clause.points === 'random');
  const checkClauses = (previous?: readonly ClauseOutcome[]): ClauseOutcome[] => timed('clauses', () => {
    const trained = solutions.filter((s) => s.summary.source === 'restart');
    return theorem.clauses.map((clause, i): ClauseOutcome => {
      if (previous !== undefined && !readsSolutions(clause)) return previous[i];
      const base = { clause: clause.id, kind: clause.kind };
      try {
        const applies = clause.when?.(regime, prediction) ?? true;
        if (applies !== true) return { ...base, status: 'not-applicable', reason: applies };
        switch (clause.kind) {
          case 'bound': {
            const outcome = checkBound(base, prediction.loss, solutions, allowance(lossTol(clause), prediction.loss));
            return theorem.expect === 'refuted' ? asRefutationSearch(outcome, prediction.loss, solutions) : outcome;
          }
          case 'attained':
            return checkAttained(base, trained, certificate, prediction.loss, allowance(lossTol(clause), certificate?.loss ?? prediction.loss));
          case 'equality':
            return checkEquality(base, clause, solutions, trained, certificate, prediction, regime, lossTol(clause), lossAllowance);
          case 'stationary':
            return checkStationary(base, clause, theorem, model, regime, prediction, lossTol(clause), widen, dtype);
          case 'identity':
            return checkIdentity(base, clause, theorem, model, regime, prediction, solutions, lossTol(clause));
        }
      } catch (e) {
        return { ...base, status: 'error', reason: errorMessage(e) };
      }
    });
  });

  let endpoints = classifyEndpoints(solutions, certificate, lossAllowance);
  let clauses = checkClauses();
  // Without a certificate, the clauses' own verdicts decide whether more training could help: only
  // where one is inconclusive for an optimizer outcome, extra restarts follow one at a time, each
  // measured, with the clauses checked again, until none is (extra-restarts.ts). Regimes whose
  // clauses the theorem's own restarts decide never get here.
  if (certificate === undefined && dtype === 'float64' && ctx.train.restarts > 0 && clauses.some(isOptimizerOutcome)) {
    timed('extra restarts', () => {
      for (const r of uncertifiedExtraRestarts(ctx.backend, model, regime, ctx.train)) {
        solutions.push(restartSolution(model, regime, r, prediction, certificate, false));
        endpoints = classifyEndpoints(solutions, certificate, lossAllowance);
        clauses = checkClauses(clauses);
        if (!clauses.some(isOptimizerOutcome)) break;
      }
    });
  }

  const record: RegimeRecord = {
    ...key,
    hypothesisHolds: hypothesis.holds,
    hypothesisReason: hypothesis.reason,
    nearThreshold: near,
    toleranceFactor: widen,
    thresholdValues: thresholds,
    predictedLoss: prediction.loss,
    certificate: certificateSummary,
    solutions: solutions.map((s) => s.summary),
    endpoints,
    clauses,
    seconds: (performance.now() - started) / 1000,
  };
  return { record, solutions };
}


/**
 * Where each restart ended: at the (certified, or without a certificate the
 * best converged) minimum, at a higher converged endpoint (a local minimum or
 * saddle: an optimizer outcome), or without meeting the stopping certificate;
 * with the distribution of ranks of W H̄ (rank-deficient endpoints of deep and
 * ReLU models show up here).
 */
function classifyEndpoints(
  solutions: EvaluatedSolution[],
  certificate: Certificate | undefined,
  lossAllowance: (reference: number) => number,
): EndpointDistribution {
  const converged = solutions.filter((s) => s.summary.source === 'restart' && s.summary.status === 'converged');
  const reference = certificate?.loss ?? Math.min(...converged.map((s) => s.summary.loss));
  const out = { reference: certificate === undefined ? ('best converged restart' as const) : ('certified minimum' as const), global: 0, local: 0, notConverged: 0, ranks: {} as Record<string, number> };
  solutions.forEach((s, i) => {
    if (s.summary.source !== 'restart') return;
    let endpoint: 'global' | 'local' | 'not-converged';
    if (s.summary.status !== 'converged') endpoint = 'not-converged';
    else endpoint = Math.abs(s.summary.loss - reference) <= lossAllowance(reference) ? 'global' : 'local';
    out[endpoint === 'not-converged' ? 'notConverged' : endpoint]++;
    const rank = String(s.summary.rankWHbar ?? '?');
    out.ranks[rank] = (out.ranks[rank] ?? 0) + 1;
    solutions[i] = { ...s, summary: { ...s.summary, endpoint } };
  });
  return out;
}
