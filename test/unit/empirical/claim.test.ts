// defineClaim's checks and the per-clause decision over seeds, on hand-made runs.
import { describe, expect, it } from 'vitest';
import { defineClaim, type Experiment } from '../../../src/empirical/claim.ts';
import { decideClause, seedValues, runKey, withBudget } from '../../../src/empirical/run.ts';
import type { NetworkRun } from '../../../src/network/train.ts';
import { empirical, restated } from '../../../src/theorem/provenance.ts';
import { builtinClaims } from '../../../theorems/empirical/index.ts';
import { MIXTURE, sgd } from '../../../theorems/empirical/experiments.ts';
import { rhoDrift } from '../../../theorems/empirical/rho-margin.ts';

const experiment: Experiment = sgd(MIXTURE, 1);

/** A run whose only content is a number the clause reads back (in `seconds`). */
const run = (value: number, status: NetworkRun['status'] = 'terminal-phase'): NetworkRun => ({
  status,
  reason: status === 'terminal-phase' ? undefined : 'training accuracy 0.9: zero training error not reached',
  seed: 0,
  epochs: 1,
  steps: 1,
  snapshots: [],
  seconds: value,
});

const claim = defineClaim({
  id: 'TEST-CLAIM',
  title: 't',
  citation: 'c',
  provenance: empirical('a paper'),
  setting: 's',
  experiments: { a: experiment, b: experiment },
  seeds: 10,
  clauses: ({ empirical: e }) => [
    e('a-beats-b', { statement: 'a > b', effect: 'a − b', uses: ['a', 'b'], value: (r) => r.a.seconds - r.b.seconds }),
    e('throws', { statement: 'x', effect: 'x', uses: ['a'], value: () => { throw new Error('boom'); } }),
  ],
});

describe('defineClaim', () => {
  it('refuses malformed claims with the claim and the problem named', () => {
    const base = { id: 'X', title: 't', citation: 'c', provenance: empirical('p'), setting: 's', experiments: { a: experiment }, seeds: 10 };
    const clause = { id: 'c', kind: 'empirical' as const, statement: 's', effect: 'e', uses: ['a' as const], value: () => 1 };
    expect(() => defineClaim({ ...base, id: '../x', clauses: [clause] })).toThrow(/id must be/);
    expect(() => defineClaim({ ...base, provenance: restated('p'), clauses: [clause] })).toThrow(/provenance must be empirical/);
    expect(() => defineClaim({ ...base, seeds: 0, clauses: [clause] })).toThrow(/seeds must be a positive integer/);
    expect(() => defineClaim({ ...base, level: 1, clauses: [clause] })).toThrow(/level must be in/);
    expect(() => defineClaim({ ...base, clauses: [] })).toThrow(/non-empty/);
    expect(() => defineClaim({ ...base, clauses: [clause, clause] })).toThrow(/appears twice/);
    expect(() => defineClaim({ ...base, clauses: [{ ...clause, uses: ['z' as 'a'] }] })).toThrow(/uses \["z"\]/);
    expect(() => defineClaim({ ...base, clauses: [clause], plots: { curves: ['q' as 'a'] } })).toThrow(/unknown experiment "q"/);
  });

  it('every built-in claim is empirical, cites its source and has unique ids', () => {
    const ids = builtinClaims.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of builtinClaims) {
      expect(c.provenance.kind).toBe('empirical');
      expect(c.provenance.source).toMatch(/XRLGP23|TB22/);
      expect(c.seeds).toBe(10);
    }
  });
});

describe('decideClause', () => {
  it('10 positive effects → verified, with counts from the signs', () => {
    const perSeed = Array.from({ length: 10 }, (_, i) => ({ a: run(2 + i), b: run(1) }));
    const o = decideClause(claim, 'a-beats-b', perSeed);
    expect(o.status).toBe('verified');
    expect(o.counts).toMatchObject({ pass: 10, violated: 0, inconclusive: 0, error: 0 });
    expect(o.effects).toEqual(Array.from({ length: 10 }, (_, i) => 1 + i));
  });

  it('all negative → violated, with the interval in the note', () => {
    const o = decideClause(claim, 'a-beats-b', Array.from({ length: 8 }, () => ({ a: run(1), b: run(3) })));
    expect(o.status).toBe('violated');
    expect(o.note).toMatch(/interval for the median effect, \[-2(\.0+)?, -2(\.0+)?\], lies below 0/);
  });

  it('seeds whose runs did not reach the terminal phase do not count, and say why', () => {
    const perSeed = Array.from({ length: 10 }, (_, i) => ({ a: run(2, i < 5 ? 'not-interpolating' : 'terminal-phase'), b: run(1) }));
    const o = decideClause(claim, 'a-beats-b', perSeed);
    expect(o.effects.filter((e) => e === null)).toHaveLength(5);
    expect(o.status).toBe('inconclusive');
    expect(o.note).toMatch(/5 usable seeds: too few.*seed 0: a: training accuracy 0.9/);
    expect(o.counts.inconclusive).toBe(5);
  });

  it('a clause whose code throws is an error, never a pass', () => {
    const o = decideClause(claim, 'throws', [{ a: run(1), b: run(1) }]);
    expect(o.status).toBe('error');
    expect(o.note).toMatch(/the clause threw: boom/);
    expect(o.counts.error).toBe(1);
  });
});

describe('runs and seeds', () => {
  it('seed i is the same for every claim; keys ignore names but not configurations', () => {
    expect(seedValues(1, 3)).toEqual(seedValues(1, 3));
    expect(new Set(seedValues(1, 10)).size).toBe(10);
    const engine = { backend: 'wasm' };
    expect(runKey(experiment, 5, engine)).toBe(runKey({ ...experiment, label: 'other' }, 5, engine));
    expect(runKey(experiment, 5, engine)).not.toBe(runKey(experiment, 6, engine));
    expect(runKey(withBudget(experiment, { epochs: 3 }), 5, engine)).not.toBe(runKey(experiment, 5, engine));
    expect(withBudget(experiment, {}).training.epochs).toBe(300);
  });

  it('ρ drift reads the second half of the first learning-rate stage', () => {
    const snap = (epoch: number, rho: number) => ({ epoch, rho }) as unknown as NetworkRun['snapshots'][number];
    const r = { ...run(0), epochs: 300, snapshots: [snap(0, 100), snap(40, 50), snap(60, 4), snap(100, 2), snap(200, 1)] };
    expect(rhoDrift(r, experiment.training.schedule, 300)).toBeCloseTo(Math.log(2), 14);
    expect(rhoDrift({ ...r, snapshots: [snap(60, 4)] }, experiment.training.schedule, 300)).toBeNaN();
  });
});
