// `explore`: where does a theorem's conclusion hold and where does it break?
// For each mode (inside, near, outside the hypothesis) it verifies a random
// sample — the coverage verdicts — and then runs a targeted search per clause
// for the regime that maximises the clause's margin, sharing evaluations
// between clauses. Searched regimes join the sampled ones as phase-diagram
// points (origin 'search'); the clause verdicts stay those of the random sample.
import type { Backend } from '../backend/backend.ts';
import type { Regime } from '../regime/regime.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import { createPointSketch, pointOf } from '../verify/points.ts';
import type { RegimeRecord } from '../verify/results.ts';
import { resolveTrainOptions, verifyTheoremMode, type ModeResult, type VerifyHooks, type VerifyOptions } from '../verify/runner.ts';
import { hillClimb, type SearchResult } from './search.ts';

export interface ExploreOptions extends Omit<VerifyOptions, 'modes'> {
  readonly modes: readonly Mode[];
  /** Regime evaluations per clause search (shared cache: repeated regimes are free). */
  readonly searchBudget: number;
  /** Clauses to search (default: every clause). */
  readonly clauses?: readonly string[];
}

export interface ExploredMode {
  readonly result: ModeResult;
  readonly searches: readonly SearchResult[];
}

export interface ExploreHooks extends VerifyHooks {
  onSearch?(theorem: Theorem, mode: Mode, clause: string, evaluations: number, budget: number): void;
}

export async function exploreTheorem<T>(theorem: Theorem, backend: Backend<T>, o: ExploreOptions, hooks: ExploreHooks = {}): Promise<ExploredMode[]> {
  const out: ExploredMode[] = [];
  const train = resolveTrainOptions(theorem, o);
  for (const mode of o.modes) {
    const result = await verifyTheoremMode(theorem, mode, backend, { ...o, modes: o.modes }, hooks);
    if (!result.ran) {
      out.push({ result, searches: [] });
      continue;
    }
    const cache = new Map<string, RegimeRecord>();
    const searched: RegimeRecord[] = [];
    const searches = theorem.clauses
      .filter((c) => o.clauses === undefined || o.clauses.includes(c.id))
      .map((c) =>
        hillClimb(theorem, mode, c.id, backend, {
          budget: o.searchBudget,
          seed: o.seed,
          train,
          cache,
          onEvaluation(record, n) {
            searched.push(record);
            hooks.onSearch?.(theorem, mode, c.id, n, o.searchBudget);
          },
        }),
      );
    const sketch = createPointSketch();
    for (const p of result.points) sketch.add(p);
    for (const r of searched) sketch.add(pointOf(r));
    out.push({ result: { ...result, points: sketch.points(), pointsOmitted: result.pointsOmitted + sketch.omitted }, searches });
  }
  return out;
}

/** A regime's replay command for one mode (search results have no fast-check path), started with `launcher` (src/run/meta.ts launcher()). */
export function regimeReplay(launcher: string, theorem: string, mode: Mode, seed: number, regime: Regime): string {
  return `${launcher} verify ${theorem} --mode ${mode} --seed ${seed} --regime '${JSON.stringify(regime)}'`;
}
