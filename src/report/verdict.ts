// One answer for code that asks "did the theorems hold?" (the vitest matcher,
// scripts): every clause verified (or a known-false claim refuted), none
// violated inside its hypothesis, none in error, none inconclusive — an
// inconclusive clause is not a pass — and at least one verified.
import type { CoverageReport } from './schema.ts';

/** The clauses that keep a run from counting as verified, one line each (empty: it does). */
export function verdictProblems(report: CoverageReport): string[] {
  const problems: string[] = [];
  for (const t of report.theorems) {
    if (t.error !== undefined) problems.push(`${t.id}: could not run: ${t.error}`);
    for (const m of t.modes) {
      for (const c of m.clauses) {
        const refuted = c.status === 'violated' && c.expectedRefutation === true;
        const counts = (c.status === 'violated' && !c.outsideHypothesis && !refuted) || c.status === 'error' || c.status === 'inconclusive';
        if (counts) problems.push(`${t.id} ${m.mode} ${c.id}: ${c.status}${c.note === undefined ? '' : ` (${c.note})`}`);
      }
    }
  }
  if (problems.length === 0 && report.summary.passed === 0) problems.push('no clause was verified (nothing ran, or every clause was vacuous or not run)');
  return problems;
}
