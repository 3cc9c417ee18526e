// `--resume`: continue an interrupted run in the same results folder. Modes
// the coverage file already holds are kept, the journal's records of the mode
// in progress are folded without being evaluated again, and the rest is run.
// A run its time limit (`--time-limit`) cut short is continued too: it says it
// finished, but the modes it stopped (`stoppedAt`) are not finished work — they
// are resumed from the journal like an interrupted mode, so the resumed run
// ends with the verdicts of an uncut one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { identityDifference } from '../report/identity.ts';
import { scanJournal, type JournalScan } from '../report/journal.ts';
import { readCoverage } from '../report/read.ts';
import type { CoverageReport, RunIdentity, RunMeta } from '../report/schema.ts';
import { COVERAGE_FILE, REGIMES_FILE } from '../report/writer.ts';

export interface Resumed {
  readonly checkpoint: CoverageReport;
  readonly scan: JournalScan;
  /** Nothing left to evaluate: the run finished, and its time limit (if any) cut no mode short. */
  readonly finished: boolean;
}

/** The theorem modes a time limit stopped before their sample was evaluated. */
const cutModes = (report: CoverageReport): number => report.theorems.reduce((n, t) => n + t.modes.filter((m) => m.stoppedAt !== undefined).length, 0);

/**
 * The interrupted run's coverage file (its identity, the modes it finished)
 * and its journal. Refuses another run's folder; a folder with no run in it
 * starts a fresh one (so a job engine can always retry with --resume).
 */
export function openResume(out: string, meta: RunMeta, io: Io): Resumed | undefined {
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
  const cut = cutModes(checkpoint);
  const finished = checkpoint.meta.finishedAt !== undefined && cut === 0;
  io.err(
    finished
      ? `resume: the run in ${out} had finished; nothing to evaluate\n`
      : cut > 0 && checkpoint.meta.finishedAt !== undefined
        ? `resume: the run started ${checkpoint.meta.startedAt} stopped at its time limit with ${cut} theorem mode(s) not evaluated in full; continuing them (${scan.records} regimes in its journal)\n`
        : `resume: continuing the run started ${checkpoint.meta.startedAt} (${scan.records} regimes in its journal)\n`,
  );
  return { checkpoint, scan, finished };
}
