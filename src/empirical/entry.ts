// An empirical claim's entry in theorem-coverage.json: the same shape as a
// theorem's (one mode, "inside" the claim's setting; clauses with the shared
// status vocabulary), plus what is particular to it — each clause's statistic
// over seeds, the experiments as run, and the data the HTML view plots
// (per-layer metrics against epochs; rank against weight decay). Counts are
// reused with their natural reading: regimes = seeds (held = seeds whose every
// run reached zero training error), restarts = trainings (converged = reached
// zero training error, budget-exhausted = did not, diverged).
import { provenanceEntry } from '../report/coverage.ts';
import type { ClauseEntry, EmpiricalEntry, ExperimentEntry, ModeEntry, SeriesEntry, StatisticEntry, SweepEntry, TheoremEntry } from '../report/schema.ts';
import type { NetworkEngine } from '../network/engine.ts';
import type { NetworkRun, Snapshot } from '../network/train.ts';
import { datasetFor, type ClaimOutcome, type EmpiricalClauseOutcome } from './run.ts';
import type { EmpiricalClaim } from './claim.ts';
import type { SignTest } from './sign-test.ts';

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  return n === 0 ? NaN : n % 2 === 1 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/** Plot data needs no more than 4 significant digits (it keeps coverage files small); statistics keep full precision. */
const plotted = (v: number): number => Number(v.toPrecision(4));

/** Median and range over seeds, ignoring non-finite values, rounded for plotting. */
function band(values: readonly number[]): { median: number | null; lo: number | null; hi: number | null } {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return { median: null, lo: null, hi: null };
  return { median: plotted(median(v)), lo: plotted(Math.min(...v)), hi: plotted(Math.max(...v)) };
}

export function statisticEntry(claim: EmpiricalClaim, o: EmpiricalClauseOutcome): StatisticEntry {
  return signTestEntry(o.test, claim.clauses.find((c) => c.id === o.clause)!.effect, o.effects);
}

/** A sign test over per-seed (or per-run) effects as a coverage-file statistic: the trained claims' and the imported networks' alike. */
export function signTestEntry(t: SignTest, effect: string, perSeed: readonly (number | null)[]): StatisticEntry {
  return {
    test: 'sign-test',
    effect,
    seeds: perSeed.length,
    n: t.n,
    positive: t.positive,
    negative: t.negative,
    ties: t.ties,
    median: finite(t.median),
    mean: finite(t.mean),
    sd: finite(t.sd),
    effectSize: finite(t.effectSize),
    pValue: t.pValue,
    level: t.level,
    interval: t.interval,
    perSeed,
  };
}

/** The per-snapshot metrics plotted against epochs. */
const SERIES: readonly { metric: string; perLayer: 'features' | 'weights' | undefined; pick: (s: Snapshot, layer: number) => number }[] = [
  { metric: 'nc1TraceRatio', perLayer: 'features', pick: (s, l) => s.features[l].nc1TraceRatio },
  { metric: 'ofErrorMeans', perLayer: 'features', pick: (s, l) => s.features[l].ofErrorMeans },
  { metric: 'rank', perLayer: 'weights', pick: (s, l) => s.weights[l - 1].rank },
  { metric: 'rho', perLayer: undefined, pick: (s) => s.rho },
  { metric: 'trainAccuracy', perLayer: undefined, pick: (s) => s.trainAccuracy },
  { metric: 'marginCv', perLayer: undefined, pick: (s) => s.classifier.margins.cv },
  { metric: 'classifierOfError', perLayer: undefined, pick: (s) => s.weights[s.weights.length - 1].ofError },
];

export function seriesFor(experiment: string, runs: readonly NetworkRun[]): SeriesEntry[] {
  const usable = runs.filter((r) => r.status !== 'diverged' && r.snapshots.length > 0);
  if (usable.length === 0) return [];
  const epochs = usable[0].snapshots.map((s) => s.epoch);
  const at = (r: NetworkRun, epoch: number) => r.snapshots.find((s) => s.epoch === epoch);
  const out: SeriesEntry[] = [];
  const first = usable[0].snapshots[0];
  for (const m of SERIES) {
    const layers = m.perLayer === 'features' ? first.features.map((_, l) => l) : m.perLayer === 'weights' ? first.weights.map((_, l) => l + 1) : [undefined];
    for (const layer of layers) {
      const points = epochs.map((epoch) => ({
        epoch,
        ...band(usable.map((r) => at(r, epoch)).filter((s): s is Snapshot => s !== undefined).map((s) => m.pick(s, layer ?? 0))),
      }));
      out.push(layer === undefined ? { experiment, metric: m.metric, points } : { experiment, metric: m.metric, layer, points });
    }
  }
  return out;
}

export function sweepFor(claim: EmpiricalClaim, runs: ClaimOutcome['runs']): SweepEntry | undefined {
  const sweep = claim.plots.sweep;
  if (sweep === undefined) return undefined;
  const points: SweepEntry['points'][number][] = [];
  for (const p of sweep.points) {
    const finals = runs[p.experiment].filter((r) => r.status !== 'diverged').map((r) => r.snapshots[r.snapshots.length - 1]);
    if (finals.length === 0) continue;
    for (const metric of ['rank', 'stableRank'] as const) {
      finals[0].weights.forEach((_, l) => points.push({ experiment: p.experiment, series: p.series, x: p.x, metric, layer: l + 1, ...band(finals.map((s) => s.weights[l][metric])) }));
    }
  }
  return { label: sweep.label, points };
}

function experimentEntry(id: string, outcome: ClaimOutcome): ExperimentEntry {
  const e = outcome.experiments[id];
  const runs = outcome.runs[id];
  const zero = runs.map((r) => r.zeroErrorEpoch).filter((v): v is number => v !== undefined);
  return {
    id,
    label: e.label,
    rationale: e.rationale,
    data: datasetFor(e, outcome.seeds[0]).description,
    config: { data: e.data, network: e.network, training: e.training },
    runs: {
      total: runs.length,
      terminalPhase: runs.filter((r) => r.status === 'terminal-phase').length,
      notInterpolating: runs.filter((r) => r.status === 'not-interpolating').length,
      diverged: runs.filter((r) => r.status === 'diverged').length,
    },
    medianZeroErrorEpoch: zero.length === 0 ? undefined : median(zero),
    seconds: runs.reduce((s, r) => s + r.seconds, 0),
  };
}

export function empiricalEntry(outcome: ClaimOutcome, engine: Pick<NetworkEngine, 'backend' | 'deterministic'>): EmpiricalEntry {
  const { claim } = outcome;
  const names = Object.keys(outcome.experiments);
  return {
    backend: engine.backend,
    dtype: 'float32',
    deterministic: engine.deterministic,
    setting: claim.setting,
    seeds: outcome.seeds,
    level: claim.level,
    experiments: names.map((n) => experimentEntry(n, outcome)),
    series: (claim.plots.curves ?? []).flatMap((n) => seriesFor(n, outcome.runs[n])),
    sweep: sweepFor(claim, outcome.runs),
  };
}

function clauseEntry(claim: EmpiricalClaim, o: EmpiricalClauseOutcome): ClauseEntry {
  const c = claim.clauses.find((x) => x.id === o.clause)!;
  return {
    id: c.id,
    kind: 'empirical',
    statement: c.statement,
    provenance: provenanceEntry(c.provenance ?? claim.provenance),
    status: o.status,
    outsideHypothesis: false,
    counts: o.counts,
    note: o.note,
    statistic: statisticEntry(claim, o),
  };
}

/** Where the networks of a claim come from, in one line (the coverage file's `model`). */
export function networkDescription(claim: EmpiricalClaim): string {
  const n = Object.values(claim.experiments)[0].network;
  return `mlp: ${n.depth} × ${n.width} ReLU${n.batchNorm ? ', BN' : ''}${n.bias ? ', bias' : ''}, classifier${n.classifierBias ? ' with' : ' without'} bias (tfjs)`;
}

export function lossDescription(claim: EmpiricalClaim): string {
  const losses = new Set(Object.values(claim.experiments).map((e) => e.training.loss));
  return [...losses].map((l) => (l === 'mse' ? "mean over entries of (f(x) − onehot(y))² (PyTorch's MSELoss) + Σ_l (λ_l/2)||θ_l||²" : 'mean softmax cross-entropy + Σ_l (λ_l/2)||θ_l||²')).join('; ');
}

export function claimEntry(outcome: ClaimOutcome, engine: Pick<NetworkEngine, 'backend' | 'deterministic'>): TheoremEntry {
  const { claim } = outcome;
  const names = Object.keys(outcome.experiments);
  const allRuns = names.flatMap((n) => outcome.runs[n]);
  const held = outcome.seeds.filter((_, i) => names.every((n) => outcome.runs[n][i].status === 'terminal-phase')).length;
  const mode: ModeEntry = {
    mode: 'inside',
    ran: true,
    fcSeed: outcome.seeds[0] ?? 0,
    regimes: { evaluated: outcome.seeds.length, hypothesisHeld: held, nearThreshold: 0 },
    restarts: {
      total: allRuns.length,
      converged: allRuns.filter((r) => r.status === 'terminal-phase').length,
      budgetExhausted: allRuns.filter((r) => r.status === 'not-interpolating').length,
      diverged: allRuns.filter((r) => r.status === 'diverged').length,
    },
    seconds: outcome.seconds,
    clauses: outcome.clauses.map((o) => clauseEntry(claim, o)),
  };
  return {
    id: claim.id,
    title: claim.title,
    citation: claim.citation,
    model: networkDescription(claim),
    normalization: lossDescription(claim),
    hypothesis: claim.setting,
    provenance: provenanceEntry(claim.provenance),
    nonClaims: claim.nonClaims.map((n) => ({ statement: n.statement, reason: n.reason })),
    modes: [mode],
    kind: 'empirical',
    empirical: empiricalEntry(outcome, engine),
  };
}
