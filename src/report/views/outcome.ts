// How a (theorem, mode, clause) entry counts for CI tools and coverage tools,
// decided in one place so that JUnit, Markdown, lcov and the summary line agree
// with `verify`'s exit code: only a violation inside the hypothesis, or a
// clause whose code failed, is a failure. A known-false claim refuted as
// expected passes (the summary counts it among the passes, and so must CI).
import { statusLabel } from '../terminal.ts';
import type { ClauseEntry, ModeEntry } from '../schema.ts';

export type CiOutcome = 'passed' | 'failed' | 'error' | 'skipped';

export function ciOutcome(c: ClauseEntry): CiOutcome {
  switch (c.status) {
    case 'verified':
      return 'passed';
    case 'violated':
      if (c.expectedRefutation === true) return 'passed';
      return c.outsideHypothesis ? 'skipped' : 'failed';
    case 'error':
      return 'error';
    default:
      return 'skipped';
  }
}

/** Why a skipped entry was skipped, in words. */
export function skipReason(c: ClauseEntry, mode: ModeEntry): string {
  switch (c.status) {
    case 'violated':
      return 'violated only outside the hypothesis: evidence that the hypothesis is needed, not a failure';
    case 'inconclusive':
      return `inconclusive (never counted as verified): ${c.note ?? 'some regime could not be decided'}`;
    case 'vacuous':
      return `vacuous: the clause never applied${c.note === undefined ? '' : ` (${c.note})`}`;
    case 'not-run':
      return `not run: ${mode.notRunReason ?? 'no regimes'}`;
    default:
      return statusLabel(c, mode.mode);
  }
}

/** Regimes on which the clause was decided or attempted (not-applicable excluded). */
export function applicable(c: ClauseEntry): number {
  return c.counts.pass + c.counts.violated + c.counts.inconclusive + c.counts.error;
}

/** What "covered" means in the coverage views (lcov, json-summary, and their headers). */
export const COVERAGE_SEMANTICS =
  'theorem coverage: a line is one clause of a theorem in one mode (inside / near / outside the hypothesis); ' +
  'it is hit when the clause was verified on every regime where it applied (hit count = regimes passed), ' +
  'and missed when violated, inconclusive, vacuous, not run or in error. Branches are regimes: one per regime ' +
  'where the clause applied, taken when it passed there (scaled to at most 1000 per clause, ratio kept). ' +
  'Functions are theorem modes, hit when the mode ran.';

/**
 * A clause entry's category for overviews, most serious first: the order the
 * HTML overview sorts theorems by (problems first) and colours cells with.
 */
export const CATEGORIES = ['violated', 'error', 'inconclusive', 'vacuous', 'not-run', 'outside', 'refuted', 'verified'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABEL: Record<Category, string> = {
  violated: 'violated',
  error: 'error',
  inconclusive: 'inconclusive',
  vacuous: 'vacuous',
  'not-run': 'not run',
  outside: 'violated only outside the hypothesis',
  refuted: 'refuted as expected',
  verified: 'verified',
};

export function category(c: ClauseEntry): Category {
  switch (c.status) {
    case 'verified':
      return 'verified';
    case 'violated':
      return c.expectedRefutation === true ? 'refuted' : c.outsideHypothesis ? 'outside' : 'violated';
    default:
      return c.status;
  }
}

/** Entries per category, in CATEGORIES order. */
export function categoryCounts(clauses: readonly ClauseEntry[]): Map<Category, number> {
  const counts = new Map<Category, number>();
  for (const k of CATEGORIES) {
    const n = clauses.filter((c) => category(c) === k).length;
    if (n > 0) counts.set(k, n);
  }
  return counts;
}

/** Categories that are problems: a theorem or cell with one of them is listed and coloured by it. */
export const PROBLEMS: readonly Category[] = ['violated', 'error', 'inconclusive'];

/**
 * The headline category of these entries: the most serious problem if any;
 * else verified when something passed (refuted as expected included) — a vacuous clause or a violation outside
 * the hypothesis next to passes is no problem; else the first category present.
 */
export function worstCategory(clauses: readonly ClauseEntry[]): Category {
  const present = (k: Category) => clauses.some((c) => category(c) === k);
  const problem = PROBLEMS.find(present);
  if (problem !== undefined) return problem;
  if (present('verified') || present('refuted')) return present('verified') ? 'verified' : 'refuted';
  return CATEGORIES.find(present) ?? 'not-run';
}
