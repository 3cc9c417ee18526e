// One mutant fixture run: a theorem with one deliberate mistake, sampled inside
// its hypothesis; caught when a clause named for it is violated there.
import type { Backend } from '../backend/backend.ts';
import type { Mutant } from '../theorem/mutate.ts';
import { clauseStatus } from '../verify/aggregate.ts';
import { verifyTheoremMode } from '../verify/runner.ts';

export interface MutantOutcome {
  readonly id: string;
  readonly base: string;
  readonly description: string;
  readonly caught: boolean;
  /** Expected clauses that reported the mutant violated. */
  readonly caughtBy: string[];
  readonly expected: readonly string[];
  readonly seconds: number;
}

export async function runMutant<T>(mutant: Mutant, backend: Backend<T>, runs: number, seed: number): Promise<MutantOutcome> {
  // Shrinking only polishes a counterexample; catching needs the first violation.
  const result = await verifyTheoremMode(mutant, 'inside', backend, { modes: ['inside'], runs, seed, shrink: false });
  const violated = result.clauses.filter((a) => clauseStatus(a) === 'violated' && !a.violatedOnlyOutsideHypothesis).map((a) => a.clause);
  const caughtBy = violated.filter((c) => mutant.mutation.caughtBy.includes(c));
  return {
    id: mutant.id,
    base: mutant.mutation.base,
    description: mutant.mutation.description,
    caught: caughtBy.length > 0,
    caughtBy,
    expected: mutant.mutation.caughtBy,
    seconds: result.seconds,
  };
}
