import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.ts';
import { defineTheorem, type TheoremSpec } from '../../../src/theorem/define.ts';
import { equality, stationary } from '../../../src/theorem/clause.ts';
import { derived, empirical, provenanceLabel, quoted, restated, unverified } from '../../../src/theorem/provenance.ts';
import { integer } from '../../../src/regime/parameters.ts';
import { resolveTolerance, allowance, TOLERANCES } from '../../../src/theorem/tolerance.ts';
import { checkLibrary, checkTheorem, loadTheoremFile, selectTheorems } from '../../../src/theorem/registry.ts';
import { builtinTheorems } from '../../../theorems/index.ts';

const base = {
  id: 'T-1',
  title: 't',
  citation: 'c',
  provenance: derived(),
  model: 'ufm-mse',
  normalization: 'n',
  parameters: { K: integer('K', { min: 2 }) },
  hypothesis: { text: 'always', check: () => true as const },
  predict: () => ({ loss: 0 }),
  clauses: [equality('x', { statement: 's', predicted: () => 0, measured: () => 0 })],
} satisfies TheoremSpec<{ K: ReturnType<typeof integer> }, { loss: number }>;

describe('defineTheorem', () => {
  it('accepts a well-formed theorem, with clauses given as an array or a builder', () => {
    expect(defineTheorem(base).clauses).toHaveLength(1);
    const built = defineTheorem({ ...base, clauses: ({ bound }) => [bound('b', { statement: 'lower bound' })] });
    expect(built.clauses[0]).toMatchObject({ id: 'b', kind: 'bound', tolerance: 'loss' });
  });

  it.each([
    [{ id: '' }, /id must be/],
    [{ id: 'has space' }, /id must be/],
    [{ title: '' }, /title must be a non-empty string/],
    [{ predict: 3 }, /predict must be a function/],
    [{ hypothesis: {} }, /hypothesis\.check/],
    [{ clauses: [] }, /clauses must be a non-empty array/],
    [{ clauses: [base.clauses[0], base.clauses[0]] }, /appears twice/],
    [{ clauses: [{ id: 'q', kind: 'weird', statement: '' }] }, /unknown kind "weird"/],
    [{ clauses: [{ id: 'q', kind: 'equality', statement: '' }] }, /needs predicted\(\) and measured\(\)/],
    [{ clauses: [stationary('s', { statement: '' })] }, /needs the theorem to define minimizer\(\)/],
  ])('rejects %j with a usage error naming the problem', (patch, message) => {
    expect(() => defineTheorem({ ...base, ...(patch as object) } as never)).toThrow(UsageError);
    expect(() => defineTheorem({ ...base, ...(patch as object) } as never)).toThrow(message);
  });

  it('cross-checks parameters against the model and ids across the library', () => {
    expect(() => checkTheorem(defineTheorem({ ...base, parameters: { Q: integer('Q', { min: 1 }) } } as never))).toThrow(
      /parameter "Q" is not a regime key of model ufm-mse/,
    );
    expect(() => checkTheorem(defineTheorem({ ...base, model: 'nope' }))).toThrow(/unknown id "nope"/);
    expect(() => checkLibrary([defineTheorem(base), defineTheorem(base)])).toThrow(/defined twice/);
    expect(() => checkLibrary(builtinTheorems)).not.toThrow();
    expect(selectTheorems(builtinTheorems, []).length).toBe(builtinTheorems.length);
    expect(() => selectTheorems(builtinTheorems, ['TB99'])).toThrow(/unknown id "TB99"/);
  });

  it('loads theorem files and reports unloadable ones as usage errors', async () => {
    const loaded = await loadTheoremFile('test/fixtures/my-claim.ts');
    expect(loaded.map((t) => t.id)).toEqual(['MY-CLAIM']);
    await expect(loadTheoremFile('test/fixtures/does-not-exist.ts')).rejects.toThrow(/cannot load/);
    await expect(loadTheoremFile('test/fixtures/no-theorem.ts')).rejects.toThrow(/exports no theorem/);
  });
});

describe('provenance and tolerances', () => {
  it('labels provenance in the vocabulary of the reference', () => {
    expect(provenanceLabel(quoted('THN23'))).toBe('[quoted: THN23]');
    expect(provenanceLabel(restated('THN23'))).toBe('[restated in THN23]');
    expect(provenanceLabel(unverified())).toBe('[unverified: recalled statement, confirm against the paper]');
    expect(provenanceLabel(derived())).toBe('[derived here]');
    expect(provenanceLabel({ kind: 'numerically-checked' })).toBe('[numerically checked]');
    expect(provenanceLabel(empirical('XRLGP23'))).toBe('[empirical: XRLGP23]');
  });

  it('resolves named, explicit and per-dtype tolerances, widened near thresholds', () => {
    expect(resolveTolerance('gram', 'float64')).toEqual(TOLERANCES.gram.float64);
    expect(resolveTolerance('gram', 'float32')).toEqual({ rtol: 1e-4, atol: 1e-4 });
    expect(resolveTolerance({ rtol: 1, atol: 2 }, 'float64', 100)).toEqual({ rtol: 100, atol: 200 });
    expect(resolveTolerance({ float64: { rtol: 0, atol: 1 }, float32: { rtol: 0, atol: 2 } }, 'float32')).toEqual({ rtol: 0, atol: 2 });
    expect(allowance({ rtol: 0.1, atol: 1 }, -10)).toBe(2);
  });
});
