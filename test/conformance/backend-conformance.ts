// The conformance suite every backend must pass (Hypothesis' provider
// conformance idea): each kernel against the float64 reference in
// src/linalg/matrix.ts, on random shapes and values, within the backend's
// precision. New backends call runBackendConformance from their own test file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.ts';
import { add, mat, matmul, maxAbs, scale, sub, transpose, type Mat } from '../../src/linalg/matrix.ts';

const dims = fc.integer({ min: 1, max: 7 });
// Tiny magnitudes become 0: float32 backends flush subnormals, a representation limit rather than a kernel bug.
const entry = fc.double({ min: -3, max: 3, noNaN: true, noDefaultInfinity: true }).map((x) => (Math.abs(x) < 1e-30 ? 0 : x));
const matrix = (rows: number, cols: number) =>
  fc.array(entry, { minLength: rows * cols, maxLength: rows * cols }).map((v) => mat(rows, cols, v));

export interface ConformanceOptions {
  /** Examples per property (default fast-check's 100); slow backends (WebGPU on llvmpipe) use fewer. */
  readonly numRuns?: number;
}

export function runBackendConformance<T>(backend: Backend<T>, options: ConformanceOptions = {}): void {
  // Tolerances derive from the backend's precision (tfjs' testEpsilon idea): ~4500 ulps of float64, ~840 of float32.
  const tol = backend.dtype === 'float64' ? 1e-12 : 1e-4;
  const params = { numRuns: options.numRuns };
  const represent = (m: Mat): Mat => (backend.dtype === 'float32' ? mat(m.rows, m.cols, m.data.map(Math.fround)) : m);
  const close = (t: T, reference: Mat): void => {
    const got = backend.download(t);
    expect([got.rows, got.cols]).toEqual([reference.rows, reference.cols]);
    expect(maxAbs(sub(got, reference))).toBeLessThanOrEqual(tol * Math.max(1, maxAbs(reference)));
  };

  describe(`backend conformance: ${backend.name}`, () => {
    it('round-trips matrices through upload/download', () => {
      fc.assert(fc.property(dims, dims, (r, c) => {
        const m = mat(r, c, Array.from({ length: r * c }, (_, i) => i - 3.5));
        close(backend.upload(m), m);
        expect(backend.shape(backend.upload(m))).toEqual([r, c]);
      }), params);
    });

    it('matmul matches the reference for every transpose combination', () => {
      fc.assert(
        fc.property(dims, dims, dims, fc.boolean(), fc.boolean(), (n, k, m, ta, tb) => {
          const a = ta ? mat(k, n, Array.from({ length: n * k }, (_, i) => Math.sin(i + 1))) : mat(n, k, Array.from({ length: n * k }, (_, i) => Math.sin(i + 1)));
          const b = tb ? mat(m, k, Array.from({ length: k * m }, (_, i) => Math.cos(i))) : mat(k, m, Array.from({ length: k * m }, (_, i) => Math.cos(i)));
          const reference = matmul(ta ? transpose(a) : a, tb ? transpose(b) : b);
          close(backend.matmul(backend.upload(a), backend.upload(b), { transposeA: ta, transposeB: tb }), reference);
        }),
        params,
      );
    });

    it('rejects products with mismatched inner dimensions', () => {
      expect(() => backend.matmul(backend.zeros(2, 3), backend.zeros(2, 3))).toThrow(/inner dimensions/);
    });

    it('elementwise ops, broadcasting and reductions match the reference', () => {
      fc.assert(
        fc.property(
          dims.chain((r) => dims.chain((c) => fc.tuple(matrix(r, c), matrix(r, c), matrix(r, 1), entry))),
          ([a0, b0, v0, s0]) => {
            // The reference sees the values the backend can represent (float32 rounding of the inputs).
            const [a, b, v] = [a0, b0, v0].map(represent);
            const s = backend.dtype === 'float32' ? Math.fround(s0) : s0;
            const A = backend.upload(a);
            const B = backend.upload(b);
            close(backend.add(A, B), add(a, b));
            close(backend.sub(A, B), sub(a, b));
            close(backend.mul(A, B), mat(a.rows, a.cols, a.data.map((x, i) => x * b.data[i])));
            close(backend.scale(A, s), scale(a, s));
            close(backend.axpy(s, A, B), add(scale(a, s), b));
            const ones = mat(1, a.cols, new Float64Array(a.cols).fill(1));
            close(backend.addColumn(A, backend.upload(v)), add(a, matmul(v, ones)));
            close(backend.rowSums(A), matmul(a, transpose(ones)));
            close(backend.relu(A), mat(a.rows, a.cols, a.data.map((x) => Math.max(0, x))));
            close(backend.reluBackward(A, B), mat(a.rows, a.cols, a.data.map((x, i) => (x > 0 ? b.data[i] : 0))));
            const ss = a.data.reduce((t, x) => t + x * x, 0);
            expect(Math.abs(backend.sumSquares(A) - ss)).toBeLessThanOrEqual(tol * Math.max(1, ss));
            const dot = a.data.reduce((t, x, i) => t + x * b.data[i], 0);
            expect(Math.abs(backend.dot(A, B) - dot)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(dot) + ss));
          },
        ),
        params,
      );
    });

    it('column-wise log-sum-exp and softmax match the reference, stably for large logits', () => {
      fc.assert(
        fc.property(dims.chain((r) => dims.chain((c) => fc.tuple(matrix(r, c), fc.constantFrom(0, 700, -700)))), ([a, shift]) => {
          const shifted = mat(a.rows, a.cols, a.data.map((x) => x + shift));
          const lse = mat(1, a.cols);
          const soft = mat(a.rows, a.cols);
          for (let j = 0; j < a.cols; j++) {
            let s = 0;
            for (let i = 0; i < a.rows; i++) s += Math.exp(a.data[i * a.cols + j]);
            lse.data[j] = Math.log(s) + shift;
            for (let i = 0; i < a.rows; i++) soft.data[i * a.cols + j] = Math.exp(a.data[i * a.cols + j]) / s;
          }
          const A = backend.upload(shifted);
          close(backend.logSumExpColumns(A), lse);
          close(backend.softmaxColumns(A), soft);
        }),
      );
    });

    it('flags non-finite entries', () => {
      expect(backend.allFinite(backend.upload(mat(1, 2, [1, 2])))).toBe(true);
      expect(backend.allFinite(backend.upload(mat(1, 2, [1, NaN])))).toBe(false);
      expect(backend.allFinite(backend.upload(mat(1, 2, [Infinity, 0])))).toBe(false);
    });

    it('rejects shape mismatches in elementwise ops and broadcasting', () => {
      expect(() => backend.add(backend.zeros(2, 2), backend.zeros(2, 3))).toThrow();
      expect(() => backend.addColumn(backend.zeros(2, 2), backend.zeros(3, 1))).toThrow();
    });

    // Only backends that manage memory by hand have scopes; the CPU backend has nothing to release.
    const tidy = backend.tidy;
    if (tidy !== undefined) it('memory scopes release intermediates and keep what is returned', () => {
      const a = backend.upload(mat(2, 2, [1, 2, 3, 4]));
      const kept = tidy(
        () => {
          const t = backend.matmul(a, a);
          const u = backend.add(t, t);
          return { u, loss: backend.sumSquares(u) };
        },
        (r) => [r.u],
      );
      expect(kept.loss).toBeCloseTo(4 * (49 + 100 + 225 + 484), 1);
      close(kept.u, mat(2, 2, [14, 20, 30, 44]));
      backend.dispose(kept.u);
      backend.dispose(a);
    });
  });
}
