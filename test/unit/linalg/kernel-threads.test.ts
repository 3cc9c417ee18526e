import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmHeap, type WasmHeap, type WasmKernelPath } from '../../../src/linalg/wasm/heap.ts';
import { awaitTask, COLUMN_ALIGN, columnBlocks, kernelThreadCount, LAYOUT, MIN_BLOCK_WORK, splitGovernor } from '../../../src/linalg/wasm/kernel-threads.ts';
import { mseFusedObjective, XN_NT_MAX_WORK } from '../../../src/models/ufm-mse-fused.ts';

const opened: WasmHeap[] = [];
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close()));
});

/** A heap whose products may use `threads` threads, its helpers started and ready. */
async function threadedHeap(path: WasmKernelPath, threads: number): Promise<WasmHeap> {
  // Not adaptive: every large product splits, however late a helper on a busy test machine answers.
  const h = createWasmHeap(path, threads, { adaptive: false })!;
  opened.push(h);
  // The first product large enough to split starts the helpers; wait until they answer.
  const n = 4 * threads * COLUMN_ALIGN;
  const k = Math.ceil((threads * MIN_BLOCK_WORK) / n);
  const [A, B, C] = [h.alloc(k), h.alloc(n * k), h.alloc(n)];
  h.kernels.gemmNT(A, B, C, 1, n, k);
  for (let waited = 0; h.kernelThreadStats().readyHelpers < threads - 1; waited += 10) {
    if (waited > 20_000) throw new Error('kernel threads did not start within 20 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  [A, B, C].forEach((v) => h.free(v));
  return h;
}

const fill = (h: WasmHeap, len: number, seed: number): Float64Array => {
  const v = h.alloc(len);
  // Eight decades of magnitudes, so a change in the order of any sum shows in the bits.
  for (let i = 0; i < len; i++) v[i] = Math.sin(seed + 0.37 * i) * 10 ** ((i * 7) % 9 - 4);
  return v;
};
const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('kernel threads (products split by columns over the shared heap)', () => {
  it('column blocks start at multiples of four, cover every column once, and number at most the parts asked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 9 }), (n, parts) => {
        const starts = columnBlocks(n, parts);
        expect(starts[0]).toBe(0);
        expect(starts.length).toBeLessThanOrEqual(parts);
        for (let b = 1; b < starts.length; b++) {
          expect(starts[b] % COLUMN_ALIGN).toBe(0);
          expect(starts[b]).toBeGreaterThan(starts[b - 1]);
        }
        expect(starts[starts.length - 1]).toBeLessThan(n);
      }),
    );
    expect(columnBlocks(403, 2)).toEqual([0, 204]);
    expect(columnBlocks(8, 3)).toEqual([0, 4]);
  });

  it('threads per product: NC_CHECK_KERNEL_THREADS, else the cores (at most 4) on the main thread, 1 in workers and under a test runner', () => {
    expect(kernelThreadCount({ NC_CHECK_KERNEL_THREADS: '3' }, false, 2)).toBe(3);
    expect(kernelThreadCount({}, true, 2)).toBe(2);
    expect(kernelThreadCount({}, true, 16)).toBe(4);
    expect(kernelThreadCount({}, false, 16)).toBe(1);
    expect(kernelThreadCount({ VITEST: 'true' }, true, 16)).toBe(1);
    for (const bad of ['0', '1.5', 'two', '-2']) {
      expect(() => kernelThreadCount({ NC_CHECK_KERNEL_THREADS: bad })).toThrow(
        new RegExp(`NC_CHECK_KERNEL_THREADS=${bad}: expected a whole number of threads ≥ 1`),
      );
    }
  });

  it('split products are bit-identical to one thread for every kernel, both binaries, every tail and 2–4 threads', async () => {
    // m, n, k over every residue mod 4 (the kernels' block edges), each product ≥ 4 blocks' worth.
    const shapes: [number, number, number][] = [
      [7, 403, 1501],
      [4, 1001, 1002],
      [13, 258, 1299],
      [1, 4096, 1003],
    ];
    for (const path of ['wasm-simd', 'wasm-fma'] as const) {
      const one = createWasmHeap(path, 1)!;
      for (const threads of [2, 3, 4]) {
        const many = await threadedHeap(path, threads);
        const before = many.kernelThreadStats().helperBlocks;
        for (const [m, n, k] of shapes) {
          const run = (h: WasmHeap): Float64Array[] => {
            const A = fill(h, m * k, m);
            const Bnt = fill(h, n * k, n);
            const Bxn = fill(h, k * n, k);
            const At = fill(h, k * m, m + 1);
            // gemm_xn_nt only on the default binary (the wasm-fma path never calls it).
            const outs = Array.from({ length: path === 'wasm-simd' ? 4 : 3 }, () => h.alloc(m * n));
            h.kernels.gemmNT(A, Bnt, outs[0], m, n, k);
            h.kernels.gemmXN(A, k, 1, Bxn, n, outs[1], n, m, n, k);
            h.kernels.gemmXN(At, 1, m, Bxn, n, outs[2], n, m, n, k);
            if (path === 'wasm-simd') h.kernels.gemmXNinNTOrder(At, 1, m, Bxn, n, outs[3], n, m, n, k);
            const copies = outs.map((o) => Float64Array.from(o));
            [A, Bnt, Bxn, At, ...outs].forEach((v) => h.free(v));
            return copies;
          };
          const expected = run(one);
          const got = run(many);
          got.forEach((g, i) => expect(sameBits(g, expected[i]), `${path}, ${threads} threads, ${m}×${n}×${k}, product ${i}`).toBe(true));
        }
        // The helpers did compute blocks (a split that silently ran on one thread would pass above).
        expect(many.kernelThreadStats().helperBlocks - before).toBeGreaterThanOrEqual(shapes.length * 3 * (threads - 1));
      }
    }
  });

  it('the fused MSE objective gives the same loss and gradient bits on 1 and 2 threads, on both product routes of every path', async () => {
    for (const path of ['wasm-simd', 'wasm-xn', 'wasm-fma'] as const) {
      const one = createWasmHeap(path, 1)!;
      const two = await threadedHeap(path, 2);
      // Below and above XN_NT_MAX_WORK (the default path transposes above it).
      for (const [K, n, d] of [[10, 300, 80], [12, 400, 100]]) {
        expect(K * n * K * d > XN_NT_MAX_WORK).toBe(K === 12);
        const config = { K, d, classSizes: Array<number>(K).fill(n), lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0.1 };
        const evaluate = (h: WasmHeap): [number, Float64Array] => {
          const f = mseFusedObjective(config, h);
          const x = fill(h, f.size, K);
          const g = h.alloc(f.size);
          const loss = f.evaluate(x, g);
          const gradient = Float64Array.from(g);
          f.dispose?.();
          [x, g].forEach((v) => h.free(v));
          return [loss, gradient];
        };
        const before = two.kernelThreadStats().helperBlocks;
        const [loss1, g1] = evaluate(one);
        const [loss2, g2] = evaluate(two);
        expect(Object.is(loss1, loss2)).toBe(true);
        expect(sameBits(g1, g2)).toBe(true);
        expect(two.kernelThreadStats().helperBlocks).toBeGreaterThan(before);
      }
    }
  });

  it('after close() the products run on the calling thread alone, with the same bits', async () => {
    const h = await threadedHeap('wasm-simd', 2);
    const one = createWasmHeap('wasm-simd', 1)!;
    await h.close();
    const product = (heap: WasmHeap): Float64Array => {
      const [A, B, C] = [fill(heap, 9 * 2000, 1), fill(heap, 300 * 2000, 2), heap.alloc(9 * 300)];
      heap.kernels.gemmNT(A, B, C, 9, 300, 2000);
      const out = Float64Array.from(C);
      [A, B, C].forEach((v) => heap.free(v));
      return out;
    };
    const blocks = h.kernelThreadStats().helperBlocks;
    expect(sameBits(product(h), product(one))).toBe(true);
    expect(h.kernelThreadStats()).toEqual({ readyHelpers: 0, helperBlocks: blocks, takenBack: 0, backOffs: 0 });
  });

  it('a task is run once: the caller takes back one no helper took up by the deadline, and waits for one a helper took up', () => {
    const { CLAIM, DONE, STATE, FAILED, SLOT_INTS } = LAYOUT;
    const slot = (): Int32Array => new Int32Array(new SharedArrayBuffer(SLOT_INTS * 4));
    // Nobody took task 1 up: the caller claims it.
    const untaken = slot();
    expect(awaitTask(untaken, 1, 0)).toBe('taken-back');
    expect(untaken[CLAIM]).toBe(1);
    // The helper took it up and finished: done, whatever the deadline.
    const finished = slot();
    [finished[CLAIM], finished[DONE]] = [1, 1];
    expect(awaitTask(finished, 1, 0)).toBe('done');
    // It took it up and its kernel trapped: reported as failed, never taken back to run again.
    const trapped = slot();
    [trapped[CLAIM], trapped[DONE], trapped[STATE]] = [1, 1, FAILED];
    expect(awaitTask(trapped, 1, 0)).toBe('failed');
    // The thread is gone before taking task 3 up: taken back at once (waiting out the 60 s
    // deadline would overrun the test's time limit).
    const gone = slot();
    [gone[CLAIM], gone[DONE], gone[STATE]] = [2, 2, FAILED];
    expect(awaitTask(gone, 3, 60_000)).toBe('taken-back');
    expect(gone[CLAIM]).toBe(3);
  });

  it('splitting stops for a while after splits in a row that did not pay, and starts again', () => {
    const g = splitGovernor(3, 5);
    // Two threads: a split pays when the caller waits less than its own block took.
    g.record(1, 0.5, 2);
    g.record(1, 2, 2);
    g.record(1, 2, 2);
    g.record(1, 0.9, 2); // pays: the run of misses starts over
    expect(g.backOffs()).toBe(0);
    for (let i = 0; i < 3; i++) g.record(1, 1, 2);
    expect(g.backOffs()).toBe(1);
    expect(Array.from({ length: 6 }, () => g.allowed())).toEqual([false, false, false, false, false, true]);
    // Three threads: waiting up to twice the own block still pays.
    g.record(1, 1.9, 3);
    g.record(1, 1.9, 3);
    g.record(1, 1.9, 3);
    expect(g.backOffs()).toBe(1);
    expect(splitGovernor(Infinity).allowed()).toBe(true);
  });
});

