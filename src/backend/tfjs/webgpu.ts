// `--backend webgpu`: tfjs' WebGPU backend on a Dawn device, run in its own
// thread behind the synchronous bridge of remote-protocol.ts. float32.
import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { BackendUnavailableError } from '../../errors.ts';
import { mat } from '../../linalg/matrix.ts';
import type { Backend, MatmulOptions } from '../backend.ts';
import { columnShape, matmulShape, sameShape, type Shape } from '../shape-checks.ts';
import { setDawnEnvironment } from './dawn.ts';
import { FLOAT32_EPSILON, type BatchedTrainer } from './kernels.ts';
import type { BatchResult } from '../../train/batched.ts';
import { FLAG, type ReadOp, type Reply, type SetupReply, type TensorOp } from './remote-protocol.ts';

/** A tensor that lives in the WebGPU thread; its shape is known here. */
export interface RemoteTensor {
  readonly id: number;
  readonly rows: number;
  readonly cols: number;
}

export interface WebgpuBackend extends Backend<RemoteTensor>, BatchedTrainer {
  /** The adapter, e.g. "opengl: llvmpipe …". */
  readonly device: string;
  /** True on a CPU rasterizer (llvmpipe): correct but slow. */
  readonly software: boolean;
  close(): Promise<void>;
}

const TSX_WORKER = new URL('../../parallel/tsx-worker.mjs', import.meta.url);
const ENTRY = new URL('./webgpu-thread.ts', import.meta.url).href;
/** Longest wait for one answer (shader compilation on llvmpipe included). */
const READ_TIMEOUT_MS = 300_000;

/** Waits until the backend thread has posted its `expected`-th answer, then takes that answer off the port. */
function blockingReceive<R>(counter: Int32Array, expected: number, port: MessagePort, what: string): R {
  for (let seen = Atomics.load(counter, FLAG); seen < expected; seen = Atomics.load(counter, FLAG)) {
    if (Atomics.wait(counter, FLAG, seen, READ_TIMEOUT_MS) === 'timed-out') throw new Error(`webgpu: no answer to ${what} within ${READ_TIMEOUT_MS / 1000} s`);
  }
  const received = receiveMessageOnPort(port);
  if (received === undefined) throw new Error(`webgpu: signalled but no answer to ${what}`);
  return received.message as R;
}

export async function loadWebgpuBackend(): Promise<WebgpuBackend> {
  setDawnEnvironment();
  const requests = new MessageChannel();
  const replies = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(TSX_WORKER, {
    workerData: { entry: ENTRY, requests: requests.port2, replies: replies.port1, flag: flag.buffer },
    transferList: [requests.port2, replies.port1],
  });
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`webgpu thread exited with code ${code}`)));
  });
  failed.catch(() => undefined);
  // Set-up answers asynchronously (module loading, adapter discovery).
  const setup = await Promise.race([
    new Promise<SetupReply>((resolve) => replies.port2.once('message', resolve)),
    failed,
  ]);
  // Answers are counted (the thread increments the shared counter after posting each): set-up was the first.
  let answers = 1;
  if (!('ready' in setup)) {
    await worker.terminate();
    if ('unavailable' in setup) throw new BackendUnavailableError(`--backend webgpu: ${setup.unavailable}`);
    throw new Error(`webgpu set-up failed: ${setup.error}`);
  }
  worker.unref();
  requests.port1.unref();
  replies.port2.unref();

  let nextId = 1;
  const scopes: Set<RemoteTensor>[] = [];
  const post = (op: TensorOp): void => requests.port1.postMessage(op, op.k === 'upload' ? [op.data.buffer as ArrayBuffer] : []);
  const create = (rows: number, cols: number, op: (out: number) => TensorOp): RemoteTensor => {
    const t = { id: nextId++, rows, cols };
    post(op(t.id));
    scopes[scopes.length - 1]?.add(t);
    return t;
  };
  const read = (op: ReadOp): number | Float32Array | BatchResult[] => {
    answers++;
    requests.port1.postMessage({ ...op, read: true });
    const reply = blockingReceive<Reply>(flag, answers, replies.port2, op.k);
    if ('error' in reply) throw new Error(`webgpu: ${reply.error}`);
    return reply.value;
  };
  const shape = (t: RemoteTensor): Shape => [t.rows, t.cols];
  const binary = (k: 'add' | 'sub' | 'mul' | 'reluBackward', a: RemoteTensor, b: RemoteTensor): RemoteTensor => {
    sameShape('webgpu', k, shape(a), shape(b));
    return create(a.rows, a.cols, (out) => ({ k, out, a: a.id, b: b.id }));
  };
  const dispose = (t: RemoteTensor): void => {
    for (const s of scopes) s.delete(t);
    post({ k: 'dispose', ids: [t.id] });
  };

  return {
    name: 'webgpu',
    dtype: 'float32',
    epsilon: FLOAT32_EPSILON,
    device: setup.description,
    software: setup.software,
    upload: (m) => create(m.rows, m.cols, (out) => ({ k: 'upload', out, rows: m.rows, cols: m.cols, data: Float32Array.from(m.data) })),
    download: (t) => mat(t.rows, t.cols, read({ k: 'download', a: t.id }) as Float32Array),
    shape,
    zeros: (rows, cols) => create(rows, cols, (out) => ({ k: 'zeros', out, rows, cols })),
    matmul(a, b, o: MatmulOptions = {}) {
      const [rows, cols] = matmulShape('webgpu', shape(a), shape(b), o);
      return create(rows, cols, (out) => ({ k: 'matmul', out, a: a.id, b: b.id, o: { transposeA: o.transposeA === true, transposeB: o.transposeB === true } }));
    },
    add: (a, b) => binary('add', a, b),
    sub: (a, b) => binary('sub', a, b),
    mul: (a, b) => binary('mul', a, b),
    reluBackward: (x, g) => binary('reluBackward', x, g),
    scale: (a, s) => create(a.rows, a.cols, (out) => ({ k: 'scale', out, a: a.id, s })),
    axpy(alpha, x, y) {
      sameShape('webgpu', 'axpy', shape(x), shape(y));
      return create(y.rows, y.cols, (out) => ({ k: 'axpy', out, a: x.id, b: y.id, s: alpha }));
    },
    addColumn(a, v) {
      columnShape('webgpu', shape(a), shape(v));
      return create(a.rows, a.cols, (out) => ({ k: 'addColumn', out, a: a.id, b: v.id }));
    },
    rowSums: (a) => create(a.rows, 1, (out) => ({ k: 'rowSums', out, a: a.id })),
    relu: (a) => create(a.rows, a.cols, (out) => ({ k: 'relu', out, a: a.id })),
    logSumExpColumns: (a) => create(1, a.cols, (out) => ({ k: 'logSumExpColumns', out, a: a.id })),
    softmaxColumns: (a) => create(a.rows, a.cols, (out) => ({ k: 'softmaxColumns', out, a: a.id })),
    sumSquares: (a) => read({ k: 'sumSquares', a: a.id }) as number,
    dot(a, b) {
      sameShape('webgpu', 'dot', shape(a), shape(b));
      return read({ k: 'dot', a: a.id, b: b.id }) as number;
    },
    allFinite: (a) => read({ k: 'allFinite', a: a.id }) === 1,
    dispose,
    tidy<R>(fn: () => R, keep: (r: R) => readonly RemoteTensor[]): R {
      const scope = new Set<RemoteTensor>();
      scopes.push(scope);
      let result: R;
      try {
        result = fn();
      } finally {
        scopes.pop();
      }
      const kept = new Set(keep(result));
      const dead = [...scope].filter((t) => !kept.has(t));
      for (const t of kept) if (scope.has(t)) scopes[scopes.length - 1]?.add(t);
      if (dead.length > 0) post({ k: 'dispose', ids: dead.map((t) => t.id) });
      return result;
    },
    // Runs in the WebGPU thread; this thread waits for it (the batch is one long device program).
    trainBatched: async (shape, items, options) => read({ k: 'batch', shape, items, options }) as BatchResult[],
    async close() {
      await worker.terminate();
    },
  };
}
