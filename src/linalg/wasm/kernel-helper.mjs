// A kernel thread (kernel-threads.ts): instantiates the kernels on the heap's shared
// memory and runs the column blocks of products, and the chunk ranges of vector
// passes (pass-chunks.mjs), it is handed, until told to stop.
// Plain JavaScript on purpose: it needs no TypeScript loader, so it starts in
// milliseconds, and it imports nothing from the sources.
//
// The control block's layout comes with workerData (LAYOUT in kernel-threads.ts).
import { workerData } from 'node:worker_threads';
import { memoryViews, runPassChunks, TASK } from './pass-chunks.mjs';

const { memory, module, control, slot, layout, spinMs } = workerData;
const { SEQ, DONE, STATE, OP, ARGS, F64, SLEEPING, CLAIM, SLOT_INTS, READY, FAILED, OPS } = layout;
const ctl = new Int32Array(control, slot * SLOT_INTS * 4, SLOT_INTS);
const floats = new Float64Array(control, (slot * SLOT_INTS + F64) * 4, 2);
const task = ctl.subarray(ARGS, ARGS + TASK.TASK_INTS);
let views;
// Read before READY is published: the caller hands a task only to a ready helper, so no task
// can slip in between and be taken for the one already seen.
let seen = Atomics.load(ctl, SEQ);
let kernels;
let exports;
try {
  ({ exports } = new WebAssembly.Instance(module, { env: { memory } }));
  kernels = [];
  for (const [name, op] of Object.entries(OPS)) if (name !== 'stop' && name !== 'pass') kernels[op] = exports[name];
  Atomics.store(ctl, STATE, READY);
} catch {
  Atomics.store(ctl, STATE, FAILED);
}

while (kernels !== undefined) {
  if (Atomics.load(ctl, SEQ) === seen) {
    const until = performance.now() + spinMs;
    while (Atomics.load(ctl, SEQ) === seen && performance.now() < until);
  }
  // Say so before sleeping, then look once more: a task published in between is seen here,
  // or its caller sees SLEEPING and notifies (both sides store, then load, sequentially consistent).
  Atomics.store(ctl, SLEEPING, 1);
  while (Atomics.load(ctl, SEQ) === seen) Atomics.wait(ctl, SEQ, seen);
  Atomics.store(ctl, SLEEPING, 0);
  seen = Atomics.load(ctl, SEQ);
  const op = ctl[OP];
  if (op === OPS.stop) break;
  // Take the task up, unless the caller has taken it back (it waited past its deadline).
  const mine = Atomics.compareExchange(ctl, CLAIM, seen - 1, seen) === seen - 1;
  if (mine) {
    try {
      const a = ctl;
      if (op === OPS.pass) {
        views = memoryViews(memory, views);
        runPassChunks(exports, views, task, floats[0], floats[1]);
      } else if (op === OPS.gemm_nt) kernels[op](a[ARGS], a[ARGS + 1], a[ARGS + 2], a[ARGS + 3], a[ARGS + 4], a[ARGS + 5], a[ARGS + 6]);
      else kernels[op](a[ARGS], a[ARGS + 1], a[ARGS + 2], a[ARGS + 3], a[ARGS + 4], a[ARGS + 5], a[ARGS + 6], a[ARGS + 7], a[ARGS + 8], a[ARGS + 9]);
    } catch {
      Atomics.store(ctl, STATE, FAILED);
    }
  }
  Atomics.store(ctl, DONE, seen);
  Atomics.notify(ctl, DONE);
  if (Atomics.load(ctl, STATE) === FAILED) break;
}


