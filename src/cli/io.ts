// Where the CLI writes. Injected so that tests run commands in-process.
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
