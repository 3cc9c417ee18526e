// Builds the canonical coverage document from the runner's mode results.
import type { Theorem } from '../theorem/define.ts';
import { provenanceLabel, type Provenance } from '../theorem/provenance.ts';
import { clauseStatus } from '../verify/aggregate.ts';
import type { Counterexample, ModeResult } from '../verify/runner.ts';
import type { ClauseEntry, CounterexampleEntry, ModeEntry, ProvenanceEntry, RunMeta, Summary, TheoremEntry, CoverageReport } from './schema.ts';
import { SCHEMA_VERSION } from './schema.ts';

export function provenanceEntry(p: Provenance): ProvenanceEntry {
  return { kind: p.kind, label: provenanceLabel(p), source: p.source, unverified: p.kind === 'unverified' };
}

export interface CounterexampleLinks {
  replay(cx: Counterexample): string;
  solutionFile?(cx: Counterexample): string | undefined;
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
  };
}

export function modeEntry(theorem: Theorem, result: ModeResult, links: CounterexampleLinks): ModeEntry {
  const clauses: ClauseEntry[] = result.clauses.map((agg) => {
    const clause = theorem.clauses.find((c) => c.id === agg.clause)!;
    const cx = result.counterexamples.find((c) => c.clause === agg.clause);
    const status = result.ran ? clauseStatus(agg) : 'not-run';
    return {
      id: agg.clause,
      kind: agg.kind,
      statement: clause.statement,
      provenance: provenanceEntry(clause.provenance ?? theorem.provenance),
      status,
      outsideHypothesis: status === 'violated' && agg.violatedOnlyOutsideHypothesis,
      counts: { ...agg.counts },
      worstMargin: agg.worst?.margin,
      worstRegime: agg.worst?.regime,
      note: status === 'verified' ? undefined : agg.firstReason,
      counterexample: cx === undefined ? undefined : counterexampleEntry(cx, links),
      // Only the claim itself (its bound) is expected to fall; any other clause of a refutation fixture must hold.
      expectedRefutation: theorem.expect === 'refuted' && agg.kind === 'bound' && status === 'violated' ? true : undefined,
    };
  });
  return {
    mode: result.mode,
    ran: result.ran,
    notRunReason: result.notRunReason,
    fcSeed: result.fcSeed,
    regimes: { evaluated: result.regimesEvaluated, hypothesisHeld: result.regimesHypothesisHeld, nearThreshold: result.regimesNearThreshold },
    restarts: { ...result.restarts },
    seconds: result.seconds,
    clauses,
  };
}

export function theoremEntry(theorem: Theorem, modes: readonly ModeEntry[]): TheoremEntry {
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
  };
}

export function summarize(theorems: readonly TheoremEntry[]): Summary {
  const s = { passed: 0, refuted: 0, failed: 0, skipped: 0, inconclusive: 0, vacuous: 0, notRun: 0, violatedOutsideHypothesis: 0, errors: 0 };
  for (const t of theorems) {
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

export function coverageReport(meta: RunMeta, theorems: readonly TheoremEntry[]): CoverageReport {
  return { schemaVersion: SCHEMA_VERSION, meta, theorems, summary: summarize(theorems) };
}
