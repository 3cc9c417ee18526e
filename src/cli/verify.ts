// `nc-check verify [ids...]`: sample regimes per theorem and mode, check every
// clause, shrink violations, write results as the run goes, print the table.
// Exit code 0 when nothing is violated inside a hypothesis, 1 otherwise.
//
// `--shard i/N` (or `auto`) runs one shard's share of every mode's sample;
// `nc-check merge` recombines the shards. `--resume` continues an interrupted
// run in the same --out folder: modes the coverage file already holds are
// kept, the journal's records of the mode in progress are folded without
// being evaluated again, and the rest is run.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../backend/backend.ts';
import { DEFAULT_BACKEND } from '../backend/registry.ts';
import { UsageError } from '../errors.ts';
import { brokenTheoremEntry, coverageReport, modeEntry, theoremEntry, type CounterexampleLinks } from '../report/coverage.ts';
import type { BrokenTheorem } from '../theorem/registry.ts';
import { progressHooks } from '../report/progress.ts';
import type { ModeEntry, RunMeta, TheoremEntry } from '../report/schema.ts';
import { renderTerminal } from '../report/terminal.ts';
import { COVERAGE_FILE, createRunWriter, REGIMES_FILE, toJson, writeFileIn, type RunWriter } from '../report/writer.ts';
import { identityDifference, runIdentity, theoremHash } from '../report/identity.ts';
import { blockKey, journalRecords, scanJournal, type JournalScan } from '../report/journal.ts';
import { parseCoverage, readCoverage } from '../report/read.ts';
import type { RunIdentity } from '../report/schema.ts';
import { resolveShard, shardLabel, type ResolvedShard } from './shard.ts';
import type { Regime } from '../regime/regime.ts';
import { DEFAULT_VIEWS, VIEWS } from '../report/views/index.ts';
import { viewFiles } from '../report/views/write.ts';
import type { CoverageReport } from '../report/schema.ts';
import { caseId as caseIdOf, NO_DB, resolveDb, type FailureDb, type ReplaySettings } from '../explore/failure-db.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '../train/train.ts';
import { defaultWorkers } from '../parallel/default-workers.ts';
import { workerExecutor } from '../parallel/worker-executor.ts';
import { inferMode, resolveTrainOptions, validateTheoremRegime, verifyTheoremMode, type Counterexample, type ModeResult } from '../verify/runner.ts';
import type { Io } from './io.ts';

/** Regimes per theorem and mode when neither --runs nor the theorem says otherwise. */
export const DEFAULT_RUNS = 200;
import { regimeJson } from './parse.ts';
import type { EmpiricalClaim } from '../empirical/claim.ts';
import type { ClaimBudget } from '../empirical/run.ts';
import { checkEmpiricalOptions, claimHash, runEmpiricalClaims } from './empirical.ts';

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
  /** `i/N` or `auto` (see shard.ts). */
  readonly shard?: string;
  readonly shardCount?: number;
  /** Continue the interrupted run in --out. */
  readonly resume?: boolean;
  /** Worker threads (default defaultWorkers(backend)). */
  readonly workers?: number;
  /** Empirical claims: seeds per claim and epochs per training, overriding each claim's default budget. */
  readonly seeds?: number;
  readonly epochs?: number;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The folders whose code decides a verdict: an uncommitted edit there must change the run's identity. */
const SOURCE_FOLDERS = ['src', 'theorems', 'properties'];
let cachedCommit: { value: string | undefined } | undefined;

/**
 * The checkout's commit, with `+dirty.<hash of the uncommitted diff>` when the
 * code folders differ from it: built-in theorems are pinned by the commit in
 * the run identity, so two runs of differently edited trees must not share it
 * (`merge` and `--resume` would otherwise combine them). Cached: the tree does
 * not change during a process.
 */
function gitCommit(): string | undefined {
  if (cachedCommit !== undefined) return cachedCommit.value;
  const git = (args: string[]) => execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 }).toString();
  let value: string | undefined;
  try {
    value = commitLabel(git(['rev-parse', 'HEAD']).trim(), git(['diff', 'HEAD', '--', ...SOURCE_FOLDERS]));
  } catch {
    value = undefined;
  }
  cachedCommit = { value };
  return value;
}

/** `commit`, or `commit+dirty.<12 hex of the diff's sha256>` for a non-empty diff. */
export function commitLabel(commit: string, uncommittedDiff: string): string {
  return uncommittedDiff.length === 0 ? commit : `${commit}+dirty.${createHash('sha256').update(uncommittedDiff).digest('hex').slice(0, 12)}`;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command line as a shell would take it back. */
export function shellCommand(argv: readonly string[]): string {
  return ['nc-check', ...argv].map(shellQuote).join(' ');
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
    command: shellCommand(argv),
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
  broken: readonly BrokenTheorem[] = [],
  env: NodeJS.ProcessEnv = process.env,
  claims: readonly EmpiricalClaim[] = [],
): Promise<number> {
  checkEmpiricalOptions(o, claims);
  const budget: ClaimBudget = { seeds: o.seeds, epochs: o.epochs };
  if ((o.path !== undefined || o.regime !== undefined) && broken.length > 0) {
    throw new UsageError(`theorem "${broken[0].id}" could not be loaded: ${broken[0].message}`);
  }
  if ((o.path !== undefined || o.regime !== undefined) && selected.length !== 1) {
    throw new UsageError(`${o.path !== undefined ? '--path' : '--regime'}: name exactly one theorem id to replay`);
  }
  if (o.path !== undefined && (o.mode === undefined || o.mode.length !== 1)) {
    throw new UsageError('--path: give exactly one --mode (the mode the path was recorded in)');
  }
  const single = o.path !== undefined ? '--path' : o.regime !== undefined ? '--regime' : undefined;
  if (single !== undefined && (o.shard !== undefined || o.resume === true)) {
    throw new UsageError(`${o.shard !== undefined ? '--shard' : '--resume'}: not with ${single} (a single case is neither sharded nor resumed)`);
  }
  const shard = resolveShard(o.shard, o.shardCount, env);
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
  const baseMeta = runMeta(backend, { seed: o.seed, runs: o.runs ?? DEFAULT_RUNS, modes, train: { ...DEFAULT_TRAIN_OPTIONS, ...train } }, argv);
  const identity = runIdentity({
    version: baseMeta.version,
    commit: baseMeta.commit,
    backend: baseMeta.backend,
    dtype: baseMeta.dtype,
    seed: o.seed,
    runs: o.runs ?? DEFAULT_RUNS,
    modes,
    train: baseMeta.train,
    shrink: { enabled: o.shrink, maxEvaluations: o.maxShrinks },
    theorems: [
      ...selected.map((t) => ({ id: t.id, hash: theoremHash(t, fileContent(theoremFiles.get(t.id))) })),
      ...broken.map((b) => ({ id: b.id, hash: `broken:${b.message}` })),
      ...claims.map((c) => ({ id: c.id, hash: `empirical:${claimHash(c, budget)}` })),
    ],
  });
  const fresh: RunMeta = { ...baseMeta, shard: shard === undefined ? undefined : shardLabel(shard), identity };
  if (shard !== undefined) io.err(`shard ${shardLabel(shard)} (${shard.source}): the sampled regimes k with k mod ${shard.count} = ${shard.index} of each mode\n`);

  const resumed = o.resume === true ? openResume(o.out, fresh, io) : undefined;
  if (resumed?.finished === true) return finish(resumed.checkpoint, o, io, undefined);
  const meta: RunMeta = resumed === undefined ? fresh : { ...resumed.checkpoint.meta, resumedAt: [...(resumed.checkpoint.meta.resumedAt ?? []), new Date().toISOString()] };
  const done = new Map<string, ModeEntry>();
  for (const t of resumed?.checkpoint.theorems ?? []) for (const m of t.modes) done.set(blockKey(t.id, m.mode), m);

  const writer = createRunWriter(o.out, { resumeAt: resumed?.scan.validBytes });
  if (resumed === undefined) writer.coverage(coverageReport(meta, []));
  // Idle workers never keep the process alive, so an error anywhere below still exits.
  const planned = selected.reduce((sum, t) => sum + (o.runs ?? t.runs ?? DEFAULT_RUNS) * modes.length, 0);
  const workers = o.workers ?? defaultWorkers(backend, explicitRegime !== undefined || o.path !== undefined ? 1 : planned);
  const executor = workers > 1 ? workerExecutor({ workers, backend: backend.name, theoremFiles: o.theorems }) : undefined;
  const progress = progressHooks(io);
  // A single case neither replays nor stores others; shards neither (see the README: the merged result must equal the unsharded run).
  const db = single !== undefined || shard !== undefined ? NO_DB : resolveDb(o.db);
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
      const key = blockKey(theorem.id, mode);
      const finished = done.get(key);
      if (finished !== undefined) {
        modeEntries.push(finished);
        continue;
      }
      const block = resumed?.scan.blocks.get(key);
      const journaled = block === undefined ? undefined : journalRecords(join(o.out, REGIMES_FILE), resumed!.scan.validBytes, theorem.id, mode);
      // Resuming: the stored regimes the interrupted run had replayed come first again, whatever the database holds now.
      const replayFirst: Regime[] = [...(block?.database ?? []), ...db.regimesFor(theorem.id, mode)];
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
          replayFirst,
          shard,
          journaled,
          executor,
        },
        {
          ...progress,
          onResume(t, m, count, planned) {
            io.err(`resume: ${t.id} ${m}: ${count} of ${planned} regimes from the journal; evaluating the other ${planned - count}\n`);
          },
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
  // Empirical claims after the theorems: the coverage file is rewritten after each claim.
  const kept = (id: string) => resumed?.checkpoint.theorems.find((t) => t.id === id && t.kind === 'empirical');
  await runEmpiricalClaims(claims, { seed: o.seed, backend: o.backend, out: o.out, resume: resumed !== undefined, budget }, io, kept, (entry) => {
    entries.push(entry);
    writer.coverage(coverageReport(meta, entries));
  });
  writer.close();
  await executor?.close();
  for (const b of broken) io.err(`theorem ${b.id} could not be run: ${b.message}\n`);
  const report = coverageReport({ ...meta, finishedAt: new Date().toISOString() }, [...entries, ...broken.map(brokenTheoremEntry)]);
  writer.coverage(report);
  return finish(report, o, io, db);
}

function fileContent(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

interface Resumed {
  readonly checkpoint: CoverageReport;
  readonly scan: JournalScan;
  readonly finished: boolean;
}

/**
 * `--resume`: the interrupted run's coverage file (its identity, the modes it
 * finished) and its journal. Refuses another run's folder; a folder with no
 * run in it starts a fresh one (so a job engine can always retry with --resume).
 */
function openResume(out: string, meta: RunMeta, io: Io): Resumed | undefined {
  const file = join(out, COVERAGE_FILE);
  if (!existsSync(file)) {
    io.err(`resume: no run to resume in ${out} (no ${COVERAGE_FILE}); starting a fresh run\n`);
    return undefined;
  }
  const checkpoint = readCoverage(file);
  const before: RunIdentity | undefined = checkpoint.meta.identity;
  if (before === undefined) {
    throw new UsageError(`--resume: ${file} records no run identity (written by an older nc-check, or by merge or explore), so it cannot be resumed`);
  }
  const difference = identityDifference(meta.identity!, before) ?? (checkpoint.meta.shard !== meta.shard ? `shard ${meta.shard ?? 'none'} vs ${checkpoint.meta.shard ?? 'none'}` : undefined);
  if (difference !== undefined) {
    throw new UsageError(`--resume: ${out} holds another run (${difference}); resume it with its own command plus --resume: ${checkpoint.meta.command}`);
  }
  const journal = join(out, REGIMES_FILE);
  const scan: JournalScan = existsSync(journal) ? scanJournal(journal) : { records: 0, validBytes: 0, blocks: new Map() };
  if (scan.truncated !== undefined) {
    io.err(`resume: ${journal} line ${scan.truncated.line} was cut short by the interruption (${scan.truncated.bytes} bytes); ignored, and its regime is evaluated again\n`);
  }
  const finished = checkpoint.meta.finishedAt !== undefined;
  io.err(finished ? `resume: the run in ${out} had finished; nothing to evaluate\n` : `resume: continuing the run started ${checkpoint.meta.startedAt} (${scan.records} regimes in its journal)\n`);
  return { checkpoint, scan, finished };
}

/** Views, terminal table and exit code of a finished run, all from the canonical file's content. */
function finish(report: CoverageReport, o: VerifyCommandOptions, io: Io, db: FailureDb | undefined): number {
  // Rendered from the file's JSON (non-finite numbers as null), exactly as `nc-check report` would.
  const written = parseCoverage(`${toJson(report, 2)}\n`, join(o.out, COVERAGE_FILE));
  const writer = { file: (name: string, content: string) => writeFileIn(o.out, name, content) };
  writeViews(writer, written);
  if (o.json === true) io.out(`${toJson(written, 2)}\n`);
  else io.out(renderTerminal(written));
  io.err(`results: ${join(o.out, COVERAGE_FILE)} (per-regime records in ${join(o.out, REGIMES_FILE)})\n`);
  io.err(`views: ${DEFAULT_VIEWS.map((v) => join(o.out, VIEWS[v].file)).join(', ')}\n`);
  const stored = db?.list().length ?? 0;
  if (db !== undefined && db.dir !== '' && stored > 0) io.err(`failure database: ${stored} stored case(s) in ${db.dir} (replayed first next run; \`nc-check replay --list\`)\n`);
  return written.summary.failed > 0 ? 1 : 0;
}

/** Writes every default view beside theorem-coverage.json. */
export function writeViews(writer: Pick<RunWriter, 'file'>, report: CoverageReport): void {
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
