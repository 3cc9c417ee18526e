// The run API: `verify(theorems, options)` samples regimes per theorem and
// mode, checks every clause, shrinks violations, keeps the failure database,
// writes the results folder as the run goes (when `out` is given) and returns
// the canonical coverage document — the same one `nc-check verify` writes and
// renders. The CLI is a thin shell over `runVerification` (the same run, plus
// the closing lines it prints after the table).
//
// `shard` runs one shard's share of every mode's sample (`nc-check merge`
// recombines the shards). `resume` continues an interrupted run in the same
// `out` folder: modes the coverage file already holds are kept, the journal's
// records of the mode in progress are folded without being evaluated again,
// and the rest is run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend } from '../backend/backend.ts';
import { DEFAULT_BACKEND, loadBackend } from '../backend/registry.ts';
import type { EmpiricalClaim } from '../empirical/claim.ts';
import type { ClaimBudget } from '../empirical/run.ts';
import { UsageError } from '../errors.ts';
import { NO_DB, resolveDb, type FailureDb, type ReplaySettings } from '../explore/failure-db.ts';
import { silentIo, type Io } from '../io.ts';
import { defaultWorkers } from '../parallel/default-workers.ts';
import { workerExecutor } from '../parallel/worker-executor.ts';
import { regimeJson } from '../regime/json.ts';
import type { Regime } from '../regime/regime.ts';
import { brokenTheoremEntry, coverageReport, modeEntry, theoremEntry, type CounterexampleLinks } from '../report/coverage.ts';
import { runIdentity, theoremHash } from '../report/identity.ts';
import { blockKey, journalRecords } from '../report/journal.ts';
import { recordedCost } from '../report/costs.ts';
import { parseCoverage, readCoverage } from '../report/read.ts';
import type { CoverageReport, ModeEntry, RunMeta, TheoremEntry } from '../report/schema.ts';
import { DEFAULT_VIEWS, VIEWS } from '../report/views/index.ts';
import { writeViews } from '../report/views/write.ts';
import { profileTheorem, timed } from '../profile.ts';
import { COVERAGE_FILE, createRunWriter, NO_WRITER, REGIMES_FILE, toJson, writeFileIn } from '../report/writer.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import type { BrokenTheorem } from '../theorem/registry.ts';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from '../train/train.ts';
import { inferMode, resolveTrainOptions, validateTheoremRegime, verifyTheoremMode, type Counterexample, type PlannedWork, type VerifyHooks } from '../verify/runner.ts';
import { checkEmpiricalOptions, claimHash, runEmpiricalClaims } from './empirical.ts';
import { storeFailures } from './failures.ts';
import { replayCommand, runMeta } from './meta.ts';
import { openResume } from './resume.ts';
import { resolveShard, shardLabel } from './shard.ts';

/** Regimes per theorem and mode when neither `runs` nor the theorem says otherwise. */
export const DEFAULT_RUNS = 200;

/**
 * The modes a run without `modes` checks: inside every hypothesis, and the
 * near-threshold band of every theorem that declares thresholds and a
 * generator for that band. Inside mode leaves out the 2 % band around each
 * threshold (tolerances are widened there), so without near a threshold
 * placed wrongly — a claim that switches at c = 0.98 instead of c = 1 — would
 * never be sampled where it is wrong. Outside (does the conclusion need the
 * hypothesis?) stays opt-in: its violations are evidence, not failures.
 */
export const DEFAULT_MODES: readonly Mode[] = ['inside', 'near'];

/**
 * Regimes a theorem gets in a mode. An explicit `runs` is per mode. Without
 * one, the default budget (the theorem's `runs`, else DEFAULT_RUNS) is per
 * theorem, and a theorem checked in the default near band too gives a quarter
 * of it to that band (the rest inside): the band is narrow, a misplaced
 * threshold shows on most of its regimes, and `npm start` keeps its time.
 */
export function modeRuns(theorem: Theorem, mode: Mode, runs: number | undefined, requested: readonly Mode[] | undefined): number {
  if (runs !== undefined) return runs;
  const budget = theorem.runs ?? DEFAULT_RUNS;
  if (requested !== undefined || !theoremModes(theorem, undefined).includes('near')) return budget;
  const near = Math.max(1, Math.ceil(budget / 4));
  return mode === 'near' ? near : Math.max(1, budget - near);
}

/** The modes a theorem runs: the requested ones, or the defaults it supports (near needs thresholds and a near generator). */
export function theoremModes(theorem: Theorem, requested: readonly Mode[] | undefined): Mode[] {
  if (requested !== undefined) return [...requested];
  return DEFAULT_MODES.filter((m) => m !== 'near' || ((theorem.thresholds?.length ?? 0) > 0 && theorem.regimes?.near !== undefined));
}

/** Training settings a run may override (on top of DEFAULT_TRAIN_OPTIONS and each theorem's own `training`). */
export type TrainOverrides = Partial<Pick<TrainOptions, 'restarts' | 'optimizer' | 'initScale' | 'gradientTolerance' | 'maxIterations'>>;

export interface RunOptions {
  /** A backend, or its registry name (default cpu-f64). */
  readonly backend?: string | Backend<unknown>;
  /** Regimes per theorem and mode; absent: each theorem's own `runs`, else DEFAULT_RUNS. */
  readonly runs?: number;
  /** Run seed: regimes and initializations (default 1). */
  readonly seed?: number;
  /** Default DEFAULT_MODES: inside, and near for theorems with thresholds (with `regime`: the mode that regime belongs to). */
  readonly modes?: readonly Mode[];
  /**
   * A time budget in seconds: when it runs out no further regime starts, those
   * in flight finish, and every clause the run could not decide is reported
   * inconclusive — never verified.
   */
  readonly timeLimit?: number;
  /** Results folder (coverage file, journal, views); absent: nothing is written. */
  readonly out?: string;
  /** Replay one fast-check path (one theorem, one mode). */
  readonly path?: string;
  /** Evaluate exactly this regime (one theorem): an object, or its JSON text. */
  readonly regime?: Regime | string;
  /** Shrink violations (default true). */
  readonly shrink?: boolean;
  /** Regime evaluations the shrinker may spend per violated clause (default 40). */
  readonly maxShrinks?: number;
  readonly train?: TrainOverrides;
  /** Failure database folder; false disables it; absent: $NC_CHECK_DB, else the per-user cache folder (defaultDbDir). */
  readonly db?: string | false;
  /** `i/N` or `auto` (see shard.ts), with the count for `auto` where the job engine does not export it. */
  readonly shard?: string;
  readonly shardCount?: number;
  /** Continue the interrupted run in `out`. */
  readonly resume?: boolean;
  /** Worker threads (default: defaultWorkers(backend), and 1 when `library` does not say where workers find the theorems). */
  readonly workers?: number;
  /**
   * Where worker threads load the theorems from: a module exporting the built-in
   * library (`builtinTheorems`) and the theorem files. Without it a run uses no workers.
   */
  readonly library?: { readonly builtinModule?: string; readonly files?: readonly string[] };
  /** The file each theorem came from (replay commands, run identity). */
  readonly theoremFiles?: ReadonlyMap<string, string>;
  /** Theorems that could not be loaded: reported with status error. */
  readonly broken?: readonly BrokenTheorem[];
  /** Empirical claims run after the theorems, and their budget. */
  readonly claims?: readonly EmpiricalClaim[];
  readonly budget?: ClaimBudget;
  /** The command line recorded in the results (default: none). */
  readonly argv?: readonly string[];
  /** Progress and notes (default: silent). */
  readonly io?: Io;
  /** Progress events: each mode's start, each regime evaluated, each shrink step, each mode's end. */
  readonly hooks?: VerifyHooks;
  /** Stops the run between regimes; what was finished stays in `out`. */
  readonly signal?: AbortSignal;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface RunResult {
  /** The coverage document as written (and read back: non-finite numbers as null). */
  readonly report: CoverageReport;
  /** Where the results went and what the failure database holds, for the closing lines. */
  readonly closing: readonly string[];
}

/** Runs the theorems (and claims) and returns the canonical coverage document. */
export async function verify(theorems: Theorem | readonly Theorem[], options: RunOptions = {}): Promise<CoverageReport> {
  const { report, closing } = await runVerification(Array.isArray(theorems) ? theorems : [theorems as Theorem], options);
  for (const line of closing) (options.io ?? silentIo).err(line);
  return report;
}

const aborted = (signal: AbortSignal | undefined): void => {
  if (signal?.aborted === true) throw signal.reason instanceof Error ? signal.reason : new DOMException('the run was aborted', 'AbortError');
};

export async function runVerification(selected: readonly Theorem[], o: RunOptions = {}): Promise<RunResult> {
  const io = o.io ?? silentIo;
  const claims = o.claims ?? [];
  const broken = o.broken ?? [];
  const theoremFiles = o.theoremFiles ?? new Map<string, string>();
  const seed = o.seed ?? 1;
  const shrink = o.shrink ?? true;
  const maxShrinks = o.maxShrinks ?? 40;
  const budget: ClaimBudget = o.budget ?? {};
  const regimeText = typeof o.regime === 'string' ? o.regime : o.regime === undefined ? undefined : JSON.stringify(o.regime);
  checkEmpiricalOptions({ path: o.path, regime: regimeText, shard: o.shard, seeds: budget.seeds, epochs: budget.epochs }, claims);
  if ((o.path !== undefined || o.regime !== undefined) && broken.length > 0) {
    throw new UsageError(`theorem "${broken[0].id}" could not be loaded: ${broken[0].message}`);
  }
  if ((o.path !== undefined || o.regime !== undefined) && selected.length !== 1) {
    throw new UsageError(`${o.path !== undefined ? '--path' : '--regime'}: name exactly one theorem id to replay`);
  }
  if (o.path !== undefined && (o.modes === undefined || o.modes.length !== 1)) {
    throw new UsageError('--path: give exactly one --mode (the mode the path was recorded in)');
  }
  const single = o.path !== undefined ? '--path' : o.regime !== undefined ? '--regime' : undefined;
  if (single !== undefined && (o.shard !== undefined || o.resume === true)) {
    throw new UsageError(`${o.shard !== undefined ? '--shard' : '--resume'}: not with ${single} (a single case is neither sharded nor resumed)`);
  }
  const shard = resolveShard(o.shard, o.shardCount, o.env ?? process.env);
  const explicitRegime =
    o.regime === undefined ? undefined : validateTheoremRegime(selected[0], typeof o.regime === 'string' ? regimeJson(o.regime) : o.regime);
  const requested: readonly Mode[] | undefined = explicitRegime !== undefined && o.modes === undefined ? [inferMode(selected[0], explicitRegime)] : o.modes;
  const modes: Mode[] = requested !== undefined ? [...requested] : DEFAULT_MODES.filter((m) => selected.some((t) => theoremModes(t, undefined).includes(m)) || m === 'inside');
  const train: Partial<TrainOptions> = Object.fromEntries(Object.entries(o.train ?? {}).filter(([, v]) => v !== undefined));
  const backend: Backend<unknown> = typeof o.backend === 'object' ? o.backend : await loadBackend(o.backend ?? DEFAULT_BACKEND);
  const runs = o.runs ?? DEFAULT_RUNS;
  const baseMeta = runMeta(backend, { seed, runs, modes, train: { ...DEFAULT_TRAIN_OPTIONS, ...train } }, o.argv ?? []);
  const identity = runIdentity({
    version: baseMeta.version,
    commit: baseMeta.commit,
    backend: baseMeta.backend,
    dtype: baseMeta.dtype,
    seed,
    runs,
    modes,
    train: baseMeta.train,
    shrink: { enabled: shrink, maxEvaluations: maxShrinks },
    theorems: [
      ...selected.map((t) => ({ id: t.id, hash: theoremHash(t, fileContent(theoremFiles.get(t.id))) })),
      ...broken.map((b) => ({ id: b.id, hash: `broken:${b.message}` })),
      ...claims.map((c) => ({ id: c.id, hash: `empirical:${claimHash(c, budget)}` })),
    ],
  });
  const fresh: RunMeta = { ...baseMeta, shard: shard === undefined ? undefined : shardLabel(shard), identity };
  if (shard !== undefined) io.err(`shard ${shardLabel(shard)} (${shard.source}): the sampled regimes k with k mod ${shard.count} = ${shard.index} of each mode\n`);
  if (o.out === undefined && (o.resume === true || claims.length > 0)) {
    throw new UsageError(`${o.resume === true ? 'resume' : 'empirical claims'}: needs a results folder (out)`);
  }

  const resumed = o.resume === true ? openResume(o.out!, fresh, io) : undefined;
  if (resumed?.finished === true) return finish(resumed.checkpoint, o.out, undefined);
  // A resumed run is unfinished until it ends (a cut-short run's file said finished: drop that).
  const { finishedAt: _cutAt, ...before } = resumed?.checkpoint.meta ?? fresh;
  const meta: RunMeta = resumed === undefined ? fresh : { ...before, resumedAt: [...(resumed.checkpoint.meta.resumedAt ?? []), new Date().toISOString()] };
  // Finished work only: a mode the time limit stopped (stoppedAt) continues from its journal records.
  const done = new Map<string, ModeEntry>();
  for (const t of resumed?.checkpoint.theorems ?? []) for (const m of t.modes) if (m.stoppedAt === undefined) done.set(blockKey(t.id, m.mode), m);

  // The plan per theorem mode, for the overall ETA: regimes, and their cost in the earlier run this folder holds
  // (the cost model of `verify --plan --costs`). A single case is one regime.
  const earlier = resumed?.checkpoint ?? earlierRun(o.out);
  const work: PlannedWork[] = selected.flatMap((t) =>
    theoremModes(t, requested).filter((m) => !done.has(blockKey(t.id, m))).map((m) => ({
      theorem: t.id,
      mode: m,
      regimes: single !== undefined ? 1 : modeRuns(t, m, o.runs, requested),
      perRegime: earlier === undefined ? undefined : recordedCost(earlier, t.id, m).perRegime,
    })),
  );
  const planned = work.reduce((n, w) => n + w.regimes, 0);
  const writer = o.out === undefined ? NO_WRITER : createRunWriter(o.out, { resumeAt: resumed?.scan.validBytes });
  if (resumed === undefined) writer.coverage(coverageReport(meta, []));
  const deadline = o.timeLimit === undefined ? undefined : performance.now() + o.timeLimit * 1000;
  let outOfTime = false;
  const stop =
    deadline === undefined
      ? undefined
      : () => {
          if (!outOfTime && performance.now() >= deadline) {
            outOfTime = true;
            io.err(`time limit of ${o.timeLimit} s reached: no further regime starts; the clauses not decided are reported inconclusive${o.out === undefined ? '' : ' (the same command plus --resume continues the modes cut short)'}\n`);
          }
          return outOfTime;
        };
  const workers = o.workers ?? (o.library === undefined ? 1 : defaultWorkers(backend, explicitRegime !== undefined || o.path !== undefined ? 1 : planned));
  const executor =
    workers > 1 ? workerExecutor({ workers, backend: backend.name, builtinModule: o.library?.builtinModule, theoremFiles: o.library?.files }) : undefined;
  const progress = o.hooks ?? {};
  // A single case neither replays nor stores others; shards neither (see the README: the merged result must equal the unsharded run).
  const db = single !== undefined || shard !== undefined ? NO_DB : resolveDb(o.db, o.env ?? process.env, { warn: (m) => io.err(`warning: ${m}\n`) });
  const entries: TheoremEntry[] = [];
  progress.onRunStart?.(planned, work);
  try {
    for (const theorem of selected) {
      const settings: ReplaySettings = { backend: backend.name, train: resolveTrainOptions(theorem, { train, seed }), theoremFile: theoremFiles.get(theorem.id) };
      const caseIds = new Map<Counterexample, string>();
      const links: CounterexampleLinks = {
        replay: (cx) => replayCommand(cx, { seed, backend: backend.name, train: o.train }, theoremFiles.get(cx.theorem)),
        solutionFile: (cx) => writer.counterexample(cx),
        caseId: (cx) => caseIds.get(cx),
      };
      const modeEntries: ModeEntry[] = [];
      for (const mode of theoremModes(theorem, requested)) {
        aborted(o.signal);
        const key = blockKey(theorem.id, mode);
        const finished = done.get(key);
        if (finished !== undefined) {
          modeEntries.push(finished);
          continue;
        }
        const block = resumed?.scan.blocks.get(key);
        const journaled = block === undefined ? undefined : journalRecords(join(o.out!, REGIMES_FILE), resumed!.scan.validBytes, theorem.id, mode);
        // Resuming: the stored regimes the interrupted run had replayed come first again, whatever the database holds now.
        // Once its journal holds sampled regimes, the interrupted run's stored ones were all replayed: cases stored since
        // (a time-limited run stores the failures of the modes it cut) must not shift the plan under the journal.
        const sampledJournaled = block !== undefined && block.records > block.database.length;
        const replayFirst: Regime[] = [...(block?.database ?? []), ...(sampledJournaled ? [] : db.regimesFor(theorem.id, mode))];
        const result = await verifyTheoremMode(
          theorem,
          mode,
          backend,
          {
            modes,
            runs: modeRuns(theorem, mode, o.runs, requested),
            seed,
            train,
            shrink,
            maxShrinkEvaluations: maxShrinks,
            path: o.path,
            regime: explicitRegime,
            replayFirst,
            shard,
            journaled,
            executor,
            stop,
          },
          {
            ...progress,
            onResume(t, m, count, plannedHere) {
              io.err(`resume: ${t.id} ${m}: ${count} of ${plannedHere} regimes from the journal; evaluating the other ${plannedHere - count}\n`);
              progress.onResume?.(t, m, count, plannedHere);
            },
            onRegime(record, position, plannedHere) {
              writer.regime(record);
              if (record.origin === 'database') db.update(record, settings);
              progress.onRegime?.(record, position, plannedHere);
              aborted(o.signal);
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
    await runEmpiricalClaims(claims, { seed, backend: backend.name, out: o.out ?? '', resume: resumed !== undefined, budget, signal: o.signal }, io, kept, (entry) => {
      entries.push(entry);
      writer.coverage(coverageReport(meta, entries));
    });
  } finally {
    writer.close();
    await executor?.close();
  }
  for (const b of broken) io.err(`theorem ${b.id} could not be run: ${b.message}\n`);
  const report = coverageReport({ ...meta, finishedAt: new Date().toISOString() }, [...entries, ...broken.map(brokenTheoremEntry)]);
  writer.coverage(report);
  return finish(report, o.out, db);
}

/** The coverage file an earlier run left in `out` (read before this run replaces it), for its costs; none when absent or unreadable. */
function earlierRun(out: string | undefined): CoverageReport | undefined {
  if (out === undefined || !existsSync(join(out, COVERAGE_FILE))) return undefined;
  try {
    return readCoverage(join(out, COVERAGE_FILE));
  } catch {
    return undefined; // an estimate is not worth an error: the ETA falls back to the run's own pace
  }
}

function fileContent(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The finished run's document as the file holds it, its views written beside it, and the closing lines. */
function finish(report: CoverageReport, out: string | undefined, db: FailureDb | undefined): RunResult {
  // Read back from the file's JSON (non-finite numbers as null), exactly as `nc-check report` would.
  const written = parseCoverage(`${toJson(report, 2)}\n`, join(out ?? '', COVERAGE_FILE));
  const closing: string[] = [];
  if (out !== undefined) {
    profileTheorem('(run)');
    timed('views', () => writeViews({ file: (name: string, content: string) => writeFileIn(out, name, content) }, written));
    closing.push(`results: ${join(out, COVERAGE_FILE)} (per-regime records in ${join(out, REGIMES_FILE)})\n`);
    closing.push(`views: ${DEFAULT_VIEWS.map((v) => join(out, VIEWS[v].file)).join(', ')}\n`);
  }
  const stored = db?.list().length ?? 0;
  if (db !== undefined && db.dir !== '' && stored > 0) closing.push(`failure database: ${stored} stored case(s) in ${db.dir} (replayed first next run; \`nc-check replay --list\`)\n`);
  return { report: written, closing };
}
