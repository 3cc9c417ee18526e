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
import { modeSeed, planMode, type PlannedRegime, type Shard } from './plan.ts';
import { regimeKey } from '../regime/regime.ts';
import { UsageError } from '../errors.ts';
import { createPointSketch, pointOf, type RegimePoint } from './points.ts';
import type { RegimeOrigin, RegimeRecord } from './results.ts';
import { shrinkViolation } from './shrink.ts';
import { profileTheorem, timed } from '../profile.ts';
import type { TracePoint } from '../train/outcome.ts';

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
  /** Stored failures to evaluate before the sample (see PlanOptions.replayFirst). */
  readonly replayFirst?: readonly Regime[];
  /** Evaluate only this shard's share of each mode's sample (see plan.ts). */
  readonly shard?: Shard;
  /**
   * Records an interrupted run already journaled for this theorem and mode, in
   * plan order (`--resume`): folded as they are, never evaluated again. They
   * must be a prefix of the plan.
   */
  readonly journaled?: Iterable<RegimeRecord> | AsyncIterable<RegimeRecord>;
  /**
   * A time budget (`--time-limit`): asked before each batch of regimes is
   * started; once true, no further regime starts, the batch in flight
   * finishes, no counterexample is shrunk, and the result says how many of the
   * planned regimes were evaluated (`stoppedAt`).
   */
  readonly stop?: () => boolean;
}

/** Regimes started together between two `stop` checks (a few per worker keeps workers busy). */
export const STOP_BATCH = 8;

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
  /** Where the violating regime came from (a stored failure is replayed by regime, not by path). */
  readonly origin: RegimeOrigin;
  /** Each trained restart's sparse convergence trace at the counterexample. */
  readonly traces: readonly RestartTrace[];
}

export interface RestartTrace {
  readonly solution: string;
  readonly status?: string;
  readonly points: readonly TracePoint[];
}

export interface ModeResult {
  readonly theorem: string;
  readonly mode: Mode;
  readonly ran: boolean;
  readonly notRunReason?: string;
  /** The theorem's own code threw while planning this mode: every clause is in error. */
  readonly error?: boolean;
  /** fast-check seed of this mode (derived from the run seed, theorem and mode). */
  readonly fcSeed: number;
  readonly regimesEvaluated: number;
  readonly regimesHypothesisHeld: number;
  readonly regimesNearThreshold: number;
  readonly restarts: { total: number; converged: number; budgetExhausted: number; diverged: number };
  readonly clauses: ClauseAggregate[];
  readonly counterexamples: Counterexample[];
  readonly seconds: number;
  /** Regimes replayed from the failure database before the sample. */
  readonly regimesReplayed: number;
  /** A bounded, deterministic subset of the evaluated regimes (see points.ts). */
  readonly points: readonly RegimePoint[];
  readonly pointsOmitted: number;
  /** The time budget ran out: sampling stopped after `evaluated` of the `planned` regimes. */
  readonly stoppedAt?: { readonly evaluated: number; readonly planned: number };
}

/** One theorem mode of a run's plan, for the overall ETA: its regimes and, when known, what one costs. */
export interface PlannedWork {
  readonly theorem: string;
  readonly mode: Mode;
  readonly regimes: number;
  /** Seconds per regime from an earlier run of this mode (src/report/costs.ts), when there is one. */
  readonly perRegime?: number;
}

export interface VerifyHooks {
  /** Before the first mode: the regimes the whole run plans, and per theorem mode (for an overall ETA weighted by cost). */
  onRunStart?(planned: number, work?: readonly PlannedWork[]): void;
  onModeStart?(theorem: Theorem, mode: Mode, planned: number): void;
  /** `--resume`: this many of the mode's planned regimes came from the journal. */
  onResume?(theorem: Theorem, mode: Mode, journaled: number, planned: number): void;
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
  readonly counts: { evaluated: number; held: number; near: number; replayed: number };
  readonly sketch: ReturnType<typeof createPointSketch>;
  add(record: RegimeRecord): void;
}

/** Folds records into per-clause aggregates and counts, one at a time, in plan order (bounded memory). */
export function createModeFold(theorem: { readonly clauses: readonly Pick<Theorem['clauses'][number], 'id' | 'kind'>[] }): ModeFold {
  const aggregates = theorem.clauses.map((c) => emptyAggregate(c.id, c.kind));
  const restarts = { total: 0, converged: 0, budgetExhausted: 0, diverged: 0 };
  const counts = { evaluated: 0, held: 0, near: 0, replayed: 0 };
  const sketch = createPointSketch();
  return {
    aggregates,
    restarts,
    counts,
    sketch,
    add(record) {
      counts.evaluated++;
      if (record.origin === 'database') counts.replayed++;
      sketch.add(pointOf(record));
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

/** Trace points kept per restart in a counterexample (evenly thinned, first and last kept). */
export const TRACE_POINTS = 80;

function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]);
}

/**
 * A counterexample. Its traces are those of the theorem's own restarts (`ownRestarts`) and of the
 * witness: an undecided regime may have trained up to hundreds of extra restarts
 * (verify/extra-restarts.ts), and a plot of all of them would hide the ones that matter.
 */
function asCounterexample(theorem: Theorem, mode: Mode, clause: string, evaluation: Evaluation, seed: number, path: string, steps: number, ownRestarts: number): Counterexample {
  const outcome = evaluation.record.clauses.find((c) => c.clause === clause)!;
  const params = evaluation.solutions.find((s) => s.label === outcome.witness)?.params;
  const traces = evaluation.solutions
    .filter((s) => s.trace !== undefined && s.trace.length > 0)
    .filter((s) => (s.summary.restart ?? 0) < ownRestarts || s.label === outcome.witness)
    .map((s) => ({ solution: s.label, status: s.summary.status, points: thin(s.trace!, TRACE_POINTS) }));
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
    origin: evaluation.record.origin ?? (evaluation.record.index >= 0 ? 'sample' : 'explicit'),
    traces,
  };
}

function emptyResult(theorem: Theorem, mode: Mode, fcSeed: number, reason: string, started: number, error?: boolean): ModeResult {
  const fold = createModeFold(theorem);
  return {
    theorem: theorem.id,
    mode,
    ran: false,
    notRunReason: reason,
    error,
    fcSeed,
    regimesEvaluated: 0,
    regimesHypothesisHeld: 0,
    regimesNearThreshold: 0,
    restarts: fold.restarts,
    clauses: fold.aggregates,
    counterexamples: [],
    seconds: (performance.now() - started) / 1000,
    regimesReplayed: 0,
    points: [],
    pointsOmitted: 0,
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
  profileTheorem(theorem.id);
  const train = resolveTrainOptions(theorem, options);
  const fcSeed = modeSeed(options.seed, theorem, mode);
  const plan = timed('sampling', () => planMode(theorem, mode, options));
  if (!plan.ok) return emptyResult(theorem, mode, fcSeed, plan.reason, started, plan.error);

  hooks.onModeStart?.(theorem, mode, plan.items.length);
  const fold = createModeFold(theorem);
  // Keyed by clause: the planned regime (and its evaluation) that first violated it.
  const firstViolation = new Map<number, { item: PlannedRegime; evaluation?: Evaluation }>();
  let position = 0;
  const add = (record: RegimeRecord, evaluation?: Evaluation): void => {
    const before = fold.aggregates.map((a) => a.firstViolation);
    fold.add(record);
    fold.aggregates.forEach((a, i) => {
      if (before[i] === undefined && a.firstViolation !== undefined) {
        firstViolation.set(i, { item: plan.items[position], evaluation });
      }
    });
    position++;
  };
  if (options.journaled !== undefined) {
    for await (const record of options.journaled) {
      checkJournaled(theorem, mode, record, plan.items[position], position);
      add(record);
    }
    if (position > 0) hooks.onResume?.(theorem, mode, position, plan.items.length);
  }
  const tasks: RegimeTask[] = plan.items.slice(position).map((item) => ({ theorem, mode, item, train }));
  const executor = options.executor ?? sequentialExecutor(backend);
  // Without a time budget, one run over every task; with one, batches between checks of the budget.
  const batch = options.stop === undefined ? Math.max(1, tasks.length) : STOP_BATCH;
  let stopped = false;
  for (let from = 0; from < tasks.length; from += batch) {
    if (options.stop?.() === true) {
      stopped = true;
      break;
    }
    for await (const { record, evaluation } of executor.run(tasks.slice(from, from + batch))) {
      const at = position;
      add(record, evaluation);
      hooks.onRegime?.(record, at, plan.items.length);
    }
  }

  const counterexamples: Counterexample[] = [];
  for (const [i, agg] of fold.aggregates.entries()) {
    // A clause whose code is wrong has no counterexample to shrink: its "violations" are the mistake's shadows.
    if (agg.firstViolation === undefined || agg.codeError !== undefined) continue;
    const found = firstViolation.get(i)!;
    // Records from other threads carry no solutions: re-evaluate here (deterministic for the seed).
    const start = found.evaluation ?? evaluateTask(backend, { theorem, mode, item: found.item, train });
    // Only sampled regimes have a fast-check path to shrink from; stored failures were shrunk when found.
    // A refutation fixture starts from the regime the literature names: keep it (and its cost) as is.
    const canShrink =
      !stopped && options.shrink !== false && options.regime === undefined && found.item.path !== undefined && found.item.index >= 0 && theorem.expect !== 'refuted';
    if (!canShrink) {
      counterexamples.push(asCounterexample(theorem, mode, agg.clause, start, options.seed, start.record.path ?? '', 0, train.restarts));
      continue;
    }
    const shrunk = timed('shrinking', () =>
      shrinkViolation(
        theorem,
        mode,
        agg.clause,
        start,
        { backend, train, seed: options.seed, budget: options.maxShrinkEvaluations },
        (step) => hooks.onShrink?.(theorem, mode, agg.clause, step),
      ),
    );
    counterexamples.push(asCounterexample(theorem, mode, agg.clause, shrunk.evaluation, options.seed, shrunk.path, shrunk.steps, train.restarts));
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
    regimesReplayed: fold.counts.replayed,
    points: fold.sketch.points(),
    pointsOmitted: fold.sketch.omitted,
    stoppedAt: stopped ? { evaluated: fold.counts.evaluated, planned: plan.items.length } : undefined,
  };
  hooks.onModeEnd?.(result);
  return result;
}

/** A journaled record must be the planned regime at its position: else the journal is from another run. */
function checkJournaled(theorem: Theorem, mode: Mode, record: RegimeRecord, item: PlannedRegime | undefined, position: number): void {
  const where = `--resume: the journal's record ${position + 1} of ${theorem.id} (${mode})`;
  if (item === undefined) throw new UsageError(`${where} is beyond this run's plan: the journal is from another run`);
  if (record.index !== item.index || regimeKey(record.regime) !== regimeKey(item.regime)) {
    throw new UsageError(`${where} (index ${record.index}) is not the regime this run plans there (index ${item.index}): the journal is from another run`);
  }
}

/** The mode a regime given on the command line belongs to. */
export function inferMode(theorem: Theorem, regime: Regime): Mode {
  try {
    if (!hypothesisOf(theorem, regime).holds) return 'outside';
    return isNearThreshold(theorem, regime) ? 'near' : 'inside';
  } catch {
    return 'inside'; // the theorem's code threw: its evaluation reports the error
  }
}

/** Validates a user-supplied regime against a theorem's parameters and its model. */
export function validateTheoremRegime(theorem: Theorem, raw: unknown): Regime {
  const regime = validateRegime(theorem.parameters, raw, `theorem ${theorem.id}`) as Regime;
  getModel(theorem.model).checkRegime(regime);
  return regime;
}
