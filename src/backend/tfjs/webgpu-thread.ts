// The thread that owns the Dawn device and tfjs' WebGPU backend. It executes
// posted kernels in order; reads are awaited (the only way on WebGPU in Node)
// and answered through the reply port, then the Atomics answer counter wakes the main
// thread. A failure is remembered and returned by the next read.
import { workerData, type MessagePort } from 'node:worker_threads';
import type * as TF from '@tensorflow/tfjs-core';
import type { Backend } from '../backend.ts';
import { createDawnDevice } from './dawn.ts';
import { tfjsBackend, type Tensor2D } from './kernels.ts';
import { trainBatchedMse } from '../../train/batched.ts';
import { FLAG, type Reply, type Request, type SetupReply, type TensorOp } from './remote-protocol.ts';

const { requests, replies, flag: shared } = workerData as { requests: MessagePort; replies: MessagePort; flag: SharedArrayBuffer };
const flag = new Int32Array(shared);
const answer = (r: Reply | SetupReply): void => {
  replies.postMessage(r);
  Atomics.add(flag, FLAG, 1); // the main thread counts answers
  Atomics.notify(flag, FLAG);
};

async function setup(): Promise<{ tf: typeof TF; kernels: Backend<Tensor2D> } | undefined> {
  const dawn = await createDawnDevice();
  if ('unavailable' in dawn) {
    answer({ unavailable: dawn.unavailable });
    return undefined;
  }
  const tf = await import('@tensorflow/tfjs-core');
  // tfjs-backend-webgpu checks navigator.gpu; Node 20 has no navigator.
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  g.navigator!.gpu = dawn.gpu;
  const webgpu = await import('@tensorflow/tfjs-backend-webgpu');
  tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new webgpu.WebGPUBackend(dawn.device, dawn.adapter.info));
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not initialize its WebGPU backend on the Dawn device');
  answer({ ready: true, description: dawn.description, software: dawn.software });
  return { tf, kernels: tfjsBackend(tf, { name: 'webgpu', explicitTranspose: false }) };
}

function run(tf: typeof TF, kernels: Backend<Tensor2D>, tensors: Map<number, Tensor2D>, op: TensorOp): void {
  const t = (id: number): Tensor2D => {
    const v = tensors.get(id);
    if (v === undefined) throw new Error(`webgpu: tensor ${id} does not exist (already disposed?)`);
    return v;
  };
  switch (op.k) {
    case 'dispose':
      for (const id of op.ids) {
        tensors.get(id)?.dispose();
        tensors.delete(id);
      }
      return;
    case 'upload':
      tensors.set(op.out, tf.tensor2d(op.data, [op.rows, op.cols], 'float32'));
      return;
    case 'zeros':
      tensors.set(op.out, kernels.zeros(op.rows, op.cols));
      return;
    case 'matmul':
      tensors.set(op.out, kernels.matmul(t(op.a), t(op.b), op.o));
      return;
    case 'scale':
      tensors.set(op.out, kernels.scale(t(op.a), op.s));
      return;
    case 'axpy':
      tensors.set(op.out, kernels.axpy(op.s, t(op.a), t(op.b)));
      return;
    case 'rowSums':
    case 'relu':
    case 'logSumExpColumns':
    case 'softmaxColumns':
      tensors.set(op.out, kernels[op.k](t(op.a)));
      return;
    default:
      tensors.set(op.out, kernels[op.k](t(op.a), t(op.b)));
  }
}

const ready = await setup().catch((e: unknown) => {
  answer({ error: e instanceof Error ? e.message : String(e) });
  return undefined;
});
if (ready !== undefined) {
  const { tf, kernels } = ready;
  const tensors = new Map<number, Tensor2D>();
  let failure: string | undefined;
  // Reads are asynchronous: chain every request so kernels and reads stay in order.
  let queue: Promise<void> = Promise.resolve();
  requests.on('message', (req: Request) => {
    queue = queue.then(async () => {
      if (!('read' in req)) {
        try {
          run(tf, kernels, tensors, req);
        } catch (e) {
          failure ??= e instanceof Error ? e.message : String(e);
        }
        return;
      }
      if (failure !== undefined) {
        answer({ error: failure });
        failure = undefined;
        return;
      }
      try {
        if (req.k === 'batch') {
          answer({ value: await trainBatchedMse(tf, req.shape, req.items, req.options) });
          return;
        }
        const a = tensors.get(req.a);
        if (a === undefined) throw new Error(`webgpu: tensor ${req.a} does not exist`);
        let value: number | Float32Array;
        if (req.k === 'download') value = (await a.data()) as Float32Array;
        else {
          const b = req.k === 'dot' ? tensors.get(req.b) : a;
          if (b === undefined) throw new Error('webgpu: dot operand does not exist');
          const r = tf.tidy(() =>
            req.k === 'sumSquares' ? tf.sum(tf.square(a)) : req.k === 'allFinite' ? tf.cast(tf.all(tf.isFinite(a)), 'float32') : tf.sum(tf.mul(a, b)),
          );
          value = (await r.data())[0];
          r.dispose();
        }
        answer({ value });
      } catch (e) {
        answer({ error: e instanceof Error ? e.message : String(e) });
      }
    });
  });
}
