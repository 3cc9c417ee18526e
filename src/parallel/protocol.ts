// Messages between the verify runner and its worker threads. Everything here
// is structured-clone data: theorems travel by id (workers load the same
// library: built-ins plus the --theorems files), training options without
// their callbacks.
import type { Mode } from '../theorem/define.ts';
import type { TrainOptions } from '../train/train.ts';
import type { PlannedRegime } from '../verify/plan.ts';
import type { RegimeRecord } from '../verify/results.ts';
import type { RegimeTask } from '../verify/executor.ts';

export interface WorkerSetup {
  /** Registry name of the backend every worker loads. */
  readonly backend: string;
  /** Module URL exporting the built-in library (`builtinTheorems`), if the run has one. */
  readonly builtinModule?: string;
  /** Absolute paths of the --theorems files. */
  readonly theoremFiles: readonly string[];
}

export type TaskTrainOptions = Omit<TrainOptions, 'onIteration'>;

export interface TaskMessage {
  readonly type: 'task';
  readonly id: number;
  readonly theoremId: string;
  readonly mode: Mode;
  readonly item: PlannedRegime;
  readonly train: TaskTrainOptions;
}

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly record: RegimeRecord }
  | { readonly type: 'error'; readonly id?: number; readonly message: string };

export function taskMessage(id: number, task: RegimeTask): TaskMessage {
  const { onIteration: _dropped, ...train } = task.train;
  return { type: 'task', id, theoremId: task.theorem.id, mode: task.mode, item: task.item, train };
}

export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
