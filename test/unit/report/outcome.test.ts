// How an entry counts for CI and coverage tools (src/report/views/outcome.ts), entry by entry
// against the rules its header states: only a violation inside the hypothesis or a clause in
// error fails; a known-false claim refuted as expected passes; everything else is skipped,
// with the reason in words. And the overview categories, most serious first.
import { describe, expect, it } from 'vitest';
import type { ClauseEntry, ModeEntry } from '../../../src/report/schema.ts';
import { MAX_BRANCHES_PER_LINE } from '../../../src/report/views/lcov.ts';
import { applicable, category, categoryCounts, ciOutcome, COVERAGE_SEMANTICS, skipReason, worstCategory } from '../../../src/report/views/outcome.ts';

const counts = { pass: 3, violated: 2, inconclusive: 5, notApplicable: 7, error: 11, uncertified: 0 };
const entry = (status: ClauseEntry['status'], more: Partial<ClauseEntry> = {}): ClauseEntry =>
  ({ id: 'c', kind: 'equality', statement: 's', provenance: { kind: 'derived' }, status, outsideHypothesis: false, counts, ...more }) as ClauseEntry;
const mode = (more: Partial<ModeEntry> = {}): ModeEntry => ({ mode: 'inside', ...more }) as ModeEntry;

describe('ciOutcome', () => {
  it('fails only a violation inside the hypothesis; errors an error; passes verified and refuted-as-expected; skips the rest', () => {
    expect(ciOutcome(entry('verified'))).toBe('passed');
    expect(ciOutcome(entry('violated'))).toBe('failed');
    expect(ciOutcome(entry('violated', { outsideHypothesis: true }))).toBe('skipped');
    expect(ciOutcome(entry('violated', { expectedRefutation: true }))).toBe('passed');
    expect(ciOutcome(entry('violated', { expectedRefutation: true, outsideHypothesis: true }))).toBe('passed');
    expect(ciOutcome(entry('violated', { expectedRefutation: false }))).toBe('failed');
    expect(ciOutcome(entry('error'))).toBe('error');
    for (const s of ['inconclusive', 'vacuous', 'not-run'] as const) expect(ciOutcome(entry(s))).toBe('skipped');
  });
});

describe('skipReason', () => {
  it('says why, per status, with the note or the mode’s reason when there is one', () => {
    expect(skipReason(entry('violated', { outsideHypothesis: true }), mode())).toBe(
      'violated only outside the hypothesis: evidence that the hypothesis is needed, not a failure',
    );
    expect(skipReason(entry('inconclusive', { note: '2 of 5 undecided' }), mode())).toBe('inconclusive (never counted as verified): 2 of 5 undecided');
    expect(skipReason(entry('inconclusive'), mode())).toBe('inconclusive (never counted as verified): some regime could not be decided');
    expect(skipReason(entry('vacuous', { note: 'when() was false' }), mode())).toBe('vacuous: the clause never applied (when() was false)');
    expect(skipReason(entry('vacuous'), mode())).toBe('vacuous: the clause never applied');
    expect(skipReason(entry('not-run'), mode({ notRunReason: 'no threshold' }))).toBe('not run: no threshold');
    expect(skipReason(entry('not-run'), mode())).toBe('not run: no regimes');
    // Any other status reads as its label.
    expect(skipReason(entry('verified'), mode())).toBe('verified');
  });
});

describe('applicable', () => {
  it('counts the regimes where the clause was decided or attempted, not-applicable ones excluded', () => {
    expect(applicable(entry('verified'))).toBe(3 + 2 + 5 + 11);
  });
});

describe('COVERAGE_SEMANTICS', () => {
  it('states what a line, a hit, a branch and a function are, with the branch cap the lcov view uses', () => {
    expect(COVERAGE_SEMANTICS).toContain('a line is one clause of a theorem in one mode (inside / near / outside the hypothesis)');
    expect(COVERAGE_SEMANTICS).toContain('it is hit when the clause was verified on every regime where it applied (hit count = regimes passed)');
    expect(COVERAGE_SEMANTICS).toContain('missed when violated, inconclusive, vacuous, not run or in error');
    expect(COVERAGE_SEMANTICS).toContain('Branches are regimes');
    expect(COVERAGE_SEMANTICS).toContain(`scaled to at most ${MAX_BRANCHES_PER_LINE} per clause`);
    expect(COVERAGE_SEMANTICS).toContain('Functions are theorem modes, hit when the mode ran.');
  });
});

describe('categories', () => {
  it('put each entry in one category', () => {
    expect(category(entry('verified'))).toBe('verified');
    expect(category(entry('violated'))).toBe('violated');
    expect(category(entry('violated', { outsideHypothesis: true }))).toBe('outside');
    expect(category(entry('violated', { expectedRefutation: true, outsideHypothesis: true }))).toBe('refuted');
    for (const s of ['error', 'inconclusive', 'vacuous', 'not-run'] as const) expect(category(entry(s))).toBe(s);
  });

  it('count entries per category, most serious first, leaving out empty ones', () => {
    const c = categoryCounts([entry('verified'), entry('inconclusive'), entry('verified'), entry('violated', { outsideHypothesis: true }), entry('error')]);
    expect([...c.entries()]).toEqual([
      ['error', 1],
      ['inconclusive', 1],
      ['outside', 1],
      ['verified', 2],
    ]);
  });

  it('headline: the most serious problem; else verified (or refuted) when something passed; else the first present', () => {
    expect(worstCategory([entry('verified'), entry('inconclusive'), entry('error')])).toBe('error');
    expect(worstCategory([entry('inconclusive'), entry('violated')])).toBe('violated');
    expect(worstCategory([entry('verified'), entry('inconclusive')])).toBe('inconclusive');
    expect(worstCategory([entry('vacuous'), entry('verified'), entry('violated', { outsideHypothesis: true })])).toBe('verified');
    expect(worstCategory([entry('vacuous'), entry('violated', { expectedRefutation: true })])).toBe('refuted');
    expect(worstCategory([entry('violated', { expectedRefutation: true }), entry('verified')])).toBe('verified');
    expect(worstCategory([entry('violated', { outsideHypothesis: true }), entry('vacuous')])).toBe('vacuous');
    expect(worstCategory([entry('not-run'), entry('violated', { outsideHypothesis: true })])).toBe('not-run');
    expect(worstCategory([])).toBe('not-run');
  });
});
