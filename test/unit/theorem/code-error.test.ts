// Mistakes in a theorem's own code are the clause's `error`, named and with the
// nearest valid names — never `violated`, even where a wrong shape coincides.
import { describe, expect, it } from 'vitest';
import { verify } from '../../../src/index.ts';
import { defineTheorem, type Theorem } from '../../../src/theorem/define.ts';
import { nearestNames } from '../../../src/theorem/code-error.ts';
import type { CoverageReport } from '../../../src/report/schema.ts';
import tb22T31 from '../../../theorems/tb22-t3-1.ts';

const clauseOf = (report: CoverageReport, id: string) => report.theorems[0].modes[0].clauses.find((c) => c.id === id)!;

/** TB22-T3.1 with one clause replaced (or its minimizer), under another id. */
type AnyClause = Theorem['clauses'][number];

function variant(id: string, change: Partial<Pick<Theorem, 'minimizer'>> & { clause?: (c: AnyClause) => AnyClause | undefined }): Theorem {
  return defineTheorem({
    ...tb22T31,
    id,
    minimizer: change.minimizer ?? tb22T31.minimizer,
    clauses: () => tb22T31.clauses.map((c) => change.clause?.(c) ?? c),
  } as never);
}

describe('theorem code errors', () => {
  it('suggests the nearest names', () => {
    expect(nearestNames('WWtt', ['WWt', 'HbarTHbar', 'WHbar'])).toEqual(['WWt']);
    expect(nearestNames('zzzzzz', ['WWt'])).toEqual([]);
  });

  it('a measured() reading a key the measurements lack is an error naming it and the nearest key', async () => {
    const theorem = variant('WRONG-KEY', {
      clause: (c) => (c.id === 'classifier-gram' && c.kind === 'equality' ? { ...c, measured: (m: object) => (m as Record<string, never>).WWtt } : undefined),
    });
    const report = await verify(theorem, { runs: 3, db: false, train: { restarts: 1 } });
    const clause = clauseOf(report, 'classifier-gram');
    expect(clause.status).toBe('error');
    expect(clause.note).toMatch(/measured\(m\) returned undefined.*m\.WWtt.*did you mean WWt/);
    expect(clauseOf(report, 'orthogonal-frame').status).toBe('verified');
  });

  it('a predicted() reading a key predict() does not return is an error naming it', async () => {
    const theorem = variant('WRONG-PREDICTION', {
      clause: (c) => (c.id === 'orthogonal-frame' && c.kind === 'equality' ? { ...c, predicted: (p) => (p as unknown as Record<string, never>).HbarTHbr } : undefined),
    });
    const report = await verify(theorem, { runs: 2, db: false, train: { restarts: 1 } });
    expect(clauseOf(report, 'orthogonal-frame').status).toBe('error');
    expect(clauseOf(report, 'orthogonal-frame').note).toMatch(/p\.HbarTHbr.*did you mean HbarTHbar/);
  });

  it('a minimizer with its blocks swapped is an error naming the block order, never violated', async () => {
    const theorem = variant('SWAPPED-BLOCKS', {
      minimizer: (r, rng) => [...tb22T31.minimizer!(r, rng)].reverse(),
    });
    // Square regimes (K = d, n = 1) make W and H the same shape: there the swap "violates"; elsewhere it is caught.
    const report = await verify(theorem, { runs: 12, db: false, train: { restarts: 1 } });
    const clause = clauseOf(report, 'closed-form-stationary');
    expect(clause.status).toBe('error');
    expect(clause.note).toMatch(/takes its blocks in this order: W \(\d+x\d+\), H \(\d+x\d+\)/);
    expect(clause.counterexample).toBeUndefined();
  });
});
