// `nc-check mutants`: runs the mutant fixtures (theorems/mutants) — built-in
// theorems with one deliberate mistake — and reports which were caught. A
// mutant is caught when one of the clauses named for it is violated inside the
// hypothesis. The last line is the machine-readable share
// ("mutants: N caught, M survived"); exit 0 only when every mutant is caught.
import type { Backend } from '../backend/backend.ts';
import type { Io } from '../io.ts';
import { runMutant, type MutantOutcome } from '../run/mutants.ts';
import type { Mutant } from '../theorem/mutate.ts';

export { runMutant, type MutantOutcome };

/** Regimes per mutant: enough for every fixture to meet a regime where its mistake shows. */
export const DEFAULT_MUTANT_RUNS = 8;

export interface MutantsCommandOptions {
  readonly runs?: number;
  readonly seed: number;
  readonly json?: boolean;
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
