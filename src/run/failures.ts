// What a finished mode leaves in the failure database (see explore/failure-db.ts):
// every violated clause's counterexample and every undecided clause's first regime.
import { caseId as caseIdOf, type FailureDb, type ReplaySettings } from '../explore/failure-db.ts';
import type { Theorem } from '../theorem/define.ts';
import type { Counterexample, ModeResult } from '../verify/runner.ts';

/** Stores the mode's failures; `caseIds` receives the case id of each counterexample stored or replayed. */
export function storeFailures(db: FailureDb, theorem: Theorem, result: ModeResult, settings: ReplaySettings, caseIds: Map<Counterexample, string>): void {
  for (const agg of result.clauses) {
    const cx = result.counterexamples.find((c) => c.clause === agg.clause);
    if (cx !== undefined && cx.origin === 'database') {
      // Replayed from the database: already refreshed when its record came in.
      caseIds.set(cx, caseIdOf(theorem.id, agg.clause, cx.regime));
    } else if (cx !== undefined) {
      const outcome = cx.record.clauses.find((c) => c.clause === agg.clause);
      const id = db.record({
        theorem: theorem.id,
        clause: agg.clause,
        mode: result.mode,
        regime: cx.regime,
        hypothesisHolds: cx.hypothesisHolds,
        status: 'violated',
        margin: outcome?.margin,
        reason: outcome?.reason,
        settings,
      });
      if (id !== '') caseIds.set(cx, id);
    } else if (agg.firstUndecided !== undefined) {
      const u = agg.firstUndecided;
      db.record({
        theorem: theorem.id,
        clause: agg.clause,
        mode: result.mode,
        regime: u.regime,
        hypothesisHolds: theorem.hypothesis.check(u.regime) === true,
        status: u.status,
        margin: u.margin,
        reason: u.reason,
        settings,
      });
    }
  }
}
