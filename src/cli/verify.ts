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
import { createRunWriter, toJson, type RunWriter } from '../report/writer.ts';
import { DEFAULT_VIEWS, VIEWS } from '../report/views/index.ts';
import { viewFiles } from '../report/views/write.ts';
import type { CoverageReport } from '../report/schema.ts';
import { caseId as caseIdOf, resolveDb, type FailureDb, type ReplaySettings } from '../explore/failure-db.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '../train/train.ts';
import { inferMode, resolveTrainOptions, validateTheoremRegime, verifyTheoremMode, type Counterexample, type ModeResult } from '../verify/runner.ts';
import type { Io } from './io.ts';
import { regimeJson } from './parse.ts';

export interface VerifyCommandOptions {
  readonly runs: number;
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

/** The run's metadata for the coverage file: tool, commit, backend, seed, budget, training, command line. */
export function runMeta<T>(backend: Backend<T>, run: { seed: number; runs: number; modes: readonly Mode[]; train: TrainOptions }, argv: readonly string[]): RunMeta {
  const t = run.train;
  return {
    tool: 'nc-check',
    version: packageVersion(),
    commit: gitCommit(),
    node: process.version,
    backend: backend.name,
    dtype: backend.dtype,
    seed: run.seed,
    runs: run.runs,
    modes: run.modes,
    train: { optimizer: t.optimizer, restarts: t.restarts, gradientTolerance: t.gradientTolerance, maxIterations: t.maxIterations, initScale: t.initScale },
    command: ['nc-check', ...argv].map(shellQuote).join(' '),
    startedAt: new Date().toISOString(),
  };
}

/**
 * The exact command that reproduces a counterexample's verdict and margin: by
 * fast-check path for a sampled regime, by the regime itself for one replayed
 * from the failure database (its path belonged to another run's seed).
 */
export function replayCommand(cx: Pick<Counterexample, 'theorem' | 'mode' | 'path' | 'regime' | 'origin'>, o: VerifyCommandOptions, theoremFile?: string): string {
  const where = cx.origin === 'sample' && cx.path !== '' ? ['--path', cx.path] : ['--regime', JSON.stringify(cx.regime)];
  const parts = ['./bin/nc-check', 'verify', cx.theorem, '--mode', cx.mode, '--seed', String(o.seed), ...where];
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
  const meta = runMeta(backend, { seed: o.seed, runs: o.runs, modes, train: { ...DEFAULT_TRAIN_OPTIONS, ...train } }, argv);

  const writer = createRunWriter(o.out);
  const progress = progressHooks(io);
  // Replaying one path or one regime is a look at a single case: it neither replays nor stores others.
  const db = o.path !== undefined || explicitRegime !== undefined ? resolveDb(false) : resolveDb(o.db);
  const entries: TheoremEntry[] = [];
  for (const theorem of selected) {
    const settings: ReplaySettings = { backend: backend.name, train: resolveTrainOptions(theorem, { train, seed: o.seed }), theoremFile: theoremFiles.get(theorem.id) };
    const caseIds = new Map<Counterexample, string>();
    const links: CounterexampleLinks = {
      replay: (cx) => replayCommand(cx, o, theoremFiles.get(cx.theorem)),
      solutionFile: (cx) => writer.counterexample(cx),
      caseId: (cx) => caseIds.get(cx),
    };
    const modeEntries: ModeEntry[] = [];
    for (const mode of modes) {
      const replayFirst = db.regimesFor(theorem.id, mode);
      const result = await verifyTheoremMode(
        theorem,
        mode,
        backend,
        {
          modes,
          runs: o.runs,
          seed: o.seed,
          train,
          shrink: o.shrink,
          maxShrinkEvaluations: o.maxShrinks,
          path: o.path,
          regime: explicitRegime,
          replayFirst,
        },
        {
          ...progress,
          onRegime(record, position, planned) {
            writer.regime(record);
            if (record.origin === 'database') db.update(record, settings);
            progress.onRegime?.(record, position, planned);
          },
        },
      );
      storeFailures(db, theorem, result, settings, caseIds);
      modeEntries.push(modeEntry(theorem, result, links));
      // Rewrite the summary after every mode: an interrupted run keeps what it finished.
      writer.coverage(coverageReport(meta, [...entries, theoremEntry(theorem, modeEntries, theoremFiles.get(theorem.id))]));
    }
    entries.push(theoremEntry(theorem, modeEntries, theoremFiles.get(theorem.id)));
  }
  const report = coverageReport({ ...meta, finishedAt: new Date().toISOString() }, entries);
  writer.coverage(report);
  writeViews(writer, report);
  if (o.json === true) io.out(`${toJson(report, 2)}\n`);
  else io.out(renderTerminal(report));
  io.err(`results: ${join(o.out, 'theorem-coverage.json')} (per-regime records in ${join(o.out, 'regimes.jsonl')})\n`);
  io.err(`views: ${DEFAULT_VIEWS.map((v) => join(o.out, VIEWS[v].file)).join(', ')}\n`);
  const stored = db.list().length;
  if (db.dir !== '' && stored > 0) io.err(`failure database: ${stored} stored case(s) in ${db.dir} (replayed first next run; \`nc-check replay --list\`)\n`);
  return report.summary.failed > 0 ? 1 : 0;
}

/** Writes every default view beside theorem-coverage.json. */
export function writeViews(writer: RunWriter, report: CoverageReport): void {
  for (const view of DEFAULT_VIEWS) for (const f of viewFiles(report, view)) writer.file(f.name, f.content);
}

/** Stores every violated clause's counterexample and every undecided clause's first regime (see failure-db.ts). */
function storeFailures(db: FailureDb, theorem: Theorem, result: ModeResult, settings: ReplaySettings, caseIds: Map<Counterexample, string>): void {
  for (const agg of result.clauses) {
    const cx = result.counterexamples.find((c) => c.clause === agg.clause);
    if (cx !== undefined && cx.origin === 'database') {
      // Replayed from the database: already refreshed when its record came in.
      caseIds.set(cx, caseIdOf(theorem.id, agg.clause, cx.regime));
    } else if (cx !== undefined) {
      const outcome = cx.record.clauses.find((c) => c.clause === agg.clause);
      const id = db.record({
        theorem: theorem.id,
        clause: agg.clause,
        mode: result.mode,
        regime: cx.regime,
        hypothesisHolds: cx.hypothesisHolds,
        status: 'violated',
        margin: outcome?.margin,
        reason: outcome?.reason,
        settings,
      });
      if (id !== '') caseIds.set(cx, id);
    } else if (agg.firstUndecided !== undefined) {
      const u = agg.firstUndecided;
      db.record({
        theorem: theorem.id,
        clause: agg.clause,
        mode: result.mode,
        regime: u.regime,
        hypothesisHolds: theorem.hypothesis.check(u.regime) === true,
        status: u.status,
        margin: u.margin,
        reason: u.reason,
        settings,
      });
    }
  }
}
