// The synchronous bridge to a backend living in another thread (WebGPU, whose
// reads are asynchronous in Node). Tensor-producing kernels are posted and not
// waited for (the main thread already knows every output shape); reads block
// the main thread on an Atomics answer counter until the backend thread has the value,
// which is then taken with receiveMessageOnPort — so the Backend interface stays
// synchronous and the whole engine (L-BFGS, verify, train) runs unchanged.
import type { MatmulOptions } from '../backend.ts';
import type { BatchItem, BatchOptions, BatchResult, BatchShape } from '../../train/batched.ts';

export type TensorOp =
  | { readonly k: 'upload'; readonly out: number; readonly rows: number; readonly cols: number; readonly data: Float32Array }
  | { readonly k: 'zeros'; readonly out: number; readonly rows: number; readonly cols: number }
  | { readonly k: 'matmul'; readonly out: number; readonly a: number; readonly b: number; readonly o: MatmulOptions }
  | { readonly k: 'add' | 'sub' | 'mul' | 'addColumn' | 'reluBackward'; readonly out: number; readonly a: number; readonly b: number }
  | { readonly k: 'scale'; readonly out: number; readonly a: number; readonly s: number }
  | { readonly k: 'axpy'; readonly out: number; readonly a: number; readonly b: number; readonly s: number }
  | { readonly k: 'rowSums' | 'relu' | 'logSumExpColumns' | 'softmaxColumns'; readonly out: number; readonly a: number }
  | { readonly k: 'dispose'; readonly ids: readonly number[] };

export type ReadOp =
  | { readonly k: 'download' | 'sumSquares' | 'allFinite'; readonly a: number }
  | { readonly k: 'dot'; readonly a: number; readonly b: number }
  | { readonly k: 'batch'; readonly shape: BatchShape; readonly items: readonly BatchItem[]; readonly options: BatchOptions };

export type Request = TensorOp | (ReadOp & { readonly read: true });

export type Reply = { readonly value: number | Float32Array | BatchResult[] } | { readonly error: string };

export type SetupReply = { readonly ready: true; readonly description: string; readonly software: boolean } | { readonly unavailable: string } | { readonly error: string };

/** Index of the answer counter in the shared Int32Array (incremented after each answer is posted). */
export const FLAG = 0;
