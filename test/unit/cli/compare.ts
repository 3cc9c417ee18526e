// What "the same result" means between two result folders — an unsharded run
// and its merged shards, an uninterrupted run and a resumed one: everything
// in theorem-coverage.json but `meta` (which says how the run was made: its
// command, timestamps, shard, merge and resume records) and each mode's
// `seconds`; every line of regimes.jsonl but the wall-clock `seconds` fields;
// and every counterexample solution file byte for byte.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoverageReport } from '../../../src/report/schema.ts';

export function comparableCoverage(dir: string): unknown {
  const doc = JSON.parse(readFileSync(join(dir, 'theorem-coverage.json'), 'utf8')) as CoverageReport;
  return {
    ...doc,
    meta: undefined,
    theorems: doc.theorems.map((t) => ({ ...t, modes: t.modes.map((m) => ({ ...m, seconds: undefined })) })),
  };
}

export function comparableRecords(dir: string): unknown[] {
  return readFileSync(join(dir, 'regimes.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const r = JSON.parse(l) as { seconds?: number; solutions: { seconds?: number }[] };
      return { ...r, seconds: undefined, solutions: r.solutions.map((s) => ({ ...s, seconds: undefined })) };
    });
}

export function solutionFiles(dir: string): Record<string, string> {
  let names: string[] = [];
  try {
    names = readdirSync(join(dir, 'counterexamples')).sort();
  } catch {
    return {};
  }
  return Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, 'counterexamples', n), 'utf8')]));
}
