// One vector pass of the L-BFGS loop run chunk by chunk (the wasm-par kernel path):
// shared by the calling thread (space-wasm-chunked.ts) and the kernel threads
// (kernel-helper.mjs), so every thread computes a chunk with the same calls and
// the same bits. Plain JavaScript for the same reason as the helper: no loader.
//
// A pass's vectors are cut into fixed chunks (a table in the heap: element offset,
// length and metric block per chunk). Each chunk's dot (or, for `pair`, its three
// sums) lands in its own slot of a results array; the caller adds the slots in
// chunk order. So a pass's result depends on the chunk table alone, never on how
// many threads shared the chunks.

/** The passes (the kernels of kernels.wat they call, chunk by chunk). */
export const PASS_OPS = Object.freeze({ dot: 0, axpy_dot: 1, axpby_dot: 2, pair: 3 });
/** Int32 entries per chunk in a chunk table: element offset, length, metric block. */
export const CHUNK_INTS = 3;
/**
 * A pass's integer arguments, in this order (TASK_INTS of them): the pass, six vector
 * pointers (bytes; unused ones 0), the chunk table, the results array and the metric table
 * (bytes; 0: no metric), and the chunks to run, [c0, c1).
 */
export const TASK = Object.freeze({ OP: 0, X: 1, TABLE: 7, RESULTS: 8, METRIC: 9, C0: 10, C1: 11, TASK_INTS: 12 });

/**
 * Runs chunks [c0, c1) of the pass `task` (TASK's layout) with the float arguments a, b, on
 * the kernels `k` over the memory that `views.i32` and `views.f64` see.
 *   dot        results[c] = Σ x0·x1
 *   axpy_dot   x0 += a·x1; results[c] = Σ x2·x0
 *   axpby_dot  x0 = a'·x1 + b·x2 (a' = a·metric[block] with a metric table, else a); results[c] = Σ x3·x0
 *   pair       x0 = x2 − x3, x1 = x4 − x5; results[3c..3c+2] = Σ x0·x1, Σ x0·x0, Σ x1·x1
 */
export function runPassChunks(k, views, task, a, b) {
  const { i32, f64 } = views;
  const op = task[TASK.OP];
  const x = TASK.X;
  const table = task[TASK.TABLE] >> 2;
  const results = task[TASK.RESULTS];
  const metric = task[TASK.METRIC];
  for (let c = task[TASK.C0]; c < task[TASK.C1]; c++) {
    const off = i32[table + c * CHUNK_INTS] * 8;
    const n = i32[table + c * CHUNK_INTS + 1];
    if (op === PASS_OPS.axpy_dot) f64[(results >> 3) + c] = k.axpy_dot(task[x] + off, task[x + 1] + off, task[x + 2] + off, a, n);
    else if (op === PASS_OPS.axpby_dot) {
      const scale = metric === 0 ? a : a * f64[(metric >> 3) + i32[table + c * CHUNK_INTS + 2]];
      f64[(results >> 3) + c] = k.axpby_dot(task[x] + off, scale, task[x + 1] + off, b, task[x + 2] + off, task[x + 3] + off, n);
    } else if (op === PASS_OPS.dot) f64[(results >> 3) + c] = k.dot(task[x] + off, task[x + 1] + off, n);
    else {
      const acc = results + 24 * c;
      f64[acc >> 3] = f64[(acc >> 3) + 1] = f64[(acc >> 3) + 2] = 0;
      k.pair(task[x] + off, task[x + 1] + off, task[x + 2] + off, task[x + 3] + off, task[x + 4] + off, task[x + 5] + off, n, acc);
    }
  }
}

/** Int32 and Float64 views of the whole memory, renewed when it has grown. */
export function memoryViews(memory, views) {
  if (views !== undefined && views.f64.buffer.byteLength === memory.buffer.byteLength) return views;
  return { i32: new Int32Array(memory.buffer), f64: new Float64Array(memory.buffer) };
}
