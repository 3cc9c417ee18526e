// SIGINT and SIGTERM during a long command. The first stops the run at the next
// regime (what finished is already on disk: every regime in the journal, every
// finished theorem mode in the coverage file), and the command says how to
// continue. If the run cannot stop there within GRACE_MS (a shrink in progress,
// a long training), or a second signal comes, the process exits anyway after
// `onStop` has printed the same message: the journal is flushed per regime, so
// nothing finished is lost either way. Exit status 128 + the signal's number.
import { constants } from 'node:os';

export const GRACE_MS = 5_000;

/** The error the aborted run throws (the AbortSignal's reason). */
export class Interrupted extends Error {
  constructor(readonly by: NodeJS.Signals) {
    super(`interrupted by ${by}`);
  }
}

export interface Interrupt {
  readonly signal: AbortSignal;
  /** 128 + the signal's number, the status a shell reports for a process a signal stopped. */
  exitCode(by: NodeJS.Signals): number;
  /** Prints what is kept and how to continue (once, whichever path gets there first). */
  stop(by: NodeJS.Signals): void;
  /** Removes the handlers and the grace timer. */
  dispose(): void;
}

type SignalSource = Pick<NodeJS.Process, 'on' | 'off' | 'exit'>;

/** Installs the handlers; `onStop` prints what is kept and how to resume (called once, on either path). */
export function onInterrupt(onStop: (by: NodeJS.Signals) => void, proc: SignalSource = process): Interrupt {
  const controller = new AbortController();
  const exitCode = (by: NodeJS.Signals) => 128 + (constants.signals[by] ?? 0);
  let stopped = false;
  const stop = (by: NodeJS.Signals) => {
    if (!stopped) onStop(by);
    stopped = true;
  };
  let first: NodeJS.Signals | undefined;
  let grace: NodeJS.Timeout | undefined;
  const handler = (by: NodeJS.Signals) => {
    if (first !== undefined) {
      stop(first);
      proc.exit(exitCode(first));
      return;
    }
    first = by;
    controller.abort(new Interrupted(by));
    grace = setTimeout(() => {
      stop(by);
      proc.exit(exitCode(by));
    }, GRACE_MS);
    grace.unref();
  };
  proc.on('SIGINT', handler);
  proc.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    exitCode,
    stop,
    dispose() {
      clearTimeout(grace);
      proc.off('SIGINT', handler);
      proc.off('SIGTERM', handler);
    },
  };
}
