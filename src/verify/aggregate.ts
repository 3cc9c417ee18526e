// Folding regime verdicts into a clause's coverage verdict, one record at a
// time (runs of any length stay in bounded memory).
//
//   violated      some regime violated it;
//   error         the clause's own code threw on some regime;
//   vacuous       it never applied (every regime was outside its `when`);
//   inconclusive  no violation, but some regime could not be decided
//                 (an optimizer outcome or an undefined measurement);
//   verified      it passed on every regime where it applied.
//
// Inconclusive is never folded into verified: one undecided regime keeps the
// clause inconclusive, with the counts shown.
import { CODE_ERROR_PREFIX } from '../theorem/code-error.ts';
import type { ClauseKind } from '../theorem/clause.ts';
import type { ClauseOutcome, RegimeClauseStatus, RegimeRecord } from './results.ts';

export type ClauseStatus = 'verified' | 'violated' | 'inconclusive' | 'vacuous' | 'not-run' | 'error';

export interface ClauseCounts {
  pass: number;
  violated: number;
  inconclusive: number;
  notApplicable: number;
  error: number;
  /** Passes not backed by a certificate of the global minimum. */
  uncertified: number;
}

export interface WorstCase {
  readonly margin: number;
  readonly index: number;
  readonly regime: RegimeRecord['regime'];
  readonly witness?: string;
}

/**
 * Margins binned by decade, so histograms stay exact, bounded and mergeable
 * (shards add their counts): bin 0 holds margins below 10^MARGIN_BINS.from
 * (0 included), bin i holds [10^(from+i-1), 10^(from+i)), the last bin
 * everything from 10^MARGIN_BINS.to up (∞ included).
 */
export const MARGIN_BINS = { from: -12, to: 12 } as const;
export const MARGIN_BIN_COUNT = MARGIN_BINS.to - MARGIN_BINS.from + 2;

export function marginBin(margin: number): number {
  if (!(margin >= 10 ** MARGIN_BINS.from)) return 0;
  if (margin >= 10 ** MARGIN_BINS.to) return MARGIN_BIN_COUNT - 1;
  return Math.min(MARGIN_BIN_COUNT - 2, Math.max(1, Math.floor(Math.log10(margin)) - MARGIN_BINS.from + 1));
}

/** The first regime that left a clause undecided (inconclusive or error): what the failure database keeps. */
export interface UndecidedCase {
  readonly regime: RegimeRecord['regime'];
  readonly index: number;
  readonly path?: string;
  readonly status: 'inconclusive' | 'error';
  readonly margin?: number;
  readonly reason?: string;
}

export interface ClauseAggregate {
  readonly clause: string;
  readonly kind: ClauseKind;
  readonly counts: ClauseCounts;
  /** Largest error/allowance over regimes where the clause was compared. */
  worst?: WorstCase;
  /** Index of the first violating regime in the sample (the shrinker's starting point). */
  firstViolation?: number;
  /** Violations all came from regimes outside the theorem's hypothesis. */
  violatedOnlyOutsideHypothesis: boolean;
  firstReason?: string;
  /** Regimes per margin decade (see MARGIN_BINS). */
  readonly marginBins: number[];
  firstUndecided?: UndecidedCase;
  /** The first error's reason: the note of a clause in error, whatever came before it. */
  firstError?: string;
  /** A mistake in the theorem's code (theorem/code-error.ts): the clause is in error whatever else happened. */
  codeError?: string;
}

export function emptyAggregate(clause: string, kind: ClauseKind): ClauseAggregate {
  return {
    clause,
    kind,
    counts: { pass: 0, violated: 0, inconclusive: 0, notApplicable: 0, error: 0, uncertified: 0 },
    violatedOnlyOutsideHypothesis: true,
    marginBins: new Array<number>(MARGIN_BIN_COUNT).fill(0),
  };
}

const COUNT_KEY: Record<RegimeClauseStatus, keyof ClauseCounts> = {
  pass: 'pass',
  violated: 'violated',
  inconclusive: 'inconclusive',
  'not-applicable': 'notApplicable',
  error: 'error',
};

export function addOutcome(agg: ClauseAggregate, outcome: ClauseOutcome, record: RegimeRecord): void {
  agg.counts[COUNT_KEY[outcome.status]]++;
  // A code error is the clause's note (report/coverage.ts), before any earlier reason: that may be a
  // "violation" at a regime where a wrong shape coincided.
  if (outcome.status === 'error') {
    if (outcome.reason?.startsWith(CODE_ERROR_PREFIX) === true && agg.codeError === undefined) agg.codeError = outcome.reason;
    if (agg.firstError === undefined) agg.firstError = outcome.reason;
  }
  if (outcome.status === 'pass' && outcome.certified === false) agg.counts.uncertified++;
  if (outcome.status === 'violated') {
    if (agg.firstViolation === undefined) agg.firstViolation = record.index;
    if (record.hypothesisHolds) agg.violatedOnlyOutsideHypothesis = false;
  }
  if (outcome.status !== 'pass' && outcome.status !== 'not-applicable' && agg.firstReason === undefined) {
    agg.firstReason = outcome.reason;
  }
  if ((outcome.status === 'inconclusive' || outcome.status === 'error') && agg.firstUndecided === undefined) {
    agg.firstUndecided = { regime: record.regime, index: record.index, path: record.path, status: outcome.status, margin: outcome.margin, reason: outcome.reason };
  }
  if (outcome.margin !== undefined) agg.marginBins[marginBin(outcome.margin)]++;
  if (outcome.margin !== undefined && (agg.worst === undefined || outcome.margin > agg.worst.margin)) {
    agg.worst = { margin: outcome.margin, index: record.index, regime: record.regime, witness: outcome.witness };
  }
}

export function clauseStatus(agg: ClauseAggregate): ClauseStatus {
  const c = agg.counts;
  if (c.pass + c.violated + c.inconclusive + c.notApplicable + c.error === 0) return 'not-run';
  // A mistake in the theorem's code is an error at every regime, even where it happened to compare.
  if (agg.codeError !== undefined) return 'error';
  if (c.violated > 0 && !agg.violatedOnlyOutsideHypothesis) return 'violated';
  // Before violations outside the hypothesis: those are reported as "outside" (not a failure), and an
  // error at some regime must not hide behind them.
  if (c.error > 0) return 'error';
  if (c.violated > 0) return 'violated';
  if (c.pass + c.inconclusive === 0) return 'vacuous';
  if (c.inconclusive > 0) return 'inconclusive';
  return 'verified';
}
