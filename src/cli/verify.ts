// `nc-check verify [ids...]`: sample regimes per theorem and mode, check every
// clause, shrink violations, write results as the run goes, print the table.
// Exit code 0 when nothing is violated inside a hypothesis, 1 otherwise.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../backend/backend.ts';
import { DEFAULT_BACKEND } from '../backend/registry.ts';
import { UsageError } from '../errors.ts';
import { coverageReport, modeEntry, theoremEntry, type CounterexampleLinks } from '../report/coverage.ts';
import { progressHooks } from '../report/progress.ts';
import type { ModeEntry, RunMeta, TheoremEntry } from '../report/schema.ts';
import { renderTerminal } from '../report/terminal.ts';
import { createRunWriter, toJson } from '../report/writer.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '../train/train.ts';
import { inferMode, validateTheoremRegime, verifyTheoremMode, type Counterexample } from '../verify/runner.ts';
import type { Io } from './io.ts';

/** Regimes per theorem and mode when neither --runs nor the theorem says otherwise. */
export const DEFAULT_RUNS = 200;
import { regimeJson } from './parse.ts';

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
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return undefined;
  }
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The exact command that reproduces a counterexample's verdict and margin. */
export function replayCommand(cx: Counterexample, o: VerifyCommandOptions, theoremFile?: string): string {
  const parts = ['./bin/nc-check', 'verify', cx.theorem, '--mode', cx.mode, '--seed', String(o.seed), '--path', cx.path];
  if (theoremFile !== undefined) parts.push('--theorems', theoremFile);
  if (o.backend !== DEFAULT_BACKEND) parts.push('--backend', o.backend);
  if (o.restarts !== undefined) parts.push('--restarts', String(o.restarts));
  if (o.optimizer !== undefined) parts.push('--optimizer', o.optimizer);
  if (o.initScale !== undefined) parts.push('--init-scale', String(o.initScale));
  if (o.gtol !== undefined) parts.push('--gtol', String(o.gtol));
  if (o.maxIter !== undefined) parts.push('--max-iter', String(o.maxIter));
  return parts.map(shellQuote).join(' ');
}

export async function verifyCommand<T>(
  selected: readonly Theorem[],
  backend: Backend<T>,
  o: VerifyCommandOptions,
  io: Io,
  argv: readonly string[],
  theoremFiles: ReadonlyMap<string, string> = new Map(),
): Promise<number> {
  if ((o.path !== undefined || o.regime !== undefined) && selected.length !== 1) {
    throw new UsageError(`${o.path !== undefined ? '--path' : '--regime'}: name exactly one theorem id to replay`);
  }
  if (o.path !== undefined && (o.mode === undefined || o.mode.length !== 1)) {
    throw new UsageError('--path: give exactly one --mode (the mode the path was recorded in)');
  }
  const explicitRegime = o.regime === undefined ? undefined : validateTheoremRegime(selected[0], regimeJson(o.regime));
  const modes: Mode[] =
    explicitRegime !== undefined && o.mode === undefined ? [inferMode(selected[0], explicitRegime)] : (o.mode ?? ['inside']);
  const train: Partial<TrainOptions> = Object.fromEntries(
    Object.entries({
      restarts: o.restarts,
      optimizer: o.optimizer,
      initScale: o.initScale,
      gradientTolerance: o.gtol,
      maxIterations: o.maxIter,
    }).filter(([, v]) => v !== undefined),
  );
  const effective = { ...DEFAULT_TRAIN_OPTIONS, ...train };
  const meta: RunMeta = {
    tool: 'nc-check',
    version: packageVersion(),
    commit: gitCommit(),
    node: process.version,
    backend: backend.name,
    dtype: backend.dtype,
    seed: o.seed,
    runs: o.runs ?? DEFAULT_RUNS,
    modes,
    train: {
      optimizer: effective.optimizer,
      restarts: effective.restarts,
      gradientTolerance: effective.gradientTolerance,
      maxIterations: effective.maxIterations,
      initScale: effective.initScale,
    },
    command: ['nc-check', ...argv].map(shellQuote).join(' '),
    startedAt: new Date().toISOString(),
  };

  const writer = createRunWriter(o.out);
  const progress = progressHooks(io);
  const entries: TheoremEntry[] = [];
  for (const theorem of selected) {
    const links: CounterexampleLinks = {
      replay: (cx) => replayCommand(cx, o, theoremFiles.get(cx.theorem)),
      solutionFile: (cx) => writer.counterexample(cx),
    };
    const modeEntries: ModeEntry[] = [];
    for (const mode of modes) {
      const result = await verifyTheoremMode(
        theorem,
        mode,
        backend,
        {
          modes,
          runs: o.runs ?? theorem.runs ?? DEFAULT_RUNS,
          seed: o.seed,
          train,
          shrink: o.shrink,
          maxShrinkEvaluations: o.maxShrinks,
          path: o.path,
          regime: explicitRegime,
        },
        {
          ...progress,
          onRegime(record, position, planned) {
            writer.regime(record);
            progress.onRegime?.(record, position, planned);
          },
        },
      );
      modeEntries.push(modeEntry(theorem, result, links));
      // Rewrite the summary after every mode: an interrupted run keeps what it finished.
      writer.coverage(coverageReport(meta, [...entries, theoremEntry(theorem, modeEntries)]));
    }
    entries.push(theoremEntry(theorem, modeEntries));
  }
  const report = coverageReport({ ...meta, finishedAt: new Date().toISOString() }, entries);
  writer.coverage(report);
  if (o.json === true) io.out(`${toJson(report, 2)}\n`);
  else io.out(renderTerminal(report));
  io.err(`results: ${join(o.out, 'theorem-coverage.json')} (per-regime records in ${join(o.out, 'regimes.jsonl')})\n`);
  return report.summary.failed > 0 ? 1 : 0;
}
