// The flat float64 space on the WebAssembly SIMD kernels (src/linalg/wasm):
// same operations and the same fused L-BFGS passes as flatSpace in space.ts
// (its JavaScript twin and test oracle), vectors allocated in the wasm heap.
// ~5× faster per pass than the JavaScript loops on this machine. Its vector
// pool, two-loop recursion and the FlatSpace built from them are shared with
// wasm-par's chunked space (space-wasm-chunked.ts), which differs only in how a
// pass runs and sums.
import type { WasmHeap } from '../linalg/wasm/heap.ts';
import { flatOffsets, type CorrectionPair, type FlatSpace, type LbfgsKernels } from './space.ts';

export function wasmFlatSpace(heap: WasmHeap, blockSizes: readonly number[], metric: readonly number[]): FlatSpace {
  const offsets = flatOffsets(blockSizes);
  const size = offsets[offsets.length - 1];
  const vectors = heapVectorPool(heap, size);
  const { take } = vectors;
  const raw = heap.raw;
  const nb = metric.length;
  // Byte offset and length of each block (raw exports take byte pointers: no subarray per call).
  const bOff = Array.from({ length: nb }, (_, b) => offsets[b] * 8);
  const bLen = Array.from({ length: nb }, (_, b) => offsets[b + 1] - offsets[b]);
  const metricDot = (x: Float64Array, y: Float64Array): number => {
    let total = 0;
    for (let b = 0; b < nb; b++) total += metric[b] * raw.dot(x.byteOffset + bOff[b], y.byteOffset + bOff[b], bLen[b]);
    return total;
  };
  /** out = s·P x block by block; returns Σ w·out. */
  const scaleMetricInto = (out: Float64Array, x: Float64Array, s: number, w: Float64Array): number => {
    let total = 0;
    for (let b = 0; b < nb; b++) {
      const xp = x.byteOffset + bOff[b];
      total += raw.axpby_dot(out.byteOffset + bOff[b], s * metric[b], xp, 0, xp, w.byteOffset + bOff[b], bLen[b]);
    }
    return total;
  };
  const passes: TwoLoopPasses = {
    axpbyDot: (out, a, x, b, y, w) => raw.axpby_dot(out.byteOffset, a, x.byteOffset, b, y.byteOffset, w.byteOffset, size),
    axpyDot: (q, y, s, alpha) => raw.axpy_dot(q.byteOffset, y.byteOffset, s.byteOffset, alpha, size),
    scaleMetricDot: scaleMetricInto,
  };
  const scratch = heap.alloc(4);
  let disposed = false;
  return wasmSpaceFrom(vectors, passes, {
    dot: (x, y) => raw.dot(x.byteOffset, y.byteOffset, size),
    metricDot,
    pair(xNew, x, gNew, g) {
      const s = take();
      const y = take();
      let sy = 0;
      let ss = 0;
      let yy = 0;
      let yPy = 0;
      for (let b = 0; b < nb; b++) {
        const o = bOff[b];
        scratch[0] = scratch[1] = scratch[2] = 0;
        raw.pair(s.byteOffset + o, y.byteOffset + o, xNew.byteOffset + o, x.byteOffset + o, gNew.byteOffset + o, g.byteOffset + o, bLen[b], scratch.byteOffset);
        sy += scratch[0];
        ss += scratch[1];
        yy += scratch[2];
        yPy += metric[b] * scratch[2];
      }
      return { s, y, sy, ss, yy, yPy };
    },
    dispose() {
      if (!disposed) heap.free(scratch);
      disposed = true;
    },
  });
}

/** What a wasm flat space computes its own way; the rest comes from its passes (wasmSpaceFrom). */
export interface WasmSpaceSums {
  dot(x: Float64Array, y: Float64Array): number;
  metricDot(x: Float64Array, y: Float64Array): number;
  pair: LbfgsKernels<Float64Array>['pair'];
  /** Frees what the space allocated besides its vectors. */
  dispose(): void;
}

/** The FlatSpace of a wasm space: its vector pool, its two-loop passes and its own sums. */
export function wasmSpaceFrom(vectors: HeapVectorPool, passes: TwoLoopPasses, own: WasmSpaceSums): FlatSpace {
  const { take } = vectors;
  return {
    take,
    dot: own.dot,
    metricDot: own.metricDot,
    metricNorm: (x) => Math.sqrt(own.metricDot(x, x)),
    axpy(alpha, x, y) {
      const out = take();
      passes.axpbyDot(out, alpha, x, 1, y, x);
      return out;
    },
    scaleMetric(x, s) {
      const out = take();
      passes.scaleMetricDot(out, x, s, x);
      return out;
    },
    allFinite: vectors.allFinite,
    release: vectors.release,
    dispose() {
      own.dispose();
      vectors.dispose();
    },
    fused: {
      direction: (g, pairs, gamma) => fusedDirection(passes, take(), g, pairs, gamma),
      pair: own.pair,
    },
  };
}

export interface HeapVectorPool {
  take(): Float64Array;
  release(x: Float64Array): void;
  allFinite(x: Float64Array): boolean;
  /** Frees every vector ever taken (the space must not be used afterwards). */
  dispose(): void;
}

/** Vectors of one length in the wasm heap, pooled: what both wasm flat spaces allocate from. */
export function heapVectorPool(heap: WasmHeap, size: number): HeapVectorPool {
  const pool: Float64Array[] = [];
  const all: Float64Array[] = [];
  return {
    take(): Float64Array {
      const v = pool.pop();
      if (v !== undefined) return v;
      const fresh = heap.alloc(size);
      all.push(fresh);
      return fresh;
    },
    release: (x: Float64Array): void => void pool.push(x),
    allFinite(x: Float64Array): boolean {
      for (let i = 0; i < size; i++) if (!Number.isFinite(x[i])) return false;
      return true;
    },
    dispose(): void {
      for (const v of all) heap.free(v);
      all.length = 0;
      pool.length = 0;
    },
  };
}

/** The fused passes of the two-loop recursion; each returns the dot product it is fused with. */
export interface TwoLoopPasses {
  /** out = a·x + b·y; returns Σ w·out (out may alias x or y). */
  axpbyDot(out: Float64Array, a: number, x: Float64Array, b: number, y: Float64Array, w: Float64Array): number;
  /** q += alpha·y; returns Σ s·q. */
  axpyDot(q: Float64Array, y: Float64Array, s: Float64Array, alpha: number): number;
  /** out = s·P x, block by block; returns Σ w·out. */
  scaleMetricDot(out: Float64Array, x: Float64Array, s: number, w: Float64Array): number;
}

/**
 * −H g into q by the two-loop recursion with H0 = γ P, each axpy fused with the next loop step's
 * dot: 2m + 1 passes over the vectors (flatSpace's fused direction in space.ts is the oracle).
 * The last pass's dot, which has no next step, is the slope gᵀq: axpy_dot sums it in the dot
 * kernel's order (the same lanes, the same tail, and s·q = g·q term by term), so it has the bits
 * of `dot(g, q)` without the pass that would read both vectors again.
 */
export function fusedDirection(
  passes: TwoLoopPasses,
  q: Float64Array,
  g: Float64Array,
  pairs: readonly CorrectionPair<Float64Array>[],
  gamma: number,
): { direction: Float64Array; slope?: number } {
  const m = pairs.length;
  const alphas = new Float64Array(m);
  // q = g, fused with α_{m−1}'s dot.
  let acc = passes.axpbyDot(q, 1, g, 0, g, m > 0 ? pairs[m - 1].s : g);
  for (let i = m - 1; i >= 0; i--) {
    alphas[i] = pairs[i].rho * acc;
    // q −= α_i y_i, fused with α_{i−1}'s dot (the last pass's dot is unused).
    acc = passes.axpyDot(q, pairs[i].y, i > 0 ? pairs[i - 1].s : q, -alphas[i]);
  }
  // r = −γ P q in place, fused with β_0's dot.
  acc = passes.scaleMetricDot(q, q, -gamma, m > 0 ? pairs[0].y : q);
  for (let i = 0; i < m; i++) {
    const c = -pairs[i].rho * acc - alphas[i];
    // The last pass's partner is g: its dot is the slope.
    acc = passes.axpyDot(q, pairs[i].s, i + 1 < m ? pairs[i + 1].y : g, c);
  }
  return m > 0 ? { direction: q, slope: acc } : { direction: q };
}
