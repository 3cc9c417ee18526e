// Progress for long runs, on stderr (stdout stays for results): on a terminal a
// progress bar with ETA rewritten in place; otherwise plain lines at every
// tenth of a mode (CI logs stay short and readable). No dependency: a bar is
// one string.
import type { Io } from '../io.ts';
import type { VerifyHooks } from '../verify/runner.ts';

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
 * The whole run's ETA: its regimes left at the run's own pace so far. Regimes
 * differ in cost between theorems (a deep ReLU regime costs hundreds of
 * simplex ones), so this is a rough guide that sharpens as the run proceeds.
 */
export function overallEta(elapsedSeconds: number, done: number, total: number): string {
  if (done <= 0 || total <= 0) return '?';
  return formatDuration((elapsedSeconds / done) * Math.max(0, total - done));
}

export function progressHooks(io: Io, now: () => number = () => performance.now()): VerifyHooks {
  let started = 0;
  let lastDecile = -1;
  let runStarted = now();
  let runTotal = 0;
  let runDone = 0;
  const overall = (): string => (runTotal > 0 ? `; run ${runDone}/${runTotal} regimes, ~${overallEta((now() - runStarted) / 1000, runDone, runTotal)} left overall` : '');
  return {
    onRunStart(planned) {
      runStarted = now();
      runTotal = planned;
      runDone = 0;
    },
    onModeStart(theorem, mode, planned) {
      started = now();
      lastDecile = -1;
      io.err(`${theorem.id} ${mode}: ${planned} regimes\n`);
    },
    onRegime(record, position, planned) {
      const done = position + 1;
      runDone++;
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
