// How a training run ended, as data. The status vocabulary is part of the
// machine interface (`train --json`): converged means the stopping certificate
// ||∇L||_P ≤ gtol · max(1, |L|) was met; anything else is an optimizer outcome
// that verification reports as inconclusive, never as a pass.
import type { Dtype } from '../backend/backend.ts';

export type TrainStatus = 'converged' | 'budget-exhausted' | 'diverged';

export interface TracePoint {
  readonly iteration: number;
  readonly loss: number;
  readonly gradNorm: number;
}

/** P: the parameter representation (backend blocks T[], or a flat Float64Array). */
export interface TrainResult<P> {
  readonly status: TrainStatus;
  /** Why it stopped, in words (e.g. "gradient certificate met", "iteration budget 20000 exhausted"). */
  readonly reason: string;
  readonly params: P;
  readonly loss: number;
  /** ||∇L||_P at the returned point. */
  readonly gradNorm: number;
  readonly iterations: number;
  /** Objective evaluations (line-search trials included). */
  readonly evaluations: number;
  readonly seconds: number;
  /** Sparse convergence trace (first, the powers of two, every `traceEvery`-th, and last iterate). */
  readonly trace: TracePoint[];
}

/** Where an optimizer stands when it stops: what a TrainResult reports besides status and reason. */
export interface OptimizerState<P> {
  readonly params: P;
  readonly loss: number;
  readonly gradNorm: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** performance.now() when the run started. */
  readonly started: number;
  /** The trace so far; the final point is appended here. */
  readonly trace: TracePoint[];
}

/**
 * Whether an iterate goes into the trace: every `every`-th, and — so that a
 * run converging within the first `every` iterations still shows its descent,
 * not two endpoints joined by a line — the powers of two (1, 2, 4, …), a
 * log-spaced handful. `every` 0 keeps the first and last iterates only.
 */
export function traced(iteration: number, every: number): boolean {
  return every > 0 && (iteration % every === 0 || (iteration & (iteration - 1)) === 0);
}

/** The result of a finished run, closing its trace with the final iterate. */
export function trainResult<P>(status: TrainStatus, reason: string, state: OptimizerState<P>): TrainResult<P> {
  const { params, loss, gradNorm, iterations, evaluations, started, trace } = state;
  trace.push({ iteration: iterations, loss, gradNorm });
  return { status, reason, params, loss, gradNorm, iterations, evaluations, seconds: (performance.now() - started) / 1000, trace };
}

export interface StoppingOptions {
  /** Certificate: stop once ||∇L||_P ≤ gradientTolerance · max(1, |L|). */
  readonly gradientTolerance: number;
  readonly maxIterations: number;
  /** Record a trace point every this many iterations, and at the powers of two (0: first and last only). */
  readonly traceEvery?: number;
  /** Called after every accepted iteration (benchmarks record milestones with it). */
  readonly onIteration?: (iteration: number, loss: number, gradNorm: number) => void;
}

export const DIVERGENCE_LIMIT = 1e150;

/**
 * Precision-dependent constants of training. float32 gradients carry rounding
 * noise ~1e-7 relative and float32 losses stop resolving decreases below ~1e-6
 * relative, so on float32 backends: the line search's rounding slack is 1e-5
 * (relative to |L|; 1e-12 in float64), and the certificate cannot be asked
 * below gtol = 1e-6 (measured on wasm: ||∇L||_P stalls near 3e-8, Grams then
 * agree with float64 to ~2e-5, inside the float32 Gram tolerance 1e-4).
 * Training uses max(requested gtol, floor); float64 has no floor (default 1e-13).
 */
export const CERTIFICATE_FLOOR: Readonly<Record<Dtype, number>> = { float64: 0, float32: 1e-6 };
export const ROUNDING_SLACK: Readonly<Record<Dtype, number>> = { float64: 1e-12, float32: 1e-5 };

export function effectiveTolerance(requested: number, dtype: Dtype): number {
  return Math.max(requested, CERTIFICATE_FLOOR[dtype]);
}

/** The certificate's right-hand side. */
export function certificateThreshold(tolerance: number, loss: number): number {
  return tolerance * Math.max(1, Math.abs(loss));
}
