import { describe, expect, it } from 'vitest';
import { RegimeError, UsageError } from '../../../src/errors.ts';
import { describeParameters, describeRange, fixed, integer, integerArray, nonNegative, positive, validateRegime } from '../../../src/regime/parameters.ts';
import { classSizesOf, regimeKey } from '../../../src/regime/regime.ts';

const specs = {
  K: integer('classes', { min: 2, max: 50 }),
  lambdaW: positive('weight decay'),
  lambdaB: nonNegative('bias', { optional: true }),
  sizes: integerArray('sizes', { min: 1, optional: true }),
  pinned: fixed('pinned', 0),
};

describe('regime parameters', () => {
  it('accepts a valid regime and fills fixed keys', () => {
    expect(validateRegime(specs, { K: 3, lambdaW: 0.1 }, 'x')).toEqual({ K: 3, lambdaW: 0.1, pinned: 0 });
    expect(validateRegime(specs, { K: 3, lambdaW: 0.1, lambdaB: 0, sizes: [1, 2], pinned: 0 }, 'x').sizes).toEqual([1, 2]);
  });

  it.each([
    [{ K: 1, lambdaW: 0.1 }, /regime\.K: expected an integer in \[2, 50\], got 1/],
    [{ K: 2.5, lambdaW: 0.1 }, /regime\.K/],
    [{ K: 51, lambdaW: 0.1 }, /regime\.K/],
    [{ K: '3', lambdaW: 0.1 }, /regime\.K: .*got "3"/],
    [{ lambdaW: 0.1 }, /regime\.K: .*got nothing \(missing\)/],
    [{ K: 3, lambdaW: 0 }, /regime\.lambdaW: expected a finite number > 0, got 0/],
    [{ K: 3, lambdaW: -1 }, /regime\.lambdaW/],
    [{ K: 3, lambdaW: 0.1, lambdaB: -0.5 }, /regime\.lambdaB: expected a finite number ≥ 0/],
    [{ K: 3, lambdaW: 0.1, sizes: [] }, /regime\.sizes/],
    [{ K: 3, lambdaW: 0.1, sizes: [1, 0] }, /regime\.sizes/],
    [{ K: 3, lambdaW: 0.1, pinned: 1 }, /regime\.pinned: expected 0 \(fixed/],
    [{ K: 3, lambdaW: 0.1, lamdaW: 1 }, /regime\.lamdaW: expected no such parameter for x \(known: K, lambdaW/],
  ])('rejects %j with a message naming the parameter', (raw, message) => {
    expect(() => validateRegime(specs, raw, 'x')).toThrow(RegimeError);
    expect(() => validateRegime(specs, raw, 'x')).toThrow(message);
  });

  it('rejects non-objects and non-finite numbers', () => {
    expect(() => validateRegime(specs, [1, 2], 'x')).toThrow(UsageError);
    expect(() => validateRegime(specs, null, 'x')).toThrow(/expected a JSON object/);
    expect(() => validateRegime(specs, { K: 3, lambdaW: Infinity }, 'x')).toThrow(/got Infinity/);
    expect(() => validateRegime(specs, { K: 3, lambdaW: NaN }, 'x')).toThrow(/got NaN/);
  });

  it('describes ranges for list --json', () => {
    expect(describeRange(positive('p', { max: 5 }))).toBe('a finite number > 0 and ≤ 5');
    expect(describeRange(integerArray('s', { min: 1, max: 9 }))).toBe('an array of integers in [1, 9]');
    expect(describeRange(integer('i', { min: 1 }))).toBe('an integer ≥ 1');
    expect(describeParameters(specs).K).toMatchObject({ kind: 'integer', range: 'an integer in [2, 50]', optional: false });
  });

  it('class sizes come from n or classSizes; regime keys are stable under key order', () => {
    expect(classSizesOf({ K: 3, n: 2 })).toEqual([2, 2, 2]);
    expect(classSizesOf({ K: 2, classSizes: [4, 1] })).toEqual([4, 1]);
    expect(() => classSizesOf({ K: 2 })).toThrow(/regime\.n/);
    expect(regimeKey({ b: 1, a: 2 })).toBe(regimeKey({ a: 2, b: 1 }));
    expect(regimeKey({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});
