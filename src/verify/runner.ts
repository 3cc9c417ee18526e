// The verification runner for one theorem and mode: plan the regimes, have an
// executor evaluate them, fold the verdicts in plan order, then shrink the
// first violation of each clause to a minimal regime that replays by seed and
// path (fast-check's own replay mechanism).
import type { Backend } from '../backend/backend.ts';
import type { Mat } from '../linalg/matrix.ts';
import { getModel } from '../models/registry.ts';
import { validateRegime } from '../regime/parameters.ts';
import type { Regime } from '../regime/regime.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '../train/train.ts';
import { addOutcome, emptyAggregate, type ClauseAggregate } from './aggregate.ts';
import { hypothesisOf, isNearThreshold, type Evaluation } from './evaluate.ts';
import { evaluateTask, sequentialExecutor, type Executor, type RegimeTask } from './executor.ts';
import { modeSeed, planMode, type PlannedRegime } from './plan.ts';
import type { RegimeRecord } from './results.ts';
import { shrinkViolation } from './shrink.ts';

export { modeSeed, regimeAtPath } from './plan.ts';
export { ROBUST_MARGIN } from './shrink.ts';

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
  /** Where evaluations run (default: sequentially in this thread). */
  readonly executor?: Executor;
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

export function resolveTrainOptions(theorem: Theorem, options: Pick<VerifyOptions, 'train' | 'seed'>): TrainOptions {
  const resolved = { ...DEFAULT_TRAIN_OPTIONS, ...theorem.training, ...options.train, seed: options.seed };
  // An explicit --init-scale replaces the theorem's per-restart schedule.
  return options.train?.initScale !== undefined ? { ...resolved, initScales: undefined } : resolved;
}

export interface ModeFold {
  readonly aggregates: ClauseAggregate[];
  readonly restarts: ModeResult['restarts'];
  readonly counts: { evaluated: number; held: number; near: number };
  add(record: RegimeRecord): void;
}

/** Folds records into per-clause aggregates and counts, one at a time, in plan order (bounded memory). */
export function createModeFold(theorem: Theorem): ModeFold {
  const aggregates = theorem.clauses.map((c) => emptyAggregate(c.id, c.kind));
  const restarts = { total: 0, converged: 0, budgetExhausted: 0, diverged: 0 };
  const counts = { evaluated: 0, held: 0, near: 0 };
  return {
    aggregates,
    restarts,
    counts,
    add(record) {
      counts.evaluated++;
      if (record.hypothesisHolds) counts.held++;
      if (record.nearThreshold) counts.near++;
      for (const s of record.solutions) {
        if (s.source !== 'restart') continue;
        restarts.total++;
        if (s.status === 'converged') restarts.converged++;
        else if (s.status === 'diverged') restarts.diverged++;
        else restarts.budgetExhausted++;
      }
      record.clauses.forEach((o, i) => addOutcome(aggregates[i], o, record));
    },
  };
}

function saveSolution(theorem: Theorem, regime: Regime, params: readonly Mat[]): SavedBlock[] {
  const blocks = getModel(theorem.model).blocks(regime);
  return params.map((p, i) => ({ name: blocks[i]?.name ?? `block${i}`, rows: p.rows, cols: p.cols, data: Array.from(p.data) }));
}

function asCounterexample(theorem: Theorem, mode: Mode, clause: string, evaluation: Evaluation, seed: number, path: string, steps: number): Counterexample {
  const outcome = evaluation.record.clauses.find((c) => c.clause === clause)!;
  const params = evaluation.solutions.find((s) => s.label === outcome.witness)?.params;
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
    shrinkSteps: steps,
    record: evaluation.record,
    solution: params === undefined ? undefined : saveSolution(theorem, evaluation.record.regime, params),
  };
}

function emptyResult(theorem: Theorem, mode: Mode, fcSeed: number, reason: string, started: number): ModeResult {
  const fold = createModeFold(theorem);
  return {
    theorem: theorem.id,
    mode,
    ran: false,
    notRunReason: reason,
    fcSeed,
    regimesEvaluated: 0,
    regimesHypothesisHeld: 0,
    regimesNearThreshold: 0,
    restarts: fold.restarts,
    clauses: fold.aggregates,
    counterexamples: [],
    seconds: (performance.now() - started) / 1000,
  };
}

export async function verifyTheoremMode<T>(
  theorem: Theorem,
  mode: Mode,
  backend: Backend<T>,
  options: VerifyOptions,
  hooks: VerifyHooks = {},
): Promise<ModeResult> {
  const started = performance.now();
  const train = resolveTrainOptions(theorem, options);
  const fcSeed = modeSeed(options.seed, theorem, mode);
  const plan = planMode(theorem, mode, options);
  if (!plan.ok) return emptyResult(theorem, mode, fcSeed, plan.reason, started);

  hooks.onModeStart?.(theorem, mode, plan.items.length);
  const fold = createModeFold(theorem);
  const firstViolation = new Map<number, { item: PlannedRegime; evaluation?: Evaluation }>();
  const tasks: RegimeTask[] = plan.items.map((item) => ({ theorem, mode, item, train }));
  let position = 0;
  for await (const { record, evaluation } of (options.executor ?? sequentialExecutor(backend)).run(tasks)) {
    const before = fold.aggregates.map((a) => a.firstViolation);
    fold.add(record);
    fold.aggregates.forEach((a, i) => {
      if (before[i] === undefined && a.firstViolation !== undefined && !firstViolation.has(a.firstViolation)) {
        firstViolation.set(a.firstViolation, { item: plan.items[position], evaluation });
      }
    });
    hooks.onRegime?.(record, position, plan.items.length);
    position++;
  }

  const counterexamples: Counterexample[] = [];
  for (const agg of fold.aggregates) {
    if (agg.firstViolation === undefined) continue;
    const found = firstViolation.get(agg.firstViolation)!;
    // Records from other threads carry no solutions: re-evaluate here (deterministic for the seed).
    const start = found.evaluation ?? evaluateTask(backend, { theorem, mode, item: found.item, train });
    // A refutation fixture starts from the regime the literature names: keep it (and its cost) as is.
    const canShrink = options.shrink !== false && options.regime === undefined && agg.firstViolation >= 0 && theorem.expect !== 'refuted';
    if (!canShrink) {
      counterexamples.push(asCounterexample(theorem, mode, agg.clause, start, options.seed, start.record.path ?? '', 0));
      continue;
    }
    const shrunk = shrinkViolation(
      theorem,
      mode,
      agg.clause,
      start,
      { backend, train, seed: options.seed, budget: options.maxShrinkEvaluations },
      (step) => hooks.onShrink?.(theorem, mode, agg.clause, step),
    );
    counterexamples.push(asCounterexample(theorem, mode, agg.clause, shrunk.evaluation, options.seed, shrunk.path, shrunk.steps));
  }

  const result: ModeResult = {
    theorem: theorem.id,
    mode,
    ran: true,
    fcSeed,
    regimesEvaluated: fold.counts.evaluated,
    regimesHypothesisHeld: fold.counts.held,
    regimesNearThreshold: fold.counts.near,
    restarts: fold.restarts,
    clauses: fold.aggregates,
    counterexamples,
    seconds: (performance.now() - started) / 1000,
  };
  hooks.onModeEnd?.(result);
  return result;
}

/** The mode a regime given on the command line belongs to. */
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
