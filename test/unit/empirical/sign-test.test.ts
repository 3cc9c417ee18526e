// The statistic behind every empirical verdict, against exact binomial values.
import { describe, expect, it } from 'vitest';
import { binomialHalfCdf, medianIntervalIndex, signTest } from '../../../src/empirical/sign-test.ts';

describe('binomialHalfCdf', () => {
  it('matches hand values', () => {
    expect(binomialHalfCdf(10, 0)).toBeCloseTo(1 / 1024, 15);
    expect(binomialHalfCdf(10, 1)).toBeCloseTo(11 / 1024, 15);
    expect(binomialHalfCdf(8, 1)).toBeCloseTo(9 / 256, 15);
    expect(binomialHalfCdf(4, 2)).toBeCloseTo(11 / 16, 15);
    expect(binomialHalfCdf(5, -1)).toBe(0);
    expect(binomialHalfCdf(5, 5)).toBe(1);
  });
});

describe('the median interval', () => {
  it('uses the widest order statistics with coverage ≥ the level, and needs n ≥ 6 at 95%', () => {
    expect(medianIntervalIndex(5, 0.95)).toBeUndefined(); // 1 − 2/32 = 0.9375
    expect(medianIntervalIndex(6, 0.95)).toEqual({ k: 1, coverage: 1 - 2 / 64 });
    expect(medianIntervalIndex(10, 0.95)).toEqual({ k: 2, coverage: 1 - 22 / 1024 });
    expect(medianIntervalIndex(8, 0.95)?.k).toBe(1);
  });
});

describe('signTest', () => {
  const ten = [0.5, 0.7, 1.1, 0.2, 0.9, 1.4, 0.3, 0.8, 0.6, 1.0];

  it('all 10 effects positive: the interval [x_(2), x_(9)] lies above 0 → supports', () => {
    const t = signTest(ten);
    expect(t).toMatchObject({ n: 10, positive: 10, negative: 0, ties: 0, decision: 'supports' });
    expect(t.interval).toEqual({ lo: 0.3, hi: 1.1, coverage: 1 - 22 / 1024 });
    expect(t.median).toBeCloseTo(0.75, 15);
    expect(t.pValue).toBeCloseTo(1 / 1024, 15);
    expect(t.effectSize).toBeGreaterThan(0);
  });

  it('one negative of 10 still supports; two do not', () => {
    expect(signTest([-0.1, ...ten.slice(1)]).decision).toBe('supports');
    const two = signTest([-0.1, -0.2, ...ten.slice(2)]);
    expect(two.interval!.lo).toBe(-0.1);
    expect(two.decision).toBe('undecided');
  });

  it('all negative → contradicts; fewer than 6 effects → undecided without an interval', () => {
    expect(signTest(ten.map((v) => -v)).decision).toBe('contradicts');
    const five = signTest([1, 2, 3, 4, 5]);
    expect(five.interval).toBeUndefined();
    expect(five.decision).toBe('undecided');
    expect(five.pValue).toBeCloseTo(1 / 32, 15);
  });

  it('ties count towards n but not the p-value; an interval touching 0 is undecided', () => {
    const t = signTest([0, 0, 1, 2, 3, 4]);
    expect(t).toMatchObject({ n: 6, positive: 4, ties: 2, decision: 'undecided' });
    expect(t.interval!.lo).toBe(0);
    expect(t.pValue).toBeCloseTo(1 / 16, 15);
  });

  it('non-finite effects are not used; no effects at all is undecided', () => {
    expect(signTest([Number.NaN, 1, Infinity]).n).toBe(1);
    const none = signTest([]);
    expect(none).toMatchObject({ n: 0, decision: 'undecided', pValue: 1 });
    expect(none.median).toBeNaN();
  });
});
