// Folding regime outcomes into a clause verdict: every count, the first violation,
// reason and undecided case, the worst margin, the margin histogram's bin edges,
// and the precedence of the verdicts.
import { describe, expect, it } from 'vitest';
import { addOutcome, clauseStatus, emptyAggregate, MARGIN_BIN_COUNT, MARGIN_BINS, marginBin } from '../../../src/verify/aggregate.ts';
import type { ClauseOutcome, RegimeRecord } from '../../../src/verify/results.ts';
import { CODE_ERROR_PREFIX } from '../../../src/theorem/code-error.ts';
import { clauseOutcome } from '../../../src/report/coverage.ts';

const record = (index: number, hypothesisHolds = true): RegimeRecord =>
  ({ index, hypothesisHolds, regime: { K: index }, path: `p${index}` }) as unknown as RegimeRecord;
const outcome = (status: ClauseOutcome['status'], more: Partial<ClauseOutcome> = {}): ClauseOutcome => ({ clause: 'c', kind: 'equality', status, ...more });

describe('marginBin', () => {
  it('puts margins by decade from 1e-12 to 1e12, with 0, NaN and tiny margins first and huge ones last', () => {
    expect(MARGIN_BINS).toEqual({ from: -12, to: 12 });
    expect(MARGIN_BIN_COUNT).toBe(26);
    expect(marginBin(0)).toBe(0);
    expect(marginBin(Number.NaN)).toBe(0);
    expect(marginBin(-1)).toBe(0);
    expect(marginBin(9.9e-13)).toBe(0);
    expect(marginBin(1e-12)).toBe(1);
    expect(marginBin(0.5)).toBe(12);
    expect(marginBin(1)).toBe(13);
    expect(marginBin(9.99)).toBe(13);
    expect(marginBin(10)).toBe(14);
    expect(marginBin(9.9e11)).toBe(24);
    expect(marginBin(1e12)).toBe(25);
    expect(marginBin(Infinity)).toBe(25);
  });
});

describe('addOutcome and clauseStatus', () => {
  it('start empty: not run, nothing counted, every bin 0', () => {
    const agg = emptyAggregate('c', 'bound');
    expect(agg).toEqual({
      clause: 'c',
      kind: 'bound',
      counts: { pass: 0, violated: 0, inconclusive: 0, notApplicable: 0, error: 0, uncertified: 0 },
      violatedOnlyOutsideHypothesis: true,
      marginBins: new Array(26).fill(0),
    });
    expect(clauseStatus(agg)).toBe('not-run');
  });

  it('count each status, uncertified passes, and bin every margin given', () => {
    const agg = emptyAggregate('c', 'equality');
    addOutcome(agg, outcome('pass', { margin: 0.5, certified: false }), record(0));
    addOutcome(agg, outcome('pass', { margin: 0.5, certified: true }), record(1));
    addOutcome(agg, outcome('pass'), record(2));
    addOutcome(agg, outcome('not-applicable', { reason: 'no' }), record(3));
    addOutcome(agg, outcome('inconclusive', { reason: 'undecided', margin: 2 }), record(4));
    addOutcome(agg, outcome('error', { reason: 'threw' }), record(5));
    expect(agg.counts).toEqual({ pass: 3, violated: 0, inconclusive: 1, notApplicable: 1, error: 1, uncertified: 1 });
    expect(agg.marginBins[12]).toBe(2);
    expect(agg.marginBins[13]).toBe(1);
    expect(agg.marginBins.reduce((a, b) => a + b, 0)).toBe(3);
    // The first reason is the first outcome that is neither a pass nor not-applicable.
    expect(agg.firstReason).toBe('undecided');
    // The first undecided regime, with everything the failure database keeps.
    expect(agg.firstUndecided).toEqual({ regime: { K: 4 }, index: 4, path: 'p4', status: 'inconclusive', margin: 2, reason: 'undecided' });
    expect(agg.firstViolation).toBeUndefined();
    expect(agg.violatedOnlyOutsideHypothesis).toBe(true);
  });

  it('count as uncertified only passes: an undecided or violated outcome without a certificate is not an uncertified pass', () => {
    const agg = emptyAggregate('c', 'equality');
    addOutcome(agg, outcome('inconclusive', { certified: false, reason: 'no certificate' }), record(0));
    addOutcome(agg, outcome('violated', { certified: false, margin: 2 }), record(1));
    expect(agg.counts).toMatchObject({ pass: 0, inconclusive: 1, violated: 1, uncertified: 0 });
  });

  it('take no reason from a not-applicable outcome, even the first', () => {
    const agg = emptyAggregate('c', 'equality');
    addOutcome(agg, outcome('not-applicable', { reason: 'outside the when' }), record(0));
    expect(agg.firstReason).toBeUndefined();
    addOutcome(agg, outcome('violated', { reason: 'below', margin: 2 }), record(1));
    expect(agg.firstReason).toBe('below');
  });

  it('keep the first violation and the strictly worst margin with its witness', () => {
    const agg = emptyAggregate('c', 'equality');
    addOutcome(agg, outcome('pass', { margin: 0.5, witness: 'a' }), record(0));
    addOutcome(agg, outcome('violated', { margin: 3, witness: 'b', reason: 'first' }), record(1, false));
    expect(agg.violatedOnlyOutsideHypothesis).toBe(true);
    addOutcome(agg, outcome('violated', { margin: 3, witness: 'c', reason: 'second' }), record(2, true));
    addOutcome(agg, outcome('violated', { margin: 2, witness: 'd' }), record(3, false));
    expect(agg.firstViolation).toBe(1);
    expect(agg.firstReason).toBe('first');
    expect(agg.violatedOnlyOutsideHypothesis).toBe(false);
    expect(agg.worst).toEqual({ margin: 3, index: 1, regime: { K: 1 }, witness: 'b' });
    expect(agg.firstUndecided).toBeUndefined();
    addOutcome(agg, outcome('error', { reason: 'e' }), record(4));
    expect(agg.firstUndecided).toMatchObject({ index: 4, status: 'error' });
    addOutcome(agg, outcome('inconclusive'), record(5));
    expect(agg.firstUndecided?.index).toBe(4);
  });

  it('decide in order: violated (inside the hypothesis), error, vacuous, inconclusive, verified', () => {
    const status = (...statuses: ClauseOutcome['status'][]) => {
      const agg = emptyAggregate('c', 'equality');
      statuses.forEach((s, i) => addOutcome(agg, outcome(s), record(i)));
      return clauseStatus(agg);
    };
    expect(status('pass', 'error', 'violated', 'inconclusive')).toBe('violated');
    expect(status('pass', 'error', 'inconclusive')).toBe('error');
    expect(status('not-applicable', 'error')).toBe('error');
    expect(status('not-applicable', 'not-applicable')).toBe('vacuous');
    expect(status('not-applicable', 'inconclusive')).toBe('inconclusive');
    expect(status('pass', 'inconclusive')).toBe('inconclusive');
    expect(status('pass', 'not-applicable')).toBe('verified');
    expect(status('violated')).toBe('violated');
    expect(status('pass', 'violated')).toBe('violated');
    expect(status('error')).toBe('error');
    expect(status('inconclusive')).toBe('inconclusive');
    expect(status('pass')).toBe('verified');
  });

  it('an error is not hidden by violations outside the hypothesis (reported as outside), only by violations inside it', () => {
    const agg = (violatedInside: boolean) => {
      const a = emptyAggregate('c', 'equality');
      addOutcome(a, outcome('violated', { margin: 3, reason: 'p0: deviation 3e-1 exceeds the allowance 1e-1' }), record(0, violatedInside));
      addOutcome(a, outcome('error', { reason: 'the predicted value is not finite' }), record(1, true));
      addOutcome(a, outcome('pass', { margin: 0.1 }), record(2, true));
      return a;
    };
    expect(clauseStatus(agg(false))).toBe('error');
    expect(agg(false).firstError).toBe('the predicted value is not finite');
    // The report's note is that error, not the violation that came first.
    expect(clauseOutcome(agg(false), true)).toMatchObject({ status: 'error', outsideHypothesis: false, note: 'the predicted value is not finite' });
    expect(clauseStatus(agg(true))).toBe('violated');
    const outsideOnly = emptyAggregate('c', 'equality');
    addOutcome(outsideOnly, outcome('violated', { margin: 3 }), record(0, false));
    addOutcome(outsideOnly, outcome('pass', { margin: 0.1 }), record(1, true));
    expect(clauseStatus(outsideOnly)).toBe('violated');
    expect(outsideOnly.violatedOnlyOutsideHypothesis).toBe(true);
  });

  it('take no first reason from a pass, even one with a reason (an uncertified pass says what it was compared with)', () => {
    const agg = emptyAggregate('c', 'equality');
    addOutcome(agg, outcome('pass', { reason: 'compared with the prediction: no certificate', certified: false }), record(0));
    addOutcome(agg, outcome('pass', { certified: false }), record(1));
    addOutcome(agg, outcome('pass', { certified: true }), record(2));
    expect(agg.firstReason).toBeUndefined();
    expect(agg.counts.uncertified).toBe(2);
    addOutcome(agg, outcome('inconclusive', { reason: 'later' }), record(3));
    expect(agg.firstReason).toBe('later');
  });

  it('keep no worst case from an outcome without a margin', () => {
    const agg = emptyAggregate('c', 'equality');
    addOutcome(agg, outcome('error', { reason: 'threw' }), record(0));
    expect(agg.worst).toBeUndefined();
    addOutcome(agg, outcome('pass', { margin: 0.5, witness: 'a' }), record(1));
    expect(agg.worst).toEqual({ margin: 0.5, index: 1, regime: { K: 1 }, witness: 'a' });
  });

  it('a mistake in the theorem code: the clause is in error whatever else happened, and its note is the first code error', () => {
    const code = (what: string) => `${CODE_ERROR_PREFIX}${what}`;
    const agg = emptyAggregate('c', 'equality');
    addOutcome(agg, outcome('error', { reason: 'a plain error' }), record(0));
    // A violation whose text happens to start like a code error is not one.
    addOutcome(agg, outcome('violated', { reason: code('not really'), margin: 2 }), record(1));
    expect(agg.codeError).toBeUndefined();
    expect(clauseStatus(agg)).toBe('violated');
    addOutcome(agg, outcome('error', { reason: code('reads p.gram') }), record(2));
    addOutcome(agg, outcome('error', { reason: code('reads p.other') }), record(3));
    expect(agg.codeError).toBe(code('reads p.gram'));
    expect(clauseOutcome(agg, true).note).toBe(code('reads p.gram'));
    expect(clauseStatus(agg)).toBe('error');
    // The prefix must open the reason.
    const trailing = emptyAggregate('c', 'equality');
    addOutcome(trailing, outcome('error', { reason: `wrapped: ${CODE_ERROR_PREFIX}` }), record(0));
    expect(trailing.codeError).toBeUndefined();
  });
});
