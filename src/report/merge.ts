// Merging the shards of a sweep (vitest's mergeReports idea): the shards'
// result folders in, one result folder out — the canonical file, the merged
// journal and the counterexample solutions — equal to what the unsharded run
// writes for the same seed, case for case. No theorem code runs: everything
// comes from the shards' files.
//
//   - The shards must be one run (same identity: seed, version, theorem set,
//     modes, runs, training, shrinking), each shard exactly once, none missing,
//     each finished; otherwise merge refuses, naming the shard(s).
//   - Each theorem mode's records are re-folded in the unsharded run's order
//     (by sample index, a k-way merge of the shards' journals, streamed) with
//     the runner's own fold, so counts, worst margins, first reasons, margin
//     histograms and regime points come out identical.
//   - A clause's counterexample is the one the shard holding its globally
//     first violation shrank: that violation was that shard's first too, and
//     shrinking depends only on the starting regime, the seed and the settings.
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import { createModeFold } from '../verify/runner.ts';
import type { RegimeRecord } from '../verify/results.ts';
import { clauseOutcome, coverageReport, modeCounts, pointEntry } from './coverage.ts';
import { identityDifference } from './identity.ts';
import { blockKey, journalRecords, scanJournal, type JournalScan } from './journal.ts';
import { readCoverage } from './read.ts';
import type { ClauseEntry, CoverageReport, ModeEntry, RunMeta, TheoremEntry } from './schema.ts';
import { COUNTEREXAMPLE_DIR, COVERAGE_FILE, createRunWriter, makeDirs, REGIMES_FILE, safeFileName } from './writer.ts';

interface ShardInput {
  readonly dir: string;
  readonly report: CoverageReport;
  readonly index: number;
  readonly count: number;
  readonly scan: JournalScan;
}

/** A shard's folder from a folder or its theorem-coverage.json. */
function shardDir(path: string): string {
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    throw new UsageError(`merge: ${path}: no such shard folder or file`);
  }
}

function readShard(path: string): ShardInput {
  const dir = shardDir(path);
  const report = readCoverage(join(dir, COVERAGE_FILE));
  const label = report.meta.shard;
  const m = label === undefined ? null : /^(\d+)\/(\d+)$/.exec(label);
  if (m === null) throw new UsageError(`merge: ${dir} is not a shard (its run had no --shard); merge takes the folders of a sharded run's shards`);
  if (report.meta.identity === undefined) throw new UsageError(`merge: ${dir} records no run identity (written by an older nc-check); re-run that shard`);
  if (report.meta.finishedAt === undefined) {
    throw new UsageError(`merge: shard ${label} (${dir}) did not finish; continue it with its command plus --resume, then merge`);
  }
  const journal = join(dir, REGIMES_FILE);
  if (!existsSync(journal)) throw new UsageError(`merge: shard ${label} (${dir}) has no ${REGIMES_FILE}; merge needs every shard's journal`);
  const scan = scanJournal(journal);
  if (scan.truncated !== undefined) throw new UsageError(`merge: shard ${label} (${dir}): ${REGIMES_FILE} line ${scan.truncated.line} is cut short, yet the shard says it finished`);
  return { dir, report, index: Number(m[1]), count: Number(m[2]), scan };
}

/** The shards, in shard order, after checking that they are one complete run. */
export function checkShards(paths: readonly string[]): ShardInput[] {
  if (paths.length === 0) throw new UsageError('merge: give the result folders of every shard');
  const shards = paths.map(readShard);
  const name = (s: ShardInput) => `shard ${s.report.meta.shard} (${s.dir})`;
  const first = shards[0];
  for (const s of shards.slice(1)) {
    if (s.count !== first.count) throw new UsageError(`merge: ${name(s)} belongs to a sweep of ${s.count} shards, ${name(first)} to one of ${first.count}`);
    const difference = identityDifference(s.report.meta.identity!, first.report.meta.identity!);
    if (difference !== undefined) throw new UsageError(`merge: ${name(s)} is from a different run than ${name(first)}: ${difference}`);
  }
  const byIndex = new Map<number, ShardInput>();
  for (const s of shards) {
    const seen = byIndex.get(s.index);
    if (seen !== undefined) throw new UsageError(`merge: shard ${s.index}/${s.count} is given twice (${seen.dir} and ${s.dir})`);
    byIndex.set(s.index, s);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw new UsageError(`merge: missing shard(s) ${missing.map((i) => `${i}/${first.count}`).join(', ')} of ${first.count} (given: ${[...byIndex.keys()].sort((a, b) => a - b).map((i) => `${i}/${first.count}`).join(', ')})`);
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

interface Head {
  readonly shard: ShardInput;
  readonly records: Iterator<RegimeRecord>;
  current: RegimeRecord | undefined;
}

/** Re-folds one theorem mode from every shard's journal, in the unsharded run's order; writes the merged records. */
function mergeMode(theorem: TheoremEntry, template: ModeEntry, shards: readonly ShardInput[], out: string, write: (r: RegimeRecord) => void): ModeEntry {
  const entries = shards.map((s) => s.report.theorems.find((t) => t.id === theorem.id)?.modes.find((m) => m.mode === template.mode));
  const seconds = entries.reduce((sum, m) => sum + (m?.seconds ?? 0), 0);
  if (!template.ran) return { ...template, seconds };
  if (theorem.kind === 'empirical') {
    throw new UsageError(`merge: ${theorem.id} is an empirical claim, and empirical claims are not sharded (verify refuses --shard for them); run them unsharded`);
  }
  const fold = createModeFold({ clauses: template.clauses as readonly (ModeEntry['clauses'][number] & { kind: Exclude<ModeEntry['clauses'][number]['kind'], 'empirical'> })[] });
  const owner = new Map<string, ShardInput>();
  const heads: Head[] = shards.map((shard, i) => {
    const expected = entries[i]?.regimes.evaluated ?? 0;
    const found = shard.scan.blocks.get(blockKey(theorem.id, template.mode))?.records ?? 0;
    if (found !== expected) {
      throw new UsageError(`merge: shard ${shard.report.meta.shard} (${shard.dir}): its journal holds ${found} records of ${theorem.id} (${template.mode}), its coverage file counts ${expected}`);
    }
    const records = journalRecords(join(shard.dir, REGIMES_FILE), shard.scan.validBytes, theorem.id, template.mode);
    return { shard, records, current: records.next().value ?? undefined };
  });
  let last = -1;
  for (;;) {
    let next: Head | undefined;
    for (const h of heads) if (h.current !== undefined && (next === undefined || h.current.index < next.current!.index)) next = h;
    if (next === undefined) break;
    const record = next.current!;
    if (record.index <= last) {
      throw new UsageError(`merge: shards overlap or are out of order at regime ${record.index} of ${theorem.id} (${template.mode}) (shard ${next.shard.report.meta.shard}); they are not one partition`);
    }
    last = record.index;
    const before = fold.aggregates.map((a) => a.firstViolation);
    fold.add(record);
    fold.aggregates.forEach((a, i) => {
      if (before[i] === undefined && a.firstViolation !== undefined) owner.set(a.clause, next.shard);
    });
    write(record);
    next.current = next.records.next().value ?? undefined;
  }
  const clauses: ClauseEntry[] = fold.aggregates.map((agg, i) => {
    const fixed = template.clauses[i];
    const holder = owner.get(agg.clause);
    return {
      id: fixed.id,
      kind: fixed.kind,
      statement: fixed.statement,
      provenance: fixed.provenance,
      ...clauseOutcome(agg, true, undefined, theorem.expect),
      counterexample: holder === undefined ? undefined : ownedCounterexample(holder, theorem.id, template.mode, agg.clause, out),
    };
  });
  return {
    ...template,
    ...modeCounts({ regimesEvaluated: fold.counts.evaluated, regimesHypothesisHeld: fold.counts.held, regimesNearThreshold: fold.counts.near, restarts: fold.restarts }),
    seconds,
    clauses,
    replayed: fold.counts.replayed,
    points: fold.sketch.points().map((p) => pointEntry(theorem.phase, p)),
    pointsOmitted: fold.sketch.omitted,
  };
}

/** The counterexample the owning shard shrank, its solution file copied under the merged folder (by a name derived here, never read from the file). */
function ownedCounterexample(shard: ShardInput, theorem: string, mode: ModeEntry['mode'], clause: string, out: string): ClauseEntry['counterexample'] {
  const entry = shard.report.theorems.find((t) => t.id === theorem)?.modes.find((m) => m.mode === mode)?.clauses.find((c) => c.id === clause);
  const cx = entry?.counterexample;
  if (cx === undefined) {
    throw new UsageError(`merge: shard ${shard.report.meta.shard} (${shard.dir}) holds the first violation of ${theorem} (${mode}) ${clause} but no counterexample for it: its files are inconsistent`);
  }
  if (cx.solutionFile === undefined) return cx;
  const file = join(COUNTEREXAMPLE_DIR, `${safeFileName(theorem, mode, clause)}.json`);
  if (!existsSync(join(shard.dir, file))) throw new UsageError(`merge: shard ${shard.report.meta.shard} (${shard.dir}) lacks ${file}`);
  makeDirs(join(out, COUNTEREXAMPLE_DIR));
  copyFileSync(join(shard.dir, file), join(out, file));
  return { ...cx, solutionFile: file };
}

/** Merges checked shards into `out`: the merged journal and solutions are written; the canonical document is returned. */
export function mergeShards(shards: readonly ShardInput[], out: string, command: string): CoverageReport {
  const writer = createRunWriter(out, { flush: false });
  try {
    const theorems = shards[0].report.theorems.map((t): TheoremEntry => ({
      ...t,
      modes: t.modes.map((m) => mergeMode(t, m, shards, out, (r) => writer.regime(r))),
    }));
    const { shard: _shard, resumedAt: _resumed, ...base } = shards[0].report.meta;
    const meta: RunMeta = {
      ...base,
      command,
      startedAt: shards.map((s) => s.report.meta.startedAt).sort()[0],
      finishedAt: new Date().toISOString(),
      merged: shards.map((s) => ({ shard: s.report.meta.shard!, source: s.dir, startedAt: s.report.meta.startedAt, finishedAt: s.report.meta.finishedAt, node: s.report.meta.node })),
    };
    return coverageReport(meta, theorems);
  } finally {
    writer.close();
  }
}
