// The verification runner: for each theorem and mode, sample regimes with
// fast-check, evaluate every clause on each, fold the verdicts, and shrink the
// first violation of each clause to a minimal regime that replays by seed and
// path (fast-check's own replay mechanism).
//
// Sampling uses fc.sample, which yields exactly the values fc.check would
// generate for the same seed, so the i-th sampled regime is path "i". Regimes
// outside the mode (e.g. inside the hypothesis during an outside run) are
// skipped by position, keeping every path meaningful.
import fc from 'fast-check';
import type { Backend } from '../backend/backend.ts';
import type { Mat } from '../linalg/matrix.ts';
import { getModel } from '../models/registry.ts';
import { deriveSeed } from '../random/rng.ts';
import { validateRegime } from '../regime/parameters.ts';
import { regimeKey, type Regime } from '../regime/regime.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '../train/train.ts';
import { modeArbitrary, modeAccepts } from '../../properties/regimes/modes.ts';
import { addOutcome, clauseStatus, emptyAggregate, type ClauseAggregate } from './aggregate.ts';
import { evaluateRegime, hypothesisOf, isNearThreshold, type Evaluation } from './evaluate.ts';
import type { RegimeRecord } from './results.ts';

export interface VerifyOptions {
  readonly modes: readonly Mode[];
  /** Regimes evaluated per theorem and mode. */
  readonly runs: number;
  readonly seed: number;
  /** Overrides on top of DEFAULT_TRAIN_OPTIONS and each theorem's own `training`. */
  readonly train?: Partial<TrainOptions>;
  readonly shrink?: boolean;
  /** Regime evaluations the shrinker may spend per violated clause. */
  readonly maxShrinkEvaluations?: number;
  /** Replay exactly this fast-check path (one theorem, one mode). */
  readonly path?: string;
  /** Evaluate exactly this regime (one theorem). */
  readonly regime?: Regime;
}

export interface SavedBlock {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly data: number[];
}

export interface Counterexample {
  readonly theorem: string;
  readonly clause: string;
  readonly mode: Mode;
  readonly seed: number;
  /** Replay path of the shrunk regime under this mode's fast-check seed. */
  readonly path: string;
  readonly regime: Regime;
  readonly hypothesisHolds: boolean;
  readonly margin?: number;
  readonly reason?: string;
  readonly witness?: string;
  readonly shrinkSteps: number;
  readonly record: RegimeRecord;
  /** The solution that violates the clause, block by block. */
  readonly solution?: readonly SavedBlock[];
}

export interface ModeResult {
  readonly theorem: string;
  readonly mode: Mode;
  readonly ran: boolean;
  readonly notRunReason?: string;
  /** fast-check seed of this mode (derived from the run seed, theorem and mode). */
  readonly fcSeed: number;
  readonly regimesEvaluated: number;
  readonly regimesHypothesisHeld: number;
  readonly regimesNearThreshold: number;
  readonly restarts: { total: number; converged: number; budgetExhausted: number; diverged: number };
  readonly clauses: ClauseAggregate[];
  readonly counterexamples: Counterexample[];
  readonly seconds: number;
}

export interface VerifyHooks {
  onModeStart?(theorem: Theorem, mode: Mode, planned: number): void;
  onRegime?(record: RegimeRecord, position: number, planned: number): void;
  onShrink?(theorem: Theorem, mode: Mode, clause: string, step: number): void;
  onModeEnd?(result: ModeResult): void;
}

export function modeSeed(seed: number, theorem: Theorem, mode: Mode): number {
  return deriveSeed(seed, theorem.id, mode);
}

export function resolveTrainOptions(theorem: Theorem, options: VerifyOptions): TrainOptions {
  return { ...DEFAULT_TRAIN_OPTIONS, ...theorem.training, ...options.train, seed: options.seed };
}

/** The regime at a fast-check path of a mode's generator (no evaluation). */
export function regimeAtPath(theorem: Theorem, mode: Mode, seed: number, path: string): Regime {
  let found: Regime | undefined;
  fc.check(
    fc.property(modeArbitrary(theorem, mode), (r) => {
      found ??= r;
      return true;
    }),
    { seed: modeSeed(seed, theorem, mode), path, numRuns: 1 },
  );
  if (found === undefined) throw new Error(`no regime at path ${path}`);
  return found;
}

function saveSolution(theorem: Theorem, regime: Regime, params: readonly Mat[]): SavedBlock[] {
  const blocks = getModel(theorem.model).blocks(regime);
  return params.map((p, i) => ({ name: blocks[i]?.name ?? `block${i}`, rows: p.rows, cols: p.cols, data: Array.from(p.data) }));
}

function witnessParams(evaluation: Evaluation, witness: string | undefined): Mat[] | undefined {
  return evaluation.solutions.find((s) => s.label === witness)?.params;
}

export function verifyTheoremMode<T>(
  theorem: Theorem,
  mode: Mode,
  backend: Backend<T>,
  options: VerifyOptions,
  hooks: VerifyHooks = {},
): ModeResult {
  const started = performance.now();
  const model = getModel(theorem.model);
  const train = resolveTrainOptions(theorem, options);
  const fcSeed = modeSeed(options.seed, theorem, mode);
  const aggregates = theorem.clauses.map((c) => emptyAggregate(c.id, c.kind));
  const restarts = { total: 0, converged: 0, budgetExhausted: 0, diverged: 0 };
  let evaluated = 0;
  let held = 0;
  let near = 0;
  const firstEvaluation = new Map<number, Evaluation>();
  const ctx = { backend, train };

  const generator = theorem.regimes?.[mode] ?? (mode === 'near' ? undefined : true);
  if (generator === undefined && options.regime === undefined) {
    return notRun(theorem, mode, fcSeed, 'the theorem declares no near-threshold regime generator', started);
  }

  const planned: { regime: Regime; index: number; path?: string }[] = [];
  if (options.regime !== undefined) {
    planned.push({ regime: options.regime, index: -1 });
  } else if (options.path !== undefined) {
    planned.push({ regime: regimeAtPath(theorem, mode, options.seed, options.path), index: Number(options.path.split(':')[0]), path: options.path });
  } else {
    // Draw up to 20 candidates per wanted regime; stop once `runs` fall inside the mode.
    const candidates = fc.sample(modeArbitrary(theorem, mode), { seed: fcSeed, numRuns: options.runs * 20 });
    for (let i = 0; i < candidates.length && planned.length < options.runs; i++) {
      if (modeAccepts(theorem, mode, candidates[i])) planned.push({ regime: candidates[i], index: i, path: String(i) });
    }
    if (planned.length === 0) {
      return notRun(theorem, mode, fcSeed, `no regime in ${candidates.length} draws falls in mode "${mode}"`, started);
    }
  }

  hooks.onModeStart?.(theorem, mode, planned.length);
  planned.forEach(({ regime, index, path }, position) => {
    const evaluation = evaluateRegime(theorem, model, regime, mode, index, ctx, path);
    const record = evaluation.record;
    evaluated++;
    if (record.hypothesisHolds) held++;
    if (record.nearThreshold) near++;
    for (const s of record.solutions) {
      if (s.source !== 'restart') continue;
      restarts.total++;
      if (s.status === 'converged') restarts.converged++;
      else if (s.status === 'diverged') restarts.diverged++;
      else restarts.budgetExhausted++;
    }
    record.clauses.forEach((o, i) => {
      const first = aggregates[i].firstViolation;
      addOutcome(aggregates[i], o, record);
      if (first === undefined && aggregates[i].firstViolation !== undefined) firstEvaluation.set(index, evaluation);
    });
    hooks.onRegime?.(record, position, planned.length);
  });

  const counterexamples: Counterexample[] = [];
  for (const agg of aggregates) {
    if (agg.firstViolation === undefined) continue;
    const start = firstEvaluation.get(agg.firstViolation)!;
    const canShrink = options.shrink !== false && options.regime === undefined && agg.firstViolation >= 0;
    counterexamples.push(
      canShrink
        ? shrinkViolation(theorem, mode, agg.clause, start, ctx, options, hooks)
        : asCounterexample(theorem, mode, agg.clause, start, options.seed, start.record.path ?? '', 0),
    );
  }

  const result: ModeResult = {
    theorem: theorem.id,
    mode,
    ran: true,
    fcSeed,
    regimesEvaluated: evaluated,
    regimesHypothesisHeld: held,
    regimesNearThreshold: near,
    restarts,
    clauses: aggregates,
    counterexamples,
    seconds: (performance.now() - started) / 1000,
  };
  hooks.onModeEnd?.(result);
  return result;
}

function notRun(theorem: Theorem, mode: Mode, fcSeed: number, reason: string, started: number): ModeResult {
  return {
    theorem: theorem.id,
    mode,
    ran: false,
    notRunReason: reason,
    fcSeed,
    regimesEvaluated: 0,
    regimesHypothesisHeld: 0,
    regimesNearThreshold: 0,
    restarts: { total: 0, converged: 0, budgetExhausted: 0, diverged: 0 },
    clauses: theorem.clauses.map((c) => emptyAggregate(c.id, c.kind)),
    counterexamples: [],
    seconds: (performance.now() - started) / 1000,
  };
}

function asCounterexample(
  theorem: Theorem,
  mode: Mode,
  clause: string,
  evaluation: Evaluation,
  seed: number,
  path: string,
  shrinkSteps: number,
): Counterexample {
  const outcome = evaluation.record.clauses.find((c) => c.clause === clause)!;
  const params = witnessParams(evaluation, outcome.witness);
  return {
    theorem: theorem.id,
    clause,
    mode,
    seed,
    path,
    regime: evaluation.record.regime,
    hypothesisHolds: evaluation.record.hypothesisHolds,
    margin: outcome.margin,
    reason: outcome.reason,
    witness: outcome.witness,
    shrinkSteps,
    record: evaluation.record,
    solution: params === undefined ? undefined : saveSolution(theorem, evaluation.record.regime, params),
  };
}

/** A shrink candidate must violate by at least this many tolerances (or by the original margin, if smaller). */
export const ROBUST_MARGIN = 10;

/**
 * Shrinks the first violation of one clause with fast-check, starting from the
 * violating regime's path. Each candidate is evaluated in full (training
 * included); once the evaluation budget is spent, candidates are accepted as
 * passing so that fast-check stops at the smallest violation found so far.
 *
 * A smaller regime replaces the current counterexample only if it stays on the
 * same side of every threshold band and violates by at least
 * min(ROBUST_MARGIN, original margin) tolerances: left alone, shrinking drifts
 * toward degenerate regimes (c → 1, where every prediction tends to 0) whose
 * violations sit at margin 1.0 and would not survive another machine's rounding.
 */
function shrinkViolation<T>(
  theorem: Theorem,
  mode: Mode,
  clause: string,
  start: Evaluation,
  ctx: { backend: Backend<T>; train: TrainOptions },
  options: VerifyOptions,
  hooks: VerifyHooks,
): Counterexample {
  const model = getModel(theorem.model);
  const budget = options.maxShrinkEvaluations ?? 40;
  const cache = new Map<string, Evaluation>([[regimeKey(start.record.regime), start]]);
  let spent = 0;
  let steps = 0;
  let last = start;
  const evaluate = (regime: Regime): Evaluation | undefined => {
    const key = regimeKey(regime);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    if (spent >= budget) return undefined;
    spent++;
    const e = evaluateRegime(theorem, model, regime, mode, start.record.index, ctx);
    cache.set(key, e);
    return e;
  };
  const startNear = isNearThreshold(theorem, start.record.regime);
  const required = Math.min(ROBUST_MARGIN, start.record.clauses.find((c) => c.clause === clause)?.margin ?? ROBUST_MARGIN);
  const property = fc.property(modeArbitrary(theorem, mode), (regime) => {
    fc.pre(modeAccepts(theorem, mode, regime) && isNearThreshold(theorem, regime) === startNear);
    const e = evaluate(regime);
    if (e === undefined) return true;
    const outcome = e.record.clauses.find((c) => c.clause === clause);
    const violated = outcome?.status === 'violated' && (outcome.margin ?? Infinity) >= required;
    if (violated) {
      last = e;
      hooks.onShrink?.(theorem, mode, clause, ++steps);
    }
    return !violated;
  });
  const details = fc.check(property, {
    seed: modeSeed(options.seed, theorem, mode),
    path: start.record.path ?? String(start.record.index),
    numRuns: 1,
  });
  const path = details.failed && details.counterexamplePath !== null ? details.counterexamplePath : (start.record.path ?? '');
  const shrunk = details.failed ? (cache.get(regimeKey(details.counterexample![0] as Regime)) ?? last) : start;
  const record = { ...shrunk.record, path };
  return asCounterexample(theorem, mode, clause, { ...shrunk, record }, options.seed, path, steps);
}

/** Evaluates one regime given on the command line, with its mode inferred when not given. */
export function inferMode(theorem: Theorem, regime: Regime): Mode {
  if (!hypothesisOf(theorem, regime).holds) return 'outside';
  return isNearThreshold(theorem, regime) ? 'near' : 'inside';
}

/** Validates a user-supplied regime against a theorem's parameters and its model. */
export function validateTheoremRegime(theorem: Theorem, raw: unknown): Regime {
  const regime = validateRegime(theorem.parameters, raw, `theorem ${theorem.id}`) as Regime;
  getModel(theorem.model).checkRegime(regime);
  return regime;
}

export function clauseStatuses(result: ModeResult): Record<string, ReturnType<typeof clauseStatus>> {
  return Object.fromEntries(result.clauses.map((a) => [a.clause, clauseStatus(a)]));
}
