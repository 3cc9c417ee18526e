// Progress for long runs, on stderr (stdout stays for results): on a terminal a
// progress bar with ETA rewritten in place; otherwise plain lines at every
// tenth of a mode (CI logs stay short and readable). No dependency: a bar is
// one string.
import type { Io } from '../io.ts';
import type { PlannedWork, VerifyHooks } from '../verify/runner.ts';

export const BAR_WIDTH = 24;

/** "[#########---------------]" for done of total. */
export function progressBar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total <= 0 ? width : Math.min(width, Math.round((width * done) / total));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** Seconds as "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  // Round once, before splitting into units, so 119.6 s reads "2 min 00 s", never "1 min 60 s".
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

/**
 * The whole run's ETA when nothing is known of what each theorem mode costs:
 * its regimes left at the run's own pace so far.
 */
export function overallEta(elapsedSeconds: number, done: number, total: number): string {
  if (done <= 0 || total <= 0) return '?';
  return formatDuration((elapsedSeconds / done) * Math.max(0, total - done));
}

/** What the run has measured so far of one theorem mode: regimes evaluated here, and the seconds they took. */
export interface ModeProgress {
  readonly evaluated: number;
  readonly seconds: number;
}

/**
 * Seconds the run has left, weighted by cost: regimes differ by orders of
 * magnitude between theorems (a deep ReLU regime costs seconds, a simplex one
 * milliseconds), so each theorem mode's remaining regimes are priced at — in
 * order — its own pace in this run, its seconds per regime in the earlier run
 * (`perRegime`, the cost model of `verify --plan --costs`, src/report/costs.ts),
 * the pace of the same theorem's other modes here (the same model), and only
 * then the whole run's pace so far.
 */
export function remainingSeconds(work: readonly PlannedWork[], measured: ReadonlyMap<string, ModeProgress>, runPace: number): number {
  const key = (w: Pick<PlannedWork, 'theorem' | 'mode'>) => `${w.theorem}\u0000${w.mode}`;
  const pace = (p: ModeProgress | undefined) => (p !== undefined && p.evaluated > 0 ? p.seconds / p.evaluated : undefined);
  const theoremPace = (theorem: string): number | undefined => {
    const own = work.filter((w) => w.theorem === theorem).map((w) => measured.get(key(w))).filter((p): p is ModeProgress => p !== undefined && p.evaluated > 0);
    const n = own.reduce((s, p) => s + p.evaluated, 0);
    return n > 0 ? own.reduce((s, p) => s + p.seconds, 0) / n : undefined;
  };
  return work.reduce((sum, w) => {
    const m = measured.get(key(w));
    const left = Math.max(0, w.regimes - (m?.evaluated ?? 0));
    return left === 0 ? sum : sum + left * (pace(m) ?? w.perRegime ?? theoremPace(w.theorem) ?? runPace);
  }, 0);
}

export function progressHooks(io: Io, now: () => number = () => performance.now()): VerifyHooks {
  let started = 0;
  let lastDecile = -1;
  let runStarted = now();
  let runTotal = 0;
  let runDone = 0;
  let work: readonly PlannedWork[] | undefined;
  // Per theorem mode: regimes evaluated in this process and their seconds (journaled ones on --resume cost nothing here).
  const measured = new Map<string, ModeProgress>();
  let current = '';
  let evaluatedHere = 0;
  const eta = (): string => {
    const elapsed = (now() - runStarted) / 1000;
    if (work === undefined) return overallEta(elapsed, runDone, runTotal);
    const evaluated = [...measured.values()].reduce((n, p) => n + p.evaluated, 0);
    return evaluated <= 0 ? '?' : formatDuration(remainingSeconds(work, measured, elapsed / evaluated));
  };
  const overall = (): string => (runTotal > 0 ? `; run ${runDone}/${runTotal} regimes, ~${eta()} left overall` : '');
  return {
    onRunStart(planned, plannedWork) {
      runStarted = now();
      runTotal = planned;
      runDone = 0;
      work = plannedWork;
      measured.clear();
    },
    onModeStart(theorem, mode, planned) {
      started = now();
      lastDecile = -1;
      current = `${theorem.id}\u0000${mode}`;
      evaluatedHere = 0;
      // Modes run in plan order: those before this one are over, whatever they left undone (a mode that could
      // not be sampled, a generator that ran out of distinct regimes, a time limit).
      const at = work?.findIndex((w) => w.theorem === theorem.id && w.mode === mode) ?? -1;
      if (at > 0) work = work!.map((w, i) => (i < at ? { ...w, regimes: 0 } : w));
      io.err(`${theorem.id} ${mode}: ${planned} regimes\n`);
    },
    onResume(theorem, mode, journaled) {
      runDone += journaled;
      // The journaled regimes are done (--resume): the mode's remaining work is the rest.
      work = work?.map((w) => (w.theorem === theorem.id && w.mode === mode ? { ...w, regimes: Math.max(0, w.regimes - journaled) } : w));
    },
    onRegime(record, position, planned) {
      const done = position + 1;
      runDone++;
      evaluatedHere++;
      measured.set(current, { evaluated: evaluatedHere, seconds: (now() - started) / 1000 });
      const elapsed = (now() - started) / 1000;
      const eta = formatDuration((elapsed / done) * (planned - done));
      if (io.isTty) {
        const line = `  ${record.theorem} ${record.mode} ${progressBar(done, planned)} ${done}/${planned} regimes, ${formatDuration(elapsed)} elapsed, ETA ${eta}${overall()}`;
        io.err(`\r${line}\x1b[K${done === planned ? '\n' : ''}`);
        return;
      }
      const decile = Math.floor((10 * done) / planned);
      if (decile !== lastDecile) {
        lastDecile = decile;
        io.err(`  ${record.theorem} ${record.mode}: ${done}/${planned} regimes, ${formatDuration(elapsed)} elapsed, ~${eta} left${overall()}\n`);
      }
    },
    onShrink(theorem, mode, clause, step) {
      io.err(`${io.isTty ? '\r' : ''}  ${theorem.id} ${mode}: shrinking a counterexample to ${clause}, step ${step}${io.isTty ? '\x1b[K' : '\n'}`);
    },
  };
}
