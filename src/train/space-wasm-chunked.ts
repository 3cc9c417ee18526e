// The flat float64 space of the wasm-par kernel path: wasmFlatSpace's operations
// and fused L-BFGS passes, each pass cut into fixed chunks (at most CHUNK
// elements, never across a parameter block) whose sums add in chunk order. The
// chunks are what the kernel threads share (kernel-threads.ts: `pass`), so
// the bits depend on this chunk table alone, not on the thread count; they
// differ from wasmFlatSpace's in the last bits, because its sums run over whole
// blocks.
import type { WasmHeap } from '../linalg/wasm/heap.ts';
import { CHUNK_INTS, PASS_OPS, TASK } from '../linalg/wasm/pass-chunks.mjs';
import { flatOffsets, type FlatSpace } from './space.ts';
import { heapVectorPool, wasmSpaceFrom, type TwoLoopPasses } from './space-wasm.ts';

/** Elements per chunk: small enough to share a medium vector evenly, large enough that a kernel call's cost vanishes. */
export const CHUNK = 2048;

/** [offset, length, block] per chunk: each block cut into CHUNK-element pieces, the last shorter. */
export function chunkTable(blockSizes: readonly number[]): number[][] {
  const offsets = flatOffsets(blockSizes);
  const chunks: number[][] = [];
  blockSizes.forEach((len, b) => {
    for (let i = 0; i < len; i += CHUNK) chunks.push([offsets[b] + i, Math.min(CHUNK, len - i), b]);
  });
  return chunks;
}

export function chunkedWasmFlatSpace(heap: WasmHeap, blockSizes: readonly number[], metric: readonly number[]): FlatSpace {
  const offsets = flatOffsets(blockSizes);
  const size = offsets[offsets.length - 1];
  const chunks = chunkTable(blockSizes);
  const nc = chunks.length;
  const vectors = heapVectorPool(heap, size);
  const { take } = vectors;
  // The chunk table, the per-chunk results and the metric, in the heap where the helpers read them.
  const tableStore = heap.alloc(Math.ceil((nc * CHUNK_INTS) / 2));
  new Int32Array(tableStore.buffer, tableStore.byteOffset, nc * CHUNK_INTS).set(chunks.flat());
  const results = heap.alloc(3 * nc);
  const metricStore = heap.alloc(metric.length);
  metricStore.set(metric);
  const blockOf = chunks.map((c) => c[2]);
  const task = new Int32Array(TASK.TASK_INTS);
  task[TASK.TABLE] = tableStore.byteOffset;
  task[TASK.RESULTS] = results.byteOffset;
  task[TASK.C0] = 0;
  task[TASK.C1] = nc;

  /** Runs one pass over every chunk: vectors x0… (unused ones left out), floats a, b, the metric or not. */
  const run = (op: number, a: number, b: number, withMetric: boolean, x0: Float64Array, x1: Float64Array, x2?: Float64Array, x3?: Float64Array, x4?: Float64Array, x5?: Float64Array): void => {
    task[TASK.OP] = op;
    task[TASK.X] = x0.byteOffset;
    task[TASK.X + 1] = x1.byteOffset;
    task[TASK.X + 2] = x2?.byteOffset ?? 0;
    task[TASK.X + 3] = x3?.byteOffset ?? 0;
    task[TASK.X + 4] = x4?.byteOffset ?? 0;
    task[TASK.X + 5] = x5?.byteOffset ?? 0;
    task[TASK.METRIC] = withMetric ? metricStore.byteOffset : 0;
    heap.pass(task, a, b, size);
  };
  /** Σ of the chunks' results (stride 3 and offset `at` for pair's sums), in chunk order. */
  const total = (stride = 1, at = 0): number => {
    let s = 0;
    for (let c = 0; c < nc; c++) s += results[c * stride + at];
    return s;
  };
  /** Σ over blocks of metric[b] · (Σ of block b's chunks, in order). */
  const metricTotal = (stride = 1, at = 0): number => {
    let s = 0;
    for (let c = 0; c < nc; ) {
      const b = blockOf[c];
      let part = 0;
      for (; c < nc && blockOf[c] === b; c++) part += results[c * stride + at];
      s += metric[b] * part;
    }
    return s;
  };
  const metricDot = (x: Float64Array, y: Float64Array): number => {
    run(PASS_OPS.dot, 0, 0, false, x, y);
    return metricTotal();
  };
  // The two-loop recursion's passes, as in wasmFlatSpace, each over the chunks.
  const passes: TwoLoopPasses = {
    axpbyDot(out, a, x, b, y, w) {
      run(PASS_OPS.axpby_dot, a, b, false, out, x, y, w);
      return total();
    },
    axpyDot(q, y, s, alpha) {
      run(PASS_OPS.axpy_dot, alpha, 0, false, q, y, s);
      return total();
    },
    scaleMetricDot(out, x, s, w) {
      run(PASS_OPS.axpby_dot, s, 0, true, out, x, x, w);
      return total();
    },
  };
  let disposed = false;
  return wasmSpaceFrom(vectors, passes, {
    dot(x, y) {
      run(PASS_OPS.dot, 0, 0, false, x, y);
      return total();
    },
    metricDot,
    pair(xNew, x, gNew, g) {
      const s = take();
      const y = take();
      run(PASS_OPS.pair, 0, 0, false, s, y, xNew, x, gNew, g);
      return { s, y, sy: total(3, 0), ss: total(3, 1), yy: total(3, 2), yPy: metricTotal(3, 2) };
    },
    dispose() {
      if (!disposed) [tableStore, results, metricStore].forEach((v) => heap.free(v));
      disposed = true;
    },
  });
}
