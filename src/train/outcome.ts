// How a training run ended, as data. The status vocabulary is part of the
// machine interface (`train --json`): converged means the stopping certificate
// ||∇L||_P ≤ gtol · max(1, |L|) was met; anything else is an optimizer outcome
// that verification reports as inconclusive, never as a pass.

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
  /** Sparse convergence trace (first, every `traceEvery`-th, and last iterate). */
  readonly trace: TracePoint[];
}

export interface StoppingOptions {
  /** Certificate: stop once ||∇L||_P ≤ gradientTolerance · max(1, |L|). */
  readonly gradientTolerance: number;
  readonly maxIterations: number;
  /** Record a trace point every this many iterations (0: first and last only). */
  readonly traceEvery?: number;
  /** Called after every accepted iteration (benchmarks record milestones with it). */
  readonly onIteration?: (iteration: number, loss: number, gradNorm: number) => void;
}

export const DIVERGENCE_LIMIT = 1e150;

/** The certificate's right-hand side. */
export function certificateThreshold(tolerance: number, loss: number): number {
  return tolerance * Math.max(1, Math.abs(loss));
}
