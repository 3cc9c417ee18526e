// The WebAssembly SIMD kernels (kernels.wat) and the memory they work in: one
// shared WebAssembly.Memory per thread, from which the flat training path
// allocates its vectors and workspaces (views stay valid when it grows, since
// it is shared). A small first-fit allocator with coalescing hands out
// 16-byte-aligned Float64Array views; free() returns them.
//
// Set NC_CHECK_NO_WASM=1 to use the plain-JavaScript kernels instead (they are
// also the test oracle); engines without WebAssembly SIMD fall back the same way.
import { readFileSync } from 'node:fs';

export interface WasmKernels {
  /** Σ x[i] y[i] over the views' common length (or n). */
  dot(x: Float64Array, y: Float64Array, n?: number): number;
  /** q += alpha·y; returns Σ s[i]·q[i]. */
  axpyDot(q: Float64Array, y: Float64Array, s: Float64Array, alpha: number): number;
  /** out = a·x + b·y; returns Σ w[i]·out[i]. out may alias x or y. */
  axpbyDot(out: Float64Array, a: number, x: Float64Array, b: number, y: Float64Array, w: Float64Array): number;
  /** s = xn − x, y = gn − g; returns [Σ s·y, Σ s·s, Σ y·y]. */
  pair(s: Float64Array, y: Float64Array, xn: Float64Array, x: Float64Array, gn: Float64Array, g: Float64Array): [number, number, number];
  /** gemm.ts's gemmNT on views (offsets in elements). */
  gemmNT(A: Float64Array, B: Float64Array, C: Float64Array, m: number, n: number, k: number, aOff?: number, bOff?: number, ldc?: number, cOff?: number): void;
}

export interface WasmHeap {
  /** A zeroed-or-reused view of n float64 in the shared memory (contents unspecified). */
  alloc(n: number): Float64Array;
  free(view: Float64Array): void;
  /** Bytes currently handed out (for leak tests). */
  inUse(): number;
  /** Whether a view lies in this heap's memory (kernels read only such views). */
  owns(view: Float64Array): boolean;
  readonly kernels: WasmKernels;
  /** The raw exports on byte pointers (view.byteOffset + 8·offset): no view objects per call, for hot loops. */
  readonly raw: WasmExports;
}

export interface WasmExports {
  dot(x: number, y: number, n: number): number;
  axpy_dot(q: number, y: number, s: number, alpha: number, n: number): number;
  axpby_dot(out: number, a: number, x: number, b: number, y: number, w: number, n: number): number;
  pair(s: number, y: number, xn: number, x: number, gn: number, g: number, n: number, acc: number): void;
  gemm_nt(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number): void;
}

/** The few WebAssembly JS-API members used here (the Node typings declare the namespace for types only). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { readonly buffer: ArrayBufferLike; grow(pages: number): number };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;
const MAX_PAGES = 65536;

function simdSupported(bytes: Uint8Array): boolean {
  try {
    return WA.validate(bytes);
  } catch {
    return false;
  }
}

function createHeap(): WasmHeap | undefined {
  const bytes = new Uint8Array(readFileSync(new URL('./kernels.wasm', import.meta.url)));
  if (!simdSupported(bytes)) return undefined;
  const memory = new WA.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
  const exports = new WA.Instance(new WA.Module(bytes), { env: { memory } }).exports as unknown as WasmExports;
  // Free ranges [start, end) in bytes, sorted, coalesced; everything from `top` on is free too.
  const free: { start: number; end: number }[] = [];
  let top = 16; // byte 0..15 never handed out
  let used = 0;
  const sizes = new Map<number, number>();
  const buffers = new WeakSet<ArrayBufferLike>();
  const view = (start: number, n: number): Float64Array => {
    buffers.add(memory.buffer);
    return new Float64Array(memory.buffer, start, n);
  };
  const alloc = (n: number): Float64Array => {
    const bytes = Math.max(16, Math.ceil((n * 8) / 16) * 16);
    for (let i = 0; i < free.length; i++) {
      const r = free[i];
      if (r.end - r.start >= bytes) {
        const start = r.start;
        r.start += bytes;
        if (r.start === r.end) free.splice(i, 1);
        sizes.set(start, bytes);
        used += bytes;
        return view(start, n);
      }
    }
    const start = top;
    const needed = start + bytes - memory.buffer.byteLength;
    if (needed > 0) memory.grow(Math.ceil(needed / PAGE));
    top += bytes;
    sizes.set(start, bytes);
    used += bytes;
    return view(start, n);
  };
  const release = (v: Float64Array): void => {
    const start = v.byteOffset;
    const bytes = sizes.get(start);
    if (bytes === undefined) throw new Error('wasm heap: freeing a view it did not allocate');
    sizes.delete(start);
    used -= bytes;
    let end = start + bytes;
    let begin = start;
    // Insert sorted and merge with neighbours; a range reaching `top` lowers it.
    let i = free.findIndex((r) => r.start > begin);
    if (i === -1) i = free.length;
    if (i > 0 && free[i - 1].end === begin) {
      begin = free[i - 1].start;
      free.splice(i - 1, 1);
      i--;
    }
    if (i < free.length && free[i].start === end) {
      end = free[i].end;
      free.splice(i, 1);
    }
    if (end === top) top = begin;
    else free.splice(i, 0, { start: begin, end });
  };
  const ptr = (v: Float64Array, offset = 0): number => v.byteOffset + offset * 8;
  const scratch = alloc(4);
  const kernels: WasmKernels = {
    dot: (x, y, n = Math.min(x.length, y.length)) => exports.dot(ptr(x), ptr(y), n),
    axpyDot: (q, y, s, alpha) => exports.axpy_dot(ptr(q), ptr(y), ptr(s), alpha, q.length),
    axpbyDot: (out, a, x, b, y, w) => exports.axpby_dot(ptr(out), a, ptr(x), b, ptr(y), ptr(w), out.length),
    pair(s, y, xn, x, gn, g) {
      scratch.fill(0);
      exports.pair(ptr(s), ptr(y), ptr(xn), ptr(x), ptr(gn), ptr(g), s.length, ptr(scratch));
      return [scratch[0], scratch[1], scratch[2]];
    },
    gemmNT: (A, B, C, m, n, k, aOff = 0, bOff = 0, ldc = n, cOff = 0) => exports.gemm_nt(ptr(A, aOff), ptr(B, bOff), ptr(C, cOff), m, n, k, ldc),
  };
  return { alloc, free: release, inUse: () => used, owns: (v) => buffers.has(v.buffer), kernels, raw: exports };
}

let heap: WasmHeap | undefined | null = null;

/** This thread's heap, or undefined where WebAssembly SIMD is unavailable or NC_CHECK_NO_WASM is set. */
export function wasmHeap(env: NodeJS.ProcessEnv = process.env): WasmHeap | undefined {
  if (env.NC_CHECK_NO_WASM !== undefined && env.NC_CHECK_NO_WASM !== '') return undefined;
  if (heap === null) heap = createHeap();
  return heap;
}
