// Run identities (what merge and --resume compare) and the journal reader.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identityDifference, runIdentity, theoremHash, type IdentityFields } from '../../../src/report/identity.ts';
import { journalLines, journalRecords, scanJournal } from '../../../src/report/journal.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
import tb22B from '../../../theorems/tb22-b.ts';

const fields: IdentityFields = {
  version: '0.1.0',
  commit: 'abc',
  backend: 'cpu-f64',
  dtype: 'float64',
  seed: 1,
  runs: 10,
  modes: ['inside'],
  train: { optimizer: 'lbfgs', restarts: 3, gradientTolerance: 1e-13, maxIterations: 20000, initScale: 0.5 },
  shrink: { enabled: true, maxEvaluations: 40 },
  theorems: [{ id: 'TB22-T3.1', hash: theoremHash(tb22T31) }],
};

describe('run identity', () => {
  it('is equal for the same run and names the first field that differs otherwise', () => {
    expect(identityDifference(runIdentity(fields), runIdentity({ ...fields }))).toBeUndefined();
    expect(identityDifference(runIdentity({ ...fields, runs: 11 }), runIdentity(fields))).toBe('regimes per mode (--runs) 11 vs 10');
    expect(identityDifference(runIdentity({ ...fields, modes: ['inside', 'near'] }), runIdentity(fields))).toBe('modes ["inside","near"] vs ["inside"]');
    expect(identityDifference(runIdentity({ ...fields, theorems: [{ id: 'TB22-B', hash: 'x' }] }), runIdentity(fields))).toMatch(/^theorem set \["TB22-B"\] vs \["TB22-T3.1"\]$/);
    const edited = { ...tb22T31, clauses: tb22T31.clauses.map((c, i) => (i === 0 ? { ...c, statement: 'changed' } : c)) };
    expect(identityDifference(runIdentity({ ...fields, theorems: [{ id: 'TB22-T3.1', hash: theoremHash(edited) }] }), runIdentity(fields))).toMatch(/^theorem TB22-T3.1: its definition differs/);
  });

  it('hashes a theorem by its definition and its file, stably', () => {
    expect(theoremHash(tb22T31)).toBe(theoremHash({ ...tb22T31 }));
    expect(theoremHash(tb22T31)).not.toBe(theoremHash(tb22B));
    expect(theoremHash(tb22T31, 'export default …')).not.toBe(theoremHash(tb22T31, 'export default … // edited'));
    const cyclic: Record<string, unknown> = { ...tb22T31 };
    cyclic.self = cyclic;
    expect(() => theoremHash(cyclic as never)).not.toThrow();
  });
});

describe('the journal reader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nc-check-journal-'));
  const record = (index: number, mode = 'inside') => JSON.stringify({ theorem: 'T', mode, index, regime: { K: 2 }, clauses: [], origin: index < 0 ? 'database' : 'sample' });

  it('counts records per theorem mode, keeps stored regimes, and reports a cut-short last line', () => {
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, `${record(-1)}\n${record(0)}\n\n${record(1, 'outside')}\n{"theorem":"T","mo`);
    const scan = scanJournal(file);
    expect(scan.records).toBe(3);
    expect(scan.truncated).toEqual({ line: 5, bytes: '{"theorem":"T","mo'.length });
    expect(scan.blocks.get('T\u0000inside')).toEqual({ records: 2, database: [{ K: 2 }] });
    expect([...journalRecords(file, scan.validBytes, 'T', 'outside')].map((r) => r.index)).toEqual([1]);
    expect([...journalRecords(file, scan.validBytes)].length).toBe(3);
  });

  it('treats a complete record without its newline as cut short (it is evaluated again), and refuses a bad line elsewhere', () => {
    const unterminated = join(dir, 'b.jsonl');
    writeFileSync(unterminated, `${record(0)}\n${record(1)}`);
    expect(scanJournal(unterminated)).toMatchObject({ records: 1, truncated: { line: 2 } });
    const corrupt = join(dir, 'c.jsonl');
    writeFileSync(corrupt, `${record(0)}\n[1,2]\n${record(1)}\n`);
    expect(() => scanJournal(corrupt)).toThrow(/line 2 is not a regime record, and it is not the last line/);
    expect(() => scanJournal(join(dir, 'missing.jsonl'))).toThrow(/cannot read the journal \(ENOENT\)/);
  });

  it('reads lines across chunk boundaries', () => {
    const file = join(dir, 'd.jsonl');
    const long = 'x'.repeat((1 << 20) + 17);
    writeFileSync(file, `${long}\nshort\n${long}`);
    expect([...journalLines(file)].map((l) => [l.text.length, l.terminated])).toEqual([
      [long.length, true],
      [5, true],
      [long.length, false],
    ]);
  });
});
