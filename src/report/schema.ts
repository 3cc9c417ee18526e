// The canonical result of a verification run: theorem-coverage.json. Every
// view (terminal table, and later HTML, JUnit, Markdown, lcov) is rendered from
// this one document, never from the runner's internals. Bump SCHEMA_VERSION on
// any incompatible change; readers reject versions they do not know.
import type { ClauseKind } from '../theorem/clause.ts';
import type { Mode } from '../theorem/define.ts';
import type { ProvenanceKind } from '../theorem/provenance.ts';
import type { Regime } from '../regime/regime.ts';
import type { ClauseCounts, ClauseStatus } from '../verify/aggregate.ts';

export const SCHEMA_VERSION = 1;

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
  /** Shard of a sharded run (`i/N`), absent when unsharded. */
  readonly shard?: string;
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
}

export interface ClauseEntry {
  readonly id: string;
  readonly kind: ClauseKind;
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
  /** The clause of a known-false claim (theorem expect: 'refuted') was violated, as expected: not a failure. */
  readonly expectedRefutation?: boolean;
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
}

export interface Summary {
  /** (theorem, mode, clause) entries with the expected verdict: verified, or refuted for a known-false claim. */
  readonly passed: number;
  /** Of those, clauses of known-false claims that were refuted as expected. */
  readonly refuted: number;
  /** Entries violated inside the hypothesis, or whose clause code failed. */
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
  readonly meta: RunMeta;
  readonly theorems: readonly TheoremEntry[];
  readonly summary: Summary;
}
