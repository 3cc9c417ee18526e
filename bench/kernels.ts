// `npm run bench:kernels [-- --json]`: GFLOP/s of every float64 kernel path
// (wasm-fma, wasm-xn, wasm-simd, js; see src/linalg/wasm/heap.ts) on the hot kernels of
// training, next to numpy's on the same shapes — the fused MSE loss-and-gradient
// (6·K·d·N flops per evaluation), the products alone, and the L-BFGS two-loop
// direction pass (m = 10 pairs, 8·m·size flops). One thread each; numpy with
// OPENBLAS_NUM_THREADS=1; CPU time on both sides. Then the wasm-par path's direction on
// one thread and on its kernel threads (wall time: CPU time would count every thread).
// bench/run.ts includes the same tables in reports/bench.md.
// A benchmark, never a test: nothing here asserts a time.
import { spawnSync } from 'node:child_process';
import { gemmNT } from '../src/linalg/gemm.ts';
import { createWasmHeap, DEFAULT_KERNEL_PATH, type KernelPath, type WasmHeap } from '../src/linalg/wasm/heap.ts';
import { kernelThreadCount } from '../src/linalg/wasm/kernel-threads.ts';
import { mseFusedFlops, mseFusedObjective } from '../src/models/ufm-mse-fused.ts';
import { flatSpace, type FlatSpace } from '../src/train/space.ts';
import { wasmFlatSpace } from '../src/train/space-wasm.ts';
import { chunkedWasmFlatSpace } from '../src/train/space-wasm-chunked.ts';

export interface KernelShape {
  readonly name: string;
  readonly K: number;
  readonly d: number;
  readonly N: number;
}

/** The benchmark tiers' shapes, K·d·N from 6.4e4 to 5.1e7 (the issue's target is K·d·N ≥ 1e6). */
export const KERNEL_SHAPES: readonly KernelShape[] = [
  { name: 'small-10x64', K: 10, d: 64, N: 100 },
  { name: 'medium-20x128', K: 20, d: 128, N: 500 },
  { name: 'large-50x256', K: 50, d: 256, N: 1000 },
  { name: 'large-100x512', K: 100, d: 512, N: 1000 },
];

export interface KernelRow {
  readonly shape: string;
  readonly K: number;
  readonly d: number;
  readonly N: number;
  /** GFLOP/s of the fused loss-and-gradient per path; null where the engine cannot run the path. */
  readonly lossAndGradient: Record<KernelPath, number | null>;
  /** GFLOP/s of the L-BFGS direction pass (vector size K·d + d·N). */
  readonly lbfgsDirection: Record<KernelPath, number | null>;
  /** numpy's loss-and-gradient (same formulas, one thread), GFLOP/s; null without numpy. */
  readonly numpyLossAndGradient: number | null;
  /** The same two-loop direction with scipy's BLAS ddot/daxpy in place, GFLOP/s; null without scipy. */
  readonly numpyLbfgsDirection: number | null;
  /** wasm-par's direction (chunked passes), GFLOP/s of wall time on one thread and on `parThreads`. */
  readonly parDirectionOneThread: number | null;
  readonly parDirectionThreads: number | null;
}

export interface KernelReport {
  readonly defaultPath: KernelPath;
  readonly gemm256: Record<KernelPath, number | null>;
  readonly numpyGemm256: number | null;
  readonly rows: KernelRow[];
  /** The kernel threads wasm-par's threaded column ran on (this machine's default). */
  readonly parThreads: number;
}

const PATHS: readonly KernelPath[] = ['wasm-fma', 'wasm-xn', 'wasm-simd', 'js'];

/** CPU seconds of this process (user + system): on a shared machine, time slices given to other processes do not count. */
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Wall-clock seconds (for work spread over threads, whose CPU time would add up). */
export const wallSeconds = (): number => performance.now() / 1000;

/**
 * Best-of-`batches` CPU seconds per call of fn, each batch running at least `minSeconds` of CPU.
 * CPU time rather than wall time, so a loaded machine slows the figures less (caches and the
 * memory bus are still shared); numpy's side measures the same way (time.process_time).
 * `clock` = wallSeconds times threaded work.
 */
export function timePerCall(fn: () => void, minSeconds = 0.15, batches = 5, clock: () => number = cpuSeconds): number {
  fn();
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    let calls = 0;
    const t0 = clock();
    let t = t0;
    do {
      fn();
      calls++;
      t = clock();
    } while (t - t0 < minSeconds);
    best = Math.min(best, (t - t0) / calls);
  }
  return best;
}

export const fillSin = (v: Float64Array, seed: number): Float64Array => {
  for (let i = 0; i < v.length; i++) v[i] = 0.5 * Math.sin(seed + 1.37 * i);
  return v;
};

function heapFor(path: KernelPath): WasmHeap | undefined | null {
  if (path === 'js') return undefined;
  return createWasmHeap(path) ?? null;
}

function lossAndGradientGflops(path: KernelPath, s: KernelShape): number | null {
  const heap = heapFor(path);
  if (heap === null) return null;
  const classSizes = Array.from({ length: s.K }, (_, k) => Math.floor(s.N / s.K) + (k < s.N % s.K ? 1 : 0));
  const f = mseFusedObjective({ K: s.K, d: s.d, classSizes, lambdaW: 0.01, lambdaH: 0.01 }, heap);
  const alloc = (n: number): Float64Array => (heap === undefined ? new Float64Array(n) : heap.alloc(n));
  const x = fillSin(alloc(f.size), 1);
  const g = alloc(f.size);
  const seconds = timePerCall(() => void f.evaluate(x, g));
  f.dispose?.();
  if (heap !== undefined) [x, g].forEach((v) => heap.free(v));
  return mseFusedFlops(s.K, s.d, s.N) / seconds / 1e9;
}

/** GFLOP/s of a space's fused L-BFGS direction (m = 10 pairs), timed on `clock`. */
function directionRate(space: FlatSpace, size: number, clock: () => number = cpuSeconds): number {
  const m = 10;
  const pairs = Array.from({ length: m }, (_, i) => ({ s: fillSin(space.take(), 2 * i), y: fillSin(space.take(), 2 * i + 1), rho: 0.1 }));
  const g = fillSin(space.take(), 99);
  const seconds = timePerCall(() => space.release(space.fused!.direction(g, pairs, 0.7).direction), 0.15, 5, clock);
  space.dispose();
  // Two loops of m fused passes, each a dot and an axpy over the vector: 4 flops per element per pass.
  return (8 * m * size) / seconds / 1e9;
}

function directionGflops(path: KernelPath, s: KernelShape): number | null {
  const heap = heapFor(path);
  if (heap === null) return null;
  const sizes = [s.K * s.d, s.d * s.N];
  const metric = [s.K, s.N];
  return directionRate(heap === undefined ? flatSpace(sizes, metric) : wasmFlatSpace(heap, sizes, metric), sizes[0] + sizes[1]);
}

/** wasm-par's direction on `threads` kernel threads, GFLOP/s of wall time, once its helpers are ready. */
function parDirectionGflops(s: KernelShape, threads: number): number | null {
  const heap = createWasmHeap('wasm-par', threads);
  if (heap === undefined) return null;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; heap.kernelThreadStats().readyHelpers < threads - 1 && waited < 5000; waited += 10) Atomics.wait(pause, 0, 0, 10);
  const sizes = [s.K * s.d, s.d * s.N];
  const rate = directionRate(chunkedWasmFlatSpace(heap, sizes, [s.K, s.N]), sizes[0] + sizes[1], wallSeconds);
  void heap.close();
  return rate;
}

function gemmGflops(path: KernelPath, n = 256): number | null {
  const heap = heapFor(path);
  if (heap === null) return null;
  const alloc = (len: number): Float64Array => (heap === undefined ? new Float64Array(len) : heap.alloc(len));
  const [A, B, C] = [fillSin(alloc(n * n), 1), fillSin(alloc(n * n), 2), alloc(n * n)];
  const product = heap === undefined ? () => gemmNT(A, B, C, n, n, n) : () => heap.kernels.gemmNT(A, B, C, n, n, n);
  const seconds = timePerCall(product, 0.1, 5);
  if (heap !== undefined) [A, B, C].forEach((v) => heap.free(v));
  return (2 * n ** 3) / seconds / 1e9;
}

const NUMPY_KERNELS = `
import json, sys, time
import numpy as np
shapes = json.loads(sys.argv[1])
def best(fn, min_s=0.15, batches=5):
    fn(); out = float('inf')
    for _ in range(batches):
        calls = 0; t0 = time.process_time()
        while True:
            fn(); calls += 1; t = time.process_time()
            if t - t0 >= min_s: break
        out = min(out, (t - t0) / calls)
    return out
res = {}
n = 256
a = np.random.rand(n, n); b = np.random.rand(n, n)
res['gemm256'] = 2 * n**3 / best(lambda: a @ b.T) / 1e9
rows = []
for s in shapes:
    K, d, N = s['K'], s['d'], s['N']
    W = np.sin(np.arange(K * d)).reshape(K, d) * 0.5; H = np.cos(np.arange(d * N)).reshape(d, N) * 0.5
    Y = np.zeros((K, N)); Y[np.arange(N) * K // N, np.arange(N)] = 1.0
    def lg():
        R = W @ H - Y
        loss = (R * R).sum() / (2 * N) + 0.005 * (W * W).sum() + 0.005 * (H * H).sum()
        gW = R @ H.T / N + 0.01 * W
        gH = W.T @ R / N + 0.01 * H
        return loss
    rows.append(6 * K * d * N / best(lg) / 1e9)
res['lossAndGradient'] = rows
# The L-BFGS two-loop direction (m = 10 pairs), the same recursion as nc-check's fused pass, in the
# fastest Python route: BLAS ddot/daxpy in place (scipy.linalg.blas), no temporaries.
try:
    from scipy.linalg.blas import ddot, daxpy
except ImportError:
    ddot = daxpy = None
direction = []
for s in shapes:
    if ddot is None:
        direction.append(None); continue
    K, d, N = s['K'], s['d'], s['N']
    size = K * d + d * N
    m = 10
    S = [0.5 * np.sin(2 * i + 1.37 * np.arange(size)) for i in range(m)]
    Yp = [0.5 * np.sin(2 * i + 1 + 1.37 * np.arange(size)) for i in range(m)]
    rho = [0.1] * m
    g = 0.5 * np.sin(99 + 1.37 * np.arange(size))
    P = np.concatenate([np.full(K * d, float(K)), np.full(d * N, float(N))])
    q = np.empty(size); gP = -0.7 * P
    def two_loop():
        q[:] = g
        alphas = [0.0] * m
        for i in range(m - 1, -1, -1):
            a = rho[i] * ddot(S[i], q); alphas[i] = a
            daxpy(Yp[i], q, a=-a)
        np.multiply(q, gP, out=q)
        for i in range(m):
            b = rho[i] * ddot(Yp[i], q)
            daxpy(S[i], q, a=-alphas[i] - b)
        return q
    direction.append(8 * m * size / best(two_loop) / 1e9)
res['lbfgsDirection'] = direction
print(json.dumps(res))
`;

interface NumpyKernels {
  readonly gemm256: number;
  readonly lossAndGradient: number[];
  readonly lbfgsDirection: (number | null)[];
}

function numpyKernels(shapes: readonly KernelShape[]): NumpyKernels | undefined {
  const r = spawnSync('python3', ['-c', NUMPY_KERNELS, JSON.stringify(shapes)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    timeout: 600_000,
  });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout) as NumpyKernels;
}

export function measureKernels(shapes: readonly KernelShape[] = KERNEL_SHAPES, log: (s: string) => void = () => {}): KernelReport {
  const np = numpyKernels(shapes);
  const perPath = <R>(fn: (p: KernelPath) => R): Record<KernelPath, R> =>
    Object.fromEntries(PATHS.map((p) => [p, fn(p)])) as Record<KernelPath, R>;
  const parThreads = kernelThreadCount();
  log('kernels: gemm 256³');
  const gemm256 = perPath((p) => gemmGflops(p));
  const rows = shapes.map((s, i): KernelRow => {
    log(`kernels: ${s.name}`);
    return {
      shape: s.name,
      K: s.K,
      d: s.d,
      N: s.N,
      lossAndGradient: perPath((p) => lossAndGradientGflops(p, s)),
      lbfgsDirection: perPath((p) => directionGflops(p, s)),
      numpyLossAndGradient: np?.lossAndGradient[i] ?? null,
      numpyLbfgsDirection: np?.lbfgsDirection[i] ?? null,
      parDirectionOneThread: parDirectionGflops(s, 1),
      parDirectionThreads: parThreads > 1 ? parDirectionGflops(s, parThreads) : null,
    };
  });
  return { defaultPath: DEFAULT_KERNEL_PATH, gemm256, numpyGemm256: np?.gemm256 ?? null, rows, parThreads };
}

const f1 = (v: number | null): string => (v === null ? '—' : v.toFixed(1));
const pct = (v: number | null, ref: number | null): string => (v === null || ref === null ? '—' : `${Math.round((100 * v) / ref)} %`);
const cells = (r: Record<KernelPath, number | null>): string => PATHS.map((p) => f1(r[p])).join(' | ');
const bestOf = (r: Record<KernelPath, number | null>): number | null => {
  const rates = PATHS.map((p) => r[p]).filter((v): v is number => v !== null);
  return rates.length === 0 ? null : Math.max(...rates);
};

export function kernelMarkdown(k: KernelReport): string {
  const lines = [
    `Kernel paths (GFLOP/s, float64, one thread; the default path is ${k.defaultPath}, NC_CHECK_KERNELS selects another):`,
    '',
    '| kernel | shape | K·d·N | wasm-fma | wasm-xn | wasm-simd | js | numpy (1 thread) | default path / numpy | best path / numpy |',
    '|---|---|---|---|---|---|---|---|---|---|',
    `| product C = A Bᵀ | 256³ | — | ${cells(k.gemm256)} | ${f1(k.numpyGemm256)} | ${pct(k.gemm256[k.defaultPath], k.numpyGemm256)} | ${pct(bestOf(k.gemm256), k.numpyGemm256)} |`,
  ];
  for (const r of k.rows) {
    lines.push(
      `| MSE loss-and-gradient | ${r.shape} (K=${r.K}, d=${r.d}, N=${r.N}) | ${(r.K * r.d * r.N).toExponential(1)} | ${cells(r.lossAndGradient)} | ${f1(r.numpyLossAndGradient)} | ${pct(r.lossAndGradient[k.defaultPath], r.numpyLossAndGradient)} | ${pct(bestOf(r.lossAndGradient), r.numpyLossAndGradient)} |`,
    );
  }
  for (const r of k.rows) {
    lines.push(
      `| L-BFGS direction (m = 10) | ${r.shape} (size ${r.K * r.d + r.d * r.N}) | — | ${cells(r.lbfgsDirection)} | ${f1(r.numpyLbfgsDirection)} | ${pct(r.lbfgsDirection[k.defaultPath], r.numpyLbfgsDirection)} | ${pct(bestOf(r.lbfgsDirection), r.numpyLbfgsDirection)} |`,
    );
  }
  lines.push(
    '',
    "numpy's L-BFGS direction is the same two-loop recursion with scipy's BLAS `ddot`/`daxpy` in place (the fastest Python route: no temporaries), two passes per pair where nc-check fuses each axpy with the next dot.",
    '',
    `The wasm-par path's L-BFGS direction (passes in fixed chunks; from 65,536 elements on two threads they split over the kernel threads), GFLOP/s of wall time:`,
    '',
    `| shape | size | 1 thread | ${k.parThreads} kernel threads | gain | numpy (1 thread) |`,
    '|---|---|---|---|---|---|',
    ...k.rows.map(
      (r) =>
        `| ${r.shape} | ${r.K * r.d + r.d * r.N} | ${f1(r.parDirectionOneThread)} | ${f1(r.parDirectionThreads)} | ${r.parDirectionOneThread === null || r.parDirectionThreads === null ? '—' : `${(r.parDirectionThreads / r.parDirectionOneThread).toFixed(2)}×`} | ${f1(r.numpyLbfgsDirection)} |`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const report = measureKernels(KERNEL_SHAPES, (s) => process.stderr.write(`${s}\n`));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : kernelMarkdown(report));
}
