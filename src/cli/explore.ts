// `nc-check explore <theoremId>`: maps where a theorem's conclusion holds and
// where it breaks — inside, near and outside its hypothesis — with a random
// sample per mode plus a targeted search per clause, and writes the coverage
// file and its views (the phase diagram is the summary). Exit 1 when a
// violation inside the hypothesis turned up, in the sample or in a search.
import { join } from 'node:path';
import type { Backend } from '../backend/backend.ts';
import { exploreTheorem, regimeReplay } from '../explore/explore.ts';
import { coverageReport, modeEntry, theoremEntry } from '../report/coverage.ts';
import { progressHooks } from '../report/progress.ts';
import type { SearchEntry } from '../report/schema.ts';
import { formatMargin, renderTerminal } from '../report/terminal.ts';
import { createRunWriter } from '../report/writer.ts';
import { MODES, type Mode, type Theorem } from '../theorem/define.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../train/train.ts';
import type { Io } from './io.ts';
import { replayCommand, runMeta, writeViews } from './verify.ts';

export interface ExploreCommandOptions {
  readonly runs: number;
  readonly seed: number;
  readonly mode?: Mode[];
  readonly budget: number;
  readonly clause?: string[];
  readonly out: string;
  readonly restarts?: number;
  readonly backend: string;
}

export async function exploreCommand<T>(theorem: Theorem, backend: Backend<T>, o: ExploreCommandOptions, io: Io, argv: readonly string[], theoremFile?: string): Promise<number> {
  const modes = o.mode ?? [...MODES];
  const train = o.restarts === undefined ? {} : { restarts: o.restarts };
  const meta = runMeta(backend, { seed: o.seed, runs: o.runs, modes, train: { ...DEFAULT_TRAIN_OPTIONS, ...theorem.training, ...train } }, argv);
  const writer = createRunWriter(o.out);
  const progress = progressHooks(io);
  let lastSearch = '';
  const explored = await exploreTheorem(
    theorem,
    backend,
    { modes, runs: o.runs, seed: o.seed, train, searchBudget: o.budget, clauses: o.clause },
    {
      ...progress,
      onRegime(record, position, planned) {
        writer.regime(record);
        progress.onRegime?.(record, position, planned);
      },
      onSearch(t, mode, clause, n, budget) {
        const key = `${mode} ${clause}`;
        if (key !== lastSearch || n === budget) io.err(`${io.isTty ? '\r' : ''}  ${t.id} ${mode}: searching ${clause} (${n}/${budget} evaluations)${io.isTty ? '\x1b[K' : '\n'}`);
        lastSearch = key;
      },
    },
  );
  writer.close();
  if (io.isTty) io.err('\n');
  const cmdOptions = { runs: o.runs, seed: o.seed, out: o.out, shrink: true, maxShrinks: 40, backend: o.backend, restarts: o.restarts };
  const modeEntries = explored.map(({ result, searches }) => {
    const entries: SearchEntry[] = searches.map((s) => ({
      clause: s.clause,
      budget: s.budget,
      evaluations: s.evaluations,
      firstViolationAt: s.firstViolationVisit,
      best:
        s.best === undefined
          ? undefined
          : { regime: s.best.record.regime, status: s.best.outcome.status, margin: s.best.outcome.margin, hypothesisHolds: s.best.record.hypothesisHolds },
      replay: s.best === undefined ? undefined : regimeReplay(theorem.id, result.mode, o.seed, s.best.record.regime),
    }));
    return modeEntry(theorem, result, { replay: (cx) => replayCommand(cx, cmdOptions, theoremFile), solutionFile: (cx) => writer.counterexample(cx) }, entries);
  });
  const report = coverageReport({ ...meta, finishedAt: new Date().toISOString() }, [theoremEntry(theorem, modeEntries, theoremFile)]);
  writer.coverage(report);
  writeViews(writer, report);
  io.out(renderTerminal(report));
  let brokenInside = false;
  for (const m of modeEntries) {
    for (const s of m.search ?? []) {
      if (s.best === undefined) continue;
      const broke = s.best.status === 'violated';
      if (broke && s.best.hypothesisHolds) brokenInside = true;
      io.out(
        `search ${m.mode} ${s.clause}: worst margin ${formatMargin(s.best.margin)} (${s.best.status}) in ${s.evaluations} evaluations` +
          `${s.firstViolationAt === undefined ? '' : `, first violation at regime ${s.firstViolationAt}`} at ${JSON.stringify(s.best.regime)}\n`,
      );
    }
  }
  io.out(`explore: ${theorem.id} — phase diagram in ${join(o.out, 'theorem-coverage.html')}\n`);
  return report.summary.failed > 0 || brokenInside ? 1 : 0;
}
