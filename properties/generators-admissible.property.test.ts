// Every regime a built-in theorem's generators draw, in every mode it runs, is one its model can build.
// The false-alarm sweep found SML23's outside mode drawing L = 3 without λ_W3 (the default generator from
// the parameter specs knows nothing of "λ_Wl for l ≤ L only"): 79 % of its regimes were model errors,
// hidden under "violated only outside the hypothesis". A generator's regime that the model rejects is a
// defect of the library, never evidence about the theorem.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getModel } from '../src/models/registry.ts';
import { MODES } from '../src/theorem/define.ts';
import { builtinTheorems } from '../theorems/index.ts';
import { modeAccepts, modeArbitrary } from './regimes/modes.ts';

const DRAWS = 200;

describe('built-in generators draw regimes their models accept', () => {
  for (const theorem of builtinTheorems) {
    const modes = MODES.filter((m) => m !== 'near' || ((theorem.thresholds?.length ?? 0) > 0 && theorem.regimes?.near !== undefined));
    for (const mode of modes) {
      it(`${theorem.id} ${mode}`, () => {
        const model = getModel(theorem.model);
        const drawn = fc.sample(modeArbitrary(theorem, mode), { seed: 16, numRuns: DRAWS }).filter((r) => modeAccepts(theorem, mode, r));
        const rejected = drawn.flatMap((r) => {
          try {
            model.checkRegime(r);
            model.blocks(r);
            return [];
          } catch (e) {
            return [`${JSON.stringify(r)}: ${(e as Error).message}`];
          }
        });
        expect(rejected.slice(0, 3)).toEqual([]);
      });
    }
  }
});
