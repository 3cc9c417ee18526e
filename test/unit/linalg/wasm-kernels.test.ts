import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gemmNT } from '../../../src/linalg/gemm.ts';
import { mat, matmul, transpose } from '../../../src/linalg/matrix.ts';
import { createWasmHeap, kernelPath, requestedKernelPath, wasmHeap, type WasmHeap } from '../../../src/linalg/wasm/heap.ts';
// @ts-expect-error -- a plain .mjs build script without typings
import { assemble } from '../../../src/linalg/wasm/build.mjs';

const heap = wasmHeap()!;
const k = heap.kernels;
const filled = (n: number, seed: number): Float64Array => {
  const v = heap.alloc(n);
  for (let i = 0; i < n; i++) v[i] = Math.sin(seed + 1.37 * i) * 2;
  return v;
};
const dims = fc.integer({ min: 1, max: 11 });

describe('WebAssembly SIMD kernels', () => {
  it('the committed kernels.wasm and kernels-fma.wasm are kernels.wat assembled', async () => {
    const built = (await assemble()) as Uint8Array;
    expect(Buffer.from(built).equals(readFileSync(new URL('../../../src/linalg/wasm/kernels.wasm', import.meta.url)))).toBe(true);
    const fused = (await assemble('fma')) as Uint8Array;
    expect(Buffer.from(fused).equals(readFileSync(new URL('../../../src/linalg/wasm/kernels-fma.wasm', import.meta.url)))).toBe(true);
  });

  it('selects the kernel path from the environment and refuses an unknown one', () => {
    expect(requestedKernelPath({})).toBe('wasm-simd');
    expect(requestedKernelPath({ NC_CHECK_KERNELS: 'wasm-fma' })).toBe('wasm-fma');
    expect(requestedKernelPath({ NC_CHECK_NO_WASM: '1', NC_CHECK_KERNELS: 'wasm-fma' })).toBe('js');
    expect(kernelPath({ NC_CHECK_KERNELS: 'js' })).toBe('js');
    expect(kernelPath({ NC_CHECK_KERNELS: 'wasm-fma' })).toBe('wasm-fma');
    expect(kernelPath({ NC_CHECK_KERNELS: 'wasm-xn' })).toBe('wasm-xn');
    expect(() => requestedKernelPath({ NC_CHECK_KERNELS: 'blas' })).toThrow(/NC_CHECK_KERNELS=blas: expected one of wasm-par, wasm-fma, wasm-xn, wasm-simd, js/);
  });

  it('the wasm-fma path fuses: −1·1 + 0.1·10 is 2⁻⁵⁴ with one rounding per multiply-add, 0 with two', () => {
    const run = (h: WasmHeap): number => {
      const A = h.alloc(2);
      A.set([-1, 0.1]);
      const B = h.alloc(8);
      B.set([1, 1, 1, 1, 10, 10, 10, 10]);
      const out = h.alloc(4);
      h.kernels.gemmXN(A, 2, 1, B, 4, out, 4, 1, 4, 2);
      const v = out[0];
      [A, B, out].forEach((w) => h.free(w));
      return v;
    };
    expect(run(createWasmHeap('wasm-simd')!)).toBe(0);
    expect(run(createWasmHeap('wasm-fma')!)).toBe(2 ** -54);
  });

  it('blocks large products in column panels without changing a sum (n across several panels, every tail)', () => {
    for (const path of ['wasm-simd', 'wasm-fma'] as const) {
      const h = createWasmHeap(path)!;
      for (const [m, n, kk] of [[9, 133, 70], [6, 70, 3], [13, 259, 17]]) {
        const fill = (len: number, seed: number): Float64Array => {
          const v = h.alloc(len);
          for (let i = 0; i < len; i++) v[i] = Math.sin(seed + 0.37 * i);
          return v;
        };
        const A = fill(m * kk, 1);
        const B = fill(kk * n, 2);
        const Bt = fill(n * kk, 3);
        const [C1, C2] = [h.alloc(m * n), h.alloc(m * n)];
        h.kernels.gemmXN(A, kk, 1, B, n, C1, n, m, n, kk);
        h.kernels.gemmNT(A, Bt, C2, m, n, kk);
        const r1 = matmul(mat(m, kk, A), mat(kk, n, B));
        const r2 = matmul(mat(m, kk, A), transpose(mat(n, kk, Bt)));
        for (let i = 0; i < m * n; i++) {
          expect(Math.abs(C1[i] - r1.data[i])).toBeLessThanOrEqual(1e-13 * kk);
          expect(Math.abs(C2[i] - r2.data[i])).toBeLessThanOrEqual(1e-13 * kk);
        }
        [A, B, Bt, C1, C2].forEach((v) => h.free(v));
      }
    }
  });

  for (const path of ['wasm-simd', 'wasm-fma'] as const) {
    it(`gemmXN on ${path} computes A B and Aᵀ B like the reference product (tails, offsets, leading dimensions)`, () => {
      const h = createWasmHeap(path)!;
      const fill = (n: number, seed: number): Float64Array => {
        const v = h.alloc(n);
        for (let i = 0; i < n; i++) v[i] = Math.sin(seed + 1.37 * i) * 2;
        return v;
      };
      fc.assert(
        fc.property(dims, dims, dims, fc.integer({ min: 0, max: 3 }), fc.boolean(), (m, n, kk, off, transposed) => {
          // A stored m×k (A B) or k×m (Aᵀ B); B stored k×ldb with ldb = n + off.
          const A = fill(m * kk + off, m);
          const ldb = n + off;
          const B = fill(kk * ldb + off, n + 0.5);
          const ldc = n + off;
          const C = h.alloc(off + m * ldc).fill(-7);
          if (transposed) h.kernels.gemmXN(A, 1, m, B, ldb, C, ldc, m, n, kk, off, off, off);
          else h.kernels.gemmXN(A, kk, 1, B, ldb, C, ldc, m, n, kk, off, off, off);
          const a = transposed ? transpose(mat(kk, m, A.subarray(off, off + m * kk))) : mat(m, kk, A.subarray(off, off + m * kk));
          const b = mat(kk, n);
          for (let p = 0; p < kk; p++) for (let j = 0; j < n; j++) b.data[p * n + j] = B[off + p * ldb + j];
          const reference = matmul(a, b);
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < ldc; j++) {
              const got = C[off + i * ldc + j];
              if (j >= n) expect(got).toBe(-7);
              else expect(Math.abs(got - reference.data[i * n + j])).toBeLessThanOrEqual(1e-13 * kk);
            }
          }
          expect(Array.from(C.subarray(0, off))).toEqual(new Array(off).fill(-7));
          [A, B, C].forEach((v) => h.free(v));
        }),
        { numRuns: 80 },
      );
    });
  }

  it('gemmXNinNTOrder rounds exactly as gemmNT on transposed copies: A B and Aᵀ B, bit for bit (every block and tail, several panels, offsets, leading dimensions)', () => {
    // Entries of mixed signs and magnitudes over eight decades, so a different order of the sums shows.
    const mixed = (len: number, seed: number): Float64Array => {
      const v = heap.alloc(len);
      for (let i = 0; i < len; i++) v[i] = Math.sin(seed + 1.37 * i) * 10 ** Math.floor(4 + 4 * Math.sin(seed * 3.1 + 0.71 * i));
      return v;
    };
    const shapes = fc.tuple(fc.integer({ min: 1, max: 13 }), fc.oneof(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 60, max: 140 })), fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 60, max: 70 })));
    fc.assert(
      fc.property(shapes, fc.integer({ min: 0, max: 3 }), fc.boolean(), ([m, n, kk], off, transposed) => {
        // A(i, p) read from A (m×k) or from Aᵀ stored (k×m); B is k×n with leading dimension n + off.
        const A = mixed(off + m * kk, m + 0.25);
        const ldb = n + off;
        const B = mixed(off + kk * ldb, n + 0.5);
        const ldc = n + off;
        const C = heap.alloc(off + m * ldc).fill(-7);
        if (transposed) k.gemmXNinNTOrder(A, 1, m, B, ldb, C, ldc, m, n, kk, off, off, off);
        else k.gemmXNinNTOrder(A, kk, 1, B, ldb, C, ldc, m, n, kk, off, off, off);
        // gemmNT on the transposed copies: rows of A (m×k) against rows of Bᵀ (n×k).
        const At = heap.alloc(m * kk);
        const Bt = heap.alloc(n * kk);
        for (let i = 0; i < m; i++) for (let p = 0; p < kk; p++) At[i * kk + p] = transposed ? A[off + p * m + i] : A[off + i * kk + p];
        for (let j = 0; j < n; j++) for (let p = 0; p < kk; p++) Bt[j * kk + p] = B[off + p * ldb + j];
        const reference = heap.alloc(m * n);
        k.gemmNT(At, Bt, reference, m, n, kk);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < ldc; j++) {
            const got = C[off + i * ldc + j];
            if (j >= n) expect(got).toBe(-7);
            else expect(Object.is(got, reference[i * n + j])).toBe(true);
          }
        }
        expect(Array.from(C.subarray(0, off))).toEqual(new Array(off).fill(-7));
        [A, B, C, At, Bt, reference].forEach((v) => heap.free(v));
      }),
      { numRuns: 150 },
    );
  });

  it('gemmNT matches the JavaScript kernel and the reference product (tails, offsets, leading dimension)', () => {
    fc.assert(
      fc.property(dims, dims, dims, fc.integer({ min: 0, max: 3 }), (m, n, kk, off) => {
        const A = filled(m * kk + off, m);
        const B = filled(n * kk + off, n + 0.5);
        const ldc = n + off;
        const C = heap.alloc(off + m * ldc).fill(-7);
        k.gemmNT(A, B, C, m, n, kk, off, off, ldc, off);
        const Cjs = new Float64Array(off + m * ldc).fill(-7);
        gemmNT(A, B, Cjs, m, n, kk, off, off, ldc, off);
        const reference = matmul(mat(m, kk, A.subarray(off, off + m * kk)), transpose(mat(n, kk, B.subarray(off, off + n * kk))));
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < ldc; j++) {
            const got = C[off + i * ldc + j];
            if (j >= n) expect(got).toBe(-7);
            else {
              expect(Math.abs(got - Cjs[off + i * ldc + j])).toBeLessThanOrEqual(1e-13 * kk);
              expect(Math.abs(got - reference.data[i * n + j])).toBeLessThanOrEqual(1e-13 * kk);
            }
          }
        }
        expect(Array.from(C.subarray(0, off))).toEqual(new Array(off).fill(-7));
        [A, B, C].forEach((v) => heap.free(v));
      }),
      { numRuns: 60 },
    );
  });

  it('vector passes equal their scalar definitions on every length', () => {
    for (let n = 1; n <= 13; n++) {
      const [x, y, s, w] = [1, 2, 3, 4].map((seed) => filled(n, seed * 10 + n));
      const q = Float64Array.from(x);
      let expected = 0;
      for (let i = 0; i < n; i++) {
        q[i] += 0.3 * y[i];
        expected += s[i] * q[i];
      }
      let plainDot = 0;
      for (let i = 0; i < n; i++) plainDot += x[i] * y[i];
      expect(k.dot(x, y)).toBeCloseTo(plainDot, 12);
      const qw = Float64Array.from(x);
      const qv = heap.alloc(n);
      qv.set(qw);
      expect(k.axpyDot(qv, y, s, 0.3)).toBeCloseTo(expected, 12);
      qv.forEach((v, i) => expect(v).toBeCloseTo(q[i], 14));
      const out = heap.alloc(n);
      let wsum = 0;
      for (let i = 0; i < n; i++) wsum += w[i] * (2 * x[i] - 0.5 * y[i]);
      expect(k.axpbyDot(out, 2, x, -0.5, y, w)).toBeCloseTo(wsum, 12);
      out.forEach((v, i) => expect(v).toBeCloseTo(2 * x[i] - 0.5 * y[i], 14));
      const [ps, py] = [heap.alloc(n), heap.alloc(n)];
      const [sy, ss, yy] = k.pair(ps, py, x, y, s, w);
      let e = [0, 0, 0];
      for (let i = 0; i < n; i++) {
        const a = x[i] - y[i];
        const b = s[i] - w[i];
        expect(ps[i]).toBe(a);
        expect(py[i]).toBe(b);
        e = [e[0] + a * b, e[1] + a * a, e[2] + b * b];
      }
      expect([sy, ss, yy].map((v, i) => Math.abs(v - e[i]) <= 1e-12 * Math.max(1, Math.abs(e[i])))).toEqual([true, true, true]);
      [x, y, s, w, qv, out, ps, py].forEach((v) => heap.free(v));
    }
  });

  it.each(['wasm-simd', 'wasm-fma'] as const)('%s: axpbySq writes the values of axpbyDot and returns the bits of dot(y, y), on every length and in place', (path) => {
    const h = createWasmHeap(path, 1);
    if (h === undefined) return; // an engine without relaxed SIMD (wasm-fma falls back to wasm-xn)
    const kk = h.kernels;
    // Two kinds of data, so that a change in any sum's order shows in the last bits: terms eight
    // decades apart (separate roundings differ), and terms of one magnitude with varied mantissas
    // (fused multiply-adds round the first kind alike in either order).
    const entries = [(seed: number, i: number) => Math.sin(seed + 1.37 * i) * 10 ** ((i * 7) % 9 - 4), (seed: number, i: number) => 1 + 0.5 * Math.sin(seed + 1.37 * i)];
    for (const [n, entry] of entries.flatMap((e) => Array.from({ length: 21 }, (_, i) => [i + 1, e] as const))) {
      const vec = (seed: number): Float64Array => {
        const v = h.alloc(n);
        for (let i = 0; i < n; i++) v[i] = entry(seed, i);
        return v;
      };
      const [x, y] = [vec(1), vec(2)];
      const [viaDot, viaSq] = [h.alloc(n), h.alloc(n)];
      kk.axpbyDot(viaDot, 0.3, x, -1.7, y, y);
      const sq = kk.axpbySq(viaSq, 0.3, x, -1.7, y);
      expect(Object.is(sq, kk.dot(y, y)), `n = ${n}`).toBe(true);
      expect(Array.from(viaSq)).toEqual(Array.from(viaDot));
      // In place (out = x), as the fused objective calls it on the gradient.
      const inPlace = Float64Array.from(x);
      const xv = h.alloc(n);
      xv.set(inPlace);
      expect(Object.is(kk.axpbySq(xv, 0.3, xv, -1.7, y), sq)).toBe(true);
      expect(Array.from(xv)).toEqual(Array.from(viaDot));
      [x, y, viaDot, viaSq, xv].forEach((v) => h.free(v));
    }
    void h.close();
  });

  it('the heap coalesces freed ranges, keeps views valid when it grows, and refuses foreign views', () => {
    const base = heap.inUse();
    const a = heap.alloc(10);
    a.fill(3);
    const big = heap.alloc(3_000_000); // grows the memory
    big[big.length - 1] = 1;
    expect(a[9]).toBe(3); // an earlier view survives the growth
    expect(heap.owns(a) && heap.owns(big)).toBe(true);
    expect(heap.owns(new Float64Array(4))).toBe(false);
    heap.free(big);
    heap.free(a);
    expect(heap.inUse()).toBe(base);
    const again = heap.alloc(10);
    expect(again.byteOffset).toBe(a.byteOffset); // first fit reuses the coalesced range
    heap.free(again);
    expect(() => heap.free(new Float64Array(2))).toThrow(/did not allocate/);
    expect(wasmHeap({ NC_CHECK_NO_WASM: '1' })).toBeUndefined();
  });
});
