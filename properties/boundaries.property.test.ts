// Boundary regimes are sampled (src/theorem/boundaries.ts): for every built-in theorem and mode,
//  (1) every boundary case it declares is produced by the mode's generator and lies in the mode;
//  (2) every structural edge its hypothesis admits — d = K, d = K − 1, d = Kn − 1, n = 1, K = 2 — is
//      produced: "admitted" is decided by the hypothesis itself (moving sampled regimes onto the edge and
//      asking the theorem), so an edge left out must be excluded by the hypothesis, where it is documented.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Regime } from '../src/regime/regime.ts';
import { validateRegime } from '../src/regime/parameters.ts';
import { BOUNDARY_SHARE, boundaryProbability, casesFor } from '../src/theorem/boundaries.ts';
import { MODES, type Mode, type Theorem } from '../src/theorem/define.ts';
import { builtinTheorems } from '../theorems/index.ts';
import { modeAccepts, modeArbitrary } from './regimes/modes.ts';

const DRAWS = 800;
const num = (r: Regime, k: string) => r[k] as number;

interface Edge {
  readonly name: string;
  readonly applies: (t: Theorem) => boolean;
  readonly place: (r: Regime) => Regime;
  readonly on: (r: Regime) => boolean;
}
const has = (...keys: string[]) => (t: Theorem) => keys.every((k) => k in t.parameters && t.parameters[k].kind !== 'fixed');
const EDGES: readonly Edge[] = [
  { name: 'd = K', applies: has('d', 'K'), place: (r) => ({ ...r, d: num(r, 'K') }), on: (r) => num(r, 'd') === num(r, 'K') },
  { name: 'd = K − 1', applies: has('d', 'K'), place: (r) => ({ ...r, d: num(r, 'K') - 1 }), on: (r) => num(r, 'd') === num(r, 'K') - 1 },
  { name: 'd = Kn − 1', applies: has('d', 'K', 'n'), place: (r) => ({ ...r, d: num(r, 'K') * num(r, 'n') - 1 }), on: (r) => num(r, 'd') === num(r, 'K') * num(r, 'n') - 1 },
  { name: 'n = 1', applies: has('n'), place: (r) => ({ ...r, n: 1 }), on: (r) => num(r, 'n') === 1 },
  { name: 'K = 2', applies: has('K'), place: (r) => ({ ...r, K: 2, d: Math.max(1, 2 + num(r, 'd') - num(r, 'K')) }), on: (r) => num(r, 'K') === 2 },
];

function accepted(theorem: Theorem, mode: Mode): Regime[] {
  return fc.sample(modeArbitrary(theorem, mode), { seed: 16, numRuns: DRAWS }).filter((r) => modeAccepts(theorem, mode, r));
}

/** Whether the hypothesis admits a regime of the mode on this edge (some sampled regime, moved onto it, is in the mode). */
function admits(theorem: Theorem, mode: Mode, edge: Edge, sample: readonly Regime[]): boolean {
  return sample.some((r) => {
    try {
      const moved = validateRegime(theorem.parameters, edge.place(r), theorem.id) as Regime;
      return edge.on(moved) && modeAccepts(theorem, mode, moved);
    } catch {
      return false;
    }
  });
}

const modesOf = (t: Theorem): Mode[] => MODES.filter((m) => m !== 'outside' && (m === 'inside' || t.regimes?.[m] !== undefined));

describe.each(builtinTheorems.map((t) => [t.id, t] as const))('%s: boundary regimes', (_id, theorem) => {
  it.each(modesOf(theorem))('%s: every declared case is produced, in the mode, with its stated probability', (mode) => {
    const cases = casesFor(theorem.boundaries, mode);
    if (cases.length === 0) return;
    expect(boundaryProbability(cases)).toBeGreaterThanOrEqual(Math.floor((BOUNDARY_SHARE * 1000) / cases.length) / 1000);
    const sample = accepted(theorem, mode);
    for (const c of cases) expect([c.name, sample.some((r) => c.on(r))]).toEqual([c.name, true]);
  });

  it.each(modesOf(theorem))('%s: every structural edge the hypothesis admits is produced', (mode) => {
    const sample = accepted(theorem, mode);
    expect(sample.length).toBeGreaterThan(0);
    // Refutation fixtures search only at the reference's named regimes (their hypothesis text says so).
    if (theorem.expect === 'refuted') {
      expect(theorem.hypothesis.text).toMatch(/named regimes/);
      return;
    }
    for (const edge of EDGES.filter((e) => e.applies(theorem))) {
      if (!admits(theorem, mode, edge, sample)) continue;
      expect([edge.name, sample.some(edge.on)]).toEqual([edge.name, true]);
    }
  });
});
