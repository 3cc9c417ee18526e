// Builds the canonical coverage document from the runner's mode results.
import type { Theorem } from '../theorem/define.ts';
import { provenanceLabel, type Provenance } from '../theorem/provenance.ts';
import { clauseStatus, MARGIN_BINS, type ClauseAggregate, type ClauseStatus } from '../verify/aggregate.ts';
import type { RegimePoint } from '../verify/points.ts';
import type { Counterexample, ModeResult } from '../verify/runner.ts';
import { phaseCoordinates, phaseOf } from './phase.ts';
import type { ClauseEntry, CounterexampleEntry, ModeEntry, PhaseAxes, PointEntry, ProvenanceEntry, RunMeta, SearchEntry, Summary, TheoremEntry, CoverageReport } from './schema.ts';
import { SCHEMA_REVISION, SCHEMA_VERSION } from './schema.ts';

export function provenanceEntry(p: Provenance): ProvenanceEntry {
  return { kind: p.kind, label: provenanceLabel(p), source: p.source, unverified: p.kind === 'unverified' || p.unverified === true };
}

export interface CounterexampleLinks {
  replay(cx: Counterexample): string;
  solutionFile?(cx: Counterexample): string | undefined;
  /** The failure-database id the counterexample is stored under. */
  caseId?(cx: Counterexample): string | undefined;
}

function counterexampleEntry(cx: Counterexample, links: CounterexampleLinks): CounterexampleEntry {
  return {
    mode: cx.mode,
    regime: cx.regime,
    hypothesisHolds: cx.hypothesisHolds,
    path: cx.path,
    margin: cx.margin,
    reason: cx.reason,
    witness: cx.witness,
    shrinkSteps: cx.shrinkSteps,
    replay: links.replay(cx),
    solutionFile: links.solutionFile?.(cx),
    origin: cx.origin,
    caseId: links.caseId?.(cx),
    predictedLoss: cx.record.predictedLoss,
    certifiedLoss: cx.record.certificate.loss,
    traces: cx.traces,
    values: cx.record.clauses.find((c) => c.clause === cx.clause)?.values,
  };
}

/** A regime point on the theorem's phase axes (computed from the axes alone: see phaseCoordinates). */
export function pointEntry(axes: PhaseAxes | undefined, p: RegimePoint): PointEntry {
  const phase = axes === undefined ? undefined : phaseCoordinates(axes);
  const xy = phase === undefined ? [] : [phase.x(p.regime, p.thresholdValues), ...phase.y.map((y) => y(p.regime, p.thresholdValues))];
  return {
    regime: p.regime,
    index: p.index,
    origin: p.origin,
    path: p.path,
    hypothesisHolds: p.hypothesisHolds,
    nearThreshold: p.nearThreshold,
    verdict: p.verdict,
    worstMargin: p.worstMargin,
    failing: p.failing,
    clauses: p.clauses,
    xy,
  };
}

/**
 * A clause's verdict from its aggregate: status, counts, worst margin, histogram, note. `error`: the
 * mode itself failed. For a known-false claim (theorem expect: 'refuted'), only the claim itself — its
 * bound — is expected to fall; any other clause of a refutation fixture must hold like any clause.
 */
export function clauseOutcome(
  agg: ClauseAggregate,
  ran: boolean,
  error?: string,
  expect?: 'holds' | 'refuted',
): Pick<ClauseEntry, 'status' | 'outsideHypothesis' | 'counts' | 'worstMargin' | 'worstRegime' | 'note' | 'margins' | 'expectedRefutation'> {
  const status = error !== undefined ? 'error' : ran ? clauseStatus(agg) : 'not-run';
  return {
    status,
    expectedRefutation: expect === 'refuted' && agg.kind === 'bound' && status === 'violated' ? true : undefined,
    outsideHypothesis: status === 'violated' && agg.violatedOnlyOutsideHypothesis,
    counts: { ...agg.counts },
    worstMargin: agg.worst?.margin,
    worstRegime: agg.worst?.regime,
    note: error ?? clauseNote(status, agg),
    margins: { from: MARGIN_BINS.from, to: MARGIN_BINS.to, counts: [...agg.marginBins] },
  };
}

/** What a clause's verdict rests on: none for a verified clause; for one in error, its (first) error, not an earlier violation or inconclusive regime. */
function clauseNote(status: ClauseStatus, agg: ClauseAggregate): string | undefined {
  if (status === 'verified') return undefined;
  if (status === 'error') return agg.codeError ?? agg.firstError ?? agg.firstReason;
  return agg.firstReason;
}

/**
 * A clause of a mode the time budget cut short: what the regimes evaluated
 * decided stands (a violation, an error, an inconclusive regime), but a pass
 * over part of the sample is not a verification — it is inconclusive, and so is
 * a clause that never applied on the regimes that ran, or had none run at all.
 */
function undecided(c: ClauseEntry, at: { evaluated: number; planned: number }): ClauseEntry {
  if (c.status !== 'verified' && c.status !== 'vacuous' && c.status !== 'not-run') return c;
  return { ...c, status: 'inconclusive', note: `time limit: sampling stopped after ${at.evaluated} of ${at.planned} regimes, so this clause was not decided${c.status === 'verified' ? ` (it held on the ${c.counts.pass} where it applied)` : ''}` };
}

/** The mode-level fields of a result. */
export function modeCounts(result: Pick<ModeResult, 'regimesEvaluated' | 'regimesHypothesisHeld' | 'regimesNearThreshold' | 'restarts'>): Pick<ModeEntry, 'regimes' | 'restarts'> {
  return {
    regimes: { evaluated: result.regimesEvaluated, hypothesisHeld: result.regimesHypothesisHeld, nearThreshold: result.regimesNearThreshold },
    restarts: { ...result.restarts },
  };
}

export function modeEntry(theorem: Theorem, result: ModeResult, links: CounterexampleLinks, search: readonly SearchEntry[] = []): ModeEntry {
  const axes = phaseOf(theorem)?.axes;
  const clauses: ClauseEntry[] = result.clauses.map((agg) => {
    const clause = theorem.clauses.find((c) => c.id === agg.clause)!;
    const cx = result.counterexamples.find((c) => c.clause === agg.clause);
    return {
      id: agg.clause,
      kind: agg.kind,
      statement: clause.statement,
      provenance: provenanceEntry(clause.provenance ?? theorem.provenance),
      ...clauseOutcome(agg, result.ran, result.error === true ? result.notRunReason : undefined, theorem.expect),
      counterexample: cx === undefined ? undefined : counterexampleEntry(cx, links),
    };
  }).map((c) => (result.stoppedAt === undefined ? c : undecided(c, result.stoppedAt)));
  return {
    mode: result.mode,
    ran: result.ran,
    notRunReason: result.notRunReason,
    stoppedAt: result.stoppedAt,
    fcSeed: result.fcSeed,
    ...modeCounts(result),
    seconds: result.seconds,
    clauses,
    replayed: result.regimesReplayed,
    points: result.points.map((p) => pointEntry(axes, p)),
    pointsOmitted: result.pointsOmitted,
    search: search.length > 0 ? search : undefined,
  };
}

export function theoremEntry(theorem: Theorem, modes: readonly ModeEntry[], file?: string): TheoremEntry {
  return {
    id: theorem.id,
    title: theorem.title,
    citation: theorem.citation,
    model: theorem.model,
    normalization: theorem.normalization,
    hypothesis: theorem.hypothesis.text,
    provenance: provenanceEntry(theorem.provenance),
    nonClaims: (theorem.nonClaims ?? []).map((n) => ({ statement: n.statement, reason: n.reason })),
    expect: theorem.expect,
    modes,
    thresholds: (theorem.thresholds ?? []).map((t) => ({ name: t.name, at: t.at })),
    phase: phaseOf(theorem)?.axes,
    file,
  };
}

export function summarize(theorems: readonly TheoremEntry[]): Summary {
  const s = { passed: 0, refuted: 0, failed: 0, skipped: 0, inconclusive: 0, vacuous: 0, notRun: 0, violatedOutsideHypothesis: 0, errors: 0 };
  for (const t of theorems) {
    if (t.error !== undefined) {
      s.errors++;
      s.failed++;
    }
    for (const m of t.modes) {
      for (const c of m.clauses) {
        switch (c.status) {
          case 'verified':
            s.passed++;
            break;
          case 'violated':
            if (c.expectedRefutation === true) {
              s.refuted++;
              s.passed++;
            } else if (c.outsideHypothesis) {
              s.violatedOutsideHypothesis++;
              s.skipped++;
            } else s.failed++;
            break;
          case 'error':
            s.errors++;
            s.failed++;
            break;
          case 'inconclusive':
            s.inconclusive++;
            s.skipped++;
            break;
          case 'vacuous':
            s.vacuous++;
            s.skipped++;
            break;
          case 'not-run':
            s.notRun++;
            s.skipped++;
            break;
        }
      }
    }
  }
  return s;
}

/** The entry of a theorem that could not be run: its id (or file), the message, no modes. */
export function brokenTheoremEntry(broken: { readonly id: string; readonly file: string; readonly message: string }): TheoremEntry {
  return {
    id: broken.id,
    title: `could not be run (${broken.file})`,
    citation: '',
    model: '',
    normalization: '',
    hypothesis: '',
    provenance: { kind: 'unverified', label: 'unverified', unverified: true },
    nonClaims: [],
    modes: [],
    file: broken.file,
    error: broken.message,
  };
}

export function coverageReport(meta: RunMeta, theorems: readonly TheoremEntry[]): CoverageReport {
  return { schemaVersion: SCHEMA_VERSION, schemaRevision: SCHEMA_REVISION, meta, theorems, summary: summarize(theorems) };
}
