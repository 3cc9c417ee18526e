import { describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/backend/backend.ts';
import { cpuF64 } from '../../../src/backend/cpu-f64.ts';
import type { Mat } from '../../../src/linalg/matrix.ts';
import { mseUfm } from '../../../src/models/ufm-mse.ts';
import { createRng } from '../../../src/random/rng.ts';
import { gd } from '../../../src/train/gd.ts';
import { lbfgs } from '../../../src/train/lbfgs.ts';
import { blockObjective, blockOrderFlatSpace, blockSpace, flatSpace, flatSpaceObjective, type CorrectionPair, type VectorSpace } from '../../../src/train/space.ts';
import { wasmFlatSpace } from '../../../src/train/space-wasm.ts';
import { CHUNK, chunkedWasmFlatSpace } from '../../../src/train/space-wasm-chunked.ts';
import { createWasmHeap, wasmHeap } from '../../../src/linalg/wasm/heap.ts';
import { DEFAULT_TRAIN_OPTIONS, packBlocks, randomInit, trainFrom, unpackBlocks } from '../../../src/train/train.ts';

const regime = { K: 4, classSizes: [3, 1, 2, 4], d: 5, lambdaW: 0.02, lambdaH: 0.01, lambdaB: 0.3 };
const blocks = mseUfm.blocks(regime);
const metric = blocks.map((b) => b.metric);
const sizes = blocks.map((b) => b.rows * b.cols);
const random = (seed: number) => packBlocks(randomInit(mseUfm, regime, createRng(seed), 1));

/** cpu-f64 that counts live tensors: every op creates one, dispose releases it. */
function countingBackend(): { backend: Backend<Mat>; live: () => number } {
  const alive = new Set<Mat>();
  const track = (m: Mat): Mat => (alive.add(m), m);
  const wrapped = Object.fromEntries(
    Object.entries(cpuF64).map(([k, v]) =>
      typeof v === 'function' && !['download', 'shape', 'sumSquares', 'dot', 'allFinite', 'dispose'].includes(k)
        ? [k, (...args: unknown[]) => track((v as (...a: unknown[]) => Mat)(...args))]
        : [k, v],
    ),
  ) as unknown as Backend<Mat>;
  const tidy = <R>(fn: () => R, keep: (r: R) => readonly Mat[]): R => {
    const before = new Set(alive);
    const result = fn();
    const kept = new Set(keep(result));
    for (const t of [...alive]) if (!before.has(t) && !kept.has(t)) alive.delete(t);
    return result;
  };
  return { backend: { ...wrapped, dispose: (t) => void alive.delete(t), tidy }, live: () => alive.size };
}

describe('vector spaces', () => {
  it.each(['javascript', 'wasm'])('the %s flat space\'s fused L-BFGS kernels equal the generic composition of its operations', (kind) => {
    const space = kind === 'wasm' ? wasmFlatSpace(wasmHeap()!, sizes, metric) : flatSpace(sizes, metric);
    const random = (seed: number) => {
      const v = space.take();
      v.set(packBlocks(randomInit(mseUfm, regime, createRng(seed), 1)));
      return v;
    };
    const generic: VectorSpace<Float64Array> = { ...space, fused: undefined };
    const pairs: CorrectionPair<Float64Array>[] = [1, 2, 3].map((s) => ({ s: random(s), y: random(s + 10), rho: 1 / (s + 0.5) }));
    const g = random(99);
    const { direction: fast, slope } = space.fused!.direction(g, pairs, 0.7);
    // Reference: the textbook two-loop recursion with ordinary operations.
    let q: Float64Array = generic.axpy(0, g, g);
    const alphas: number[] = [];
    for (let i = pairs.length - 1; i >= 0; i--) {
      alphas[i] = pairs[i].rho * generic.dot(pairs[i].s, q);
      q = generic.axpy(-alphas[i], pairs[i].y, q);
    }
    let r = generic.scaleMetric(q, 0.7);
    for (let i = 0; i < pairs.length; i++) r = generic.axpy(alphas[i] - pairs[i].rho * generic.dot(pairs[i].y, r), pairs[i].s, r);
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
    const scale = Math.max(...Array.from(r, Math.abs));
    fast.forEach((v, i) => expect(Math.abs(v + r[i])).toBeLessThanOrEqual(1e-12 * scale));
    // Where the fused pass gives the slope, it has the bits of the dot product lbfgs would take.
    if (slope !== undefined) expect(Object.is(slope, space.dot(g, fast))).toBe(true);

    const pair = space.fused!.pair(random(5), random(6), random(7), random(8));
    const s = generic.axpy(-1, random(6), random(5));
    const y = generic.axpy(-1, random(8), random(7));
    expect(Array.from(pair.s)).toEqual(Array.from(s));
    expect(Array.from(pair.y)).toEqual(Array.from(y));
    space.dispose();
    close(pair.sy, generic.dot(s, y));
    close(pair.ss, generic.dot(s, s));
    close(pair.yy, generic.dot(y, y));
    close(pair.yPy, generic.metricDot(y, y));
    close(generic.metricNorm(y) ** 2, pair.yPy);
  });

  it.each(['wasm-simd', 'wasm-fma', 'wasm-par'] as const)(
    "%s: the direction's fused slope has the bits of dot(g, d), for every tail length and block split",
    (path) => {
      const heap = createWasmHeap(path, 1);
      if (heap === undefined) return; // an engine without this path (wasm-fma falls back elsewhere)
      // Block sizes with every remainder mod 4 (the kernels' lane tails), and a vector over several
      // of wasm-par's chunks.
      for (const blockSizes of [[1], [2], [3], [5, 7], [4 * 1031 + 1, 6, 2050], [3 * CHUNK + 17, 5, CHUNK]]) {
        const space = path === 'wasm-par' ? chunkedWasmFlatSpace(heap, blockSizes, blockSizes.map((_, b) => 1 + b)) : wasmFlatSpace(heap, blockSizes, blockSizes.map((_, b) => 1 + b));
        let seed = 1;
        const vec = (): Float64Array => {
          const v = space.take();
          for (let i = 0; i < v.length; i++) v[i] = Math.sin(seed++ * 0.731) * 10 ** ((i * 7) % 9 - 4);
          return v;
        };
        for (const m of [0, 1, 3]) {
          const pairs: CorrectionPair<Float64Array>[] = Array.from({ length: m }, (_, i) => ({ s: vec(), y: vec(), rho: 1 / (i + 1.5) }));
          const g = vec();
          const { direction, slope } = space.fused!.direction(g, pairs, 0.7);
          if (m === 0) expect(slope).toBeUndefined();
          else expect(Object.is(slope, space.dot(g, direction)), `${blockSizes}, m = ${m}`).toBe(true);
        }
        space.dispose();
      }
      void heap.close();
    },
  );

  it('the block-order flat space (fused kernels or not) trains bit for bit as the block space on cpu-f64', () => {
    // The same per-kernel objective in both spaces: only the spaces' arithmetic can differ, and must not.
    const objective = mseUfm.objective(cpuF64, regime);
    const options = { gradientTolerance: 1e-13, maxIterations: 150, traceEvery: 5 };
    const x0 = random(21);
    const bits = (x: Float64Array | number[]): string => Buffer.from(Float64Array.from(x).buffer).toString('hex');
    const run = (r: { params: Float64Array; loss: number; gradNorm: number; iterations: number; evaluations: number; status: string; trace: { loss: number; gradNorm: number }[] }) => ({
      params: bits(r.params),
      loss: bits([r.loss, r.gradNorm]),
      counts: [r.status, r.iterations, r.evaluations],
      trace: r.trace.map((t) => bits([t.loss, t.gradNorm])),
    });
    const blockRun = lbfgs(blockSpace(cpuF64, metric), blockObjective(cpuF64, objective), unpackBlocks(x0, blocks), options);
    const reference = run({ ...blockRun, params: packBlocks(blockRun.params) });
    const f = (x: Float64Array) => {
      const r = objective.lossAndGradient(unpackBlocks(x, blocks));
      return { loss: r.loss, gradient: packBlocks(r.gradient) };
    };
    for (const fused of [true, false]) {
      const space = blockOrderFlatSpace(sizes, metric);
      const x = space.take();
      x.set(x0);
      expect(run(lbfgs(fused ? space : { ...space, fused: undefined }, f, x, options))).toEqual(reference);
    }
    // A one-pass flat space sums differently: the comparison above can tell the difference.
    const onePass = flatSpace(sizes, metric);
    const x = onePass.take();
    x.set(x0);
    expect(run(lbfgs(onePass, f, x, options))).not.toEqual(reference);
  });

  it('the wasm and JavaScript flat paths train to the same minimum, and the wasm heap is returned afterwards', () => {
    const heap = wasmHeap()!;
    const before = heap.inUse();
    const init = unpackBlocks(random(6), blocks);
    const wasm = trainFrom(cpuF64, mseUfm, regime, DEFAULT_TRAIN_OPTIONS, init);
    expect(heap.inUse()).toBe(before);
    process.env.NC_CHECK_NO_WASM = '1';
    try {
      const js = trainFrom(cpuF64, mseUfm, regime, DEFAULT_TRAIN_OPTIONS, init);
      expect(wasm.status).toBe('converged');
      expect(js.status).toBe('converged');
      expect(Math.abs(wasm.loss - js.loss)).toBeLessThanOrEqual(1e-13);
      expect(Math.abs(wasm.iterations - js.iterations)).toBeLessThanOrEqual(10);
    } finally {
      delete process.env.NC_CHECK_NO_WASM;
    }
  });

  it('the fused objective gives the same loss and gradient on wasm-heap vectors as on plain arrays', () => {
    const heap = wasmHeap()!;
    const objective = mseUfm.objective(cpuF64, regime).flat!;
    const x = random(9);
    const g = new Float64Array(x.length);
    const loss = objective.evaluate(x, g);
    const [xh, gh] = [heap.alloc(x.length), heap.alloc(x.length)];
    xh.set(x);
    expect(Math.abs(objective.evaluate(xh, gh) - loss)).toBeLessThanOrEqual(1e-14 * Math.max(1, loss));
    gh.forEach((v, i) => expect(Math.abs(v - g[i])).toBeLessThanOrEqual(1e-13));
    objective.dispose?.();
    heap.free(xh);
    heap.free(gh);
  });

  it('flat (fused) and block (kernel by kernel) training reach the same certified minimum', () => {
    for (const optimizer of ['lbfgs', 'gd'] as const) {
      const init = unpackBlocks(random(3), blocks);
      const options = { ...DEFAULT_TRAIN_OPTIONS, optimizer, gradientTolerance: 1e-11 };
      const flat = trainFrom(cpuF64, mseUfm, regime, options, init);
      const { backend } = countingBackend(); // float64 but no fused kernel: the block path
      const block = trainFrom({ ...backend, dtype: 'float64' }, { ...mseUfm, objective: (b, r) => ({ ...mseUfm.objective(b, r), flat: undefined }) }, regime, options, init);
      expect(flat.status).toBe('converged');
      expect(block.status).toBe('converged');
      expect(Math.abs(flat.loss - block.loss)).toBeLessThanOrEqual(1e-12);
      if (optimizer === 'lbfgs') expect(Math.abs(flat.iterations - block.iterations)).toBeLessThanOrEqual(10);
    }
  });

  it('optimizers release every tensor they create (no leak per iteration on tfjs-like backends)', () => {
    const { backend, live } = countingBackend();
    const objective = mseUfm.objective(backend, regime);
    const before = live(); // the objective's label matrix
    for (const minimize of [lbfgs, gd]) {
      const x0 = unpackBlocks(random(4), blocks).map((m) => backend.upload(m));
      const r = minimize(blockSpace(backend, metric), blockObjective(backend, objective), x0, { gradientTolerance: 1e-10, maxIterations: 300 });
      expect(r.iterations).toBeGreaterThan(10);
      expect(live()).toBe(before + r.params.length);
      r.params.forEach((t) => backend.dispose(t));
    }
    objective.dispose();
    expect(live()).toBe(0);
  });

  it('the flat pool stays bounded over a whole run', () => {
    const space = flatSpace(sizes, metric);
    const arrays = new Set<Float64Array>();
    const counting = { ...space, take: () => { const v = space.take(); arrays.add(v); return v; } };
    const f = flatSpaceObjective(counting, mseUfm.objective(cpuF64, regime).flat!);
    const r = lbfgs(space, f, random(5), { gradientTolerance: 1e-12, maxIterations: 500 });
    expect(r.status).toBe('converged');
    expect(r.evaluations).toBeGreaterThan(50);
    // Gradients come from a pool recycled across iterations: a handful of distinct arrays, not one per evaluation.
    expect(arrays.size).toBeLessThan(40);
  });
});

describe('float32 → float64 refinement (Backend.warmStart)', () => {
  it('trains on the float32 backend first, then certifies in float64 from there', async () => {
    const { refiningBackend } = await import('../../../src/backend/registry.ts');
    const refine = await refiningBackend('wasm');
    expect([refine.name, refine.dtype]).toEqual(['wasm+f64', 'float64']);
    const reg = { K: 4, n: 3, d: 6, lambdaW: 0.02, lambdaH: 0.01 };
    const init = randomInit(mseUfm, reg, createRng(8), 0.5);
    const r = trainFrom(refine, mseUfm, reg, DEFAULT_TRAIN_OPTIONS, init);
    const direct = trainFrom(cpuF64, mseUfm, reg, DEFAULT_TRAIN_OPTIONS, init);
    expect(r.status).toBe('converged');
    expect(r.gradNorm).toBeLessThanOrEqual(1e-13 * Math.max(1, r.loss)); // the float64 certificate, not float32's
    expect(r.warmStart).toMatchObject({ backend: 'wasm', status: 'converged' });
    expect(r.iterations).toBeGreaterThan(r.warmStart!.iterations);
    expect(r.reason).toMatch(/after \d+ iterations on wasm: converged/);
    expect(Math.abs(r.loss - direct.loss)).toBeLessThanOrEqual(1e-12);
    // A float32 phase that produces non-finite parameters is discarded: float64 restarts from the initialization.
    const broken = { ...refine, warmStart: { ...refine.warmStart!, name: 'broken', dtype: 'float64' as const } };
    const nanModel = { ...mseUfm, objective: <T,>(b: Parameters<typeof mseUfm.objective<T>>[0], rr: Parameters<typeof mseUfm.objective<T>>[1]) => (b === broken.warmStart ? { ...mseUfm.objective(b, rr), flat: { size: 0, evaluate: () => Number.NaN } } : mseUfm.objective(b, rr)) };
    const recovered = trainFrom(broken, nanModel, reg, DEFAULT_TRAIN_OPTIONS, init);
    expect(recovered.warmStart?.status).toBe('diverged');
    expect(recovered.status).toBe('converged');
  });
});
