// Kernel threads: the heap's large products split by columns of C across helper
// threads (product-helper.mjs) that run the same kernels on the same shared
// memory. Each output entry is summed by one thread, in the order the one-thread
// kernel sums it: the blocks start at multiples of four columns, so every entry
// falls in the same kind of kernel block (4×2, 4×4 or the dot-product tail) as
// without the split, and the bits of C do not depend on the thread count.
//
// The calling thread computes the first block and waits for the others (spinning
// briefly, then Atomics.wait). A helper that is not ready yet, or has failed, is
// skipped: the caller computes its block, so no call waits on a thread that
// cannot answer. Helpers are unref'd, so they never keep a process alive.
import { availableParallelism } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { UsageError } from '../../errors.ts';

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
/** The default thread count's ceiling (more threads split medium products too finely). */
export const MAX_DEFAULT_KERNEL_THREADS = 4;
/** How long the caller waits for a helper's block before computing it itself (a safety net only). */
const HELPER_DEADLINE_MS = 10_000;
/** How long the caller, and a helper after its block, poll before sleeping (products come in bursts). */
const SPIN_MS = 0.2;

/**
 * The control block: one slot of SLOT_INTS Int32 per helper (product-helper.mjs receives this
 * layout with its workerData, so both sides read the same one).
 *   [SEQ]   the caller's task counter (incremented per task; the helper waits on it)
 *   [DONE]  the last task the helper finished (the caller waits on it)
 *   [STATE] 0 starting, READY, FAILED
 *   [OP]    which kernel (OPS), or stop
 *   [ARGS…] the kernel's i32 arguments, in its parameter order
 */
const LAYOUT = { SEQ: 0, DONE: 1, STATE: 2, OP: 3, ARGS: 4, SLOT_INTS: 16, READY: 1, FAILED: 2, SPIN_MS, OPS: { gemm_nt: 0, gemm_xn: 1, gemm_xn_nt: 2, stop: 3 } } as const;
const { SEQ, DONE, STATE, OP, ARGS, SLOT_INTS, READY, FAILED, OPS } = LAYOUT;

export interface ProductKernels {
  gemm_nt(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number): void;
  gemm_xn(a: number, rsa: number, csa: number, b: number, ldb: number, c: number, ldc: number, m: number, n: number, k: number): void;
  gemm_xn_nt(a: number, rsa: number, csa: number, b: number, ldb: number, c: number, ldc: number, m: number, n: number, k: number): void;
}

export interface KernelThreads extends ProductKernels {
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
  failed: boolean;
}

/**
 * The products of `kernels` (one instance's exports on `memory`), split across `threads`
 * threads where a product is large enough. threads = 1 returns the kernels unchanged in effect.
 */
export function kernelThreads(kernels: ProductKernels, memory: object, module: object, threads: number): KernelThreads {
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
      try {
        const worker = new Worker(new URL('./product-helper.mjs', import.meta.url), {
          workerData: { memory, module, control, slot, layout: LAYOUT },
          // No TypeScript loader (the helper is plain JavaScript) and no inherited --import hooks.
          execArgv: [],
        });
        const helper: Helper = { worker, ctl, failed: false };
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

  /** How many blocks an m×n×k product is worth (1: run it on the caller as it is). */
  const blocksFor = (m: number, n: number, k: number): number =>
    helperCount === 0 ? 1 : Math.min(threads, Math.floor((m * n * k) / MIN_BLOCK_WORK), Math.floor(n / COLUMN_ALIGN));

  /** Runs `block(j0, j1)` over the column blocks of a product worth `parts` blocks: the first on the caller. */
  const split = (op: number, n: number, parts: number, argsFor: (j0: number, j1: number) => number[], block: (j0: number, j1: number) => void): void => {
    if (!started) start();
    const available = helpers.filter(ready);
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
      const seq = Atomics.add(helper.ctl, SEQ, 1) + 1;
      Atomics.notify(helper.ctl, SEQ);
      handed.push({ helper, seq, j0, j1 });
    }
    block(0, starts[1]);
    for (const { helper, seq, j0, j1 } of handed) {
      if (awaitDone(helper, seq)) helperBlocks++;
      else {
        // Failed or silent past the deadline: compute its block here (the same kernel, so the
        // same bits) and hand it nothing more.
        helper.failed = true;
        block(j0, j1);
      }
    }
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
    stats: () => ({ readyHelpers: helpers.filter(ready).length, helperBlocks }),
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

/** Whether the helper finished task `seq` (false: it failed, or stayed silent past the deadline). */
function awaitDone(helper: Helper, seq: number): boolean {
  const { ctl } = helper;
  const spinUntil = performance.now() + SPIN_MS;
  while (Atomics.load(ctl, DONE) !== seq && performance.now() < spinUntil);
  const deadline = performance.now() + HELPER_DEADLINE_MS;
  for (let done = Atomics.load(ctl, DONE); done !== seq; done = Atomics.load(ctl, DONE)) {
    if (Atomics.load(ctl, STATE) === FAILED) return false;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(ctl, DONE, done, Math.min(left, 50));
  }
  return Atomics.load(ctl, STATE) !== FAILED;
}
