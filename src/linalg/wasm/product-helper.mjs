// A kernel thread (product-threads.ts): instantiates the kernels on the heap's shared
// memory and runs the column blocks of products it is handed, until told to stop.
// Plain JavaScript on purpose: it needs no TypeScript loader, so it starts in
// milliseconds, and it imports nothing from the sources.
//
// Its slot of the control block (Int32Array, SLOT_INTS ints from slot · SLOT_INTS):
//   [SEQ]   the caller's task counter (incremented per task; the helper waits on it)
//   [DONE]  the last task the helper finished (the caller waits on it)
//   [STATE] 0 starting, 1 ready, 2 failed
//   [OP]    0 gemm_nt, 1 gemm_xn, 2 gemm_xn_nt, 3 stop
//   [ARGS…] the kernel's i32 arguments, in its parameter order
import { workerData } from 'node:worker_threads';

const SEQ = 0;
const DONE = 1;
const STATE = 2;
const OP = 3;
const ARGS = 4;
const SLOT_INTS = 16;
/** How long a helper keeps polling after a task before it sleeps (products come in bursts). */
const SPIN_MS = Number(process.env.NC_SPIN ?? 0.2);

const { memory, module, control, slot } = workerData;
const ctl = new Int32Array(control, slot * SLOT_INTS * 4, SLOT_INTS);
let kernels;
try {
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  kernels = [exports.gemm_nt, exports.gemm_xn, exports.gemm_xn_nt];
  Atomics.store(ctl, STATE, 1);
} catch {
  Atomics.store(ctl, STATE, 2);
}

let seen = Atomics.load(ctl, SEQ);
while (kernels !== undefined) {
  if (Atomics.load(ctl, SEQ) === seen) {
    const until = performance.now() + SPIN_MS;
    while (Atomics.load(ctl, SEQ) === seen && performance.now() < until);
  }
  while (Atomics.load(ctl, SEQ) === seen) Atomics.wait(ctl, SEQ, seen);
  seen = Atomics.load(ctl, SEQ);
  const op = ctl[OP];
  if (op === 3) break;
  try {
    const a = ctl;
    if (op === 0) kernels[0](a[ARGS], a[ARGS + 1], a[ARGS + 2], a[ARGS + 3], a[ARGS + 4], a[ARGS + 5], a[ARGS + 6]);
    else kernels[op](a[ARGS], a[ARGS + 1], a[ARGS + 2], a[ARGS + 3], a[ARGS + 4], a[ARGS + 5], a[ARGS + 6], a[ARGS + 7], a[ARGS + 8], a[ARGS + 9]);
  } catch {
    Atomics.store(ctl, STATE, 2);
  }
  Atomics.store(ctl, DONE, seen);
  Atomics.notify(ctl, DONE);
  if (Atomics.load(ctl, STATE) === 2) break;
}
