// `nc-check mutants`: runs the mutant fixtures (theorems/mutants) — built-in
// theorems with one deliberate mistake — and reports which were caught. A
// mutant is caught when one of the clauses named for it is violated inside the
// hypothesis. The last line is the machine-readable share
// ("mutants: N caught, M survived"); exit 0 only when every mutant is caught.
import type { Backend } from '../backend/backend.ts';
import type { Mutant } from '../theorem/mutate.ts';
import { clauseStatus } from '../verify/aggregate.ts';
import { verifyTheoremMode } from '../verify/runner.ts';
import type { Io } from './io.ts';

/** Regimes per mutant: enough for every fixture to meet a regime where its mistake shows. */
export const DEFAULT_MUTANT_RUNS = 8;

export interface MutantsCommandOptions {
  readonly runs?: number;
  readonly seed: number;
  readonly json?: boolean;
}

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

export async function mutantsCommand<T>(mutants: readonly Mutant[], backend: Backend<T>, o: MutantsCommandOptions, io: Io): Promise<number> {
  const outcomes: MutantOutcome[] = [];
  for (const mutant of mutants) {
    const outcome = await runMutant(mutant, backend, o.runs ?? DEFAULT_MUTANT_RUNS, o.seed);
    outcomes.push(outcome);
    if (o.json !== true) {
      const verdict = outcome.caught ? `caught by ${outcome.caughtBy.join(', ')}` : `SURVIVED (expected one of: ${outcome.expected.join(', ')})`;
      io.out(`${outcome.id.padEnd(42)} ${verdict}  (${outcome.seconds.toFixed(1)} s)\n    ${outcome.description}\n`);
    }
  }
  const caught = outcomes.filter((x) => x.caught).length;
  if (o.json === true) io.out(`${JSON.stringify({ mutants: outcomes, caught, survived: outcomes.length - caught }, null, 2)}\n`);
  io.out(`mutants: ${caught} caught, ${outcomes.length - caught} survived\n`);
  return caught === outcomes.length ? 0 : 1;
}
