// An imported network's verdicts as a coverage-document entry, so that every
// view (terminal, HTML, JUnit, Markdown, lcov) shows them as it shows the
// empirical suite's claims: the statistic and the sample size beside each
// verdict. One entry per `nc-check measure` call; its one mode holds a clause
// per claim.
import { provenanceEntry } from '../report/coverage.ts';
import type { ClauseEntry, StatisticEntry, TheoremEntry } from '../report/schema.ts';
import { empirical as empiricalProvenance } from '../theorem/provenance.ts';
import type { GivenRunResult } from '../measure/given-features.ts';
import type { Definitions } from '../measure/from-statistics.ts';
import type { GivenClaimOptions, GivenClauseOutcome } from './given-network.ts';
import { signTestEntry } from './entry.ts';

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function givenStatistic(o: GivenClauseOutcome, level: number): StatisticEntry {
  const d = o.decision;
  if (d.kind === 'sign-test') return { ...signTestEntry(d.test, o.clause.effect, d.perRun), samples: d.samples };
  if (d.kind === 'exact') {
    const positive = d.value > 0 ? 1 : 0;
    const negative = d.value < 0 ? 1 : 0;
    return { test: 'exact', effect: o.clause.effect, seeds: 1, n: 1, positive, negative, ties: 1 - positive - negative, median: finite(d.value), mean: finite(d.value), sd: null, effectSize: null, pValue: positive === 1 ? 0 : 1, level, perSeed: [finite(d.value)], samples: [d.samples] };
  }
  const s = d.statistic;
  return {
    test: 'bootstrap',
    effect: o.clause.effect,
    seeds: s.replicates,
    n: s.used,
    positive: s.positive,
    negative: s.negative,
    ties: s.used - s.positive - s.negative,
    median: finite(s.median),
    mean: finite(s.mean),
    sd: finite(s.sd),
    effectSize: s.sd > 0 ? s.mean / s.sd : null,
    // One-sided bootstrap p-value for "the effect is positive": the share of replicates at or below 0.
    pValue: (s.used - s.positive + 1) / (s.used + 1),
    level: s.level,
    interval: s.interval === undefined ? undefined : { ...s.interval, coverage: s.level },
    perSeed: [finite(s.estimate)],
    samples: [s.samples],
  };
}

export function definitionsText(d: Definitions): string {
  return `global mean = ${d.globalMean === 'samples' ? 'sample mean (PHD20)' : 'mean of the class means'}; Σ_W averaged over ${d.within === 'samples' ? 'samples (PHD20)' : 'classes'}; NC3 ${d.nc3}`;
}

export function givenEntry(runs: readonly GivenRunResult[], outcomes: readonly GivenClauseOutcome[], o: GivenClaimOptions & { definitions: Definitions; replicates: number; seed: number; seconds: number }): TheoremEntry {
  const first = runs[0];
  const clauses: ClauseEntry[] = outcomes.map((c) => ({
    id: c.clause.id,
    kind: 'empirical',
    statement: c.clause.statement,
    provenance: provenanceEntry(empiricalProvenance(c.clause.source)),
    status: c.status,
    outsideHypothesis: false,
    counts: c.counts,
    note: c.note,
    statistic: givenStatistic(c, o.level),
  }));
  const decidedBy =
    runs.length > 1
      ? `exact sign test over the ${runs.length} runs (each run's full-data effect), ${Math.round(o.level * 100)}% interval for the median`
      : `Poisson bootstrap over samples, ${o.replicates} replicates (seed ${o.seed}), ${Math.round(o.level * 100)}% percentile interval; effects of the given weights alone are exact`;
  return {
    id: 'MEASURED-NETWORK',
    title: `An imported network measured against the MSE UFM's predictions (${runs.map((r) => r.label).join(', ')})`,
    citation: 'PHD20 metrics; THN23, TB22, TB22-R, XRLGP23 predictions (docs/theorems.md, docs/measure.md)',
    model: `${runs.length} imported run${runs.length === 1 ? '' : 's'}: K = ${first.K}, d = ${first.d}${first.W === undefined ? ', no classifier given' : `, classifier ${first.b === undefined ? 'without' : 'with'} bias`}`,
    normalization: definitionsText(o.definitions),
    hypothesis: `verdicts: ${decidedBy}; τ = ${o.tolerance}`,
    provenance: provenanceEntry(empiricalProvenance('imported features and weights (nc-check measure)')),
    nonClaims: first.W === undefined ? [{ statement: 'Classifier frame, self-duality, TB22-R, NC4', reason: 'no classifier weights were given (--weights)' }] : [],
    modes: [
      {
        mode: 'inside',
        ran: true,
        fcSeed: o.seed,
        regimes: { evaluated: runs.length, hypothesisHeld: runs.length, nearThreshold: 0 },
        restarts: { total: 0, converged: 0, budgetExhausted: 0, diverged: 0 },
        seconds: o.seconds,
        clauses,
      },
    ],
    kind: 'empirical',
  };
}
