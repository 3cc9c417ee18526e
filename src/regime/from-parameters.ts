// Default regime generator: each parameter drawn from its spec's sampling
// range (integers uniformly, weights log-uniformly). Used for any theorem that
// does not supply its own generator for a mode.
import fc from 'fast-check';
import type { ParameterSpec, ParameterSpecs } from './parameters.ts';
import type { Regime } from './regime.ts';
import { logUniform } from './log-uniform.ts';

export function parameterArbitrary(spec: ParameterSpec): fc.Arbitrary<number | number[]> {
  const [lo, hi] = spec.sample;
  switch (spec.kind) {
    case 'integer':
      return fc.integer({ min: lo, max: hi });
    case 'real':
      return spec.log ? logUniform(Math.max(lo, Number.MIN_VALUE), hi) : fc.double({ min: lo, max: hi, noNaN: true });
    case 'integer-array':
      return fc.array(fc.integer({ min: lo, max: hi }), { minLength: 1, maxLength: 8 });
    case 'fixed':
      return fc.constant(spec.value);
  }
}

/** Every required parameter drawn independently; optional ones are left out. */
export function regimeFromParameters(specs: ParameterSpecs): fc.Arbitrary<Regime> {
  const entries = Object.entries(specs).filter(([, s]) => s.optional !== true);
  return fc.record(Object.fromEntries(entries.map(([name, s]) => [name, parameterArbitrary(s)]))) as fc.Arbitrary<Regime>;
}
