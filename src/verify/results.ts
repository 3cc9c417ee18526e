// Verification results as plain data (fast-check's RunDetails idea): every
// record here is JSON-serializable and carries what is needed to replay it.
// Words are produced later, by reporters.
import type { ClauseKind } from '../theorem/clause.ts';
import type { Mode } from '../theorem/define.ts';
import type { Regime } from '../regime/regime.ts';
import type { TrainStatus } from '../train/outcome.ts';
import type { ComparedValues } from './values.ts';

/**
 * The words that mark an inconclusive outcome as the optimizer's (where training ended), not the
 * theorem's: every such reason carries them, and extra restarts (extra-restarts.ts) look for them.
 */
export const OPTIMIZER_OUTCOME = 'optimizer outcome';

/** A clause's verdict on one regime. */
export type RegimeClauseStatus = 'pass' | 'violated' | 'inconclusive' | 'not-applicable' | 'error';

export interface ClauseOutcome {
  readonly clause: string;
  readonly kind: ClauseKind;
  readonly status: RegimeClauseStatus;
  /** Worst error/allowance over the solutions checked (absent when nothing was compared). */
  readonly margin?: number;
  readonly error?: number;
  readonly allowance?: number;
  /** Why it is not a plain pass (or what a pass was measured against). */
  readonly reason?: string;
  /** The solution that decided the verdict: "restart 2", "certificate", "closed-form minimizer". */
  readonly witness?: string;
  /** False when no independent certificate of the global minimum backed the check. */
  readonly certified?: boolean;
  /** A violation's numbers: what was predicted and what was measured at the witness. */
  readonly values?: ComparedValues;
}

export type SolutionSource = 'restart' | 'certificate' | 'closed-form';

export interface SolutionSummary {
  readonly source: SolutionSource;
  readonly restart?: number;
  readonly seed?: number;
  readonly status?: TrainStatus;
  readonly reason?: string;
  readonly loss: number;
  readonly gradNorm?: number;
  readonly iterations?: number;
  readonly seconds?: number;
  /** Loss within tolerance of the certified global minimum. */
  readonly atCertifiedMinimum?: boolean;
  /** Optimality gaps: loss − predicted minimum, and loss − certified minimum (when certified). */
  readonly gapToPredicted: number;
  readonly gapToCertified?: number;
  readonly rankWHbar?: number;
  /** Restarts only: at the (certified or best-known) minimum, a higher converged endpoint, or not converged. */
  readonly endpoint?: 'global' | 'local' | 'not-converged';
}

/** How a regime's restarts ended (an optimizer report: local endpoints are never theorem failures). */
export interface EndpointDistribution {
  /** What "global" was measured against. */
  readonly reference: 'certified minimum' | 'best converged restart';
  readonly global: number;
  readonly local: number;
  readonly notConverged: number;
  /** Restarts per numerical rank of W H̄ (the end-to-end class-mean logits). */
  readonly ranks: Readonly<Record<string, number>>;
}

export interface CertificateSummary {
  readonly available: boolean;
  readonly loss?: number;
  readonly unique?: boolean;
  readonly method?: string;
  readonly reason?: string;
}

/**
 * Where a planned regime came from: the mode's random sample, the failure
 * database (replayed first), the command line, or a targeted search.
 */
export type RegimeOrigin = 'sample' | 'database' | 'explicit' | 'search';

export interface RegimeRecord {
  readonly theorem: string;
  readonly mode: Mode;
  /** Position in this mode's sample (-1 for a regime given on the command line or replayed from the failure database). */
  readonly index: number;
  /** Absent on records written before origins existed: read as 'sample' (index ≥ 0) or 'explicit'. */
  readonly origin?: RegimeOrigin;
  /** fast-check replay path for this regime ("12" or, after shrinking, "12:3:0"). */
  readonly path?: string;
  readonly regime: Regime;
  readonly hypothesisHolds: boolean;
  readonly hypothesisReason?: string;
  /** Within 2% of a threshold: tolerances were widened by the §10 factor. */
  readonly nearThreshold: boolean;
  readonly toleranceFactor: number;
  /** Each of the theorem's thresholds evaluated at this regime (in `thresholds` order), for phase diagrams. */
  readonly thresholdValues?: readonly number[];
  readonly predictedLoss: number;
  readonly certificate: CertificateSummary;
  readonly solutions: readonly SolutionSummary[];
  readonly endpoints?: EndpointDistribution;
  readonly clauses: readonly ClauseOutcome[];
  readonly seconds: number;
}
