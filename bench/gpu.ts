// `npm run bench:gpu [-- --batch B] [-- --software] [-- --out DIR]`: the WebGPU
// (Dawn) backend on batched sweeps, for a machine with a GPU and no internet
// (everything it needs ships in node_modules). For each sweep shape it trains B
// regimes of the bias-free MSE UFM (random λ_W, λ_H, random init) as one batched
// float32 program (src/train/batched.ts), refines every endpoint to the float64
// certificate on the CPU engine, and trains the same regimes from the same
// starts on the CPU engine alone (the reference). It reports regimes per minute
// (float32 batch alone, and batch + float64 refinement) next to the CPU
// reference, and the refinement's accuracy: how far the float32 endpoint's loss
// is from the float64 certificate, and how far the refined loss is from the
// CPU reference's. Writes reports/bench-gpu.{json,md}.
//
// Exits 1 with one line where no GPU adapter exists (a CPU rasterizer such as
// llvmpipe does not count unless --software is given: useful to try the script,
// meaningless as a timing). A benchmark, never a test: nothing asserts a time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuF64 } from '../src/backend/cpu-f64.ts';
import { loadWebgpuBackend, type WebgpuBackend } from '../src/backend/tfjs/webgpu.ts';
import { BackendUnavailableError } from '../src/errors.ts';
import { mseUfm } from '../src/models/ufm-mse.ts';
import { createRng, deriveSeed } from '../src/random/rng.ts';
import { DEFAULT_TRAIN_OPTIONS, randomInit, trainFrom } from '../src/train/train.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

interface Sweep {
  readonly name: string;
  readonly K: number;
  readonly n: number;
  readonly d: number;
}

const SWEEPS: readonly Sweep[] = [
  { name: 'small-10x16', K: 10, n: 5, d: 16 },
  { name: 'medium-20x64', K: 20, n: 20, d: 64 },
  { name: 'medium-20x128', K: 20, n: 25, d: 128 },
  { name: 'large-50x256', K: 50, n: 20, d: 256 },
];

interface Options {
  batch: number;
  software: boolean;
  out: string;
  seed: number;
  maxIterations: number;
  only?: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { batch: 64, software: false, out: join(ROOT, 'reports'), seed: 1, maxIterations: 20000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--batch') o.batch = Number(argv[++i]);
    else if (a === '--software') o.software = true;
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--max-iter') o.maxIterations = Number(argv[++i]);
    else if (a === '--sweeps') o.only = argv[++i].split(',');
    else throw new Error(`unknown option ${a} (--batch B, --software, --out DIR, --seed S, --max-iter N, --sweeps a,b)`);
  }
  if (!Number.isInteger(o.batch) || o.batch < 1) throw new Error('--batch expects a positive integer');
  return o;
}

interface SweepRow {
  sweep: string;
  K: number;
  d: number;
  N: number;
  batch: number;
  float32Seconds: number;
  refineSeconds: number;
  cpuSeconds: number;
  /** Regimes per minute: float32 batch alone, batch + float64 refinement, CPU engine alone. */
  perMinuteFloat32: number;
  perMinuteRefined: number;
  perMinuteCpu: number;
  float32Converged: number;
  refinedCertified: number;
  cpuCertified: number;
  /** max over the batch of |L_float32 − L_refined| / max(1, |L_refined|). */
  float32LossError: number;
  /** max over the batch of |L_refined − L_cpu| / max(1, |L_cpu|) (both float64-certified). */
  refinedVsCpuLossError: number;
  /** max over the batch of the largest entry-wise gap between the refined and CPU Gram W Wᵀ, relative to its norm. */
  refinedVsCpuGramError: number;
}

function gram(W: { rows: number; cols: number; data: Float64Array }): Float64Array {
  const out = new Float64Array(W.rows * W.rows);
  for (let i = 0; i < W.rows; i++) {
    for (let j = 0; j < W.rows; j++) {
      let s = 0;
      for (let p = 0; p < W.cols; p++) s += W.data[i * W.cols + p] * W.data[j * W.cols + p];
      out[i * W.rows + j] = s;
    }
  }
  return out;
}

async function runSweep(gpu: WebgpuBackend, s: Sweep, o: Options, log: (m: string) => void): Promise<SweepRow> {
  const rng = createRng(deriveSeed(o.seed, 'bench-gpu', s.name));
  const classSizes = Array.from({ length: s.K }, () => s.n);
  const regimes = Array.from({ length: o.batch }, (_, i) => {
    // log-uniform λ in [1e-3, 1e-1]: inside the collapse phase (c = sqrt(λ_W λ_H) < 1).
    const lambdaW = 10 ** (-3 + 2 * rng.uniform());
    const lambdaH = 10 ** (-3 + 2 * rng.uniform());
    const regime = { K: s.K, n: s.n, d: s.d, lambdaW, lambdaH };
    return { regime, init: randomInit(mseUfm, regime, createRng(deriveSeed(o.seed, 'bench-gpu', s.name, i)), DEFAULT_TRAIN_OPTIONS.initScale) };
  });
  const options = { ...DEFAULT_TRAIN_OPTIONS, maxIterations: o.maxIterations, traceEvery: 0 };

  log(`bench:gpu: ${s.name} — ${o.batch} regimes as one float32 batch on ${gpu.device}`);
  let t = performance.now();
  const batch = await gpu.trainBatched(
    { K: s.K, classSizes, d: s.d },
    regimes.map((r) => ({ lambdaW: r.regime.lambdaW, lambdaH: r.regime.lambdaH, init: r.init })),
    { gradientTolerance: options.gradientTolerance, maxIterations: o.maxIterations },
  );
  const float32Seconds = (performance.now() - t) / 1000;

  log(`bench:gpu: ${s.name} — float64 refinement on cpu-f64`);
  t = performance.now();
  const refined = regimes.map((r, i) => {
    const start = batch[i].params.every((m) => m.data.every(Number.isFinite)) ? batch[i].params : r.init;
    return trainFrom(cpuF64, mseUfm, r.regime, options, start);
  });
  const refineSeconds = (performance.now() - t) / 1000;

  log(`bench:gpu: ${s.name} — CPU reference (cpu-f64 from the same starts)`);
  t = performance.now();
  const reference = regimes.map((r) => trainFrom(cpuF64, mseUfm, r.regime, options, r.init));
  const cpuSeconds = (performance.now() - t) / 1000;

  const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));
  let float32LossError = 0;
  let refinedVsCpuLossError = 0;
  let refinedVsCpuGramError = 0;
  refined.forEach((r, i) => {
    float32LossError = Math.max(float32LossError, rel(batch[i].loss, r.loss));
    refinedVsCpuLossError = Math.max(refinedVsCpuLossError, rel(r.loss, reference[i].loss));
    const [gr, gc] = [gram(r.params[0]), gram(reference[i].params[0])];
    const scale = Math.max(1e-300, ...Array.from(gc, Math.abs));
    let worst = 0;
    for (let j = 0; j < gr.length; j++) worst = Math.max(worst, Math.abs(gr[j] - gc[j]));
    refinedVsCpuGramError = Math.max(refinedVsCpuGramError, worst / scale);
  });
  const perMinute = (sec: number): number => (60 * o.batch) / sec;
  return {
    sweep: s.name,
    K: s.K,
    d: s.d,
    N: s.K * s.n,
    batch: o.batch,
    float32Seconds,
    refineSeconds,
    cpuSeconds,
    perMinuteFloat32: perMinute(float32Seconds),
    perMinuteRefined: perMinute(float32Seconds + refineSeconds),
    perMinuteCpu: perMinute(cpuSeconds),
    float32Converged: batch.filter((b) => b.status === 'converged').length,
    refinedCertified: refined.filter((r) => r.status === 'converged').length,
    cpuCertified: reference.filter((r) => r.status === 'converged').length,
    float32LossError,
    refinedVsCpuLossError,
    refinedVsCpuGramError,
  };
}

function markdown(meta: Record<string, unknown>, rows: SweepRow[]): string {
  const e = (v: number): string => v.toExponential(1);
  const lines = [
    '# nc-check GPU benchmark: WebGPU (Dawn) batched sweeps, float32 → float64 refinement',
    '',
    `Adapter: ${String(meta.adapter)}${meta.software === true ? ' (a CPU rasterizer: timings say nothing about a GPU)' : ''}. Host: ${String(meta.cpu)}, ${String(meta.cores)} cores, node ${String(meta.node)}; load average at start ${String(meta.loadAverage)}.`,
    '',
    'Bias-free MSE UFM, log-uniform λ_W, λ_H in [1e-3, 1e-1], N(0, 0.5²) starts. float32: the batch trained as one WebGPU program to the float32 certificate (gtol floor 1e-6); refined: each endpoint finished to the float64 certificate ‖∇L‖_P ≤ 1e-13·max(1, |L|) on cpu-f64; CPU: cpu-f64 alone from the same starts.',
    '',
    '| sweep | K | d | N | batch | regimes/min float32 | regimes/min float32+refine | regimes/min CPU | certified (f32 / refined / CPU) | max rel. loss gap f32 vs refined | max rel. loss gap refined vs CPU | max rel. W Wᵀ gap refined vs CPU |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.sweep} | ${r.K} | ${r.d} | ${r.N} | ${r.batch} | ${r.perMinuteFloat32.toFixed(0)} | ${r.perMinuteRefined.toFixed(0)} | ${r.perMinuteCpu.toFixed(0)} | ${r.float32Converged} / ${r.refinedCertified} / ${r.cpuCertified} | ${e(r.float32LossError)} | ${e(r.refinedVsCpuLossError)} | ${e(r.refinedVsCpuGramError)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`bench:gpu: ${(e as Error).message}\n`);
    return 2;
  }
  let gpu: WebgpuBackend;
  try {
    gpu = await loadWebgpuBackend();
  } catch (e) {
    if (!(e instanceof BackendUnavailableError)) throw e;
    process.stderr.write(`bench:gpu: no GPU adapter on this machine (${e.message.replace(/^--backend webgpu: /, '')}); nothing to measure.\n`);
    return 1;
  }
  if (gpu.software && !o.software) {
    process.stderr.write(`bench:gpu: no GPU adapter on this machine, only a CPU rasterizer (${gpu.device}); nothing to measure (--software runs it anyway, for trying the script).\n`);
    await gpu.close();
    return 1;
  }
  const log = (m: string): void => void process.stderr.write(`${m}\n`);
  const meta: Record<string, unknown> = {
    adapter: gpu.device,
    software: gpu.software,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    loadAverage: loadavg().map((v) => v.toFixed(2)).join(' '),
    batch: o.batch,
    seed: o.seed,
    startedAt: new Date().toISOString(),
  };
  const rows: SweepRow[] = [];
  try {
    for (const s of SWEEPS.filter((w) => o.only === undefined || o.only.includes(w.name))) rows.push(await runSweep(gpu, s, o, log));
  } finally {
    await gpu.close();
  }
  meta.finishedAt = new Date().toISOString();
  mkdirSync(o.out, { recursive: true });
  writeFileSync(join(o.out, 'bench-gpu.json'), `${JSON.stringify({ machine: meta, sweeps: rows }, null, 2)}\n`);
  const md = markdown(meta, rows);
  writeFileSync(join(o.out, 'bench-gpu.md'), md);
  process.stdout.write(md);
  log(`bench:gpu: wrote ${join(o.out, 'bench-gpu.json')} and ${join(o.out, 'bench-gpu.md')}`);
  return 0;
}

process.exitCode = await main();
