// Progress for long runs, on stderr: a rewritten status line on a terminal,
// plain periodic lines otherwise (CI logs stay readable).
import type { Io } from '../cli/io.ts';
import type { VerifyHooks } from '../verify/runner.ts';

export function progressHooks(io: Io): VerifyHooks {
  let started = 0;
  let lastDecile = -1;
  return {
    onModeStart(theorem, mode, planned) {
      started = performance.now();
      lastDecile = -1;
      io.err(`${theorem.id} ${mode}: ${planned} regimes\n`);
    },
    onRegime(record, position, planned) {
      const done = position + 1;
      const elapsed = (performance.now() - started) / 1000;
      const eta = (elapsed / done) * (planned - done);
      const line = `  ${record.theorem} ${record.mode}: ${done}/${planned} regimes, ${elapsed.toFixed(1)} s elapsed, ~${eta.toFixed(0)} s left`;
      if (io.isTty) {
        io.err(`\r${line}${done === planned ? '\n' : ''}`);
        return;
      }
      const decile = Math.floor((10 * done) / planned);
      if (decile !== lastDecile) {
        lastDecile = decile;
        io.err(`${line}\n`);
      }
    },
    onShrink(theorem, mode, clause, step) {
      io.err(`${io.isTty ? '\r' : ''}  ${theorem.id} ${mode}: shrinking a counterexample to ${clause}, step ${step}${io.isTty ? '' : '\n'}`);
    },
  };
}
