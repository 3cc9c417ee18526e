import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { mseFusedObjective } from '../../../src/models/ufm-mse-fused.ts';
import { createWasmHeap, type WasmHeap } from '../../../src/linalg/wasm/heap.ts';
import { createRng } from '../../../src/random/rng.ts';
import { packBlocks, randomInit } from '../../../src/train/train.ts';

const regime = fc.record({
  K: fc.integer({ min: 2, max: 7 }),
  sizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 7, maxLength: 7 }),
  d: fc.integer({ min: 1, max: 9 }),
  lambdaW: fc.double({ min: 1e-3, max: 1, noNaN: true }),
  lambdaH: fc.double({ min: 1e-3, max: 1, noNaN: true }),
  lambdaB: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
  seed: fc.integer(),
});

const heaps: [string, WasmHeap | undefined][] = [
  ['js', undefined],
  ['wasm-simd', createWasmHeap('wasm-simd')],
  ['wasm-xn', createWasmHeap('wasm-xn')],
  ['wasm-fma', createWasmHeap('wasm-fma')],
];

describe('fused MSE UFM kernel', () => {
  it('runs on every WebAssembly path in this engine (wasm-fma through the relaxed-SIMD flag)', () => {
    expect(heaps.map(([, h]) => h?.path)).toEqual([undefined, 'wasm-simd', 'wasm-xn', 'wasm-fma']);
  });

  it.each(heaps)('gives the loss and gradient of the Backend reference on the %s path (any sizes, with and without bias)', (_path, heap) => {
    fc.assert(
      fc.property(regime, (r) => {
        const classSizes = r.sizes.slice(0, r.K);
        const reg = { K: r.K, classSizes, d: r.d, lambdaW: r.lambdaW, lambdaH: r.lambdaH, ...(r.lambdaB === undefined ? {} : { lambdaB: r.lambdaB }) };
        const params = randomInit(mseUfm, reg, createRng(r.seed), 0.7);
        const reference = mseUfm.objective(cpuF64, reg).lossAndGradient(params);
        const fused = mseFusedObjective({ K: r.K, d: r.d, classSizes, lambdaW: r.lambdaW, lambdaH: r.lambdaH, lambdaB: r.lambdaB }, heap);
        const packed = packBlocks(params);
        const x = heap === undefined ? packed : heap.alloc(packed.length);
        x.set(packed);
        expect(fused.size).toBe(x.length);
        const g = (heap === undefined ? new Float64Array(x.length) : heap.alloc(x.length)).fill(Number.NaN);
        const loss = fused.evaluate(x, g);
        expect(Math.abs(loss - reference.loss)).toBeLessThanOrEqual(1e-13 * Math.max(1, reference.loss));
        const expected = packBlocks(reference.gradient);
        const scale = Math.max(1, ...Array.from(expected, Math.abs));
        for (let i = 0; i < x.length; i++) expect(Math.abs(g[i] - expected[i])).toBeLessThanOrEqual(1e-13 * scale);
        fused.dispose?.();
        if (heap !== undefined) [x, g].forEach((v) => heap.free(v));
      }),
      { numRuns: 60 },
    );
  });

  it('is offered on float64 backends only', () => {
    const reg = { K: 2, n: 1, d: 2, lambdaW: 0.1, lambdaH: 0.1 };
    expect(mseUfm.objective(cpuF64, reg).flat?.size).toBe(2 * 2 + 2 * 2);
    expect(mseUfm.objective({ ...cpuF64, dtype: 'float32' }, reg).flat).toBeUndefined();
  });
});
