// Writing results as a run goes, so an interrupted run keeps what it finished:
// one JSON line per evaluated regime appended to the journal regimes.jsonl and
// flushed to disk (fdatasync) before the next regime starts, one file per
// counterexample solution, and theorem-coverage.json rewritten atomically
// (temp file flushed, then renamed over the old one) when the run starts and
// whenever a theorem mode completes. A folder holds one run: `--resume` opens
// its journal for appending instead of starting it anew.
import { accessSync, closeSync, constants, fdatasyncSync, mkdirSync, openSync, renameSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import { dirname, join, resolve } from 'node:path';
import type { RegimeRecord } from '../verify/results.ts';
import type { Counterexample } from '../verify/runner.ts';
import type { CoverageReport } from './schema.ts';

export const COVERAGE_FILE = 'theorem-coverage.json';
export const REGIMES_FILE = 'regimes.jsonl';
export const COUNTEREXAMPLE_DIR = 'counterexamples';

/** NaN and ±Infinity become null in JSON; say so explicitly rather than relying on JSON.stringify's silence. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), indent);
}

/** Writes a file whole or not at all: a flushed temp file renamed over it (a reader never sees half a file). */
export function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { flush: true });
  renameSync(tmp, file);
}

/** A file name derived from ids that cannot leave the folder it is written to. */
export function safeFileName(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || '_').join('__');
}

/**
 * Creates a folder and its missing parents one level at a time. Not
 * mkdirSync's `recursive`: under /proc (and other pseudo file systems that
 * answer ENOENT for a name that cannot be created) Node's recursive mkdir
 * retries forever at 100% CPU. Here the nearest existing ancestor must be a
 * folder, and each missing level is one mkdir that fails at once.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: a file stands somewhere above; the walk up finds it and says so.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at) throw e;
      missing.unshift(at);
      at = dirname(at);
      continue;
    }
    if (!isDir) throw Object.assign(new Error(`${at} is a file, not a folder`), { code: missing.length === 0 ? 'EEXIST' : 'ENOTDIR' });
    break;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(level).isDirectory()) throw e;
    }
  }
}

/** "ENOSPC: no space left on device" from a file-system error, without the path (the caller names it). */
export function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === undefined) return String(err.message ?? e);
  const text = String(err.message ?? '').replace(/^[A-Z]+: /, '').replace(/, \w+ '[^']*'.*$/, '');
  return text === '' ? err.code : `${err.code}: ${text}`;
}

/** Runs a write to the results folder; a refusal becomes one line naming the folder, saying that what finished is kept. */
function guarded<R>(dir: string, what: string, write: () => R): R {
  try {
    return write();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--out ${dir}: cannot write ${what} (${fsReason(e)}); what finished before is kept there: fix this and run the same command with --resume`);
  }
}

/** Writes a (derived) file under a results folder, atomically. */
export function writeFileIn(dir: string, name: string, content: string): void {
  guarded(dir, name, () => {
    makeDirs(dirname(join(dir, name)));
    writeAtomically(join(dir, name), content);
  });
}

export interface RunWriter {
  readonly dir: string;
  regime(record: RegimeRecord): void;
  counterexample(cx: Counterexample): string | undefined;
  coverage(report: CoverageReport): void;
  /** Writes derived files (views) beside the coverage file, atomically. */
  file(name: string, content: string): void;
  /** Closes the journal. */
  close(): void;
}

export interface WriterOptions {
  /** Continue the journal (`--resume`) from this many valid bytes instead of starting it empty: a cut-off tail is dropped. */
  readonly resumeAt?: number;
  /** Flush each journal line to disk before returning (default true; `merge` writes a journal it can rewrite, and skips it). */
  readonly flush?: boolean;
}

/** Creates the results folder and checks it is writable, turning a refusal into a usage error naming the folder. */
export function ensureDir(dir: string, option = '--out'): void {
  try {
    makeDirs(dir);
  } catch (e) {
    throw new UsageError(`${option} ${dir}: cannot create the results folder (${fsReason(e)}); expected a writable folder, or a path where one can be created`);
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new UsageError(`${option} ${dir}: the results folder is not writable (${fsReason(e)})`);
  }
}

export function createRunWriter(dir: string, options: WriterOptions = {}): RunWriter {
  ensureDir(dir);
  const regimesFile = join(dir, REGIMES_FILE);
  let fd: number;
  try {
    if (options.resumeAt === undefined) writeFileSync(regimesFile, '');
    else truncateSync(regimesFile, options.resumeAt);
    fd = openSync(regimesFile, 'a');
  } catch (e) {
    throw new UsageError(`--out ${dir}: cannot write ${REGIMES_FILE} (${fsReason(e)})`);
  }
  return {
    dir,
    regime(record) {
      const line = `${toJson(record)}\n`;
      guarded(dir, REGIMES_FILE, () => {
        writeSync(fd, line);
        if (options.flush !== false) fdatasyncSync(fd);
      });
    },
    close: () => closeSync(fd),
    counterexample(cx) {
      if (cx.solution === undefined) return undefined;
      const name = `${safeFileName(cx.theorem, cx.mode, cx.clause)}.json`;
      const file = join(COUNTEREXAMPLE_DIR, name);
      writeFileIn(dir, file, toJson({ theorem: cx.theorem, clause: cx.clause, regime: cx.regime, path: cx.path, blocks: cx.solution }));
      return file;
    },
    coverage: (report) => guarded(dir, COVERAGE_FILE, () => writeAtomically(join(dir, COVERAGE_FILE), `${toJson(report, 2)}\n`)),
    file: (name, content) => writeFileIn(dir, name, content),
  };
}

/** A run that keeps its results in memory only (the programmatic API without an `out` folder): writes nothing. */
export const NO_WRITER: RunWriter = {
  dir: '',
  regime: () => undefined,
  counterexample: () => undefined,
  coverage: () => undefined,
  file: () => undefined,
  close: () => undefined,
};
