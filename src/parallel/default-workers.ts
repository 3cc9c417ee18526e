// How many worker threads `verify` uses when --workers is not given: every
// core for the float64 CPU engine; one thread (no workers) under a test runner
// (VITEST is set), for a single regime, and on float32 backends, which share
// one accelerator. NC_CHECK_WORKERS overrides the default.
import { availableParallelism } from 'node:os';
import type { Backend } from '../backend/backend.ts';

export function defaultWorkers(backend: Pick<Backend<unknown>, 'dtype'>, env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const forced = Number(env.NC_CHECK_WORKERS);
  if (Number.isInteger(forced) && forced >= 1) return forced;
  if (env.VITEST !== undefined || backend.dtype !== 'float64') return 1;
  return Math.max(1, cores);
}
