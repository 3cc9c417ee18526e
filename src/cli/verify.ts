// `nc-check verify [ids...]`: the command line over the run API (src/run/verify.ts):
// turns the options into a run, prints the table (or the JSON document) and the
// closing lines. Exit code 0 when nothing is violated inside a hypothesis, 1 otherwise.
import type { Backend } from '../backend/backend.ts';
import type { EmpiricalClaim } from '../empirical/claim.ts';
import { EMPIRICAL_RUNS_FILE } from '../empirical/journal.ts';
import type { Io } from '../io.ts';
import { progressHooks } from '../report/progress.ts';
import { toJson } from '../report/writer.ts';
import { renderTerminal } from '../report/terminal.ts';
import { renderSummary } from '../report/summary-text.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import type { BrokenTheorem } from '../theorem/registry.ts';
import type { TrainOptions } from '../train/train.ts';
import { DEFAULT_RUNS, runVerification } from '../run/verify.ts';
import { shellCommand } from '../run/meta.ts';
import { COVERAGE_FILE, REGIMES_FILE } from '../report/writer.ts';
import { join } from 'node:path';
import { Interrupted, onInterrupt } from './interrupt.ts';
import { BUILTIN_MODULE } from './library.ts';

export { DEFAULT_RUNS };
export { commitLabel, packageVersion, replayCommand, runMeta, shellCommand } from '../run/meta.ts';
export { writeViews } from '../report/views/write.ts';

export interface VerifyCommandOptions {
  /** Regimes per theorem and mode; absent: each theorem's own `runs`, else DEFAULT_RUNS. */
  readonly runs?: number;
  readonly seed: number;
  readonly mode?: Mode[];
  readonly out: string;
  readonly path?: string;
  readonly regime?: string;
  readonly shrink: boolean;
  readonly maxShrinks: number;
  readonly json?: boolean;
  readonly backend: string;
  readonly theorems?: string[];
  readonly restarts?: number;
  readonly optimizer?: TrainOptions['optimizer'];
  readonly initScale?: number;
  readonly gtol?: number;
  readonly maxIter?: number;
  /** Failure database folder; false disables it (--no-db). */
  readonly db?: string | false;
  /** `i/N` or `auto` (see src/run/shard.ts). */
  readonly shard?: string;
  readonly shardCount?: number;
  /** Continue the interrupted run in --out. */
  readonly resume?: boolean;
  /** Worker threads (default defaultWorkers(backend)). */
  readonly workers?: number;
  /** Seconds after which no regime starts (--time-limit). */
  readonly timeLimit?: number;
  /** The full table instead of the one-screen summary. */
  readonly verbose?: boolean;
  /** Empirical claims: seeds per claim and epochs per training, overriding each claim's default budget. */
  readonly seeds?: number;
  readonly epochs?: number;
}

export async function verifyCommand<T>(
  selected: readonly Theorem[],
  backend: Backend<T>,
  o: VerifyCommandOptions,
  io: Io,
  argv: readonly string[],
  theoremFiles: ReadonlyMap<string, string> = new Map(),
  broken: readonly BrokenTheorem[] = [],
  env: NodeJS.ProcessEnv = process.env,
  claims: readonly EmpiricalClaim[] = [],
): Promise<number> {
  // SIGINT/SIGTERM: stop at the next regime and say what is kept and how to continue.
  let finished = 0;
  const hooks = progressHooks(io);
  const resume = argv.includes('--resume') ? shellCommand(argv) : `${shellCommand(argv)} --resume`;
  const networks = claims.length > 0 ? `, every trained network in ${join(o.out, EMPIRICAL_RUNS_FILE)}` : '';
  const stopped = (by: NodeJS.Signals) =>
    io.err(`nc-check: interrupted by ${by}: the ${finished} regime(s) finished since the start are in ${join(o.out, REGIMES_FILE)}, every finished theorem mode in ${join(o.out, COVERAGE_FILE)}${networks}; continue with: ${resume}\n`);
  const interrupt = onInterrupt(stopped);
  let result: Awaited<ReturnType<typeof runVerification>>;
  try {
    result = await runVerification(selected, {
      backend: backend as Backend<unknown>,
      runs: o.runs,
      timeLimit: o.timeLimit,
      seed: o.seed,
      modes: o.mode,
      out: o.out,
      path: o.path,
      regime: o.regime,
      shrink: o.shrink,
      maxShrinks: o.maxShrinks,
      train: { restarts: o.restarts, optimizer: o.optimizer, initScale: o.initScale, gradientTolerance: o.gtol, maxIterations: o.maxIter },
      db: o.db,
      shard: o.shard,
      shardCount: o.shardCount,
      resume: o.resume,
      workers: o.workers,
      library: { builtinModule: BUILTIN_MODULE, files: o.theorems },
      theoremFiles,
      broken,
      claims,
      budget: { seeds: o.seeds, epochs: o.epochs },
      argv,
      io,
      hooks: {
        ...hooks,
        onRegime(record, position, planned) {
          finished++;
          hooks.onRegime?.(record, position, planned);
        },
      },
      env,
      signal: interrupt.signal,
    });
  } catch (e) {
    if (!(e instanceof Interrupted)) throw e;
    interrupt.stop(e.by);
    return interrupt.exitCode(e.by);
  } finally {
    interrupt.dispose();
  }
  const { report, closing } = result;
  if (o.json === true) io.out(`${toJson(report, 2)}\n`);
  else if (o.verbose === true || o.path !== undefined || o.regime !== undefined) io.out(renderTerminal(report));
  // One screen by default: a line per theorem, the problems, where the details are, the closing line.
  else io.out(renderSummary(report, { details: `details: --verbose, or ${join(o.out, 'theorem-coverage.html')} (every table, counterexample and plot)` }));
  for (const line of closing) io.err(line);
  return report.summary.failed > 0 ? 1 : 0;
}
