// Which regimes belong to which mode, and the generator used for each:
//   inside   the hypothesis holds and no threshold is within 2% (§10);
//   near     the hypothesis holds and some threshold is within 2%;
//   outside  the hypothesis fails — does the conclusion still hold?
// The theorem's own generator is used when it has one for the mode, else a
// default drawn from its parameter specs; either way `modeAccepts` decides
// membership, so a sloppy generator cannot blur the modes.
import type fc from 'fast-check';
import type { Regime } from '../regime/regime.ts';
import type { Mode, Theorem } from './define.ts';
import { NEAR_THRESHOLD_BAND } from './tolerance.ts';
import { regimeFromParameters } from '../regime/from-parameters.ts';
import { validateRegime } from '../regime/parameters.ts';
import { casesFor, withBoundaries } from './boundaries.ts';

/**
 * The mode's generator, with the theorem's boundary cases for the mode mixed in (./boundaries.ts),
 * its regimes validated against the theorem's parameters (fixed keys filled in).
 */
export function modeArbitrary(theorem: Theorem, mode: Mode): fc.Arbitrary<Regime> {
  // A placement that would leave the mode (a case the hypothesis admits only for some regimes) keeps the base regime.
  const inMode = (r: Regime): boolean => {
    try {
      return modeAccepts(theorem, mode, validateRegime(theorem.parameters, r, theorem.id) as Regime);
    } catch {
      return false;
    }
  };
  const source = withBoundaries(theorem.regimes?.[mode] ?? regimeFromParameters(theorem.parameters), casesFor(theorem.boundaries, mode), inMode);
  return source.map((r) => validateRegime(theorem.parameters, r, `theorem ${theorem.id} (${mode} generator)`) as Regime);
}

export function nearAnyThreshold(theorem: Theorem, regime: Regime): boolean {
  return (theorem.thresholds ?? []).some((t) => Math.abs(t.value(regime) / t.at - 1) <= NEAR_THRESHOLD_BAND);
}

export function modeAccepts(theorem: Theorem, mode: Mode, regime: Regime): boolean {
  const holds = theorem.hypothesis.check(regime) === true;
  switch (mode) {
    case 'inside':
      return holds && !nearAnyThreshold(theorem, regime);
    case 'near':
      return holds && nearAnyThreshold(theorem, regime);
    case 'outside':
      return !holds;
  }
}
