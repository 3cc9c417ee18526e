// Kernel threads: the heap's large products split by columns of C across helper
// threads (kernel-helper.mjs) that run the same kernels on the same shared
// memory. Each output entry is summed by one thread, in the order the one-thread
// kernel sums it: the blocks start at multiples of four columns, so every entry
// falls in the same kind of kernel block (4×2, 4×4 or the dot-product tail) as
// without the split, and the bits of C do not depend on the thread count.
// On the wasm-par path the L-BFGS vector passes split too, by whole chunks of a
// fixed chunk table (pass-chunks.mjs), with the same independence of the count.
//
// The calling thread computes the first block and waits for the others (spinning
// briefly, then Atomics.wait). A helper that is not ready yet, or has failed, is
// skipped: the caller computes its block, so no call waits on a thread that
// cannot answer. Helpers are unref'd, so they never keep a process alive.
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { UsageError } from '../../errors.ts';
import { memoryViews, runPassChunks, TASK, type MemoryViews } from './pass-chunks.mjs';

/** Column blocks start at multiples of this (the widest kernel block, gemm_xn's 4). */
export const COLUMN_ALIGN = 4;
/**
 * Multiply-adds per block below which a product is not split. In isolation two threads halve
 * products down to 5e4 multiply-adds per block, but in training a helper that slept through the
 * optimizer's vector passes takes ~50 µs or more to wake (measured on the 2-core benchmark
 * machine: medium-20x64's products, 2.6e5 per block, made its training 18 % slower; blocks of
 * 6.4e6 and 2.6e7 made large-50x256 and large-100x512 0–19 % and 9–21 % faster, run to run).
 */
export const MIN_BLOCK_WORK = 1e6;
/**
 * Vector elements per thread below which a chunked pass is not split (wasm-par). On the 2-core
 * benchmark machine, one axpy_dot pass alone, with the helper awake, runs 1.8–1.95× faster on
 * two threads from 20,000 elements on; but in the benchmark's trainings the regimes with 22,000
 * and 27,000 parameters gained nothing or lost (medium-32x64, medium-20x64), while 66,560
 * (medium-20x128) gained 1.3×: so passes split from 65,536 elements on two threads.
 */
export const MIN_PASS_ELEMENTS = 32768;
/** The default thread count's ceiling (more threads split medium products too finely). */
export const MAX_DEFAULT_KERNEL_THREADS = 4;
/**
 * How long the caller waits for a helper to take up a task before taking it back and running it
 * itself (a safety net only), and how much longer it waits for a task the helper has taken up.
 */
const HELPER_DEADLINE_MS = 10_000;
const CLAIMED_DEADLINE_MS = 60_000;
/** How long the caller polls for a helper's block before sleeping. */
const SPIN_MS = 0.2;
/** How long a helper polls for its next task before sleeping (products come in bursts). */
const HELPER_SPIN_MS = 0.2;

/**
 * The control block: one slot of SLOT_INTS Int32 per helper (kernel-helper.mjs receives this
 * layout with its workerData, so both sides read the same one).
 *   [SEQ]   the caller's task counter (incremented per task; the helper waits on it)
 *   [DONE]  the last task the helper finished (the caller waits on it)
 *   [STATE] 0 starting, READY, FAILED
 *   [OP]    which kernel (OPS), or stop
 *   [ARGS…] the kernel's i32 arguments, in its parameter order (a pass: pass-chunks.mjs's TASK)
 *   [F64…]  two float64 (a pass's a and b), on Int32 slots F64..F64+3
 *   [SLEEPING] 1 while the helper waits in Atomics.wait (the caller notifies only then)
 *   [CLAIM] the last task taken up, by the helper or taken back by the caller: whoever moves it
 *           from seq − 1 to seq (compareExchange) runs task seq, so no task runs twice. That
 *           matters for the vector passes, which update vectors in place.
 */
export const LAYOUT = { SEQ: 0, DONE: 1, STATE: 2, OP: 3, ARGS: 4, F64: 16, SLEEPING: 20, CLAIM: 21, SLOT_INTS: 32, READY: 1, FAILED: 2, OPS: { gemm_nt: 0, gemm_xn: 1, gemm_xn_nt: 2, stop: 3, pass: 4 } } as const;
const { SEQ, DONE, STATE, OP, ARGS, F64, SLEEPING, CLAIM, SLOT_INTS, READY, FAILED, OPS } = LAYOUT;

export interface ProductKernels {
  gemm_nt(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number): void;
  gemm_xn(a: number, rsa: number, csa: number, b: number, ldb: number, c: number, ldc: number, m: number, n: number, k: number): void;
  gemm_xn_nt(a: number, rsa: number, csa: number, b: number, ldb: number, c: number, ldc: number, m: number, n: number, k: number): void;
}

/** The vector kernels a chunked pass calls (pass-chunks.mjs), on byte pointers. */
export interface PassKernels {
  dot(x: number, y: number, n: number): number;
  axpy_dot(q: number, y: number, s: number, alpha: number, n: number): number;
  axpby_dot(out: number, a: number, x: number, b: number, y: number, w: number, n: number): number;
  pair(s: number, y: number, xn: number, x: number, gn: number, g: number, n: number, acc: number): void;
}

export interface KernelThreadOptions {
  /** Multiply-adds per block below which a product is not split (default MIN_BLOCK_WORK). */
  readonly minBlockWork?: number;
  /** How long a helper stays awake after a task, in ms: longer keeps it ready for the next pass. */
  readonly helperSpinMs?: number;
  /** Start the helpers now rather than on the first split (their start-up then overlaps the caller's set-up). */
  readonly eager?: boolean;
  /** How long a helper may leave a task untaken before the caller takes it back (default 10 s; tests use 0). */
  readonly helperDeadlineMs?: number;
  /** false: split every product and pass large enough, even when it does not pay (splitGovernor; tests). */
  readonly adaptive?: boolean;
}

export interface KernelThreads extends ProductKernels {
  /**
   * Runs chunks [task[C0], task[C1]) of a chunked vector pass (pass-chunks.mjs) with the floats
   * a, b: split in contiguous chunk ranges over this thread and the ready helpers where the pass
   * covers at least 2·MIN_PASS_ELEMENTS elements. The results do not depend on the split.
   */
  pass(task: Int32Array, a: number, b: number, elements: number): void;
  /** Threads a product may use, the caller's included (1: no helpers). */
  readonly threads: number;
  /** Helpers ready now, and the blocks they have computed so far (for tests and the benchmark). */
  stats(): KernelThreadStats;
  /** Stops the helpers (the products then run on the caller alone). */
  close(): Promise<void>;
}

export interface KernelThreadStats {
  readonly readyHelpers: number;
  readonly helperBlocks: number;
  /** Tasks the caller took back from a helper that had not started them by the deadline. */
  readonly takenBack: number;
  /** Times splitting stopped for a while because the helpers answered too late to gain (splitGovernor). */
  readonly backOffs: number;
}

/**
 * The threads per product: NC_CHECK_KERNEL_THREADS when set; otherwise the cores (at most
 * MAX_DEFAULT_KERNEL_THREADS) on the main thread, and 1 in worker threads (verify's workers
 * already occupy the cores) and under a test runner.
 */
export function kernelThreadCount(env: NodeJS.ProcessEnv = process.env, mainThread = isMainThread, cores = availableParallelism()): number {
  const asked = env.NC_CHECK_KERNEL_THREADS;
  if (asked !== undefined && asked !== '') {
    const n = Number(asked);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`NC_CHECK_KERNEL_THREADS=${asked}: expected a whole number of threads ≥ 1`);
    return n;
  }
  if (!mainThread || env.VITEST !== undefined) return 1;
  return Math.max(1, Math.min(cores, MAX_DEFAULT_KERNEL_THREADS));
}

/**
 * Where the column blocks of an n-column product start, for at most `parts` blocks: multiples
 * of COLUMN_ALIGN, as even as that allows, the last block ending at n. [0] for one block.
 */
export function columnBlocks(n: number, parts: number): number[] {
  const width = Math.ceil(n / Math.max(1, parts) / COLUMN_ALIGN) * COLUMN_ALIGN;
  const starts: number[] = [];
  for (let j = 0; j < n || starts.length === 0; j += width) starts.push(j);
  return starts;
}

interface Helper {
  readonly worker: Worker;
  readonly ctl: Int32Array;
  readonly f64: Float64Array;
  failed: boolean;
}

/**
 * The products and chunked vector passes of `kernels` (one instance's exports on `memory`), split
 * across `threads` threads where they are large enough. threads = 1 runs them unchanged in effect.
 */
export function kernelThreads(
  kernels: ProductKernels & PassKernels,
  memory: { readonly buffer: ArrayBufferLike },
  module: object,
  threads: number,
  options: KernelThreadOptions = {},
): KernelThreads {
  const minBlockWork = options.minBlockWork ?? MIN_BLOCK_WORK;
  const helperSpinMs = options.helperSpinMs ?? HELPER_SPIN_MS;
  const deadlineMs = options.helperDeadlineMs ?? HELPER_DEADLINE_MS;
  let takenBack = 0;
  const governor = options.adaptive === false ? splitGovernor(Infinity) : splitGovernor();
  const helperCount = Math.max(0, threads - 1);
  const control = new SharedArrayBuffer(Math.max(1, helperCount) * SLOT_INTS * 4);
  const helpers: Helper[] = [];
  let started = false;
  let helperBlocks = 0;
  // Started on the first product large enough to split: a run of small regimes never pays for them.
  const start = (): void => {
    started = true;
    for (let slot = 0; slot < helperCount; slot++) {
      const ctl = new Int32Array(control, slot * SLOT_INTS * 4, SLOT_INTS);
      const f64 = new Float64Array(control, (slot * SLOT_INTS + F64) * 4, 2);
      try {
        const worker = new Worker(new URL('./kernel-helper.mjs', import.meta.url), {
          workerData: { memory, module, control, slot, layout: LAYOUT, spinMs: helperSpinMs },
          // No TypeScript loader (the helper is plain JavaScript) and no inherited --import hooks.
          execArgv: [],
        });
        const helper: Helper = { worker, ctl, f64, failed: false };
        const fail = (): void => {
          helper.failed = true;
          Atomics.store(ctl, STATE, FAILED);
        };
        worker.on('error', fail);
        worker.on('exit', fail);
        worker.unref();
        helpers.push(helper);
      } catch {
        // No worker threads here (a restricted runtime): the caller computes every block.
      }
    }
  };
  const ready = (h: Helper): boolean => !h.failed && Atomics.load(h.ctl, STATE) === READY;
  if (options.eager === true && helperCount > 0) start();

  /**
   * Waits for the helper's task `seq`; true when the caller must now run it itself: taken back,
   * or, for a task that may run twice (`rerunnable`: a product only writes C), trapped. A task
   * that updates vectors in place and trapped may be half done: an error, never a result.
   */
  const runHere = (helper: Helper, seq: number, rerunnable: boolean): boolean => {
    const outcome = awaitTask(helper.ctl, seq, deadlineMs);
    if (outcome === 'done') {
      helperBlocks++;
      return false;
    }
    // Whatever went wrong, this helper gets nothing more.
    helper.failed = true;
    if (outcome === 'taken-back') takenBack++;
    else if (!rerunnable) throw new Error('nc-check: a kernel thread failed in the middle of a vector pass');
    return true;
  };

  /** How many blocks an m×n×k product is worth (1: run it on the caller as it is). */
  const blocksFor = (m: number, n: number, k: number): number =>
    helperCount === 0 ? 1 : Math.min(threads, Math.floor((m * n * k) / minBlockWork), Math.floor(n / COLUMN_ALIGN));

  /** Runs `block(j0, j1)` over the column blocks of a product worth `parts` blocks: the first on the caller. */
  const split = (op: number, n: number, parts: number, argsFor: (j0: number, j1: number) => number[], block: (j0: number, j1: number) => void): void => {
    if (!started) start();
    const available = governor.allowed() ? helpers.filter(ready) : [];
    const starts = columnBlocks(n, Math.min(parts, available.length + 1));
    if (starts.length < 2) {
      block(0, n);
      return;
    }
    const handed: { helper: Helper; seq: number; j0: number; j1: number }[] = [];
    for (let b = 1; b < starts.length; b++) {
      const helper = available[b - 1];
      const j0 = starts[b];
      const j1 = b + 1 < starts.length ? starts[b + 1] : n;
      const args = argsFor(j0, j1);
      for (let i = 0; i < args.length; i++) helper.ctl[ARGS + i] = args[i];
      helper.ctl[OP] = op;
      const seq = hand(helper);
      handed.push({ helper, seq, j0, j1 });
    }
    const t0 = performance.now();
    block(0, starts[1]);
    const t1 = performance.now();
    // A block run here uses the same kernel, so the same bits.
    for (const { helper, seq, j0, j1 } of handed) if (runHere(helper, seq, true)) block(j0, j1);
    governor.record(t1 - t0, performance.now() - t1, starts.length);
  };

  let views: MemoryViews | undefined;
  /** This thread's share of a pass: chunks [c0, c1) (the task's own range is restored after). */
  const passHere = (task: Int32Array, a: number, b: number, c0: number, c1: number): void => {
    views = memoryViews(memory, views);
    const [from, to] = [task[TASK.C0], task[TASK.C1]];
    task[TASK.C0] = c0;
    task[TASK.C1] = c1;
    runPassChunks(kernels, views, task, a, b);
    task[TASK.C0] = from;
    task[TASK.C1] = to;
  };
  // Per helper: the task it was handed in the current pass (0: none). Preallocated: a pass
  // runs every few microseconds, so it allocates nothing.
  const handedSeq = new Int32Array(helperCount);
  const pass: KernelThreads['pass'] = (task, a, b, elements) => {
    const c0 = task[TASK.C0];
    const c1 = task[TASK.C1];
    const parts = helperCount === 0 ? 1 : Math.min(threads, Math.floor(elements / MIN_PASS_ELEMENTS), c1 - c0);
    if (parts < 2 || !governor.allowed()) {
      passHere(task, a, b, c0, c1);
      return;
    }
    if (!started) start();
    let count = 1;
    for (const h of helpers) if (count < parts && ready(h)) count++;
    // Contiguous, nearly equal chunk ranges, in helper order; the caller takes the first.
    let p = 1;
    for (let h = 0; h < helpers.length; h++) {
      const helper = helpers[h];
      handedSeq[h] = 0;
      if (p >= count || !ready(helper)) continue;
      for (let i = 0; i < TASK.TASK_INTS; i++) helper.ctl[ARGS + i] = task[i];
      helper.ctl[ARGS + TASK.C0] = chunkCut(c0, c1, p, count);
      helper.ctl[ARGS + TASK.C1] = chunkCut(c0, c1, p + 1, count);
      helper.f64[0] = a;
      helper.f64[1] = b;
      helper.ctl[OP] = OPS.pass;
      handedSeq[h] = hand(helper);
      p++;
    }
    const t0 = performance.now();
    passHere(task, a, b, c0, chunkCut(c0, c1, 1, count));
    const t1 = performance.now();
    // Chunks run here use the same calls, so the same bits.
    for (let h = 0; h < helpers.length; h++) {
      const helper = helpers[h];
      if (handedSeq[h] !== 0 && runHere(helper, handedSeq[h], false)) passHere(task, a, b, helper.ctl[ARGS + TASK.C0], helper.ctl[ARGS + TASK.C1]);
    }
    if (count > 1) governor.record(t1 - t0, performance.now() - t1, count);
  };

  /** gemm_xn or gemm_xn_nt (the same arguments): column j of B and of C starts j entries in. */
  const onRowMajor =
    (name: 'gemm_xn' | 'gemm_xn_nt'): ProductKernels['gemm_xn'] =>
    (a, rsa, csa, b, ldb, c, ldc, m, n, k) => {
      const parts = blocksFor(m, n, k);
      if (parts < 2) kernels[name](a, rsa, csa, b, ldb, c, ldc, m, n, k);
      else
        split(
          OPS[name],
          n,
          parts,
          (j0, j1) => [a, rsa, csa, b + j0 * 8, ldb, c + j0 * 8, ldc, m, j1 - j0, k],
          (j0, j1) => kernels[name](a, rsa, csa, b + j0 * 8, ldb, c + j0 * 8, ldc, m, j1 - j0, k),
        );
    };

  return {
    threads,
    pass,
    gemm_nt(a, b, c, m, n, k, ldc) {
      const parts = blocksFor(m, n, k);
      if (parts < 2) kernels.gemm_nt(a, b, c, m, n, k, ldc);
      else
        split(
          OPS.gemm_nt,
          n,
          parts,
          (j0, j1) => [a, b + j0 * k * 8, c + j0 * 8, m, j1 - j0, k, ldc],
          (j0, j1) => kernels.gemm_nt(a, b + j0 * k * 8, c + j0 * 8, m, j1 - j0, k, ldc),
        );
    },
    gemm_xn: onRowMajor('gemm_xn'),
    gemm_xn_nt: onRowMajor('gemm_xn_nt'),
    stats: () => ({ readyHelpers: helpers.filter(ready).length, helperBlocks, takenBack, backOffs: governor.backOffs() }),
    async close() {
      for (const h of helpers) {
        h.ctl[OP] = OPS.stop;
        Atomics.add(h.ctl, SEQ, 1);
        Atomics.notify(h.ctl, SEQ);
      }
      await Promise.all(helpers.map((h) => h.worker.terminate()));
      helpers.length = 0;
    },
  };
}

/** Consecutive splits that did not pay before splitting stops, and for how many splits it stops. */
export const SPLIT_MISSES_TO_BACK_OFF = 8;
export const SPLIT_BACK_OFF = 512;

/**
 * Whether splitting pays, judged from the splits just made. The split's bits do not depend on
 * it, so this may follow the machine: on a loaded machine a helper that spins or sleeps while
 * another process holds its core answers late, and waiting for it costs more than running its
 * block here (a training ran 4× slower with another process busy on the second core). A split
 * over `count` threads pays when the caller, after its own block (ownMs), waits less than
 * (count − 1)·ownMs for the helpers; after SPLIT_MISSES_TO_BACK_OFF splits in a row that did not,
 * the next SPLIT_BACK_OFF splits run on the caller alone, then it tries again.
 */
export function splitGovernor(missesToBackOff = SPLIT_MISSES_TO_BACK_OFF, backOff = SPLIT_BACK_OFF) {
  let misses = 0;
  let skip = 0;
  let backOffs = 0;
  return {
    /** Whether the next split may hand blocks to the helpers. */
    allowed(): boolean {
      if (skip === 0) return true;
      skip--;
      return false;
    },
    /** Records a split: the caller's own block and its wait for the helpers after it, in ms. */
    record(ownMs: number, waitMs: number, count: number): void {
      if (waitMs < (count - 1) * ownMs) misses = 0;
      else if (++misses >= missesToBackOff) {
        misses = 0;
        skip = backOff;
        backOffs++;
      }
    },
    backOffs: (): number => backOffs,
  };
}

/** Chunk p's start when chunks [c0, c1) are cut into `count` contiguous, nearly equal ranges. */
const chunkCut = (c0: number, c1: number, p: number, count: number): number => c0 + Math.round(((c1 - c0) * p) / count);

/**
 * Publishes the task written in the helper's slot; returns its number. The helper says when it
 * sleeps (SLEEPING), so a helper that is still polling is not woken through the futex.
 */
function hand(helper: Helper): number {
  const seq = Atomics.add(helper.ctl, SEQ, 1) + 1;
  if (Atomics.load(helper.ctl, SLEEPING) === 1) Atomics.notify(helper.ctl, SEQ);
  return seq;
}

/**
 * How task `seq` ended: 'done' (the helper ran it); 'taken-back' (the helper had not taken it up
 * by the deadline, or had failed before it: the caller now owns it and must run it); 'failed' (the
 * helper took it up and its kernel trapped, so part of it may have run). `ctl` is the helper's
 * slot of the control block (exported for the tests, which drive it without a thread).
 */
export function awaitTask(ctl: Int32Array, seq: number, deadlineMs: number): 'done' | 'taken-back' | 'failed' {
  const start = performance.now();
  const spinUntil = start + Math.min(SPIN_MS, deadlineMs);
  while (Atomics.load(ctl, DONE) !== seq && performance.now() < spinUntil);
  let deadline = start + deadlineMs;
  let claimed = false;
  for (let done = Atomics.load(ctl, DONE); done !== seq; done = Atomics.load(ctl, DONE)) {
    const now = performance.now();
    if (!claimed && (now >= deadline || Atomics.load(ctl, STATE) === FAILED)) {
      if (Atomics.compareExchange(ctl, CLAIM, seq - 1, seq) === seq - 1) return 'taken-back';
      // The helper has taken it up: it reports DONE when it ends, even after a trap.
      claimed = true;
      deadline = now + CLAIMED_DEADLINE_MS;
    } else if (claimed && now >= deadline) {
      throw new Error(`nc-check: a kernel thread took up a task and went silent for ${CLAIMED_DEADLINE_MS / 1000} s`);
    }
    Atomics.wait(ctl, DONE, done, Math.max(0, Math.min(deadline - now, 50)));
  }
  return Atomics.load(ctl, STATE) === FAILED ? 'failed' : 'done';
}
