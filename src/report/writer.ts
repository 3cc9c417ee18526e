// Writing results as a run goes, so an interrupted run keeps what it finished:
// one JSON line per evaluated regime appended to regimes.jsonl, one file per
// counterexample solution, and theorem-coverage.json rewritten atomically
// (temp file + rename) whenever a theorem mode completes.
import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
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

export function writeAtomically(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** A file name derived from ids that cannot leave the folder it is written to. */
export function safeFileName(...parts: string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_')).join('__');
}

export interface RunWriter {
  readonly dir: string;
  regime(record: RegimeRecord): void;
  counterexample(cx: Counterexample): string | undefined;
  coverage(report: CoverageReport): void;
  /** Writes derived files (views) beside the coverage file, atomically. */
  file(name: string, content: string): void;
}

export function createRunWriter(dir: string): RunWriter {
  mkdirSync(dir, { recursive: true });
  const regimesFile = join(dir, REGIMES_FILE);
  writeFileSync(regimesFile, '');
  return {
    dir,
    regime: (record) => appendFileSync(regimesFile, `${toJson(record)}\n`),
    counterexample(cx) {
      if (cx.solution === undefined) return undefined;
      mkdirSync(join(dir, COUNTEREXAMPLE_DIR), { recursive: true });
      const name = `${safeFileName(cx.theorem, cx.mode, cx.clause)}.json`;
      const file = join(COUNTEREXAMPLE_DIR, name);
      writeAtomically(join(dir, file), toJson({ theorem: cx.theorem, clause: cx.clause, regime: cx.regime, path: cx.path, blocks: cx.solution }));
      return file;
    },
    coverage: (report) => writeAtomically(join(dir, COVERAGE_FILE), `${toJson(report, 2)}\n`),
    file(name, content) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeAtomically(join(dir, name), content);
    },
  };
}
