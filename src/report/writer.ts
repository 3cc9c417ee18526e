// Writing results as a run goes, so an interrupted run keeps what it finished:
// one JSON line per evaluated regime appended to the journal regimes.jsonl and
// flushed to disk (fdatasync) before the next regime starts, one file per
// counterexample solution, and theorem-coverage.json rewritten atomically
// (temp file flushed, then renamed over the old one) when the run starts and
// whenever a theorem mode completes. A folder holds one run: `--resume` opens
// its journal for appending instead of starting it anew.
import { closeSync, fdatasyncSync, mkdirSync, openSync, renameSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.ts';
import { dirname, join } from 'node:path';
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

/** Writes a (derived) file under a results folder, atomically. */
export function writeFileIn(dir: string, name: string, content: string): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeAtomically(join(dir, name), content);
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

/** Creates the results folder, turning a file-system refusal into a usage error naming the folder. */
export function ensureDir(dir: string, option = '--out'): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`${option} ${dir}: cannot create the results folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
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
    throw new UsageError(`--out ${dir}: cannot write ${REGIMES_FILE} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return {
    dir,
    regime(record) {
      writeSync(fd, `${toJson(record)}\n`);
      if (options.flush !== false) fdatasyncSync(fd);
    },
    close: () => closeSync(fd),
    counterexample(cx) {
      if (cx.solution === undefined) return undefined;
      mkdirSync(join(dir, COUNTEREXAMPLE_DIR), { recursive: true });
      const name = `${safeFileName(cx.theorem, cx.mode, cx.clause)}.json`;
      const file = join(COUNTEREXAMPLE_DIR, name);
      writeAtomically(join(dir, file), toJson({ theorem: cx.theorem, clause: cx.clause, regime: cx.regime, path: cx.path, blocks: cx.solution }));
      return file;
    },
    coverage: (report) => writeAtomically(join(dir, COVERAGE_FILE), `${toJson(report, 2)}\n`),
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
