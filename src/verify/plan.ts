// Which regimes a theorem mode evaluates, in which order, each with its
// fast-check replay path. Sampling uses fc.sample, which yields exactly the
// values fc.check would generate for the same seed, so the i-th sampled regime
// is path "i". Regimes outside the mode (e.g. inside the hypothesis during an
// outside run) are skipped by position, keeping every path meaningful.
//
// Planning is the seam for everything that changes *which* regimes run —
// replaying stored failures first, targeted search, sharding — without
// touching evaluation.
import fc from 'fast-check';
import { deriveSeed } from '../random/rng.ts';
import { regimeKey, type Regime } from '../regime/regime.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import { modeAccepts, modeArbitrary } from '../../properties/regimes/modes.ts';

export interface PlannedRegime {
  readonly regime: Regime;
  /** Position in the mode's sample (-1 for a regime given explicitly). */
  readonly index: number;
  /** fast-check replay path under the mode's seed. */
  readonly path?: string;
}

export type Plan = { readonly ok: true; readonly items: PlannedRegime[] } | { readonly ok: false; readonly reason: string };

export interface PlanOptions {
  readonly runs: number;
  readonly seed: number;
  /** Replay exactly this fast-check path. */
  readonly path?: string;
  /** Evaluate exactly this regime. */
  readonly regime?: Regime;
}

/** Candidates drawn per wanted regime before a mode is declared empty. */
export const DRAWS_PER_RUN = 20;

export function modeSeed(seed: number, theorem: Theorem, mode: Mode): number {
  return deriveSeed(seed, theorem.id, mode);
}

/** The regime at a fast-check path of a mode's generator (no evaluation). */
export function regimeAtPath(theorem: Theorem, mode: Mode, seed: number, path: string): Regime {
  let found: Regime | undefined;
  fc.check(
    fc.property(modeArbitrary(theorem, mode), (r) => {
      found ??= r;
      return true;
    }),
    { seed: modeSeed(seed, theorem, mode), path, numRuns: 1 },
  );
  if (found === undefined) throw new Error(`no regime at path ${path}`);
  return found;
}

export function planMode(theorem: Theorem, mode: Mode, o: PlanOptions): Plan {
  if (o.regime !== undefined) return { ok: true, items: [{ regime: o.regime, index: -1 }] };
  if (mode === 'near' && theorem.regimes?.near === undefined) {
    return { ok: false, reason: 'the theorem declares no near-threshold regime generator' };
  }
  if (o.path !== undefined) {
    return { ok: true, items: [{ regime: regimeAtPath(theorem, mode, o.seed, o.path), index: Number(o.path.split(':')[0]), path: o.path }] };
  }
  const candidates = fc.sample(modeArbitrary(theorem, mode), { seed: modeSeed(o.seed, theorem, mode), numRuns: o.runs * DRAWS_PER_RUN });
  const items: PlannedRegime[] = [];
  // Evaluation is deterministic per regime: a repeated draw (small discrete generators such as a
  // refutation fixture's named regimes) would only repeat a verdict, so it is skipped.
  const seen = new Set<string>();
  for (let i = 0; i < candidates.length && items.length < o.runs; i++) {
    const key = regimeKey(candidates[i]);
    if (seen.has(key) || !modeAccepts(theorem, mode, candidates[i])) continue;
    seen.add(key);
    items.push({ regime: candidates[i], index: i, path: String(i) });
  }
  if (items.length === 0) return { ok: false, reason: `no regime in ${candidates.length} draws falls in mode "${mode}"` };
  return { ok: true, items };
}
