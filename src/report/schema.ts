// The canonical result of a verification run: theorem-coverage.json. Every
// view (terminal table, HTML, JUnit, Markdown, lcov, istanbul json-summary) is
// rendered from this one document, never from the runner's internals or from
// theorem code. Bump SCHEMA_VERSION on any incompatible change; readers reject
// versions they do not know (src/report/read.ts). Fields marked "since 1.1"
// were added compatibly: optional, so files written before them still read,
// and every view copes with their absence.
import type { ClauseKind } from '../theorem/clause.ts';
import type { Mode } from '../theorem/define.ts';
import type { ProvenanceKind } from '../theorem/provenance.ts';
import type { Regime } from '../regime/regime.ts';
import type { ClauseCounts, ClauseStatus } from '../verify/aggregate.ts';
import type { RegimePoint } from '../verify/points.ts';
import type { RegimeOrigin } from '../verify/results.ts';
import type { ComparedValues } from '../verify/values.ts';

export const SCHEMA_VERSION = 1;
/**
 * Compatible additions within SCHEMA_VERSION 1 (fields documented "since 1.1"):
 * regime points, phase axes, thresholds, margin histograms, traces, searches;
 * since 1.4, empirical claims (theorem `kind`/`empirical`, clause `statistic`);
 * since 1.5, measurements of imported networks (statistic `test` 'bootstrap'
 * and 'exact', `samples`), a counterexample's `values` (predicted vs
 * measured), each regime point's per-clause outcomes (`clauses`), and a
 * mode's `stoppedAt` (the time budget ran out).
 * Absent in files written before them; views degrade gracefully.
 */
export const SCHEMA_REVISION = 5;

/**
 * Since 1.2: what makes two runs the same run — the shards of one sweep, or an
 * interrupted run and its `--resume`. `merge` and `--resume` refuse results
 * whose identities differ, naming the first field that does. `fingerprint` is
 * a hash of all the other fields.
 */
export interface RunIdentity {
  readonly fingerprint: string;
  readonly version: string;
  readonly commit?: string;
  readonly backend: string;
  readonly dtype: 'float64' | 'float32';
  readonly seed: number;
  readonly runs: number;
  readonly modes: readonly Mode[];
  readonly train: RunMeta['train'];
  readonly shrink: { readonly enabled: boolean; readonly maxEvaluations: number };
  /** The theorems run, in order, each with a hash of its definition (data and code; a --theorems file's whole content). */
  readonly theorems: readonly { readonly id: string; readonly hash: string }[];
}

export interface RunMeta {
  readonly tool: 'nc-check';
  readonly version: string;
  /** git commit of the checkout, when known. */
  readonly commit?: string;
  readonly node: string;
  readonly backend: string;
  readonly dtype: 'float64' | 'float32';
  readonly seed: number;
  readonly runs: number;
  readonly modes: readonly Mode[];
  readonly train: {
    readonly optimizer: string;
    readonly restarts: number;
    readonly gradientTolerance: number;
    readonly maxIterations: number;
    readonly initScale: number;
  };
  /** Shard of a sharded run (`i/N`, 0 ≤ i < N), absent when unsharded. */
  readonly shard?: string;
  /** Since 1.2: the run's identity (see RunIdentity). */
  readonly identity?: RunIdentity;
  /** Since 1.2: when this file was written by `nc-check merge`, the shards it merged, in shard order. */
  readonly merged?: readonly { readonly shard: string; readonly source: string; readonly startedAt: string; readonly finishedAt?: string; readonly node: string }[];
  /** Since 1.2: times the run was continued with `--resume`. */
  readonly resumedAt?: readonly string[];
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
}

export interface ProvenanceEntry {
  readonly kind: ProvenanceKind;
  readonly label: string;
  readonly source?: string;
  readonly unverified: boolean;
}

export interface CounterexampleEntry {
  readonly mode: Mode;
  readonly regime: Regime;
  readonly hypothesisHolds: boolean;
  readonly path: string;
  readonly margin?: number;
  readonly reason?: string;
  readonly witness?: string;
  readonly shrinkSteps: number;
  /** Shell command that reproduces this exact verdict. */
  readonly replay: string;
  /** File (relative to the report folder) holding the violating solution. */
  readonly solutionFile?: string;
  /** Since 1.1: where the regime came from ('database': a stored failure replayed first). */
  readonly origin?: RegimeOrigin;
  /** Since 1.1: the failure-database id of this case (`nc-check replay <id>`). */
  readonly caseId?: string;
  /** Since 1.1: predicted and certified global minima at the counterexample. */
  readonly predictedLoss?: number;
  readonly certifiedLoss?: number;
  /** Since 1.1: each trained restart's sparse convergence trace (at most 80 points each). */
  readonly traces?: readonly TraceEntry[];
  /** Since 1.5: what was predicted and what was measured for the failing clause (matrices whole for K ≤ 8, else largest deviations and spectra). */
  readonly values?: ComparedValues;
}

export interface TraceEntry {
  /** "restart 0", … */
  readonly solution: string;
  readonly status?: string;
  readonly points: readonly { readonly iteration: number; readonly loss: number; readonly gradNorm: number }[];
}

/**
 * Since 1.1: margins per decade. counts[0] holds margins below 10^from (0
 * included), counts[i] holds [10^(from+i−1), 10^(from+i)), the last count
 * everything from 10^to up (∞ included).
 */
export interface MarginHistogram {
  readonly from: number;
  readonly to: number;
  readonly counts: readonly number[];
}

export interface ClauseEntry {
  readonly id: string;
  /** 'empirical' (since 1.4): a claim about trained networks, decided by a statistic over seeds (see `statistic`). */
  readonly kind: ClauseKind | 'empirical';
  readonly statement: string;
  readonly provenance: ProvenanceEntry;
  readonly status: ClauseStatus;
  /** Violations came only from regimes outside the theorem's hypothesis. */
  readonly outsideHypothesis: boolean;
  readonly counts: ClauseCounts;
  /** Worst error/allowance seen (≤ 1 holds). */
  readonly worstMargin?: number;
  readonly worstRegime?: Regime;
  readonly note?: string;
  readonly counterexample?: CounterexampleEntry;
  /** Since 1.1: distribution of this clause's margins over the regimes where it was compared. */
  readonly margins?: MarginHistogram;
  /** Since 1.3: the clause of a known-false claim (theorem expect: 'refuted') was violated, as expected: not a failure. */
  readonly expectedRefutation?: boolean;
  /** Since 1.4: an empirical clause's statistic over seeds (its status comes from it). */
  readonly statistic?: StatisticEntry;
}

/**
 * Since 1.4: the statistic of an empirical clause — an exact sign test on
 * per-seed effects (positive supports the clause) and the order-statistic
 * interval for their median. verified: the interval lies above 0; violated:
 * below 0; inconclusive: it contains 0, or too few seeds counted for one.
 */
export interface StatisticEntry {
  /**
   * 'sign-test' over seeds (or over imported runs); since 1.5, for one imported
   * run (`nc-check measure`): 'bootstrap' — a percentile interval of a
   * Poisson bootstrap over samples (seeds = replicates, n = usable ones,
   * perSeed = [the full-data estimate]) — or 'exact' for an effect of the
   * given weights alone (no sampling uncertainty; p is 0 or 1).
   */
  readonly test: 'sign-test' | 'bootstrap' | 'exact';
  /** What one seed's effect is. */
  readonly effect: string;
  /** Seeds run. */
  readonly seeds: number;
  /** Seeds that counted (their runs reached the terminal phase and the effect was finite). */
  readonly n: number;
  readonly positive: number;
  readonly negative: number;
  readonly ties: number;
  readonly median: number | null;
  readonly mean: number | null;
  readonly sd: number | null;
  /** mean / sd (Cohen's d_z). */
  readonly effectSize: number | null;
  /** One-sided exact sign-test p-value (ties dropped). */
  readonly pValue: number;
  /** Requested two-sided level of the median interval. */
  readonly level: number;
  readonly interval?: { readonly lo: number; readonly hi: number; readonly coverage: number };
  /** Each seed's effect, null where the seed did not count. */
  readonly perSeed: readonly (number | null)[];
  /** Since 1.5 (`nc-check measure`): the number of samples each run's features hold, in run order. */
  readonly samples?: readonly number[];
}

/** Since 1.4: one experiment of an empirical claim, as run. */
export interface ExperimentEntry {
  readonly id: string;
  readonly label: string;
  readonly rationale: string;
  /** The data as described by its loader (first seed's draw for generated data). */
  readonly data: string;
  /** The configuration (data spec, network, training), as plain data. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly runs: { readonly total: number; readonly terminalPhase: number; readonly notInterpolating: number; readonly diverged: number };
  /** Median over seeds of the first snapshot epoch with zero training error. */
  readonly medianZeroErrorEpoch?: number;
  readonly seconds: number;
}

/** Since 1.4: a metric over training, per layer: median and range over seeds at each snapshot epoch. */
export interface SeriesEntry {
  readonly experiment: string;
  readonly metric: string;
  /** 0: input, l: hidden layer l (features); weight matrix index for weight metrics; absent for network-level metrics. */
  readonly layer?: number;
  readonly points: readonly { readonly epoch: number; readonly median: number | null; readonly lo: number | null; readonly hi: number | null }[];
}

/** Since 1.4: end-of-training weight statistics against a swept parameter (rank vs weight decay). */
export interface SweepEntry {
  readonly label: string;
  readonly points: readonly {
    readonly experiment: string;
    readonly series: string;
    readonly x: number;
    readonly metric: string;
    /** Weight matrix, 1-based (the last is the classifier). */
    readonly layer: number;
    readonly median: number | null;
    readonly lo: number | null;
    readonly hi: number | null;
  }[];
}

/** Since 1.4: what an empirical claim ran on, for views. */
export interface EmpiricalEntry {
  /** tfjs backend the networks trained on, e.g. "wasm". */
  readonly backend: string;
  readonly dtype: 'float32';
  /** Bitwise reproducible for the seed (CPU) or statistical (GPU). */
  readonly deterministic: boolean;
  readonly setting: string;
  /** The seed values (seed i of every claim is the same). */
  readonly seeds: readonly number[];
  readonly level: number;
  readonly experiments: readonly ExperimentEntry[];
  readonly series?: readonly SeriesEntry[];
  readonly sweep?: SweepEntry;
}

/**
 * Since 1.1: one evaluated regime, reduced for phase diagrams. `xy` holds the
 * coordinates on the theorem's `phase` axes: xy[0] on the x axis, xy[i] on
 * phase.y[i − 1].
 */
export type PointEntry = Omit<RegimePoint, 'hash' | 'thresholdValues'> & { readonly xy: readonly (number | null)[] };

/** Since 1.1: the worst regime a targeted search found for one clause. */
export interface SearchEntry {
  readonly clause: string;
  readonly budget: number;
  readonly evaluations: number;
  /** 1-based position, among the regimes the search scored, of the first violation, if any (regimes another clause's search already evaluated are scored without cost). */
  readonly firstViolationAt?: number;
  readonly best?: { readonly regime: Regime; readonly status: string; readonly margin?: number; readonly hypothesisHolds: boolean };
  readonly replay?: string;
}

export interface ModeEntry {
  readonly mode: Mode;
  readonly ran: boolean;
  readonly notRunReason?: string;
  readonly fcSeed: number;
  readonly regimes: { readonly evaluated: number; readonly hypothesisHeld: number; readonly nearThreshold: number };
  readonly restarts: { readonly total: number; readonly converged: number; readonly budgetExhausted: number; readonly diverged: number };
  readonly seconds: number;
  readonly clauses: readonly ClauseEntry[];
  /** Since 1.1: regimes replayed from the failure database before the sample (included in regimes.evaluated). */
  readonly replayed?: number;
  /** Since 1.1: a bounded, deterministic subset of the evaluated regimes (bottom-k by regime hash; see src/verify/points.ts). */
  readonly points?: readonly PointEntry[];
  readonly pointsOmitted?: number;
  /** Since 1.5: the time budget (`--time-limit`) stopped sampling after `evaluated` of `planned` regimes; undecided clauses are inconclusive. */
  readonly stoppedAt?: { readonly evaluated: number; readonly planned: number };
  /** Since 1.1: targeted searches run in this mode (`nc-check explore`). */
  readonly search?: readonly SearchEntry[];
}

export interface PhaseAxis {
  readonly label: string;
  /** Draw on a log scale. */
  readonly log: boolean;
  /** A threshold on this axis: the theorem's `thresholds[i]`. */
  readonly threshold?: { readonly name: string; readonly at: number };
}

/** Since 1.1: the axes of the theorem's phase diagrams: one diagram per y axis, all sharing x. */
export interface PhaseAxes {
  readonly x: PhaseAxis;
  readonly y: readonly PhaseAxis[];
}

export interface TheoremEntry {
  readonly id: string;
  readonly title: string;
  readonly citation: string;
  readonly model: string;
  readonly normalization: string;
  readonly hypothesis: string;
  readonly provenance: ProvenanceEntry;
  readonly nonClaims: readonly { readonly statement: string; readonly reason: string }[];
  /** 'refuted' for a known-false claim shipped as a refutation fixture. */
  readonly expect?: 'holds' | 'refuted';
  readonly modes: readonly ModeEntry[];
  /** Since 1.1: the theorem's thresholds, so views can draw them without theorem code. */
  readonly thresholds?: readonly { readonly name: string; readonly at: number }[];
  /** Since 1.1: phase-diagram axes for `modes[].points[].xy`. */
  readonly phase?: PhaseAxes;
  /** Since 1.1: the theorem file a user theorem came from (replay commands need it). */
  readonly file?: string;
  /**
   * Since 1.2: the theorem could not be run at all — its file failed to load,
   * or its definition is inconsistent with its model — with the message.
   * `modes` is then empty, and the theorem counts as one error in `summary`.
   */
  readonly error?: string;
  /** Since 1.4: 'empirical' for an empirical claim about trained networks (absent: a theorem). */
  readonly kind?: 'empirical';
  /** Since 1.4: an empirical claim's experiments, seeds and plot data. */
  readonly empirical?: EmpiricalEntry;
}

export interface Summary {
  /** (theorem, mode, clause) entries with the expected verdict: verified, or refuted for a known-false claim. */
  readonly passed: number;
  /** Since 1.3: of the entries below, clauses of known-false claims that were refuted as expected. */
  readonly refuted: number;
  /** Entries violated inside the hypothesis, or whose clause code failed (and theorems that could not run). */
  readonly failed: number;
  /** Everything else: inconclusive, vacuous, not run, violated only outside the hypothesis. */
  readonly skipped: number;
  readonly inconclusive: number;
  readonly vacuous: number;
  readonly notRun: number;
  readonly violatedOutsideHypothesis: number;
  readonly errors: number;
}

export interface CoverageReport {
  readonly schemaVersion: typeof SCHEMA_VERSION;
  /** Since 1.1 (absent before): which compatible additions this file may carry. */
  readonly schemaRevision?: number;
  readonly meta: RunMeta;
  readonly theorems: readonly TheoremEntry[];
  readonly summary: Summary;
}
