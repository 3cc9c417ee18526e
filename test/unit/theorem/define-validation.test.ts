// defineTheorem's load-time checks, one by one, with the exact message each gives,
// the values just inside each rule that must be accepted, and the clause
// constructors' default tolerances.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.ts';
import { integer } from '../../../src/regime/parameters.ts';
import { attained, bound, equality, identity, stationary } from '../../../src/theorem/clause.ts';
import { defineTheorem, MODES } from '../../../src/theorem/define.ts';

const good = {
  id: 'A.b+c~d_e-1',
  title: 't',
  citation: 'c',
  provenance: { kind: 'derived' as const },
  model: 'ufm-mse',
  normalization: 'n',
  parameters: { K: integer('K', { min: 2 }) },
  hypothesis: { text: 'any', check: () => true as const },
  predict: () => ({ loss: 0 }),
  clauses: [bound('b', { statement: 's' })],
};

const message = (spec: object): string => {
  try {
    defineTheorem(spec as never);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('defineTheorem', () => {
  it('accepts a well-formed theorem as given, clauses from an array or a builder', () => {
    const t = defineTheorem(good);
    expect(t).toEqual(good);
    expect(defineTheorem({ ...good, clauses: (c) => [c.bound('b', { statement: 's' })] }).clauses).toEqual(good.clauses);
    // Values just inside each rule.
    expect(() => defineTheorem({ ...good, runs: 1, expect: 'holds' })).not.toThrow();
    expect(() => defineTheorem({ ...good, expect: 'refuted' })).not.toThrow();
    // A refuted claim needs some bound clause, not only bound clauses.
    expect(() => defineTheorem({ ...good, expect: 'refuted', clauses: [attained('a', { statement: 's' }), bound('b', { statement: 's' })] })).not.toThrow();
    expect(() => defineTheorem({ ...good, id: '9' })).not.toThrow();
    expect(() => defineTheorem({ ...good, clauses: [stationary('s', { statement: 's', point: () => [] })] })).not.toThrow();
    expect(() => defineTheorem({ ...good, minimizer: () => [], clauses: [stationary('s', { statement: 's' })] })).not.toThrow();
    expect(MODES).toEqual(['inside', 'near', 'outside']);
  });

  it('names the theorem and the problem for every malformed field', () => {
    const id = 'theorem "A.b+c~d_e-1"';
    const cases: [object, string][] = [
      [{ ...good, id: undefined }, 'theorem (no id): id must be a non-empty string of letters, digits and . + ~ _ -'],
      [{ ...good, id: 'a b' }, 'theorem "a b": id must be a non-empty string of letters, digits and . + ~ _ -'],
      [{ ...good, id: '-a' }, 'theorem "-a": id must be a non-empty string of letters, digits and . + ~ _ -'],
      [{ ...good, id: 'a/' }, 'theorem "a/": id must be a non-empty string of letters, digits and . + ~ _ -'],
      [{ ...good, id: 7 }, 'theorem "7": id must be a non-empty string of letters, digits and . + ~ _ -'],
      [{ ...good, title: '' }, `${id}: title must be a non-empty string`],
      [{ ...good, citation: 3 }, `${id}: citation must be a non-empty string`],
      [{ ...good, model: '' }, `${id}: model must be a non-empty string`],
      [{ ...good, normalization: undefined }, `${id}: normalization must be a non-empty string`],
      [{ ...good, predict: 1 }, `${id}: predict must be a function`],
      [{ ...good, hypothesis: { text: 't' } }, `${id}: hypothesis.check must be a function`],
      [{ ...good, hypothesis: undefined }, `${id}: hypothesis.check must be a function`],
      [{ ...good, clauses: [] }, `${id}: clauses must be a non-empty array`],
      [{ ...good, clauses: 'x' }, `${id}: clauses must be a non-empty array`],
      [{ ...good, clauses: [bound('a b', { statement: 's' })] }, `${id}: clause id "a b" is not a valid id`],
      [{ ...good, clauses: [null] }, `${id}: clause id undefined is not a valid id`],
      [{ ...good, clauses: [bound('b', { statement: 's' }), attained('b', { statement: 's' })] }, `${id}: clause id "b" appears twice`],
      [{ ...good, clauses: [{ ...bound('b', { statement: 's' }), kind: 'other' }] }, `${id}: clause "b" has unknown kind "other"`],
      [{ ...good, clauses: [{ ...equality('e', { statement: 's', predicted: () => 0, measured: () => 0 }), predicted: undefined }] }, `${id}: equality clause "e" needs predicted() and measured()`],
      [{ ...good, clauses: [{ ...equality('e', { statement: 's', predicted: () => 0, measured: () => 0 }), measured: undefined }] }, `${id}: equality clause "e" needs predicted() and measured()`],
      [{ ...good, clauses: [{ ...identity('i', { statement: 's', predicted: () => 0, measured: () => 0 }), measured: 0 }] }, `${id}: identity clause "i" needs predicted() and measured()`],
      [{ ...good, clauses: [stationary('s', { statement: 's' })] }, `${id}: stationary clause "s" needs the theorem to define minimizer() (or the clause a point())`],
      [{ ...good, expect: 'maybe' }, `${id}: expect must be 'holds' or 'refuted'`],
      [{ ...good, expect: 'refuted', clauses: [attained('a', { statement: 's' })] }, `${id}: a refuted claim needs a bound clause (the claimed minimum to beat)`],
      [{ ...good, runs: 0 }, `${id}: runs must be a positive integer`],
      [{ ...good, runs: 1.5 }, `${id}: runs must be a positive integer`],
    ];
    for (const [spec, expected] of cases) expect(message(spec)).toBe(expected);
  });
});

describe('clause constructors', () => {
  it('set the kind and id, and default the tolerance by kind; an explicit one wins', () => {
    const f = () => 0;
    expect(bound('b', { statement: 's' })).toEqual({ id: 'b', kind: 'bound', statement: 's', tolerance: 'loss' });
    expect(attained('a', { statement: 's' })).toEqual({ id: 'a', kind: 'attained', statement: 's', tolerance: 'loss' });
    expect(equality('e', { statement: 's', predicted: f, measured: f })).toEqual({ id: 'e', kind: 'equality', statement: 's', tolerance: 'gram', predicted: f, measured: f });
    expect(stationary('t', { statement: 's' })).toEqual({ id: 't', kind: 'stationary', statement: 's', tolerance: 'gradient' });
    expect(identity('i', { statement: 's', predicted: f, measured: f })).toEqual({ id: 'i', kind: 'identity', statement: 's', tolerance: 'gram', predicted: f, measured: f });
    expect(equality('e', { statement: 's', tolerance: 'nc1', predicted: f, measured: f }).tolerance).toBe('nc1');
  });
});
