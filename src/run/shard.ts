// `--shard i/N` and `--shard auto`: which share of a sweep this process runs.
// Indices are 0-based, as the job engines number their tasks. `auto` reads
// the shard from the job engine's environment, so one command line serves
// every task of an array:
//   Kubernetes Indexed Job  JOB_COMPLETION_INDEX, with the count from --shard-count
//                           (Kubernetes does not export the Job's completions);
//   Slurm job array         SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (with
//                           SLURM_ARRAY_TASK_MIN/STEP, so --array=1-8 or 0-14:2 work);
//   anything else (GitHub Actions matrices, shell loops)
//                           NC_CHECK_SHARD_INDEX and NC_CHECK_SHARD_COUNT.
import { UsageError } from '../errors.ts';
import type { Shard } from '../verify/plan.ts';

/** Shards per sweep at most (a larger N would leave most shards empty at any sensible --runs). */
export const MAX_SHARDS = 100_000;

export interface ResolvedShard extends Shard {
  /** Where the index and count came from, for the log line. */
  readonly source: string;
}

const INTEGER = /^\s*\d+\s*$/;

function count(text: string, what: string): number {
  const n = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(n) || n < 1 || n > MAX_SHARDS) {
    throw new UsageError(`${what}: expected a shard count between 1 and ${MAX_SHARDS}, got ${JSON.stringify(text)}`);
  }
  return n;
}

function checked(index: number, total: number, what: string, source: string): ResolvedShard {
  if (!Number.isSafeInteger(index) || index < 0 || index >= total) {
    throw new UsageError(`${what}: shard index ${index} is not in 0..${total - 1} (shards are numbered from 0)`);
  }
  return { index, count: total, source };
}

/** Parses "i/N" (0 ≤ i < N). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (m === null) throw new UsageError(`--shard: expected i/N with 0 ≤ i < N (e.g. 0/4), or auto; got ${JSON.stringify(text)}`);
  return checked(Number(m[1]), count(m[2], '--shard'), '--shard', 'command line');
}

function integerVar(env: NodeJS.ProcessEnv, name: string): number {
  const text = env[name] ?? '';
  const n = Number(text);
  if (!INTEGER.test(text) || !Number.isSafeInteger(n)) throw new UsageError(`--shard auto: ${name}=${JSON.stringify(text)} is not a non-negative integer`);
  return n;
}

/** The shard from the job engine's environment (see the header). */
export function shardFromEnv(env: NodeJS.ProcessEnv, shardCount?: number): ResolvedShard {
  const agree = (total: number, source: string): number => {
    if (shardCount !== undefined && shardCount !== total) {
      throw new UsageError(`--shard-count ${shardCount} disagrees with ${source} = ${total}`);
    }
    return total;
  };
  if (env.NC_CHECK_SHARD_INDEX !== undefined || env.NC_CHECK_SHARD_COUNT !== undefined) {
    const total = agree(count(env.NC_CHECK_SHARD_COUNT ?? '', '--shard auto: NC_CHECK_SHARD_COUNT'), 'NC_CHECK_SHARD_COUNT');
    return checked(integerVar(env, 'NC_CHECK_SHARD_INDEX'), total, '--shard auto (NC_CHECK_SHARD_INDEX)', `NC_CHECK_SHARD_INDEX=${env.NC_CHECK_SHARD_INDEX}, NC_CHECK_SHARD_COUNT=${env.NC_CHECK_SHARD_COUNT}`);
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const total = agree(count(env.SLURM_ARRAY_TASK_COUNT ?? '', '--shard auto: SLURM_ARRAY_TASK_COUNT'), 'SLURM_ARRAY_TASK_COUNT');
    const id = integerVar(env, 'SLURM_ARRAY_TASK_ID');
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : integerVar(env, 'SLURM_ARRAY_TASK_MIN');
    const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : Math.max(1, integerVar(env, 'SLURM_ARRAY_TASK_STEP'));
    if ((id - min) % step !== 0) {
      throw new UsageError(`--shard auto: SLURM_ARRAY_TASK_ID=${id} is not on the array's range (min ${min}, step ${step}); submit a range such as --array=0-${total - 1}`);
    }
    return checked((id - min) / step, total, '--shard auto (SLURM_ARRAY_TASK_ID)', `SLURM_ARRAY_TASK_ID=${id}, SLURM_ARRAY_TASK_COUNT=${total}`);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (shardCount === undefined) {
      throw new UsageError('--shard auto: JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but Kubernetes does not export the number of completions; pass --shard-count N (the Job\'s spec.completions)');
    }
    return checked(integerVar(env, 'JOB_COMPLETION_INDEX'), shardCount, '--shard auto (JOB_COMPLETION_INDEX)', `JOB_COMPLETION_INDEX=${env.JOB_COMPLETION_INDEX}, --shard-count ${shardCount}`);
  }
  throw new UsageError(
    '--shard auto: no shard in the environment (looked for SLURM_ARRAY_TASK_ID + SLURM_ARRAY_TASK_COUNT, JOB_COMPLETION_INDEX + --shard-count, NC_CHECK_SHARD_INDEX + NC_CHECK_SHARD_COUNT); or give --shard i/N',
  );
}

/** Resolves --shard (and --shard-count) into a shard, or undefined for an unsharded run. */
export function resolveShard(spec: string | undefined, shardCount: number | undefined, env: NodeJS.ProcessEnv): ResolvedShard | undefined {
  if (spec === undefined) {
    if (shardCount !== undefined) throw new UsageError('--shard-count: only with --shard auto');
    return undefined;
  }
  if (spec.trim() === 'auto') return shardFromEnv(env, shardCount);
  const shard = parseShard(spec);
  if (shardCount !== undefined && shardCount !== shard.count) throw new UsageError(`--shard-count ${shardCount} disagrees with --shard ${spec}`);
  return { ...shard, source: 'command line' };
}

export const shardLabel = (s: Shard): string => `${s.index}/${s.count}`;
