// How many worker threads `verify` uses when --workers is not given: every
// core for the float64 CPU engine on runs long enough to repay a worker's
// start-up (~1 s: tsx compiles the sources in each thread, while one regime
// now evaluates in tens of milliseconds); one thread (no workers) for short
// runs, under a test runner (VITEST is set), and on float32 backends, which
// share one accelerator. NC_CHECK_WORKERS overrides the default.
import { availableParallelism } from 'node:os';
import type { Backend } from '../backend/backend.ts';

/** Regimes per run below which workers are not started by default. */
export const MIN_REGIMES_FOR_WORKERS = 100;

export function defaultWorkers(
  backend: Pick<Backend<unknown>, 'dtype'>,
  regimes: number,
  env: NodeJS.ProcessEnv = process.env,
  cores = availableParallelism(),
): number {
  const forced = Number(env.NC_CHECK_WORKERS);
  if (Number.isInteger(forced) && forced >= 1) return forced;
  if (env.VITEST !== undefined || backend.dtype !== 'float64' || regimes < MIN_REGIMES_FOR_WORKERS) return 1;
  return Math.max(1, cores);
}
