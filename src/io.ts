// Where a run writes its messages (stdout: results; stderr: progress and notes).
// Injected so that tests run commands in-process, and silent for the run API.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is an interactive terminal (progress bar vs periodic lines). */
  readonly isTty: boolean;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  isTty: process.stderr.isTTY === true,
};

/** Discards everything: the programmatic run API's default. */
export const silentIo: Io = { out: () => undefined, err: () => undefined, isTty: false };
