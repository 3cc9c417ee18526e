import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createWasmHeap, type WasmHeap } from '../../../src/linalg/wasm/heap.ts';
import { MIN_PASS_ELEMENTS, type KernelThreadOptions } from '../../../src/linalg/wasm/kernel-threads.ts';
import { mseFusedObjective } from '../../../src/models/ufm-mse-fused.ts';
import { lbfgs } from '../../../src/train/lbfgs.ts';
import { DEFAULT_LINE_SEARCH } from '../../../src/train/line-search.ts';
import { flatSpace, flatSpaceObjective, type CorrectionPair, type FlatSpace } from '../../../src/train/space.ts';
import { CHUNK, chunkedWasmFlatSpace, chunkTable } from '../../../src/train/space-wasm-chunked.ts';
import { wasmFlatSpace } from '../../../src/train/space-wasm.ts';

const opened: WasmHeap[] = [];
afterAll(async () => {
  await Promise.all(opened.map((h) => h.close()));
});

/** A wasm-par heap on `threads` threads, its helpers ready (wasm-par starts them with the heap). */
async function parHeap(threads: number, options: KernelThreadOptions = {}): Promise<WasmHeap> {
  // Not adaptive: every large pass splits, however late a helper on a busy test machine answers.
  const h = createWasmHeap('wasm-par', threads, { adaptive: false, ...options })!;
  opened.push(h);
  for (let waited = 0; h.kernelThreadStats().readyHelpers < threads - 1; waited += 10) {
    if (waited > 20_000) throw new Error('kernel threads did not start within 20 s');
    await new Promise((r) => setTimeout(r, 10));
  }
  return h;
}

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
/** Eight decades of magnitudes, so a change in the order of any sum shows in the bits. */
const fillWith = (v: Float64Array, seed: number): Float64Array => {
  for (let i = 0; i < v.length; i++) v[i] = Math.sin(seed + 0.37 * i) * 10 ** ((i * 7) % 9 - 4);
  return v;
};

/** v scaled in place (the space's vectors must stay in its heap). */
const scaled = (v: Float64Array, c: number): Float64Array => {
  for (let i = 0; i < v.length; i++) v[i] *= c;
  return v;
};

/**
 * L-BFGS for 60 iterations on a fused MSE regime whose passes (≥ 2·MIN_PASS_ELEMENTS) and
 * products split: its loss, iterations and parameters.
 */
function trainSplitRegime(heap: WasmHeap): { loss: number; iterations: number; params: Float64Array } {
  const config = { K: 10, d: 128, classSizes: Array<number>(10).fill(80), lambdaW: 0.01, lambdaH: 0.02, lambdaB: 0.1 };
  const f = mseFusedObjective(config, heap);
  const sizes = [10 * 128, 128 * 800, 10];
  expect(sizes.reduce((s, v) => s + v, 0)).toBe(f.size);
  expect(f.size).toBeGreaterThanOrEqual(3 * MIN_PASS_ELEMENTS);
  const space = chunkedWasmFlatSpace(heap, sizes, [10, 800, 1]);
  const x0 = scaled(fillWith(space.take(), 7), 100);
  const r = lbfgs(space, flatSpaceObjective(space, f), x0, { gradientTolerance: 1e-12, maxIterations: 60, lineSearch: DEFAULT_LINE_SEARCH });
  const out = { loss: r.loss, iterations: r.iterations, params: Float64Array.from(r.params) };
  space.dispose();
  f.dispose?.();
  return out;
}

describe('the chunked flat space (wasm-par)', () => {
  it('the chunk table covers every element once, in order, never across a block, at most CHUNK long', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 * CHUNK + 5 }), { minLength: 1, maxLength: 5 }), (sizes) => {
        const chunks = chunkTable(sizes);
        let next = 0;
        let blockEnd = 0;
        let block = -1;
        for (const [offset, length, b] of chunks) {
          expect(offset).toBe(next);
          expect(length).toBeGreaterThan(0);
          expect(length).toBeLessThanOrEqual(CHUNK);
          if (b !== block) {
            expect(offset).toBe(blockEnd);
            block = b;
            blockEnd += sizes[b];
          }
          expect(offset + length).toBeLessThanOrEqual(blockEnd);
          next = offset + length;
        }
        expect(next).toBe(sizes.reduce((s, v) => s + v, 0));
      }),
    );
  });

  it('every operation agrees with the JavaScript space (its oracle) to rounding', () => {
    const heap = createWasmHeap('wasm-par', 1)!;
    const heapBefore = heap.inUse();
    const sizes = [3 * CHUNK + 17, 5, CHUNK];
    const metric = [2, 0.5, 3];
    const par = chunkedWasmFlatSpace(heap, sizes, metric);
    const js = flatSpace(sizes, metric);
    const vec = (space: FlatSpace, seed: number): Float64Array => fillWith(space.take(), seed);
    const n = sizes.reduce((a, b) => a + b, 0);
    // Sums in another order: |error| ≤ n·ε·Σ|terms| (the terms span eight decades, so this is the scale).
    const sumBound = (x: Float64Array, y: Float64Array, w = 1): number => n * Number.EPSILON * x.reduce((a, v, i) => a + Math.abs(v * y[i]), 0) * w;
    const close = (a: number, b: number, bound: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(bound);
    const closeAll = (a: Float64Array, b: Float64Array): void => {
      const scale = b.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      a.forEach((v, i) => close(v, b[i], 1e-12 * scale));
    };
    close(par.dot(vec(par, 1), vec(par, 2)), js.dot(vec(js, 1), vec(js, 2)), sumBound(vec(js, 1), vec(js, 2)));
    close(par.metricDot(vec(par, 3), vec(par, 4)), js.metricDot(vec(js, 3), vec(js, 4)), sumBound(vec(js, 3), vec(js, 4), 3));
    closeAll(par.axpy(-0.7, vec(par, 5), vec(par, 6)), js.axpy(-0.7, vec(js, 5), vec(js, 6)));
    closeAll(par.scaleMetric(vec(par, 7), -1.5), js.scaleMetric(vec(js, 7), -1.5));
    // The fused two-loop direction and correction pair against the generic ones on the JS space.
    const pairsOf = (space: FlatSpace): CorrectionPair<Float64Array>[] =>
      [0, 1, 2].map((i) => {
        const s = vec(space, 10 + i);
        const y = vec(space, 20 + i);
        return { s, y, rho: 1 / space.dot(s, y) };
      });
    const direction = par.fused!.direction(vec(par, 8), pairsOf(par), 0.3).direction;
    closeAll(direction, js.fused!.direction(vec(js, 8), pairsOf(js), 0.3).direction);
    const p = par.fused!.pair(vec(par, 30), vec(par, 31), vec(par, 32), vec(par, 33));
    const [xn, x, gn, g] = [30, 31, 32, 33].map((s) => vec(js, s));
    const s = js.axpy(-1, x, xn);
    const y = js.axpy(-1, g, gn);
    closeAll(p.s, s);
    closeAll(p.y, y);
    close(p.sy, js.dot(s, y), sumBound(s, y));
    close(p.ss, js.dot(s, s), sumBound(s, s));
    close(p.yy, js.dot(y, y), sumBound(y, y));
    close(p.yPy, js.metricDot(y, y), sumBound(y, y, 3));
    par.dispose();
    expect(heap.inUse()).toBe(heapBefore);
  });

  it('a training has the same bits on 1, 2 and 3 threads, and the helpers share its passes', async () => {
    const one = trainSplitRegime(createWasmHeap('wasm-par', 1)!);
    for (const threads of [2, 3]) {
      const heap = await parHeap(threads);
      const got = trainSplitRegime(heap);
      expect(got.iterations).toBe(one.iterations);
      expect(Object.is(got.loss, one.loss), `${threads} threads`).toBe(true);
      expect(sameBits(got.params, one.params), `${threads} threads`).toBe(true);
      // A split that silently ran on one thread would pass the above: the helpers did take chunks.
      expect(heap.kernelThreadStats().helperBlocks).toBeGreaterThan(one.iterations * (threads - 1));
    }
    expect(one.iterations).toBeGreaterThan(20);
  });

  it('with a deadline of 0, every hand-off races the helper against the caller, and the bits stay the same', async () => {
    const one = trainSplitRegime(createWasmHeap('wasm-par', 1)!);
    for (let round = 0; round < 4; round++) {
      // Whoever claims a task runs it; a helper whose task was taken back gets no more.
      const heap = await parHeap(2, { helperDeadlineMs: 0 });
      const got = trainSplitRegime(heap);
      expect(Object.is(got.loss, one.loss), `round ${round}`).toBe(true);
      expect(sameBits(got.params, one.params), `round ${round}`).toBe(true);
      const { helperBlocks, takenBack } = heap.kernelThreadStats();
      expect(helperBlocks + takenBack).toBeGreaterThan(0);
    }
  });

  it('differs from the default path by rounding only: the same loss to 1e-12 after the same training', () => {
    const config = { K: 6, d: 32, classSizes: Array<number>(6).fill(30), lambdaW: 0.01, lambdaH: 0.02 };
    const sizes = [6 * 32, 32 * 180];
    const lossOn = (path: 'wasm-par' | 'wasm-simd'): number => {
      const heap = createWasmHeap(path, 1)!;
      const f = mseFusedObjective(config, heap);
      const space = path === 'wasm-par' ? chunkedWasmFlatSpace(heap, sizes, [6, 180]) : wasmFlatSpace(heap, sizes, [6, 180]);
      const x0 = space.take();
      for (let i = 0; i < x0.length; i++) x0[i] = 0.5 * Math.sin(3 + 1.3 * i);
      const r = lbfgs(space, flatSpaceObjective(space, f), x0, { gradientTolerance: 1e-12, maxIterations: 5000, lineSearch: DEFAULT_LINE_SEARCH });
      expect(r.status, `${path}: ${r.reason}`).toBe('converged');
      space.dispose();
      return r.loss;
    };
    const par = lossOn('wasm-par');
    const simd = lossOn('wasm-simd');
    expect(Math.abs(par - simd)).toBeLessThanOrEqual(1e-12 * Math.abs(simd));
  });
});
