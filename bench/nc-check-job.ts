// One benchmark run of nc-check in its own process (like the Python
// references): reads a job on stdin, trains from the job's starting point to
// the float64 certificate, prints the outcome as JSON. Timing
// covers training only, as on the Python side.
import { readFileSync } from 'node:fs';
import { loadBackend } from '../src/backend/registry.ts';
import { mat } from '../src/linalg/matrix.ts';
import { kernelPath, wasmHeap } from '../src/linalg/wasm/heap.ts';
import { mseUfm } from '../src/models/ufm-mse.ts';
import { certificateThreshold } from '../src/train/outcome.ts';
import { DEFAULT_TRAIN_OPTIONS, trainFrom } from '../src/train/train.ts';
import type { BenchJob, PlainBenchJob } from './job.ts';

const job = JSON.parse(readFileSync(0, 'utf8')) as BenchJob;
// argv[2]: the backend (default cpu-f64; wasm+f64 = float32 → float64 refinement). Loading is not timed.
const backend = await loadBackend(process.argv[2] ?? 'cpu-f64');
// Warm-up, untimed and symmetric with the Python side: the job's tiny unrelated problem, at least warmUpRuns times
// and for at least warmUpSeconds, so the measurement is nc-check's steady state (the JIT has compiled and installed
// the optimizer, as in a verify run; job.ts says why a time).
const train = (j: PlainBenchJob, onIteration?: (it: number, loss: number, g: number) => void) => {
  const n = j.classSizes.reduce((s, v) => s + v, 0);
  const r = { K: j.K, classSizes: j.classSizes, d: j.d, lambdaW: j.lambdaW, lambdaH: j.lambdaH };
  const options = { ...DEFAULT_TRAIN_OPTIONS, gradientTolerance: j.gtol, maxIterations: j.maxIterations, traceEvery: 0, onIteration };
  return trainFrom(backend, mseUfm, r, options, [mat(j.K, j.d, j.W0), mat(j.d, n, j.H0)]);
};
if (job.warmUp !== undefined) {
  const until = performance.now() + 1000 * (job.warmUpSeconds ?? 0);
  for (let i = 0; i < (job.warmUpRuns ?? 1) || performance.now() < until; i++) train(job.warmUp);
}
// Then the measured shape from another start, a few iterations (job.ts: shapeWarmUp), as on the Python side.
if (job.shapeWarmUp !== undefined) train(job.shapeWarmUp);
const started = performance.now();
let milestoneSeconds: number | null = null;
const r = train(job, (_iteration, loss, gradNorm) => {
  if (milestoneSeconds === null && job.milestoneGtol !== undefined && gradNorm <= certificateThreshold(job.milestoneGtol, loss)) {
    milestoneSeconds = (performance.now() - started) / 1000;
  }
});
process.stdout.write(
  JSON.stringify({
    method: `nc-check ${backend.name}`,
    kernelPath: kernelPath(),
    kernelThreads: wasmHeap()?.kernelThreads ?? 1,
    helperBlocks: wasmHeap()?.kernelThreadStats().helperBlocks ?? 0,
    backOffs: wasmHeap()?.kernelThreadStats().backOffs ?? 0,
    status: r.status,
    iterations: r.iterations,
    evaluations: r.evaluations,
    loss: r.loss,
    gradNorm: r.gradNorm,
    seconds: r.seconds,
    milestoneSeconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
