// Mutants: copies of a theorem with one deliberate mistake (a wrong constant,
// the wrong geometry). A verification suite that cannot tell a mutant from the
// real theorem has no teeth; the mutant fixtures in theorems/mutants keep it
// honest.
import type { Regime } from '../regime/regime.ts';
import type { Prediction, Theorem } from './define.ts';
import { defineTheorem } from './define.ts';

export interface MutationSpec {
  /** Appended to the base id: "TB22-T3.1~rho-x1.01". */
  readonly name: string;
  /** What is wrong, in words. */
  readonly description: string;
  /** The clause(s) expected to catch it. */
  readonly caughtBy: readonly string[];
  /** The wrong prediction, given the regime and the correct prediction. */
  predict(regime: Regime, correct: Prediction): Prediction;
}

export interface Mutant extends Theorem {
  readonly mutation: { readonly base: string; readonly description: string; readonly caughtBy: readonly string[] };
}

export function mutate(base: Theorem, spec: MutationSpec): Mutant {
  const theorem = defineTheorem({
    ...base,
    id: `${base.id}~${spec.name}`,
    title: `MUTANT of ${base.id}: ${spec.description}`,
    predict: (r: Regime) => spec.predict(r, base.predict(r)),
  });
  return { ...theorem, mutation: { base: base.id, description: spec.description, caughtBy: spec.caughtBy } };
}
