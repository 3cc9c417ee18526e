// Regimes evaluated concurrently on worker_threads (--workers N). Tasks go to
// whichever worker is idle; results come back in task order (the Executor
// contract), so the runner folds them exactly as the sequential executor's and
// verdicts are bitwise identical for any worker count. Records only come back
// (no solutions): the runner re-evaluates locally what it shrinks. A worker
// that fails — set-up, a task, or the thread itself — fails the run with its
// message; nothing waits forever.
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { importBuiltins, loadLibrary } from '../theorem/library.ts';
import type { Theorem } from '../theorem/define.ts';
import type { ExecutedRegime, Executor, RegimeTask } from '../verify/executor.ts';
import { taskMessage, type WorkerReply, type WorkerSetup } from './protocol.ts';

export interface WorkerExecutorOptions {
  readonly workers: number;
  /** Registry name of the backend (each worker loads its own instance). */
  readonly backend: string;
  /** Module URL exporting the built-in library (`builtinTheorems`), if the run has one. */
  readonly builtinModule?: string;
  readonly theoremFiles?: readonly string[];
}

export interface WorkerExecutor extends Executor {
  /** Terminates the worker threads. */
  close(): Promise<void>;
}

interface Slot {
  readonly promise: Promise<ExecutedRegime>;
  resolve(r: ExecutedRegime): void;
  reject(e: Error): void;
}

function slot(): Slot {
  let resolveFn!: (r: ExecutedRegime) => void;
  let rejectFn!: (e: Error) => void;
  const promise = new Promise<ExecutedRegime>((res, rej) => {
    resolveFn = res;
    rejectFn = rej;
  });
  promise.catch(() => undefined); // rejections are observed when the slot is awaited
  return { promise, resolve: resolveFn, reject: rejectFn };
}

interface Listeners {
  message(m: WorkerReply): void;
  error(e: Error): void;
  exit(code: number): void;
}

/** Subscribes to a worker's events; returns the unsubscribe function. */
function listen(w: Worker, on: Listeners): () => void {
  w.on('message', on.message);
  w.on('error', on.error);
  w.on('exit', on.exit);
  return () => {
    w.off('message', on.message);
    w.off('error', on.error);
    w.off('exit', on.exit);
  };
}

/** A theorem's definition as text, functions by their source: equal fingerprints, same theorem. */
export function theoremFingerprint(t: Theorem): string {
  return JSON.stringify(t, (_key, value: unknown) => (typeof value === 'function' ? `fn:${String(value)}` : value));
}

const TSX_WORKER = new URL('./tsx-worker.mjs', import.meta.url);
const ENTRY = new URL('./worker.ts', import.meta.url).href;

export function workerExecutor(options: WorkerExecutorOptions): WorkerExecutor {
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new RangeError(`workers must be a positive integer, got ${options.workers}`);
  const setup: WorkerSetup = { backend: options.backend, builtinModule: options.builtinModule, theoremFiles: (options.theoremFiles ?? []).map((f) => resolve(f)) };
  let pool: Promise<Worker[]> | undefined;
  // Fingerprints of the theorems the workers load: a task's theorem must be one of them.
  let loadable: Promise<ReadonlySet<string>> | undefined;

  const start = async (): Promise<Worker[]> => {
    const workers = Array.from({ length: options.workers }, () => new Worker(TSX_WORKER, { workerData: { ...setup, entry: ENTRY } }));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((res, rej) => {
              const off = listen(w, {
                message: (m) => {
                  off();
                  if (m.type === 'ready') res();
                  else rej(new Error(m.type === 'error' ? m.message : 'unexpected message'));
                },
                error: (e) => {
                  off();
                  rej(e);
                },
                exit: (code) => {
                  off();
                  rej(new Error(`worker exited with code ${code} during set-up`));
                },
              });
            }),
        ),
      );
      for (const w of workers) w.unref(); // idle workers never keep the process alive
      return workers;
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
  };

  return {
    name: `workers(${options.workers})`,
    async *run(tasks: readonly RegimeTask[]) {
      if (tasks.length === 0) return;
      loadable ??= importBuiltins(setup.builtinModule).then((b) => loadLibrary(setup.theoremFiles, b)).then((l) => new Set(l.theorems.map(theoremFingerprint)));
      const known = await loadable;
      const foreign = tasks.find((t) => !known.has(theoremFingerprint(t.theorem)));
      if (foreign !== undefined) {
        // A theorem built in code (a variant with a reused id, a mutant) would silently be replaced by the library's.
        throw new Error(`worker: theorem ${foreign.theorem.id} is not loadable in a worker thread (neither built in nor from --theorems)`);
      }
      pool ??= start();
      const workers = await pool;
      const slots = tasks.map(() => slot());
      let next = 0;
      let failed: Error | undefined;
      const fail = (e: Error): void => {
        failed ??= e;
        for (const s of slots) s.reject(failed);
      };
      const drive = (w: Worker): Promise<void> =>
        new Promise<void>((done) => {
          const dispatch = (): void => {
            if (failed !== undefined || next >= tasks.length) {
              cleanup();
              done();
              return;
            }
            const id = next++;
            w.postMessage(taskMessage(id, tasks[id]));
          };
          const stop = (e: Error): void => {
            fail(e);
            cleanup();
            done();
          };
          const cleanup = listen(w, {
            message: (m) => {
              if (m.type === 'result') {
                slots[m.id].resolve({ record: m.record });
                dispatch();
              } else if (m.type === 'error') stop(new Error(`worker: ${m.message}`));
            },
            error: (e) => stop(new Error(`worker thread failed: ${e.message}`)),
            exit: (code) => stop(new Error(`worker thread failed: exited with code ${code}`)),
          });
          dispatch();
        });
      for (const w of workers) w.ref();
      try {
        const driving = Promise.all(workers.map(drive));
        for (const s of slots) yield await s.promise;
        await driving;
      } finally {
        for (const w of workers) w.unref();
      }
    },
    async close() {
      if (pool === undefined) return;
      const workers = await pool.catch(() => [] as Worker[]);
      pool = undefined;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
