// The WebAssembly SIMD kernels (kernels.wat) and the memory they work in: one
// shared WebAssembly.Memory per thread, from which the flat training path
// allocates its vectors and workspaces (views stay valid when it grows, since
// it is shared). A small first-fit allocator with coalescing hands out
// 16-byte-aligned Float64Array views; free() returns them.
//
// Kernel paths (NC_CHECK_KERNELS selects one; the default is 'wasm-simd'):
//   wasm-simd  kernels.wasm, WebAssembly SIMD (f64x2): the fused MSE objective's products
//              round as gemm_nt on transposed operands (on gemm_xn_nt without the copies up
//              to ufm-mse-fused.ts's XN_NT_MAX_WORK). The default, because its sums are
//              bit-identical to earlier releases (same seed, same margins).
//   wasm-xn    the same binary, the products W H and Wᵀ R on gemm_xn straight on the
//              row-major blocks (no transposes): faster, and different in the last bits
//              (the sums run in another order).
//   wasm-par   the same binary on the wasm-xn route, with the L-BFGS vector passes cut into
//              fixed chunks whose sums add in chunk order (space-wasm-chunked.ts), so a pass
//              and a product can split across kernel threads even at medium sizes; the
//              helpers stay awake between passes (PAR_HELPER_SPIN_MS). The bits do not depend
//              on the thread count; they differ from wasm-xn's in the last bits (other sums).
//   wasm-fma   kernels-fma.wasm on the wasm-xn route: every multiply-add accumulation as
//              relaxed-SIMD f64x2.relaxed_madd (one FMA instruction where the CPU has it).
//              Node 20's V8 (11.3) validates relaxed SIMD only behind
//              --experimental-wasm-relaxed-simd, which this module sets with
//              v8.setFlagsFromString when this path is asked for (a process-wide flag, so
//              worker threads see it too); an engine that still refuses falls back to wasm-xn.
//   js         the plain-JavaScript kernels (also the test oracle); NC_CHECK_NO_WASM=1 is
//              the older spelling. Engines without WebAssembly SIMD fall back here too.
// Every thread of a run reads the same environment, so every worker runs the same path
// and a seed's results do not depend on the worker count. Paths differ by rounding only.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { UsageError } from '../../errors.ts';
import { kernelThreadCount, kernelThreads, type KernelThreadOptions, type KernelThreads, type KernelThreadStats } from './kernel-threads.ts';

export interface WasmKernels {
  /** Σ x[i] y[i] over the views' common length (or n). */
  dot(x: Float64Array, y: Float64Array, n?: number): number;
  /** q += alpha·y; returns Σ s[i]·q[i]. */
  axpyDot(q: Float64Array, y: Float64Array, s: Float64Array, alpha: number): number;
  /** out = a·x + b·y; returns Σ w[i]·out[i]. out may alias x or y. */
  axpbyDot(out: Float64Array, a: number, x: Float64Array, b: number, y: Float64Array, w: Float64Array): number;
  /** out = a·x + b·y (the values of axpbyDot; out may alias x); returns Σ y·y with the bits of dot(y, y). */
  axpbySq(out: Float64Array, a: number, x: Float64Array, b: number, y: Float64Array): number;
  /** s = xn − x, y = gn − g; returns [Σ s·y, Σ s·s, Σ y·y]. */
  pair(s: Float64Array, y: Float64Array, xn: Float64Array, x: Float64Array, gn: Float64Array, g: Float64Array): [number, number, number];
  /** gemm.ts's gemmNT on views (offsets in elements). */
  gemmNT(A: Float64Array, B: Float64Array, C: Float64Array, m: number, n: number, k: number, aOff?: number, bOff?: number, ldc?: number, cOff?: number): void;
  /**
   * C[cOff + i·ldc + j] = Σ_p A[aOff + i·rsa + p·csa] · B[bOff + p·ldb + j] (i < m, j < n, p < k):
   * A B with (rsa, csa) = (k, 1), Aᵀ B with (1, m), neither operand transposed in memory.
   */
  gemmXN(A: Float64Array, rsa: number, csa: number, B: Float64Array, ldb: number, C: Float64Array, ldc: number, m: number, n: number, k: number, aOff?: number, bOff?: number, cOff?: number): void;
  /**
   * gemmXN's product rounded exactly as gemmNT rounds it on transposed copies of the operands: the
   * default path's sums without the copies (kernels.wasm; in kernels-fma.wasm its multiply-adds
   * are fused like every other kernel's, and the wasm-fma path does not call it).
   */
  gemmXNinNTOrder(A: Float64Array, rsa: number, csa: number, B: Float64Array, ldb: number, C: Float64Array, ldc: number, m: number, n: number, k: number, aOff?: number, bOff?: number, cOff?: number): void;
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
  /** Which path: the binary (kernels-fma.wasm for wasm-fma) and, for the fused objective, the product route. */
  readonly path: WasmKernelPath;
  /** The raw exports on byte pointers (view.byteOffset + 8·offset): no view objects per call, for hot loops (one thread). */
  readonly raw: WasmExports;
  /** Runs a chunked vector pass (pass-chunks.mjs), split over the kernel threads where it is large. */
  readonly pass: KernelThreads['pass'];
  /** Threads a large product in `kernels` may use, this one included (kernel-threads.ts). */
  readonly kernelThreads: number;
  /** Kernel threads ready now and the column blocks they have computed. */
  kernelThreadStats(): KernelThreadStats;
  /** Stops the kernel threads (the heap stays usable, on this thread alone). */
  close(): Promise<void>;
}

export interface WasmExports {
  dot(x: number, y: number, n: number): number;
  axpy_dot(q: number, y: number, s: number, alpha: number, n: number): number;
  axpby_dot(out: number, a: number, x: number, b: number, y: number, w: number, n: number): number;
  axpby_sq(out: number, a: number, x: number, b: number, y: number, n: number): number;
  pair(s: number, y: number, xn: number, x: number, gn: number, g: number, n: number, acc: number): void;
  gemm_nt(a: number, b: number, c: number, m: number, n: number, k: number, ldc: number): void;
  gemm_xn(a: number, rsa: number, csa: number, b: number, ldb: number, c: number, ldc: number, m: number, n: number, k: number): void;
  gemm_xn_nt(a: number, rsa: number, csa: number, b: number, ldb: number, c: number, ldc: number, m: number, n: number, k: number): void;
}

export type WasmKernelPath = 'wasm-par' | 'wasm-fma' | 'wasm-xn' | 'wasm-simd';
export type KernelPath = WasmKernelPath | 'js';
export const KERNEL_PATHS: readonly KernelPath[] = ['wasm-par', 'wasm-fma', 'wasm-xn', 'wasm-simd', 'js'];
/** The path a run takes when NC_CHECK_KERNELS is not set (bench/run.ts measures every path). */
export const DEFAULT_KERNEL_PATH: KernelPath = 'wasm-simd';

/** The few WebAssembly JS-API members used here (the Node typings declare the namespace for types only). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { readonly buffer: ArrayBufferLike; grow(pages: number): number };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * wasm-par's kernel threads: products split from this many multiply-adds per block (the
 * default paths wait for MIN_BLOCK_WORK, since their helpers sleep between products; here the
 * split starts with the passes' at the benchmark's shapes: medium-20x128's products split,
 * medium-20x64's and medium-32x64's do not), and a helper stays awake this long after each
 * task, through the optimizer's scalar work between passes.
 */
export const PAR_MIN_BLOCK_WORK = 5e5;
export const PAR_HELPER_SPIN_MS = 2;

const PAGE = 65536;
const MAX_PAGES = 65536;

function validates(bytes: Uint8Array): boolean {
  try {
    return WA.validate(bytes);
  } catch {
    return false;
  }
}

/** The binary of a path, or undefined where this engine cannot run it. */
function kernelBytes(path: WasmKernelPath): Uint8Array | undefined {
  const bytes = new Uint8Array(readFileSync(new URL(path === 'wasm-fma' ? './kernels-fma.wasm' : './kernels.wasm', import.meta.url)));
  if (validates(bytes)) return bytes;
  if (path !== 'wasm-fma') return undefined;
  // Relaxed SIMD ships unflagged from V8 11.4 on; 11.3 (Node 20) has it behind a flag that only
  // gates validation, so turning it on before compiling is enough.
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return validates(bytes) ? bytes : undefined;
}

/**
 * A fresh heap running one kernel path (undefined where the engine cannot); wasmHeap() is the
 * shared one. Its products split across `threads` threads where they are large enough
 * (kernel-threads.ts: the same bits for any count).
 */
export function createWasmHeap(path: WasmKernelPath, threads = 1, threadOptions: KernelThreadOptions = {}): WasmHeap | undefined {
  const bytes = kernelBytes(path);
  if (bytes === undefined) return undefined;
  const memory = new WA.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
  const module = new WA.Module(bytes);
  const exports = new WA.Instance(module, { env: { memory } }).exports as unknown as WasmExports;
  const pathOptions = path === 'wasm-par' ? { minBlockWork: PAR_MIN_BLOCK_WORK, helperSpinMs: PAR_HELPER_SPIN_MS, eager: true } : {};
  const threadPool = kernelThreads(exports, memory, module, threads, { ...pathOptions, ...threadOptions });
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
    axpbySq: (out, a, x, b, y) => exports.axpby_sq(ptr(out), a, ptr(x), b, ptr(y), out.length),
    pair(s, y, xn, x, gn, g) {
      scratch.fill(0);
      exports.pair(ptr(s), ptr(y), ptr(xn), ptr(x), ptr(gn), ptr(g), s.length, ptr(scratch));
      return [scratch[0], scratch[1], scratch[2]];
    },
    gemmNT: (A, B, C, m, n, k, aOff = 0, bOff = 0, ldc = n, cOff = 0) => threadPool.gemm_nt(ptr(A, aOff), ptr(B, bOff), ptr(C, cOff), m, n, k, ldc),
    gemmXN: (A, rsa, csa, B, ldb, C, ldc, m, n, k, aOff = 0, bOff = 0, cOff = 0) =>
      threadPool.gemm_xn(ptr(A, aOff), rsa, csa, ptr(B, bOff), ldb, ptr(C, cOff), ldc, m, n, k),
    gemmXNinNTOrder: (A, rsa, csa, B, ldb, C, ldc, m, n, k, aOff = 0, bOff = 0, cOff = 0) =>
      threadPool.gemm_xn_nt(ptr(A, aOff), rsa, csa, ptr(B, bOff), ldb, ptr(C, cOff), ldc, m, n, k),
  };
  return {
    alloc,
    free: release,
    inUse: () => used,
    owns: (v) => buffers.has(v.buffer),
    kernels,
    path,
    raw: exports,
    pass: threadPool.pass,
    kernelThreads: threadPool.threads,
    kernelThreadStats: () => threadPool.stats(),
    close: () => threadPool.close(),
  };
}

/** The path NC_CHECK_KERNELS (or NC_CHECK_NO_WASM) asks for; a clear error for an unknown name. */
export function requestedKernelPath(env: NodeJS.ProcessEnv = process.env): KernelPath {
  if (env.NC_CHECK_NO_WASM !== undefined && env.NC_CHECK_NO_WASM !== '') return 'js';
  const asked = env.NC_CHECK_KERNELS;
  if (asked === undefined || asked === '') return DEFAULT_KERNEL_PATH;
  if (!(KERNEL_PATHS as readonly string[]).includes(asked)) {
    throw new UsageError(`NC_CHECK_KERNELS=${asked}: expected one of ${KERNEL_PATHS.join(', ')}`);
  }
  return asked as KernelPath;
}

const heaps = new Map<WasmKernelPath, WasmHeap | undefined>();

/**
 * This thread's heap on the requested path, or undefined on the JavaScript path. A wasm path
 * the engine cannot run falls back: wasm-fma → wasm-xn; without WebAssembly SIMD → js.
 */
export function wasmHeap(env: NodeJS.ProcessEnv = process.env): WasmHeap | undefined {
  const asked = requestedKernelPath(env);
  if (asked === 'js') return undefined;
  for (const path of asked === 'wasm-fma' ? (['wasm-fma', 'wasm-xn'] as const) : [asked]) {
    if (!heaps.has(path)) heaps.set(path, createWasmHeap(path, kernelThreadCount(env)));
    const heap = heaps.get(path);
    if (heap !== undefined) return heap;
  }
  return undefined;
}

/** The kernel path this thread's flat training runs on (what the benchmark reports). */
export function kernelPath(env: NodeJS.ProcessEnv = process.env): KernelPath {
  return wasmHeap(env)?.path ?? 'js';
}
