// The programmatic run API: the document the CLI writes, progress events, cancellation.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verify } from '../../../src/index.ts';
import { readCoverage } from '../../../src/report/read.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';
import { mutants } from '../../../theorems/mutants/index.ts';

describe('verify(theorems, options)', () => {
  it('returns the coverage document the run wrote, and reports each regime to the progress hooks', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nc-run-'));
    const seen: number[] = [];
    const report = await verify(tb22T31, { runs: 4, seed: 2, out, db: false, train: { restarts: 1 }, hooks: { onRegime: (_r, position) => seen.push(position) } });
    // By default inside and, TB22-T3.1 declaring its threshold c = 1, the near band: two modes of 4.
    expect(seen).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(report.theorems.map((t) => t.id)).toEqual(['TB22-T3.1']);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.passed).toBeGreaterThan(0);
    expect(readCoverage(join(out, 'theorem-coverage.json'))).toEqual(report);
  });

  it('finds a planted mistake without writing anything when no folder is given', async () => {
    const mutant = mutants.find((m) => m.mutation.base === 'TB22-T3.1') ?? mutants[0];
    const report = await verify([mutant], { runs: 8, db: false, shrink: false });
    expect(report.summary.failed).toBeGreaterThan(0);
  });

  it('stops between regimes when its signal aborts, keeping what it finished', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nc-run-'));
    const controller = new AbortController();
    let evaluated = 0;
    const run = verify(tb22T31, {
      runs: 50,
      out,
      db: false,
      train: { restarts: 1 },
      signal: controller.signal,
      hooks: { onRegime: () => (++evaluated === 2 ? controller.abort() : undefined) },
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(evaluated).toBe(2);
    expect(existsSync(join(out, 'theorem-coverage.json'))).toBe(true);
    expect(readCoverage(join(out, 'theorem-coverage.json')).meta.finishedAt).toBeUndefined();
  });
});
