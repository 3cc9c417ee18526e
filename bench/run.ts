// `npm run bench [-- --quick] [-- --regimes a,b] [-- --reps N] [-- --out DIR] [-- --blas-threads N|default] [-- --no-main-job]`
//
// Trains the regimes of bench/regimes.ts with nc-check and with the two Python
// references of bench/reference/ufm_mse.py (numpy gradient descent, scipy
// L-BFGS-B): same model, same starting point (nc-check's random init, exported
// as JSON), same certificate, each run in its own process, the contenders
// alternating within every repeat. Then (unless --no-main-job) times the main
// job, npm start's command, for its regimes per second (bench/main-job.ts).
// Prints and writes reports/bench.{json,md}. A benchmark, never a test: nothing here asserts a time.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gemmNT } from '../src/linalg/gemm.ts';
import { createWasmHeap, PAR_MIN_BLOCK_WORK, requestedKernelPath } from '../src/linalg/wasm/heap.ts';
import { kernelThreadCount, MIN_BLOCK_WORK, MIN_PASS_ELEMENTS } from '../src/linalg/wasm/kernel-threads.ts';
import { CHUNK } from '../src/train/space-wasm-chunked.ts';
import { mseFusedFlops } from '../src/models/ufm-mse-fused.ts';
import { benchJob, SHAPE_WARM_UP_ITERATIONS, WARM_UP_RUNS, WARM_UP_SECONDS } from './job.ts';
import { mainJobMarkdown, measureMainJob, type MainJobFigures } from './main-job.ts';
import { kernelMarkdown, measureKernels } from './kernels.ts';
import { kernelPath } from '../src/linalg/wasm/heap.ts';
import { BENCH_REGIMES, SCALING_REGIMES, type BenchRegime } from './regimes.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PY = join(ROOT, 'bench', 'reference', 'ufm_mse.py');

interface Options {
  quick: boolean;
  reps: number;
  out: string;
  blasThreads: string;
  gtol: number;
  milestoneGtol: number;
  seed: number;
  scaling: boolean;
  /** Also time the main job (npm start's command) and report its regimes per second. */
  mainJob: boolean;
  /** Only these regimes (names), when given. */
  only?: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, reps: 3, out: join(ROOT, 'reports'), blasThreads: '1', gtol: 1e-13, milestoneGtol: 1e-9, seed: 1, scaling: true, mainJob: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--reps') o.reps = Number(argv[++i]);
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--blas-threads') o.blasThreads = argv[++i];
    else if (a === '--gtol') o.gtol = Number(argv[++i]);
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--no-scaling') o.scaling = false;
    else if (a === '--no-main-job') o.mainJob = false;
    else if (a === '--regimes') o.only = argv[++i].split(',');
    else throw new Error(`bench: unknown option ${a} (--quick, --regimes a,b, --reps N, --out DIR, --blas-threads N|default, --gtol T, --seed S, --no-scaling, --no-main-job)`);
  }
  if (!(o.reps >= 1)) throw new Error('bench: --reps expects a positive integer');
  return o;
}

interface RunResult {
  method: string;
  status: string;
  iterations: number;
  evaluations: number;
  loss: number;
  gradNorm: number;
  seconds: number;
  maxRssBytes: number;
  restarts?: number;
  milestoneSeconds?: number | null;
  /** nc-check: the kernel path that ran (src/linalg/wasm/heap.ts). */
  kernelPath?: string;
  /** nc-check: threads a product could use, and the column blocks helper threads computed (kernel-threads.ts). */
  kernelThreads?: number;
  helperBlocks?: number;
  /** Times the kernel threads stopped splitting for a while because it did not pay (splitGovernor). */
  backOffs?: number;
}

type Contender = 'ncCheck' | 'ncCheckOneThread' | 'ncCheckPar' | 'ncCheckXn' | 'ncCheckFma' | 'ncCheckRefined' | 'numpyGd' | 'scipyLbfgs';

function runChild(cmd: string, args: string[], input: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 1_800_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as RunResult;
}

function runContender(c: Contender, job: string, o: Options): RunResult {
  if (c === 'ncCheck') return runChild(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'nc-check-job.ts'), 'cpu-f64'], job);
  if (c === 'ncCheckOneThread') return runChild(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'nc-check-job.ts'), 'cpu-f64'], job, { NC_CHECK_KERNEL_THREADS: '1' });
  if (c === 'ncCheckPar') return runChild(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'nc-check-job.ts'), 'cpu-f64'], job, { NC_CHECK_KERNELS: 'wasm-par' });
  if (c === 'ncCheckXn') return runChild(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'nc-check-job.ts'), 'cpu-f64'], job, { NC_CHECK_KERNELS: 'wasm-xn' });
  if (c === 'ncCheckFma') return runChild(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'nc-check-job.ts'), 'cpu-f64'], job, { NC_CHECK_KERNELS: 'wasm-fma' });
  if (c === 'ncCheckRefined') return runChild(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'nc-check-job.ts'), 'wasm+f64'], job);
  const threads: NodeJS.ProcessEnv = o.blasThreads === 'default' ? {} : { OPENBLAS_NUM_THREADS: o.blasThreads, OMP_NUM_THREADS: o.blasThreads };
  return runChild('python3', [PY, c === 'numpyGd' ? 'gd' : 'lbfgsb'], job, threads);
}

function python(code: string, env: NodeJS.ProcessEnv = {}): string | undefined {
  const r = spawnSync('python3', ['-c', code], { encoding: 'utf8', env: { ...process.env, ...env } });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Best-of-12 GFLOP/s of nc-check's float64 product on 256×256 operands: WebAssembly SIMD (on `threads` threads), or the JavaScript twin. */
async function gemmPeak(kind: 'wasm' | 'js', threads = 1): Promise<number | null> {
  const n = 256;
  const path = requestedKernelPath();
  const heap = kind === 'wasm' && path !== 'js' ? createWasmHeap(path, threads) : undefined;
  if (kind === 'wasm' && heap === undefined) return null;
  const alloc = (len: number): Float64Array => (kind === 'wasm' ? heap!.alloc(len) : new Float64Array(len));
  const [A, B, C] = [alloc(n * n), alloc(n * n), alloc(n * n)];
  A.forEach((_, i) => (A[i] = Math.sin(i)));
  B.forEach((_, i) => (B[i] = Math.cos(i)));
  const product = kind === 'wasm' ? heap!.kernels.gemmNT : gemmNT;
  product(A, B, C, n, n, n);
  // Let the kernel threads start (they start on the first product large enough to split).
  for (let waited = 0; heap !== undefined && heap.kernelThreadStats().readyHelpers < threads - 1 && waited < 5000; waited += 10) {
    await new Promise((r) => setTimeout(r, 10));
  }
  let best = Infinity;
  for (let r = 0; r < 12; r++) {
    const t = performance.now();
    product(A, B, C, n, n, n);
    best = Math.min(best, performance.now() - t);
  }
  await heap?.close();
  return (2 * n ** 3) / (best / 1000) / 1e9;
}

const NUMPY_PEAK = `
import numpy as np, time
n = 1024
a = np.random.rand(n, n); b = np.random.rand(n, n)
best = min((lambda t: (a @ b, time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(8))
print(2 * n**3 / best / 1e9)`;

interface RegimeRow {
  name: string;
  tier: string;
  K: number;
  d: number;
  n: number;
  N: number;
  /** Medians over the repeats, seconds of training to the certificate (null: contender skipped). */
  ncCheckSeconds: number;
  numpyGdSeconds: number | null;
  scipyLbfgsSeconds: number | null;
  /** Reference seconds / nc-check seconds: > 1 means nc-check is faster. */
  ratioVsNumpyGd: number | null;
  ratioVsScipy: number | null;
  /** nc-check with float32 → float64 refinement (--backend wasm+f64): also a certified float64 verdict. */
  ncCheckRefinedSeconds: number | null;
  /** nc-check with one kernel thread (NC_CHECK_KERNEL_THREADS=1) and its ratio to scipy. */
  ncCheckOneThreadSeconds: number | null;
  oneThreadRatioVsScipy: number | null;
  /** nc-check on the wasm-par kernel path (chunked passes shared by the kernel threads) and its ratios. */
  ncCheckParSeconds: number | null;
  parRatioVsScipy: number | null;
  parRatioVsNumpyGd: number | null;
  /** nc-check on the wasm-xn and wasm-fma kernel paths (NC_CHECK_KERNELS) and their ratios to scipy and numpy GD. */
  ncCheckXnSeconds: number | null;
  xnRatioVsScipy: number | null;
  xnRatioVsNumpyGd: number | null;
  ncCheckFmaSeconds: number | null;
  fmaRatioVsScipy: number | null;
  refinedRatioVsNumpyGd: number | null;
  refinedRatioVsScipy: number | null;
  /** The same ratios at the looser milestone certificate that every contender reaches. */
  milestoneRatioVsNumpyGd: number | null;
  milestoneRatioVsScipy: number | null;
  /** nc-check's iterations and achieved GFLOP/s (the three products per evaluation). */
  iterations: number;
  gflops: number;
  contenders: Partial<Record<Contender, ContenderSummary>>;
}

interface ContenderSummary {
  seconds: number[];
  medianSeconds: number;
  iterations: number;
  evaluations: number;
  gflops: number;
  peakMemoryMb: number;
  /** Whether every repeat met the certificate; otherwise the statuses and the gradient norm reached. */
  certified: boolean;
  statuses: string[];
  gradNorm: number;
  loss: number;
  restarts?: number;
  /** Median seconds until the looser milestone certificate first held (null: never). */
  milestoneSeconds: number | null;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** 2·10⁶ for 2e6 (a threshold, as the prose around it writes one). */
function powerOfTen(x: number): string {
  const e = Math.floor(Math.log10(x) + 1e-9);
  const mantissa = Number((x / 10 ** e).toPrecision(3));
  const exponent = [...String(e)].map((c) => SUPERSCRIPT[Number(c)]).join('');
  return `${mantissa === 1 ? '' : `${mantissa}·`}10${exponent}`;
}

function summarize(runs: RunResult[], flopsPerEval: number, gtol: number): ContenderSummary {
  const last = runs[runs.length - 1];
  const med = median(runs.map((r) => r.seconds));
  return {
    seconds: runs.map((r) => r.seconds),
    medianSeconds: med,
    iterations: last.iterations,
    evaluations: last.evaluations,
    gflops: (last.evaluations * flopsPerEval) / med / 1e9,
    peakMemoryMb: Math.max(...runs.map((r) => r.maxRssBytes)) / 2 ** 20,
    certified: runs.every((r) => r.gradNorm <= gtol * Math.max(1, Math.abs(r.loss))),
    statuses: [...new Set(runs.map((r) => r.status))],
    gradNorm: last.gradNorm,
    loss: last.loss,
    restarts: last.restarts,
    milestoneSeconds: runs.every((r) => typeof r.milestoneSeconds === 'number') ? median(runs.map((r) => r.milestoneSeconds as number)) : null,
  };
}

function milestoneRatio(ref: ContenderSummary | undefined, nc: ContenderSummary): number | null {
  return ref?.milestoneSeconds == null || nc.milestoneSeconds === null ? null : ref.milestoneSeconds / nc.milestoneSeconds;
}

function benchRegime(r: BenchRegime, o: Options, contenders: Contender[], reps: number, log: (s: string) => void): RegimeRow {
  const job = JSON.stringify(benchJob(r, o.seed, o.gtol, 200_000, o.milestoneGtol));
  const N = r.K * r.n;
  const flops = mseFusedFlops(r.K, r.d, N);
  const runs: Record<Contender, RunResult[]> = { ncCheck: [], ncCheckOneThread: [], ncCheckPar: [], ncCheckXn: [], ncCheckFma: [], ncCheckRefined: [], numpyGd: [], scipyLbfgs: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const c of contenders) {
      const res = runContender(c, job, o);
      runs[c].push(res);
      const threads = res.kernelThreads === undefined ? '' : `, ${res.kernelThreads} kernel thread${res.kernelThreads === 1 ? '' : 's'}${res.kernelThreads > 1 ? ` (${res.helperBlocks ?? 0} helper blocks${(res.backOffs ?? 0) > 0 ? `, ${res.backOffs} back-offs` : ''})` : ''}`;
      log(`  ${r.name} rep ${rep + 1}/${reps} ${c}${res.kernelPath ? ` [${res.kernelPath}${threads}]` : ''}: ${res.seconds.toFixed(3)} s, ${res.iterations} it, ${res.status}, ||∇L||_P = ${res.gradNorm.toExponential(2)}`);
    }
  }
  const summaries: Partial<Record<Contender, ContenderSummary>> = {};
  for (const c of contenders) summaries[c] = summarize(runs[c], flops, o.gtol);
  const nc = summaries.ncCheck!;
  const np = summaries.numpyGd;
  const sp = summaries.scipyLbfgs;
  const rf = summaries.ncCheckRefined;
  const fma = summaries.ncCheckFma;
  const xn = summaries.ncCheckXn;
  const one = summaries.ncCheckOneThread;
  const par = summaries.ncCheckPar;
  return {
    name: r.name,
    tier: r.tier,
    K: r.K,
    d: r.d,
    n: r.n,
    N,
    ncCheckSeconds: nc.medianSeconds,
    numpyGdSeconds: np?.medianSeconds ?? null,
    scipyLbfgsSeconds: sp?.medianSeconds ?? null,
    ratioVsNumpyGd: np === undefined ? null : np.medianSeconds / nc.medianSeconds,
    ratioVsScipy: sp === undefined ? null : sp.medianSeconds / nc.medianSeconds,
    ncCheckRefinedSeconds: rf?.medianSeconds ?? null,
    ncCheckOneThreadSeconds: one?.medianSeconds ?? null,
    oneThreadRatioVsScipy: one === undefined || sp === undefined ? null : sp.medianSeconds / one.medianSeconds,
    ncCheckParSeconds: par?.medianSeconds ?? null,
    parRatioVsScipy: par === undefined || sp === undefined ? null : sp.medianSeconds / par.medianSeconds,
    parRatioVsNumpyGd: par === undefined || np === undefined ? null : np.medianSeconds / par.medianSeconds,
    ncCheckXnSeconds: xn?.medianSeconds ?? null,
    xnRatioVsScipy: xn === undefined || sp === undefined ? null : sp.medianSeconds / xn.medianSeconds,
    xnRatioVsNumpyGd: xn === undefined || np === undefined ? null : np.medianSeconds / xn.medianSeconds,
    ncCheckFmaSeconds: fma?.medianSeconds ?? null,
    fmaRatioVsScipy: fma === undefined || sp === undefined ? null : sp.medianSeconds / fma.medianSeconds,
    refinedRatioVsNumpyGd: rf === undefined || np === undefined ? null : np.medianSeconds / rf.medianSeconds,
    refinedRatioVsScipy: rf === undefined || sp === undefined ? null : sp.medianSeconds / rf.medianSeconds,
    milestoneRatioVsNumpyGd: milestoneRatio(np, nc),
    milestoneRatioVsScipy: milestoneRatio(sp, nc),
    iterations: nc.iterations,
    gflops: nc.gflops,
    contenders: summaries,
  };
}

const fmt = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? '—' : v.toFixed(digits));
const fmtS = (s: ContenderSummary | undefined): string =>
  s === undefined ? '—' : `${s.medianSeconds.toFixed(3)}${s.certified ? '' : ' ✗'}`;

function markdown(meta: Record<string, unknown>, rows: RegimeRow[], scaling: RegimeRow[], notes: string[], mainJob?: MainJobFigures): string {
  const lines: string[] = [];
  lines.push('# nc-check benchmark: time to a certified float64 verdict');
  lines.push('');
  lines.push(`Machine: ${String(meta.cpu)}, ${String(meta.cores)} cores, node ${String(meta.node)}, ${String(meta.python ?? 'no python')}; load average at start ${String(meta.loadAverage)}.`);
  if (mainJob !== undefined) {
    lines.push('');
    lines.push(mainJobMarkdown(mainJob));
  }
  lines.push(
    `Peaks measured in this run (float64 products, GFLOP/s): nc-check ${fmt(meta.wasmGemmPeakGflops as number | null, 1)} (WebAssembly SIMD, 1 thread; ${fmt(meta.wasmGemmPeakGflopsThreads as number | null, 1)} on its ${String(meta.kernelThreads)} kernel threads; its JavaScript fallback ${fmt(meta.jsGemmPeakGflops as number | null, 1)}); numpy ${fmt(meta.numpyPeakGflops1Thread as number | null, 1)} (1 thread), ${fmt(meta.numpyPeakGflops as number | null, 1)} (OpenBLAS default threads).`,
  );
  lines.push(`Kernel path of the nc-check column: ${String(meta.kernelPath)} (NC_CHECK_KERNELS selects another; the wasm-par, wasm-xn and wasm-fma columns run those paths: same optimizer; wasm-xn: products without transposes; wasm-fma: fused multiply-adds; wasm-par: wasm-xn with the vector passes summed in fixed chunks, so that passes and medium products split over the kernel threads).`);
  if (typeof meta.kernelTable === 'string') {
    lines.push('');
    lines.push(meta.kernelTable);
  }
  lines.push('');
  lines.push('**What "certified verdict" means here** (the same for all three): the run stops when');
  lines.push(`‖∇L‖_P = sqrt(K‖∇_W L‖² + N‖∇_H L‖²) ≤ gtol·max(1, |L|) with gtol = ${String(meta.gtol)}, computed`);
  lines.push('in float64 from the analytic gradient at the returned point, on the bias-free TB22-normalized MSE UFM');
  lines.push('L = ‖WH − Y‖²/(2N) + λ_W‖W‖²/(2K) + λ_H‖H‖²/(2N), from the same starting point (nc-check\'s random init,');
  lines.push('N(0, 0.5²), exported to the Python side). Times cover training only (process start-up and I/O excluded on');
  lines.push(`every side; each process first trains a tiny unrelated regime at least ${WARM_UP_RUNS} times and for at least ${WARM_UP_SECONDS} s, so that the`);
  lines.push(`JIT has compiled and installed the optimizer, then the measured shape for ${SHAPE_WARM_UP_ITERATIONS} iterations from another start, untimed —`);
  lines.push('first-touch memory and first-call warm-up, the same on both sides); medians over the');
  lines.push('repeats, contenders alternating within each repeat. ✗ marks a contender that');
  lines.push('did not reach the certificate (its time is then the time until it stopped: a lower bound).');
  lines.push('');
  lines.push('- **nc-check**: float64 L-BFGS (m = 10) with the block metric P as preconditioner, strong-Wolfe line search');
  lines.push('  with a float-precision-aware sufficient-decrease test; fused loss-and-gradient kernel and L-BFGS passes in');
  lines.push(`  WebAssembly SIMD (f64x2); products of ≥ ${powerOfTen(2 * MIN_BLOCK_WORK)} multiply-adds split by columns over the kernel threads (same bits`);
  lines.push('  for any count; the "1 thread" column is the same run with NC_CHECK_KERNEL_THREADS=1).');
  lines.push(`- **nc-check wasm-par**: the same optimizer with every L-BFGS vector pass cut into fixed chunks of ${CHUNK.toLocaleString('en-US')} elements`);
  lines.push(`  (sums added in chunk order); passes of ≥ ${MIN_PASS_ELEMENTS.toLocaleString('en-US')} elements per thread and products of ≥ ${powerOfTen(PAR_MIN_BLOCK_WORK)} multiply-adds per block shared by the kernel`);
  lines.push(`  threads (${String(meta.kernelThreads)} here), whose helpers stay awake between passes. Its bits do not depend on the thread count; they`);
  lines.push('  differ from the default path\'s in the last places. A two-core result: the references gain nothing from a second');
  lines.push('  BLAS thread on this machine (below), so this is best against best.');
  lines.push('- **nc-check wasm+f64**: the same L-BFGS first in float32 on tfjs-wasm (to its float32 certificate, gtol 1e-6),');
  lines.push('  then finished and certified in float64 on the CPU engine: a certified float64 verdict, reached by refinement.');
  lines.push('- **numpy GD**: full-batch gradient descent on P∇L with the safe adaptive step (try twice the last step, halve');
  lines.push('  until Armijo holds); the published UFM experiments use a fixed learning rate, which would need tuning per');
  lines.push('  regime and diverges at large K.');
  lines.push(`- **scipy L-BFGS-B**: \`minimize(method='L-BFGS-B', jac=True)\`, maxcor = 10, in the coordinates z = P^(-1/2)x`);
  lines.push('  (so its Euclidean gradient norm is ‖∇L‖_P), its own stopping tests switched off and a callback that stops on');
  lines.push('  the certificate; restarted from where it stopped when its line search gives up (while restarts still make progress).');
  lines.push(`- Threads: nc-check's products use ${String(meta.kernelThreads)} kernel thread(s) (its default here; only products of ≥ ${powerOfTen(2 * MIN_BLOCK_WORK)} multiply-adds split, so the small and medium tiers run on one); the references run with OPENBLAS_NUM_THREADS = ${String(meta.blasThreads)} (\`--blas-threads\`). Compare like with like: the "1 thread" columns against the references on one thread.`);
  lines.push('  One thread is the default because on this shared 2-core machine OpenBLAS\'s second thread made L-BFGS-B ~20×');
  lines.push('  slower (thread hand-offs on its many small BLAS calls) and numpy GD up to several times slower whenever another');
  lines.push('  process held a core, while gaining ~15% on an idle machine; both peaks are measured below.');
  lines.push('');
  lines.push('Ratios are reference time / nc-check time (> 1: nc-check faster). GFLOP/s counts the three products of each');
  lines.push('evaluation (6·K·d·N flops) over the median time.');
  lines.push('');
  lines.push('| regime | tier | K | d | N | nc-check s | nc-check 1 thread s | nc-check wasm-par s | nc-check wasm-xn s | nc-check wasm-fma s | nc-check wasm+f64 s | numpy GD s | scipy L-BFGS-B s | × vs numpy GD | × vs scipy | 1 thread: × vs scipy | wasm-par: × vs numpy GD | × vs scipy | wasm-xn: × vs scipy | wasm-fma: × vs scipy | wasm+f64: × vs numpy GD | × vs scipy | iterations (nc / GD / scipy) | GFLOP/s (nc / GD / scipy) | peak MB (nc / GD / scipy) |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const c = r.contenders;
    const triple = (f: (s: ContenderSummary) => string): string =>
      [c.ncCheck, c.numpyGd, c.scipyLbfgs].map((s) => (s === undefined ? '—' : f(s))).join(' / ');
    lines.push(
      `| ${r.name} | ${r.tier} | ${r.K} | ${r.d} | ${r.N} | ${fmtS(c.ncCheck)} | ${fmtS(c.ncCheckOneThread)} | ${fmtS(c.ncCheckPar)} | ${fmtS(c.ncCheckXn)} | ${fmtS(c.ncCheckFma)} | ${fmtS(c.ncCheckRefined)} | ${fmtS(c.numpyGd)} | ${fmtS(c.scipyLbfgs)} | ${fmt(r.ratioVsNumpyGd, 2)} | ${fmt(r.ratioVsScipy, 2)} | ${fmt(r.oneThreadRatioVsScipy, 2)} | ${fmt(r.parRatioVsNumpyGd, 2)} | ${fmt(r.parRatioVsScipy, 2)} | ${fmt(r.xnRatioVsScipy, 2)} | ${fmt(r.fmaRatioVsScipy, 2)} | ${fmt(r.refinedRatioVsNumpyGd, 2)} | ${fmt(r.refinedRatioVsScipy, 2)} | ${triple((s) => String(s.iterations))} | ${triple((s) => s.gflops.toFixed(2))} | ${triple((s) => s.peakMemoryMb.toFixed(0))} |`,
    );
  }
  lines.push('');
  lines.push(`At the looser certificate gtol = ${String(meta.milestoneGtol)} (which scipy's line search does reach), seconds until each contender first met it:`);
  lines.push('');
  lines.push('| regime | nc-check s | numpy GD s | scipy L-BFGS-B s | × vs numpy GD | × vs scipy |');
  lines.push('|---|---|---|---|---|---|');
  for (const r of rows) {
    const c = r.contenders;
    lines.push(
      `| ${r.name} | ${fmt(c.ncCheck?.milestoneSeconds)} | ${fmt(c.numpyGd?.milestoneSeconds)} | ${fmt(c.scipyLbfgs?.milestoneSeconds)} | ${fmt(r.milestoneRatioVsNumpyGd, 2)} | ${fmt(r.milestoneRatioVsScipy, 2)} |`,
    );
  }
  const tiers = ['small', 'medium', 'large'];
  lines.push('');
  lines.push('Per tier (median over the tier\'s regimes of the per-regime ratio):');
  lines.push('');
  lines.push('| tier | regimes | median × vs numpy GD | median × vs scipy L-BFGS-B | 1 thread: × vs scipy | wasm-par: × vs numpy GD | × vs scipy | wasm-xn: × vs numpy GD | × vs scipy | wasm-fma: × vs scipy | wasm+f64: × vs numpy GD | × vs scipy | at gtol milestone: × vs numpy GD | × vs scipy |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const t of tiers) {
    const tr = rows.filter((r) => r.tier === t);
    if (tr.length === 0) continue;
    const ratio = (f: (r: RegimeRow) => number | null) => {
      const v = tr.map(f).filter((x): x is number => x !== null);
      return v.length === 0 ? null : median(v);
    };
    lines.push(
      `| ${t} | ${tr.length} | ${fmt(ratio((r) => r.ratioVsNumpyGd), 2)} | ${fmt(ratio((r) => r.ratioVsScipy), 2)} | ${fmt(ratio((r) => r.oneThreadRatioVsScipy), 2)} | ${fmt(ratio((r) => r.parRatioVsNumpyGd), 2)} | ${fmt(ratio((r) => r.parRatioVsScipy), 2)} | ${fmt(ratio((r) => r.xnRatioVsNumpyGd), 2)} | ${fmt(ratio((r) => r.xnRatioVsScipy), 2)} | ${fmt(ratio((r) => r.fmaRatioVsScipy), 2)} | ${fmt(ratio((r) => r.refinedRatioVsNumpyGd), 2)} | ${fmt(ratio((r) => r.refinedRatioVsScipy), 2)} | ${fmt(ratio((r) => r.milestoneRatioVsNumpyGd), 2)} | ${fmt(ratio((r) => r.milestoneRatioVsScipy), 2)} |`,
    );
  }
  if (scaling.length > 0) {
    lines.push('');
    lines.push('## Scaling (K, n doubled, d = 2K): seconds to the certificate');
    lines.push('');
    lines.push('| regime | K | d | N | K·d·N | nc-check s | scipy L-BFGS-B s | nc-check iterations | nc-check s per evaluation | log-log slope vs K·d·N (nc-check) |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    scaling.forEach((r, i) => {
      const work = r.K * r.d * r.N;
      const prev = scaling[i - 1];
      const slope = prev === undefined ? null : Math.log(r.ncCheckSeconds / prev.ncCheckSeconds) / Math.log(work / (prev.K * prev.d * prev.N));
      const nc = r.contenders.ncCheck!;
      lines.push(
        `| ${r.name} | ${r.K} | ${r.d} | ${r.N} | ${work.toExponential(2)} | ${fmtS(nc)} | ${fmtS(r.contenders.scipyLbfgs)} | ${nc.iterations} | ${(nc.medianSeconds / nc.evaluations).toExponential(2)} | ${fmt(slope, 2)} |`,
      );
    });
  }
  if (notes.length > 0) {
    lines.push('');
    lines.push('## Notes');
    lines.push('');
    for (const n of notes) lines.push(`- ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    // A mistyped option is a usage error: one line, exit 2, no stack trace.
    console.error((e as Error).message);
    process.exit(2);
  }
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  const notes: string[] = [];
  const hasNumpy = python('import numpy') !== undefined;
  const hasScipy = hasNumpy && python('import scipy.optimize') !== undefined;
  if (!hasNumpy) {
    const msg = 'python3 with numpy not found: the numpy GD and scipy L-BFGS-B columns are skipped (install python3-numpy and python3-scipy to compare).';
    log(`bench: ${msg}`);
    notes.push(msg);
  } else if (!hasScipy) {
    const msg = 'scipy not found: the scipy L-BFGS-B column is skipped.';
    log(`bench: ${msg}`);
    notes.push(msg);
  }
  const fmaRuns = kernelPath({ ...process.env, NC_CHECK_KERNELS: 'wasm-fma' }) === 'wasm-fma';
  const contenders: Contender[] = ['ncCheck', 'ncCheckOneThread', 'ncCheckPar', 'ncCheckXn', ...(fmaRuns ? (['ncCheckFma'] as const) : []), 'ncCheckRefined', ...(hasNumpy ? (['numpyGd'] as const) : []), ...(hasScipy ? (['scipyLbfgs'] as const) : [])];
  const meta: Record<string, unknown> = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    python: hasNumpy ? python('import sys, numpy, scipy; print(f"python {sys.version.split()[0]}, numpy {numpy.__version__}, scipy {scipy.__version__}")') ?? python('import sys, numpy; print(f"python {sys.version.split()[0]}, numpy {numpy.__version__}")') : null,
    loadAverage: loadavg().map((v) => v.toFixed(2)).join(' '),
    gtol: o.gtol,
    milestoneGtol: o.milestoneGtol,
    seed: o.seed,
    reps: o.reps,
    quick: o.quick,
    blasThreads: o.blasThreads,
    startedAt: new Date().toISOString(),
  };
  log('bench: measuring peaks…');
  meta.kernelThreads = kernelThreadCount();
  meta.wasmGemmPeakGflops = await gemmPeak('wasm');
  meta.wasmGemmPeakGflopsThreads = await gemmPeak('wasm', kernelThreadCount());
  meta.jsGemmPeakGflops = await gemmPeak('js');
  meta.numpyPeakGflops = hasNumpy ? Number(python(NUMPY_PEAK)) : null;
  meta.numpyPeakGflops1Thread = hasNumpy ? Number(python(NUMPY_PEAK, { OPENBLAS_NUM_THREADS: '1' })) : null;
  meta.kernelPath = kernelPath();
  log('bench: kernel paths…');
  const kernels = measureKernels(undefined, log);
  meta.kernels = kernels;
  meta.kernelTable = kernelMarkdown(kernels);

  const selected = BENCH_REGIMES.filter((r) => (!o.quick || r.tier !== 'large') && (o.only === undefined || o.only.includes(r.name)));
  const rows: RegimeRow[] = [];
  for (const r of selected) {
    log(`bench: ${r.name} (K=${r.K}, d=${r.d}, n=${r.n})`);
    rows.push(benchRegime(r, o, contenders, o.reps, log));
  }
  const scaling: RegimeRow[] = [];
  if (o.scaling) {
    const sweep = SCALING_REGIMES.filter((r) => !o.quick || r.K <= 32);
    for (const r of sweep) {
      log(`bench: scaling ${r.name}`);
      scaling.push(benchRegime(r, o, contenders.filter((c) => c === 'ncCheck' || c === 'scipyLbfgs'), 1, log));
    }
  }
  for (const r of [...rows, ...scaling]) {
    for (const [c, s] of Object.entries(r.contenders)) {
      if (s !== undefined && !s.certified) {
        notes.push(`${r.name}: ${c} stopped before the certificate (${s.statuses.join(', ')}; ‖∇L‖_P = ${s.gradNorm.toExponential(2)}${s.restarts ? `, ${s.restarts} restarts` : ''}): its time is a lower bound.`);
      }
    }
  }
  let mainJob: MainJobFigures | undefined;
  if (o.mainJob) {
    log('bench: the main job (npm start\'s command, in a child process)…');
    mainJob = measureMainJob();
  }
  meta.finishedAt = new Date().toISOString();
  meta.loadAverageAtEnd = loadavg().map((v) => v.toFixed(2)).join(' ');
  mkdirSync(o.out, { recursive: true });
  const machine = meta;
  writeFileSync(join(o.out, 'bench.json'), `${JSON.stringify({ machine, mainJob: mainJob ?? null, regimes: rows, scaling, notes }, null, 2)}\n`);
  const md = markdown(meta, rows, scaling, notes, mainJob);
  writeFileSync(join(o.out, 'bench.md'), md);
  process.stdout.write(md);
  log(`bench: wrote ${join(o.out, 'bench.json')} and ${join(o.out, 'bench.md')}`);
}

await main();
