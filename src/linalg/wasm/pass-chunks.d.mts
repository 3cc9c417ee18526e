// Types for pass-chunks.mjs (plain JavaScript, shared with the kernel threads). The kernels'
// type lives in kernel-threads.ts, so the package's published declarations never need this file.
import type { PassKernels } from './kernel-threads.ts';

export interface MemoryViews {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
}
export declare const PASS_OPS: { readonly dot: 0; readonly axpy_dot: 1; readonly axpby_dot: 2; readonly pair: 3 };
export declare const CHUNK_INTS: 3;
export declare const TASK: { readonly OP: 0; readonly X: 1; readonly TABLE: 7; readonly RESULTS: 8; readonly METRIC: 9; readonly C0: 10; readonly C1: 11; readonly TASK_INTS: 12 };
export declare function runPassChunks(k: PassKernels, views: MemoryViews, task: ArrayLike<number>, a: number, b: number): void;
export declare function memoryViews(memory: { readonly buffer: ArrayBufferLike }, views?: MemoryViews): MemoryViews;
