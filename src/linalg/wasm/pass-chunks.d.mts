// Types for pass-chunks.mjs (plain JavaScript, shared with the kernel threads).
export interface PassKernels {
  dot(x: number, y: number, n: number): number;
  axpy_dot(q: number, y: number, s: number, alpha: number, n: number): number;
  axpby_dot(out: number, a: number, x: number, b: number, y: number, w: number, n: number): number;
  pair(s: number, y: number, xn: number, x: number, gn: number, g: number, n: number, acc: number): void;
}
export interface MemoryViews {
  readonly i32: Int32Array;
  readonly f64: Float64Array;
}
export declare const PASS_OPS: { readonly dot: 0; readonly axpy_dot: 1; readonly axpby_dot: 2; readonly pair: 3 };
export declare const CHUNK_INTS: 3;
export declare const TASK: { readonly OP: 0; readonly X: 1; readonly TABLE: 7; readonly RESULTS: 8; readonly METRIC: 9; readonly C0: 10; readonly C1: 11; readonly TASK_INTS: 12 };
export declare function runPassChunks(k: PassKernels, views: MemoryViews, task: ArrayLike<number>, a: number, b: number): void;
export declare function memoryViews(memory: { readonly buffer: ArrayBufferLike }, views?: MemoryViews): MemoryViews;
