// Targeted search for counterexample regimes: deterministic hill climbing in
// regime space that maximises one clause's margin (error / allowance), next to
// the random-sampling baseline it is measured against (bench/search.ts).
//
// Both start from the mode's own fast-check sample under the run seed — the
// i-th regime random sampling would evaluate — so with the same seed and
// budget they differ only in where they go next: the climber scouts the first
// few sampled regimes (a fifth of its budget, at most 5) exactly as random
// sampling does, then climbs from the
// best regime seen (and from later samples at local maxima). It moves one
// parameter at a time: integers ±1 (K, d, n…), positive reals by ×10^±step
// (log-λ), within each parameter's valid range and sampling box, keeping only
// regimes the mode accepts, λ moves tried before integer ones. It takes the first neighbour that scores higher
// (trying the last successful move first, with a doubled step when it was a λ
// move that succeeded twice running), halves the λ step when no neighbour
// improves, and restarts from the next sampled regime when the step is spent.
// The objective orders outcomes by log10(margin): a violation (margin > 1)
// beats any pass, and among passes the one closest to its tolerance wins —
// the ordering that leads somewhere while nothing violates yet. Budget counts
// regime evaluations (each trains every restart); repeated regimes are free.
import fc from 'fast-check';
import type { Backend } from '../backend/backend.ts';
import { getModel } from '../models/registry.ts';
import { createRng, deriveSeed, type Rng } from '../random/rng.ts';
import { validateRegime } from '../regime/parameters.ts';
import { regimeKey, type Regime } from '../regime/regime.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import type { TrainOptions } from '../train/train.ts';
import { evaluateRegime } from '../verify/evaluate.ts';
import { DRAWS_PER_RUN, modeSeed } from '../verify/plan.ts';
import type { ClauseOutcome, RegimeRecord } from '../verify/results.ts';
import { modeAccepts, modeArbitrary } from '../theorem/modes.ts';

export interface SearchOptions {
  /** Regime evaluations allowed. */
  readonly budget: number;
  readonly seed: number;
  readonly train: TrainOptions;
  /** Stop at the first violation (the benchmark's question) instead of spending the budget on the worst regime. */
  readonly stopAtViolation?: boolean;
  /** Initial step for log-scaled parameters, in decades. */
  readonly step?: number;
  /** Evaluations shared between searches of several clauses of one theorem and mode. */
  readonly cache?: Map<string, RegimeRecord>;
  onEvaluation?(record: RegimeRecord, n: number): void;
}

export interface SearchStep {
  /** 1-based count of evaluations spent when this regime was scored. */
  readonly n: number;
  readonly regime: Regime;
  readonly status: ClauseOutcome['status'] | 'absent';
  readonly margin?: number;
}

export interface SearchResult {
  readonly clause: string;
  readonly mode: Mode;
  readonly strategy: 'random' | 'hill-climb';
  readonly budget: number;
  readonly evaluations: number;
  /** Evaluations spent when the clause was first violated (regimes evaluated before, e.g. by a search sharing the cache, cost nothing). */
  readonly firstViolationAt?: number;
  /** 1-based position, among the regimes this search scored, of the first violation. */
  readonly firstViolationVisit?: number;
  readonly best?: { readonly record: RegimeRecord; readonly outcome: ClauseOutcome };
  readonly history: readonly SearchStep[];
}

export const DEFAULT_STEP = 0.5;
const MIN_STEP = 1 / 16;
const MAX_STEP = 2;
/** The climb starts from the best of the first min(MAX_SCOUT, budget/SCOUT_FRACTION) sampled regimes. */
const SCOUT_FRACTION = 5;
const MAX_SCOUT = 5;

const isReal = (theorem: Theorem, key: string): boolean => theorem.parameters[key]?.kind === 'real';

/** Higher is worse for the clause: log10 of its margin; a violation without a finite margin ranks highest. */
export function score(outcome: ClauseOutcome | undefined): number {
  if (outcome === undefined || outcome.status === 'not-applicable') return -Infinity;
  if (outcome.margin !== undefined && !Number.isNaN(outcome.margin)) return Math.log10(Math.max(outcome.margin, 1e-300));
  return outcome.status === 'violated' ? Infinity : -300;
}

/** The mode's sampled regimes, in the order random sampling evaluates them. */
export function sampledRegimes(theorem: Theorem, mode: Mode, seed: number, count: number): Regime[] {
  const candidates = fc.sample(modeArbitrary(theorem, mode), { seed: modeSeed(seed, theorem, mode), numRuns: count * DRAWS_PER_RUN });
  return candidates.filter((r) => modeAccepts(theorem, mode, r)).slice(0, count);
}

interface Move {
  readonly key: string;
  readonly direction: 1 | -1;
}

/** Regimes one move away: each integer ±1, each log-scaled real ×10^±step, each other real ±step of its range. */
export function neighbours(theorem: Theorem, mode: Mode, regime: Regime, step: number): { move: Move; regime: Regime }[] {
  const out: { move: Move; regime: Regime }[] = [];
  for (const [key, spec] of Object.entries(theorem.parameters)) {
    const value = regime[key];
    if (typeof value !== 'number' || (spec.kind !== 'integer' && spec.kind !== 'real')) continue;
    for (const direction of [1, -1] as const) {
      let next: number;
      if (spec.kind === 'integer') {
        const hi = spec.max ?? Math.max(spec.sample[1], value);
        next = value + direction;
        if (next < spec.min || next > hi) continue;
      } else {
        const [lo, hi] = spec.sample;
        next = spec.log ? value * 10 ** (direction * step) : value + direction * step * (hi - lo);
        next = Math.min(Math.max(next, Math.min(lo, value)), Math.max(hi, value));
        if (next === value) continue;
      }
      const candidate = { ...regime, [key]: next };
      try {
        const valid = validateRegime(theorem.parameters, candidate, `theorem ${theorem.id}`) as Regime;
        getModel(theorem.model).checkRegime(valid);
        if (modeAccepts(theorem, mode, valid)) out.push({ move: { key, direction }, regime: valid });
      } catch {
        // outside the valid range: not a neighbour
      }
    }
  }
  return out;
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function evaluator<T>(theorem: Theorem, mode: Mode, clause: string, backend: Backend<T>, o: SearchOptions, origin: 'sample' | 'search') {
  const model = getModel(theorem.model);
  const cache = o.cache ?? new Map<string, RegimeRecord>();
  const history: SearchStep[] = [];
  let spent = 0;
  let firstViolationAt: number | undefined;
  let firstViolationVisit: number | undefined;
  let best: SearchResult['best'];
  return {
    get spent() {
      return spent;
    },
    history,
    get firstViolationAt() {
      return firstViolationAt;
    },
    get firstViolationVisit() {
      return firstViolationVisit;
    },
    get best() {
      return best;
    },
    /** Scores a regime, spending one evaluation unless it was seen before; undefined when the budget is spent. */
    evaluate(regime: Regime): number | undefined {
      const key = regimeKey(regime);
      let record = cache.get(key);
      if (record === undefined) {
        if (spent >= o.budget) return undefined;
        spent++;
        record = evaluateRegime(theorem, model, regime, mode, -1, { backend, train: o.train }, undefined, origin).record;
        cache.set(key, record);
        o.onEvaluation?.(record, spent);
      }
      const outcome = record.clauses.find((c) => c.clause === clause);
      history.push({ n: spent, regime, status: outcome?.status ?? 'absent', margin: outcome?.margin });
      if (outcome?.status === 'violated' && firstViolationAt === undefined) {
        firstViolationAt = spent;
        firstViolationVisit = history.length;
      }
      if (outcome !== undefined && (best === undefined || score(outcome) > score(best.outcome))) best = { record, outcome };
      return score(outcome);
    },
  };
}

/** The baseline: the mode's random sample, in order, until the budget is spent. */
export function randomSearch<T>(theorem: Theorem, mode: Mode, clause: string, backend: Backend<T>, o: SearchOptions): SearchResult {
  const e = evaluator(theorem, mode, clause, backend, o, 'sample');
  for (const regime of sampledRegimes(theorem, mode, o.seed, o.budget)) {
    if (e.evaluate(regime) === undefined) break;
    if (o.stopAtViolation === true && e.firstViolationAt !== undefined) break;
  }
  return { clause, mode, strategy: 'random', budget: o.budget, evaluations: e.spent, firstViolationAt: e.firstViolationAt, firstViolationVisit: e.firstViolationVisit, best: e.best, history: e.history };
}

export function hillClimb<T>(theorem: Theorem, mode: Mode, clause: string, backend: Backend<T>, o: SearchOptions): SearchResult {
  const e = evaluator(theorem, mode, clause, backend, o, 'search');
  const rng = createRng(deriveSeed(o.seed, theorem.id, mode, clause, 'hill-climb'));
  const starts = sampledRegimes(theorem, mode, o.seed, o.budget);
  const done = () => e.spent >= o.budget || (o.stopAtViolation === true && e.firstViolationAt !== undefined);
  // Climb from the best of the first few sampled regimes, then from later samples.
  const scout = Math.max(1, Math.min(MAX_SCOUT, Math.floor(o.budget / SCOUT_FRACTION)));
  let bestStart: { regime: Regime; score: number } | undefined;
  for (const regime of starts.slice(0, scout)) {
    const s = e.evaluate(regime);
    if (s === undefined || done()) break;
    if (bestStart === undefined || s > bestStart.score) bestStart = { regime, score: s };
  }
  const climbs = bestStart === undefined ? [] : [bestStart.regime, ...starts.slice(scout)];
  for (const start of climbs) {
    if (done()) break;
    let current = start;
    let currentScore = e.evaluate(current);
    if (currentScore === undefined) break;
    let step = o.step ?? DEFAULT_STEP;
    let lastMove: Move | undefined;
    while (!done()) {
      // Continuous moves (λ's) first: they change the regime smoothly, where the margin carries a
      // signal; integer moves (K, d, n) change the problem's size and mostly its numerical noise.
      const all = shuffle(neighbours(theorem, mode, current, step), rng);
      const candidates = [...all.filter((c) => isReal(theorem, c.move.key)), ...all.filter((c) => !isReal(theorem, c.move.key))];
      // Pattern search: try the move that last improved first.
      const again = candidates.findIndex((c) => lastMove !== undefined && c.move.key === lastMove.key && c.move.direction === lastMove.direction);
      if (again > 0) candidates.unshift(...candidates.splice(again, 1));
      let moved = false;
      for (const c of candidates) {
        const s = e.evaluate(c.regime);
        if (s === undefined) break;
        if (s > currentScore) {
          current = c.regime;
          currentScore = s;
          // Pattern search: a successful λ move is tried again next, with a doubled step.
          if (lastMove !== undefined && c.move.key === lastMove.key && c.move.direction === lastMove.direction && isReal(theorem, c.move.key)) {
            step = Math.min(MAX_STEP, step * 2);
          }
          lastMove = c.move;
          moved = true;
          break;
        }
        if (done()) break;
      }
      if (moved) continue;
      if (step <= MIN_STEP) break; // a local maximum: restart from the next sampled regime
      step /= 2;
      lastMove = undefined;
    }
    if (done()) break;
  }
  return { clause, mode, strategy: 'hill-climb', budget: o.budget, evaluations: e.spent, firstViolationAt: e.firstViolationAt, firstViolationVisit: e.firstViolationVisit, best: e.best, history: e.history };
}
