// The empirical runs' journal: every trained network is appended as it
// finishes; --resume loads the runs back (a line cut short by an interruption
// is skipped), so nothing finished is trained again.
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPIRICAL_RUNS_FILE, journaledStore, readRunJournal } from '../../../src/empirical/journal.ts';
import type { RunRecord } from '../../../src/empirical/run.ts';

const record = (key: string, loss: number): RunRecord => ({
  key,
  claim: 'C',
  experiment: 'wd',
  seedIndex: 0,
  run: { status: 'terminal-phase', seed: 1, epochs: 1, steps: 1, seconds: 0.1, snapshots: [{ loss } as never] },
});

describe('journaledStore', () => {
  it('appends each run, and a resumed store reuses them (skipping a line cut short)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-journal-'));
    const first = journaledStore(dir, false);
    first.put('a', record('a', 1));
    first.put('b', record('b', Number.NaN));
    first.close();
    appendFileSync(join(dir, EMPIRICAL_RUNS_FILE), '{"key":"c","run":{"snaps');
    expect(readRunJournal(join(dir, EMPIRICAL_RUNS_FILE))).toMatchObject({ skipped: 1 });
    const resumed = journaledStore(dir, true);
    expect(resumed.loaded).toBe(2);
    expect(resumed.get('a')?.snapshots[0].loss).toBe(1);
    // Non-finite numbers come back as NaN (written as null): an undefined measurement, as in a fresh run.
    expect(resumed.get('b')?.snapshots[0].loss).toBeNaN();
    expect(resumed.get('c')).toBeUndefined();
    resumed.close();
    // A fresh (not resumed) store starts the journal anew.
    journaledStore(dir, false).close();
    expect(readFileSync(join(dir, EMPIRICAL_RUNS_FILE), 'utf8')).toBe('');
    expect(readRunJournal(join(dir, 'missing.jsonl'))).toEqual({ records: [], skipped: 0 });
  });
});
