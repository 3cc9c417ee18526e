// The exploration run behind `nc-check explore`: a random sample per mode plus
// a targeted search per clause, written as a coverage file (whose phase diagram
// is the summary) with its journal and views. Returns the document and whether a
// search found a violation inside the hypothesis.
import type { Backend } from '../backend/backend.ts';
import { exploreTheorem, regimeReplay } from '../explore/explore.ts';
import { silentIo, type Io } from '../io.ts';
import { coverageReport, modeEntry, theoremEntry } from '../report/coverage.ts';
import type { CoverageReport, SearchEntry } from '../report/schema.ts';
import { writeViews } from '../report/views/write.ts';
import { createRunWriter } from '../report/writer.ts';
import { MODES, type Mode, type Theorem } from '../theorem/define.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../train/train.ts';
import type { VerifyHooks } from '../verify/runner.ts';
import { launcher, replayCommand, runMeta } from './meta.ts';

export interface ExploreRunOptions {
  readonly runs: number;
  readonly seed: number;
  readonly modes?: readonly Mode[];
  /** Regime evaluations per clause search. */
  readonly budget: number;
  readonly clauses?: readonly string[];
  readonly out: string;
  readonly restarts?: number;
  /** Registry name of the backend, for replay commands. */
  readonly backendName: string;
  readonly theoremFile?: string;
  readonly argv?: readonly string[];
  readonly io?: Io;
  readonly hooks?: VerifyHooks;
}

export async function explore<T>(theorem: Theorem, backend: Backend<T>, o: ExploreRunOptions): Promise<{ report: CoverageReport; brokenInside: boolean }> {
  const io = o.io ?? silentIo;
  const modes = [...(o.modes ?? MODES)];
  const train = o.restarts === undefined ? {} : { restarts: o.restarts };
  const meta = runMeta(backend, { seed: o.seed, runs: o.runs, modes, train: { ...DEFAULT_TRAIN_OPTIONS, ...theorem.training, ...train } }, o.argv ?? []);
  const writer = createRunWriter(o.out);
  const progress = o.hooks ?? {};
  let lastSearch = '';
  const explored = await exploreTheorem(
    theorem,
    backend,
    { modes, runs: o.runs, seed: o.seed, train, searchBudget: o.budget, clauses: o.clauses === undefined ? undefined : [...o.clauses] },
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
  const basis = { seed: o.seed, backend: o.backendName, train: { restarts: o.restarts } };
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
      replay: s.best === undefined ? undefined : regimeReplay(launcher().join(' '), theorem.id, result.mode, o.seed, s.best.record.regime),
    }));
    return modeEntry(theorem, result, { replay: (cx) => replayCommand(cx, basis, o.theoremFile), solutionFile: (cx) => writer.counterexample(cx) }, entries);
  });
  const report = coverageReport({ ...meta, finishedAt: new Date().toISOString() }, [theoremEntry(theorem, modeEntries, o.theoremFile)]);
  writer.coverage(report);
  writeViews(writer, report);
  const brokenInside = modeEntries.some((m) => (m.search ?? []).some((s) => s.best !== undefined && s.best.status === 'violated' && s.best.hypothesisHolds));
  return { report, brokenInside };
}
