// How planned regimes get evaluated. The runner hands an executor the whole
// list and folds what comes back *in plan order*, so verdicts do not depend on
// how (or in parallel on how many workers) the evaluations ran. An executor
// that evaluates elsewhere (worker threads) may return records only; the
// runner re-evaluates locally — deterministically — what it needs for
// shrinking and saving solutions.
import type { Backend } from '../backend/backend.ts';
import { getModel } from '../models/registry.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import type { TrainOptions } from '../train/train.ts';
import { evaluateRegime, type Evaluation } from './evaluate.ts';
import type { PlannedRegime } from './plan.ts';
import type { RegimeRecord } from './results.ts';

export interface RegimeTask {
  readonly theorem: Theorem;
  readonly mode: Mode;
  readonly item: PlannedRegime;
  readonly train: TrainOptions;
}

export interface ExecutedRegime {
  readonly record: RegimeRecord;
  /** Present when the evaluation ran in this thread (solutions included). */
  readonly evaluation?: Evaluation;
}

export interface Executor {
  readonly name: string;
  /** Evaluates every task; yields results in task order. */
  run(tasks: readonly RegimeTask[]): AsyncIterable<ExecutedRegime>;
}

/** Evaluates a task in this thread. */
export function evaluateTask<T>(backend: Backend<T>, task: RegimeTask): Evaluation {
  const { theorem, mode, item, train } = task;
  return evaluateRegime(theorem, getModel(theorem.model), item.regime, mode, item.index, { backend, train }, item.path, item.origin);
}

/** One regime after another, in this thread: the reference executor. */
export function sequentialExecutor<T>(backend: Backend<T>): Executor {
  return {
    name: 'sequential',
    async *run(tasks) {
      for (const task of tasks) {
        // A macrotask turn between regimes, so a signal handler (SIGINT, SIGTERM) runs before the next one starts.
        await new Promise<void>((r) => setImmediate(r));
        const evaluation = evaluateTask(backend, task);
        yield { record: evaluation.record, evaluation };
      }
    },
  };
}
