// One benchmark run of nc-check in its own process (like the Python
// references): reads a job on stdin, trains from the job's starting point to
// the float64 certificate, prints the outcome as JSON. Timing
// covers training only, as on the Python side.
import { readFileSync } from 'node:fs';
import { loadBackend } from '../src/backend/registry.ts';
import { mat } from '../src/linalg/matrix.ts';
import { mseUfm } from '../src/models/ufm-mse.ts';
import { certificateThreshold } from '../src/train/outcome.ts';
import { DEFAULT_TRAIN_OPTIONS, trainFrom } from '../src/train/train.ts';
import type { BenchJob } from './job.ts';

const job = JSON.parse(readFileSync(0, 'utf8')) as BenchJob;
// argv[2]: the backend (default cpu-f64; wasm+f64 = float32 → float64 refinement). Loading is not timed.
const backend = await loadBackend(process.argv[2] ?? 'cpu-f64');
const N = job.classSizes.reduce((s, v) => s + v, 0);
const regime = { K: job.K, classSizes: job.classSizes, d: job.d, lambdaW: job.lambdaW, lambdaH: job.lambdaH };
const init = [mat(job.K, job.d, job.W0), mat(job.d, N, job.H0)];
const started = performance.now();
let milestoneSeconds: number | null = null;
const r = trainFrom(
  backend,
  mseUfm,
  regime,
  {
    ...DEFAULT_TRAIN_OPTIONS,
    gradientTolerance: job.gtol,
    maxIterations: job.maxIterations,
    traceEvery: 0,
    onIteration(_iteration, loss, gradNorm) {
      if (milestoneSeconds === null && job.milestoneGtol !== undefined && gradNorm <= certificateThreshold(job.milestoneGtol, loss)) {
        milestoneSeconds = (performance.now() - started) / 1000;
      }
    },
  },
  init,
);
process.stdout.write(
  JSON.stringify({
    method: `nc-check ${backend.name}`,
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
