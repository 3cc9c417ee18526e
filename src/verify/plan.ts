// Which regimes a theorem mode evaluates, in which order, each with its
// fast-check replay path. Sampling uses fc.sample, which yields exactly the
// values fc.check would generate for the same seed, so the i-th sampled regime
// is path "i". Regimes outside the mode (e.g. inside the hypothesis during an
// outside run) are skipped by position, keeping every path meaningful.
//
// Planning is the seam for everything that changes *which* regimes run —
// replaying stored failures first, targeted search, sharding — without
// touching evaluation. A shard i/N keeps the sampled regimes whose position k
// in the mode's sample (0, 1, … in the order an unsharded run evaluates them)
// has k mod N = i: an exact partition of the unsharded plan, from the same
// seed, so N shards together evaluate the unsharded run's regimes case for case.
//
// Candidates are drawn lazily, in chunks of growing size replayed by
// fast-check path (path "s" starts the sample at its s-th value), so a long
// sweep neither draws nor holds more candidates than it needs.
import fc from 'fast-check';
import { deriveSeed } from '../random/rng.ts';
import { regimeKey, type Regime } from '../regime/regime.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import { modeAccepts, modeArbitrary } from '../theorem/modes.ts';
import type { RegimeOrigin } from './results.ts';

export interface PlannedRegime {
  readonly regime: Regime;
  /** Position in the mode's sample (-1 for a regime given explicitly). */
  readonly index: number;
  /** fast-check replay path under the mode's seed. */
  readonly path?: string;
  /** Absent means 'sample' (index ≥ 0) or 'explicit'. */
  readonly origin?: RegimeOrigin;
}

export type Plan =
  | { readonly ok: true; readonly items: PlannedRegime[] }
  /** `error`: the theorem's own code (generator, hypothesis, thresholds) threw while planning. */
  | { readonly ok: false; readonly reason: string; readonly error?: boolean };

export interface PlanOptions {
  readonly runs: number;
  readonly seed: number;
  /** Replay exactly this fast-check path. */
  readonly path?: string;
  /** Evaluate exactly this regime. */
  readonly regime?: Regime;
  /**
   * Regimes to evaluate before the sample — stored failures from the failure
   * database, in the order given. Those outside the mode are left out, and
   * each regime runs once.
   */
  readonly replayFirst?: readonly Regime[];
  /** Keep only this shard's share of the sample (see the header). */
  readonly shard?: Shard;
}

/** Shard `index` of `count` (0 ≤ index < count). */
export interface Shard {
  readonly index: number;
  readonly count: number;
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

/** First chunk of candidates drawn; each next chunk doubles. */
const FIRST_CHUNK = 256;

/**
 * The mode's candidates in sample order, each with its index, drawn lazily:
 * exactly the values fc.sample (and fc.check) would generate for the seed.
 */
export function* sampleCandidates(theorem: Theorem, mode: Mode, seed: number, max: number): Generator<{ regime: Regime; index: number }> {
  const arbitrary = modeArbitrary(theorem, mode);
  const fcSeed = modeSeed(seed, theorem, mode);
  let start = 0;
  for (let chunk = FIRST_CHUNK; start < max; chunk *= 2) {
    const numRuns = Math.min(chunk, max - start);
    const values = fc.sample(arbitrary, start === 0 ? { seed: fcSeed, numRuns } : { seed: fcSeed, numRuns, path: String(start) });
    for (let i = 0; i < values.length; i++) yield { regime: values[i], index: start + i };
    start += numRuns;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function planMode(theorem: Theorem, mode: Mode, o: PlanOptions): Plan {
  if (o.regime !== undefined) return { ok: true, items: [{ regime: o.regime, index: -1, origin: 'explicit' }] };
  if (mode === 'near' && theorem.regimes?.near === undefined) {
    return { ok: false, reason: 'the theorem declares no near-threshold regime generator' };
  }
  // The theorem's generator, hypothesis and thresholds are user code: if one throws, the mode is in error, not the run.
  try {
    if (o.path !== undefined) {
      const index = Number(o.path.split(':')[0]);
      return { ok: true, items: [{ regime: regimeAtPath(theorem, mode, o.seed, o.path), index, path: o.path, origin: 'sample' }] };
    }
    const draws = o.runs * DRAWS_PER_RUN;
    const sampled: PlannedRegime[] = [];
    let accepted = 0;
    // Evaluation is deterministic per regime: a repeated draw (small discrete generators such as a
    // refutation fixture's named regimes) would only repeat a verdict, so it is skipped — before the
    // shard split, so every shard skips the same draws.
    const seen = new Set<string>();
    for (const { regime, index } of sampleCandidates(theorem, mode, o.seed, draws)) {
      if (accepted === o.runs) break;
      if (!modeAccepts(theorem, mode, regime)) continue;
      const key = regimeKey(regime);
      if (seen.has(key)) continue;
      seen.add(key);
      if (o.shard === undefined || accepted % o.shard.count === o.shard.index) sampled.push({ regime, index, path: String(index), origin: 'sample' });
      accepted++;
    }
    if (accepted === 0) return { ok: false, reason: `no regime in ${draws} draws falls in mode "${mode}"` };
    return { ok: true, items: [...storedFirst(theorem, mode, o.replayFirst ?? []), ...sampled] };
  } catch (e) {
    return { ok: false, error: true, reason: `the theorem's code threw while sampling ${mode} regimes: ${errorText(e)}` };
  }
}

function storedFirst(theorem: Theorem, mode: Mode, regimes: readonly Regime[]): PlannedRegime[] {
  const seen = new Set<string>();
  const items: PlannedRegime[] = [];
  for (const regime of regimes) {
    const key = regimeKey(regime);
    if (seen.has(key) || !modeAccepts(theorem, mode, regime)) continue;
    seen.add(key);
    items.push({ regime, index: -1, origin: 'database' });
  }
  return items;
}
