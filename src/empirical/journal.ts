// The empirical runs' journal, empirical-runs.jsonl beside the coverage file:
// one line per trained network (its key, claim, experiment, seed index and the
// run's snapshots), appended and flushed as each training finishes, so that an
// interrupted `verify` loses at most the training in progress and `--resume`
// retrains nothing it already has (runs are looked up by key).
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { toJson } from '../report/writer.ts';
import { memoryStore, type RunRecord, type RunStore } from './run.ts';

export const EMPIRICAL_RUNS_FILE = 'empirical-runs.jsonl';

function isRecord(v: unknown): v is RunRecord {
  const r = v as Partial<RunRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.key === 'string' && typeof r.run === 'object' && r.run !== null && Array.isArray(r.run.snapshots);
}

/** Records of a journal; lines that are not records (a line cut short by an interruption) are skipped and counted. */
export function readRunJournal(file: string): { records: RunRecord[]; skipped: number } {
  if (!existsSync(file)) return { records: [], skipped: 0 };
  const records: RunRecord[] = [];
  let skipped = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      // A run holds no nulls of its own: every null is a non-finite number toJson wrote (an undefined measurement).
      const v: unknown = JSON.parse(line, (_k, value: unknown) => (value === null ? Number.NaN : value));
      if (isRecord(v)) records.push(v);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { records, skipped };
}

/**
 * A store that appends every new run to the journal in `dir`. `resume`: the
 * journal's runs are loaded first (and kept); otherwise it starts empty.
 * Non-finite numbers are written as null (toJson) and read back as NaN, so a
 * resumed run's clauses see exactly the measurements a fresh run's would.
 */
export function journaledStore(dir: string, resume: boolean): RunStore & { readonly loaded: number; close(): void } {
  const file = join(dir, EMPIRICAL_RUNS_FILE);
  const store = memoryStore();
  const prior = resume ? readRunJournal(file).records : [];
  for (const r of prior) store.put(r.key, r);
  if (!resume) writeFileSync(file, '');
  const fd = openSync(file, 'a');
  return {
    get: (key) => store.get(key),
    put(key, record) {
      store.put(key, record);
      writeSync(fd, `${toJson(record)}\n`);
      fdatasyncSync(fd);
    },
    loaded: prior.length,
    close: () => closeSync(fd),
  };
}
