// The vector space the optimizers work in: parameters as one vector V with the
// preconditioned metric <x, y>_P = Σ_b metric_b <x_b, y_b>, and the memory
// discipline of every backend in one place. Operations return a new vector that
// the caller owns and hands back with release() once done:
//
//   blockSpace  V = T[] (one backend tensor per block); release disposes the
//               tensors — the discipline tfjs needs (no leak per iteration).
//   flatSpace   V = Float64Array (the blocks concatenated, see FlatObjective);
//               vectors come from and return to a pool, so a training run
//               allocates a bounded number of arrays and nothing per iteration.
import type { Backend } from '../backend/backend.ts';
import type { FlatObjective, Objective } from './objective.ts';
import { allFinite, axpy, disposeAll, dot, metricNorm, scaleBlocks, weightedDot } from './params.ts';

export interface VectorSpace<V> {
  dot(x: V, y: V): number;
  /** <x, y>_P. */
  metricDot(x: V, y: V): number;
  /** ||x||_P: the norm of the stopping certificate. */
  metricNorm(x: V): number;
  /** alpha · x + y (new vector). */
  axpy(alpha: number, x: V, y: V): V;
  /** s · P x (new vector). */
  scaleMetric(x: V, s: number): V;
  allFinite(x: V): boolean;
  /** Hands a vector back (disposes it, or returns it to a pool). Never touch it afterwards. */
  release(x: V): void;
  /**
   * Optional fused L-BFGS kernels (same arithmetic as the generic composition
   * of the operations above, fewer passes over memory). Spaces without them get
   * the generic path in lbfgs.ts.
   */
  readonly fused?: LbfgsKernels<V>;
}

export interface CorrectionPair<V> {
  readonly s: V;
  readonly y: V;
  readonly rho: number;
}

export interface LbfgsKernels<V> {
  /**
   * −H g by the two-loop recursion with H0 = γ P (a new vector), and its slope gᵀ(−H g) where the
   * recursion's last pass sums it exactly as `dot(g, d)` would, bit for bit (undefined otherwise:
   * lbfgs then takes the dot product itself).
   */
  direction(g: V, pairs: readonly CorrectionPair<V>[], gamma: number): { direction: V; slope?: number };
  /** s = xNew − x, y = gNew − g and their inner products, in one pass. */
  pair(xNew: V, x: V, gNew: V, g: V): { s: V; y: V; sy: number; ss: number; yy: number; yPy: number };
}

/** The objective in a space: value and a new gradient vector owned by the caller. */
export type SpaceObjective<V> = (x: V) => { readonly loss: number; readonly gradient: V };

/** Block parameters on any backend; the metric weights are per block. */
export function blockSpace<T>(backend: Backend<T>, metric: readonly number[]): VectorSpace<T[]> {
  return {
    dot: (x, y) => dot(backend, x, y),
    metricDot: (x, y) => weightedDot(backend, x, y, metric),
    metricNorm: (x) => metricNorm(backend, x, metric),
    axpy: (alpha, x, y) => axpy(backend, alpha, x, y),
    scaleMetric: (x, s) => scaleBlocks(backend, x, metric.map((m) => s * m)),
    allFinite: (x) => allFinite(backend, x),
    release: (x) => disposeAll(backend, x),
  };
}

/** The objective on backend blocks; each evaluation runs in the backend's memory scope where it has one. */
export function blockObjective<T>(backend: Backend<T>, objective: Objective<T>): SpaceObjective<T[]> {
  const tidy = backend.tidy?.bind(backend);
  if (tidy === undefined) return (x) => objective.lossAndGradient(x);
  return (x) => tidy(() => objective.lossAndGradient(x), (r) => r.gradient);
}

/** Block b occupies [offsets[b], offsets[b + 1]) of a flat vector. */
export function flatOffsets(sizes: readonly number[]): number[] {
  const offsets = [0];
  for (const s of sizes) offsets.push(offsets[offsets.length - 1] + s);
  return offsets;
}

export interface FlatSpace extends VectorSpace<Float64Array> {
  /** A vector from the pool (contents unspecified). */
  take(): Float64Array;
  /** Returns the pool's memory (wasm heap); the space must not be used afterwards. */
  dispose(): void;
}

/** Flat float64 vectors of one length; blockSizes and metric give the blocks and their weights. */
export function flatSpace(blockSizes: readonly number[], metric: readonly number[]): FlatSpace {
  const offsets = flatOffsets(blockSizes);
  const size = offsets[offsets.length - 1];
  const pool: Float64Array[] = [];
  const take = (): Float64Array => pool.pop() ?? new Float64Array(size);
  const weighted = (x: Float64Array, y: Float64Array): number => {
    let total = 0;
    for (let b = 0; b < metric.length; b++) {
      let s = 0;
      for (let i = offsets[b]; i < offsets[b + 1]; i++) s += x[i] * y[i];
      total += metric[b] * s;
    }
    return total;
  };
  return {
    take,
    dot(x, y) {
      let s = 0;
      for (let i = 0; i < size; i++) s += x[i] * y[i];
      return s;
    },
    metricDot: weighted,
    metricNorm: (x) => Math.sqrt(weighted(x, x)),
    axpy(alpha, x, y) {
      const out = take();
      for (let i = 0; i < size; i++) out[i] = alpha * x[i] + y[i];
      return out;
    },
    scaleMetric(x, s) {
      const out = take();
      for (let b = 0; b < metric.length; b++) {
        const f = s * metric[b];
        for (let i = offsets[b]; i < offsets[b + 1]; i++) out[i] = f * x[i];
      }
      return out;
    },
    allFinite(x) {
      for (let i = 0; i < size; i++) if (!Number.isFinite(x[i])) return false;
      return true;
    },
    release: (x) => void pool.push(x),
    dispose: () => void (pool.length = 0),
    fused: {
      direction(g, pairs, gamma) {
        const m = pairs.length;
        const q = take();
        const alphas = new Float64Array(m);
        // q = g, fused with α_{m−1} = ρ s_{m−1}ᵀ g.
        let acc = 0;
        const sLast = m > 0 ? pairs[m - 1].s : g;
        for (let j = 0; j < size; j++) {
          const v = g[j];
          q[j] = v;
          acc += sLast[j] * v;
        }
        for (let i = m - 1; i >= 0; i--) {
          const a = pairs[i].rho * acc;
          alphas[i] = a;
          const y = pairs[i].y;
          acc = 0;
          if (i > 0) {
            // q −= α_i y_i, fused with α_{i−1}'s dot.
            const sPrev = pairs[i - 1].s;
            for (let j = 0; j < size; j++) {
              const v = q[j] - a * y[j];
              q[j] = v;
              acc += sPrev[j] * v;
            }
          } else {
            for (let j = 0; j < size; j++) q[j] -= a * y[j];
          }
        }
        // r = −γ P q in place, fused with β_0's dot.
        acc = 0;
        const y0 = m > 0 ? pairs[0].y : g;
        for (let b = 0; b < metric.length; b++) {
          const f = -gamma * metric[b];
          for (let j = offsets[b]; j < offsets[b + 1]; j++) {
            const v = f * q[j];
            q[j] = v;
            acc += y0[j] * v;
          }
        }
        for (let i = 0; i < m; i++) {
          // r += (β_i − α_i) s_i with β_i = −ρ_i y_iᵀ r, fused with the next dot.
          const c = -pairs[i].rho * acc - alphas[i];
          const sv = pairs[i].s;
          acc = 0;
          if (i + 1 < m) {
            const yNext = pairs[i + 1].y;
            for (let j = 0; j < size; j++) {
              const v = q[j] + c * sv[j];
              q[j] = v;
              acc += yNext[j] * v;
            }
          } else {
            for (let j = 0; j < size; j++) q[j] += c * sv[j];
          }
        }
        return { direction: q };
      },
      pair(xNew, x, gNew, g) {
        const s = take();
        const y = take();
        let sy = 0, ss = 0, yy = 0, yPy = 0;
        for (let b = 0; b < metric.length; b++) {
          let yyb = 0;
          for (let j = offsets[b]; j < offsets[b + 1]; j++) {
            const sj = xNew[j] - x[j];
            const yj = gNew[j] - g[j];
            s[j] = sj;
            y[j] = yj;
            sy += sj * yj;
            ss += sj * sj;
            yyb += yj * yj;
          }
          yy += yyb;
          yPy += metric[b] * yyb;
        }
        return { s, y, sy, ss, yy, yPy };
      },
    },
  };
}

/**
 * Flat float64 vectors with exactly the arithmetic of blockSpace on cpu-f64:
 * every inner product sums block by block and then over the blocks (flatSpace
 * sums in one pass, which rounds differently), and the fused L-BFGS kernels
 * perform the generic two-loop recursion's and correction pair's operations
 * (lbfgs.ts) with those block-wise sums — same values, fewer passes. Paired
 * with a FlatObjective whose blockOrder is true, training is bit-identical to
 * the per-kernel path, without its per-block allocations.
 */
export function blockOrderFlatSpace(blockSizes: readonly number[], metric: readonly number[]): FlatSpace {
  const offsets = flatOffsets(blockSizes);
  const blocks = blockSizes.length;
  const base = flatSpace(blockSizes, metric);
  const { take } = base;
  return {
    ...base,
    dot(x, y) {
      let total = 0;
      for (let b = 0; b < blocks; b++) {
        let s = 0;
        for (let i = offsets[b]; i < offsets[b + 1]; i++) s += x[i] * y[i];
        total += s;
      }
      return total;
    },
    fused: {
      direction(g, pairs, gamma) {
        // lbfgs.ts descentDirection: α_i = ρ_i s_iᵀq, q ← (−α_i) y_i + q (i = m−1 … 0); r = (−γ P) q;
        // β_i = (−ρ_i) y_iᵀr, r ← (β_i − α_i) s_i + r (i = 0 … m−1). Each update is fused with the
        // next inner product, summed block by block.
        const m = pairs.length;
        const q = take();
        const alphas = new Float64Array(m);
        q.set(g);
        let acc = 0;
        if (m > 0) {
          const s = pairs[m - 1].s;
          for (let b = 0; b < blocks; b++) {
            let t = 0;
            for (let j = offsets[b], end = offsets[b + 1]; j < end; j++) t += s[j] * q[j];
            acc += t;
          }
        }
        for (let i = m - 1; i >= 0; i--) {
          const a = pairs[i].rho * acc;
          alphas[i] = a;
          const na = -a;
          const y = pairs[i].y;
          const sNext = i > 0 ? pairs[i - 1].s : undefined;
          acc = 0;
          for (let b = 0; b < blocks; b++) {
            let t = 0;
            if (sNext === undefined) for (let j = offsets[b], end = offsets[b + 1]; j < end; j++) q[j] = na * y[j] + q[j];
            else
              for (let j = offsets[b], end = offsets[b + 1]; j < end; j++) {
                const v = na * y[j] + q[j];
                q[j] = v;
                t += sNext[j] * v;
              }
            acc += t;
          }
        }
        acc = 0;
        const y0 = m > 0 ? pairs[0].y : undefined;
        for (let b = 0; b < blocks; b++) {
          const f = -gamma * metric[b];
          let t = 0;
          for (let j = offsets[b], end = offsets[b + 1]; j < end; j++) {
            const v = f * q[j];
            q[j] = v;
            if (y0 !== undefined) t += y0[j] * v;
          }
          acc += t;
        }
        for (let i = 0; i < m; i++) {
          const c = -pairs[i].rho * acc - alphas[i];
          const sv = pairs[i].s;
          const yNext = i + 1 < m ? pairs[i + 1].y : undefined;
          acc = 0;
          for (let b = 0; b < blocks; b++) {
            let t = 0;
            if (yNext === undefined) for (let j = offsets[b], end = offsets[b + 1]; j < end; j++) q[j] = c * sv[j] + q[j];
            else
              for (let j = offsets[b], end = offsets[b + 1]; j < end; j++) {
                const v = c * sv[j] + q[j];
                q[j] = v;
                t += yNext[j] * v;
              }
            acc += t;
          }
        }
        return { direction: q };
      },
      pair(xNew, x, gNew, g) {
        // lbfgs.ts correctionPair: s = (−1) x + xNew, y = (−1) g + gNew and their block-wise inner products.
        const s = take();
        const y = take();
        let sy = 0, ss = 0, yy = 0, yPy = 0;
        for (let b = 0; b < blocks; b++) {
          let syb = 0, ssb = 0, yyb = 0;
          for (let j = offsets[b], end = offsets[b + 1]; j < end; j++) {
            const sj = -1 * x[j] + xNew[j];
            const yj = -1 * g[j] + gNew[j];
            s[j] = sj;
            y[j] = yj;
            syb += sj * yj;
            ssb += sj * sj;
            yyb += yj * yj;
          }
          sy += syb;
          ss += ssb;
          yy += yyb;
          yPy += metric[b] * yyb;
        }
        return { s, y, sy, ss, yy, yPy };
      },
    },
  };
}

export function flatSpaceObjective(space: FlatSpace, objective: FlatObjective): SpaceObjective<Float64Array> {
  return (x) => {
    const gradient = space.take();
    return { loss: objective.evaluate(x, gradient), gradient };
  };
}
