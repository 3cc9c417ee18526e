// Bounded regime points: what a 100k-regime run keeps for its phase diagrams.
import { describe, expect, it } from 'vitest';
import { marginBin, MARGIN_BIN_COUNT } from '../../../src/verify/aggregate.ts';
import { createPointSketch, pointOf, type RegimePoint } from '../../../src/verify/points.ts';
import type { RegimeRecord } from '../../../src/verify/results.ts';

const record = (i: number, status: 'pass' | 'violated' = 'pass'): RegimeRecord =>
  ({
    index: i,
    regime: { K: 2 + (i % 7), n: 1, d: 3, lambdaW: 0.001 * (i + 1), lambdaH: 0.1 },
    hypothesisHolds: true,
    nearThreshold: false,
    clauses: [
      { clause: 'a', kind: 'equality', status: 'pass', margin: 0.01 },
      { clause: 'b', kind: 'equality', status, margin: status === 'pass' ? 0.5 : 1e5 },
      { clause: 'c', kind: 'equality', status: 'not-applicable' },
    ],
  }) as unknown as RegimeRecord;

const keys = (ps: RegimePoint[]) => ps.map((p) => JSON.stringify(p.regime));

describe('regime points', () => {
  it('reduce a record to its worst verdict and margin', () => {
    expect(pointOf(record(1))).toMatchObject({ verdict: 'pass', worstMargin: 0.5, origin: 'sample', failing: undefined });
    expect(pointOf(record(1, 'violated'))).toMatchObject({ verdict: 'violated', worstMargin: 1e5, failing: ['b'] });
  });

  it('are kept by a bottom-k sketch: bounded, independent of order, and mergeable across shards', () => {
    const all = Array.from({ length: 500 }, (_, i) => pointOf(record(i, i % 50 === 0 ? 'violated' : 'pass')));
    const cap = { passing: 40, failing: 5 };
    const one = createPointSketch(cap);
    all.forEach((p) => one.add(p));
    expect(one.points()).toHaveLength(45);
    expect(one.omitted).toBe(455);
    const reversed = createPointSketch(cap);
    [...all].reverse().forEach((p) => reversed.add(p));
    expect(keys(reversed.points())).toEqual(keys(one.points()));
    const shards = [all.slice(0, 200), all.slice(200)].map((part) => {
      const s = createPointSketch(cap);
      part.forEach((p) => s.add(p));
      return s.points();
    });
    const merged = createPointSketch(cap);
    shards.flat().forEach((p) => merged.add(p));
    expect(keys(merged.points())).toEqual(keys(one.points()));
    // Failing regimes have their own room: all 10 offered, 5 kept, never crowded out by passes.
    expect(one.points().filter((p) => p.verdict === 'violated')).toHaveLength(5);
  });
});

describe('margin bins', () => {
  it('cover zero, each decade from 1e-12 to 1e12, and infinity', () => {
    expect(marginBin(0)).toBe(0);
    expect(marginBin(Number.NaN)).toBe(0);
    expect(marginBin(1e-13)).toBe(0);
    expect(marginBin(1e-12)).toBe(1);
    expect(marginBin(0.5)).toBe(12);
    expect(marginBin(1)).toBe(13);
    expect(marginBin(9.99e11)).toBe(MARGIN_BIN_COUNT - 2);
    expect(marginBin(1e12)).toBe(MARGIN_BIN_COUNT - 1);
    expect(marginBin(Infinity)).toBe(MARGIN_BIN_COUNT - 1);
  });
});
