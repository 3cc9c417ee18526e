// `nc-check predict <theoremId> --regime '<json>'`: the closed-form prediction,
// in the theorem's own normalization.
import type { Theorem } from '../theorem/define.ts';
import { UsageError } from '../errors.ts';
import { selectTheorems } from '../theorem/registry.ts';
import { hypothesisOf } from '../verify/evaluate.ts';
import { validateTheoremRegime } from '../verify/runner.ts';
import type { Io } from '../io.ts';
import { formatMatrix, isMat, quantitiesToJson } from './json.ts';
import { regimeJson } from './parse.ts';
import { toJson } from '../report/writer.ts';

export function predictCommand(
  theorems: readonly Theorem[],
  id: string,
  options: { regime: string; json?: boolean },
  io: Io,
): number {
  const [theorem] = selectTheorems(theorems, [id]);
  const regime = validateTheoremRegime(theorem, regimeJson(options.regime));
  let hypothesis: ReturnType<typeof hypothesisOf>;
  try {
    hypothesis = hypothesisOf(theorem, regime);
  } catch (e) {
    throw new UsageError(`theorem ${theorem.id}: hypothesis.check() threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  let prediction: ReturnType<Theorem['predict']>;
  try {
    prediction = theorem.predict(regime);
  } catch (e) {
    // The theorem's own code: its author's input, reported like any bad input (one line, exit 2).
    throw new UsageError(`theorem ${theorem.id}: predict() threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (options.json === true) {
    io.out(
      `${toJson(
        {
          theorem: theorem.id,
          regime,
          hypothesisHolds: hypothesis.holds,
          hypothesisReason: hypothesis.reason,
          normalization: theorem.normalization,
          prediction: quantitiesToJson(prediction),
        },
        2,
      )}\n`,
    );
    return 0;
  }
  io.out(`${theorem.id} at ${JSON.stringify(regime)}\n`);
  io.out(`  hypothesis (${theorem.hypothesis.text}): ${hypothesis.holds ? 'holds' : `fails — ${hypothesis.reason}`}\n`);
  io.out(`  normalization: ${theorem.normalization}\n`);
  for (const [name, value] of Object.entries(prediction)) {
    if (value === undefined) continue;
    io.out(isMat(value) ? `  ${name} =\n${formatMatrix(value)}\n` : `  ${name} = ${value}\n`);
  }
  return 0;
}
