// Shrinking a violation to a minimal regime with fast-check, starting from the
// violating regime's path. Each candidate is evaluated in full (training
// included); once the evaluation budget is spent, candidates are accepted as
// passing so that fast-check stops at the smallest violation found so far.
//
// A smaller regime replaces the current counterexample only if it stays on the
// same side of every threshold band and violates by at least
// min(ROBUST_MARGIN, original margin) tolerances: left alone, shrinking drifts
// toward degenerate regimes (c → 1, where every prediction tends to 0) whose
// violations sit at margin 1.0 and would not survive another machine's rounding.
import fc from 'fast-check';
import type { Backend } from '../backend/backend.ts';
import { getModel } from '../models/registry.ts';
import { regimeKey, type Regime } from '../regime/regime.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import type { TrainOptions } from '../train/train.ts';
import { modeAccepts, modeArbitrary, nearAnyThreshold } from '../theorem/modes.ts';
import { evaluateRegime, type Evaluation } from './evaluate.ts';
import { modeSeed } from './plan.ts';

export const ROBUST_MARGIN = 10;
export const DEFAULT_SHRINK_BUDGET = 40;

export interface ShrinkOutcome {
  readonly evaluation: Evaluation;
  readonly path: string;
  readonly steps: number;
}

export function shrinkViolation<T>(
  theorem: Theorem,
  mode: Mode,
  clause: string,
  start: Evaluation,
  ctx: { readonly backend: Backend<T>; readonly train: TrainOptions; readonly seed: number; readonly budget?: number },
  onStep?: (step: number) => void,
): ShrinkOutcome {
  const model = getModel(theorem.model);
  const budget = ctx.budget ?? DEFAULT_SHRINK_BUDGET;
  const cache = new Map<string, Evaluation>([[regimeKey(start.record.regime), start]]);
  let spent = 0;
  let steps = 0;
  const evaluate = (regime: Regime): Evaluation | undefined => {
    const key = regimeKey(regime);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    if (spent >= budget) return undefined;
    spent++;
    const e = evaluateRegime(theorem, model, regime, mode, start.record.index, ctx);
    cache.set(key, e);
    return e;
  };
  const startNear = nearAnyThreshold(theorem, start.record.regime);
  const required = Math.min(ROBUST_MARGIN, start.record.clauses.find((c) => c.clause === clause)?.margin ?? ROBUST_MARGIN);
  const property = fc.property(modeArbitrary(theorem, mode), (regime) => {
    let inBand: boolean;
    try {
      inBand = modeAccepts(theorem, mode, regime) && nearAnyThreshold(theorem, regime) === startNear;
    } catch {
      inBand = false; // the theorem's own code threw here: not a smaller counterexample to this clause
    }
    fc.pre(inBand);
    const e = evaluate(regime);
    if (e === undefined) return true;
    const outcome = e.record.clauses.find((c) => c.clause === clause);
    const violated = outcome?.status === 'violated' && (outcome.margin ?? Infinity) >= required;
    if (violated) onStep?.(++steps);
    return !violated;
  });
  const startPath = start.record.path ?? String(start.record.index);
  const details = fc.check(property, { seed: modeSeed(ctx.seed, theorem, mode), path: startPath, numRuns: 1 });
  if (!details.failed || details.counterexamplePath === null) return { evaluation: start, path: startPath, steps };
  const shrunk = cache.get(regimeKey(details.counterexample![0] as Regime)) ?? start;
  const path = details.counterexamplePath;
  return { evaluation: { ...shrunk, record: { ...shrunk.record, path } }, path, steps };
}
