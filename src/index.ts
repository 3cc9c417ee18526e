// nc-check's public surface, listed explicitly (fast-check's fast-check-default.ts
// style). Theorem files — built-in ones included — import only from here.

// Authoring theorems
export { defineTheorem, MODES } from './theorem/define.ts';
export type { Mode, NonClaim, Prediction, Theorem, TheoremSpec, Threshold } from './theorem/define.ts';
export { attained, bound, equality, identity as identityClause, stationary } from './theorem/clause.ts';
export type { Applicability, Clause, ClauseHelpers, ClauseKind, PointContext, Quantity } from './theorem/clause.ts';
// The clause builders the built-in theorems use (docs/authoring.md): the loss trio, Gram matrices, collapse,
// self-duality, bias, the zero solution, NCC agreement, balancedness.
export {
  balancednessClause,
  biasClause,
  collapseClause,
  gramClause,
  minimumClauses,
  nccAgreementClause,
  selfDualityClause,
  zeroSolutionClause,
} from './theorem/ufm-clauses.ts';
export { derived, empirical, provenanceLabel, quoted, restated, unverified } from './theorem/provenance.ts';
export type { Provenance, ProvenanceKind } from './theorem/provenance.ts';
export { NEAR_THRESHOLD_BAND, NEAR_THRESHOLD_FACTOR, TOLERANCES, resolveTolerance } from './theorem/tolerance.ts';
export type { Tolerance, ToleranceName, TolerancePolicy } from './theorem/tolerance.ts';
export { lossScale, relativeResidual } from './theorem/floors.ts';

// Regime parameters and generators
export { fixed, integer, integerArray, nonNegative, positive } from './regime/parameters.ts';
export type { ParameterSpec, ParameterSpecs, RegimeOf } from './regime/parameters.ts';
export type { Regime } from './regime/regime.ts';
export { balancedRegime } from './regime/balanced-regime.ts';
export type { BalancedRegime, BalancedRegimeConstraints } from './regime/balanced-regime.ts';
export { logUniform } from './regime/log-uniform.ts';
export { nearThreshold } from './regime/near-threshold.ts';

// Linear algebra for closed forms
export {
  add,
  centering,
  diag,
  frobeniusNorm,
  fromRows,
  identity,
  mat,
  matmul,
  onesProjector,
  scale,
  sub,
  toRows,
  trace,
  transpose,
  vstack,
  zeros,
} from './linalg/matrix.ts';
export type { Mat } from './linalg/matrix.ts';
export { centeredBasis, randomOrthonormalColumns, repeatColumns } from './linalg/random-orthonormal.ts';
export { pseudoInverse, singularValues, symmetricEigen } from './linalg/decompositions.ts';
export type { Rng } from './random/rng.ts';
export type { TrainOptions } from './train/train.ts';

// Measurements clauses read (and the metrics, for clauses that measure their own points)
export type { Measurements } from './measure/measurements.ts';
export type { LayerMeasurement } from './measure/layers.ts';
export { centeredMeans, classMeans } from './measure/class-means.ts';
export { betweenClassCovariance, withinClassCovariance } from './measure/covariance.ts';
export { nc1TraceRatio } from './measure/nc1.ts';
export { labelMatrix } from './certify/mse-nuclear-norm.ts';

// Running verification programmatically
export type { RunOptions, TrainOverrides } from './run/verify.ts';
export type { CoverageReport } from './report/schema.ts';
export { verdictProblems } from './report/verdict.ts';

/**
 * Runs theorems as `nc-check verify` does and returns the coverage document
 * (see src/run/verify.ts). Loaded on first call: theorem files import this
 * module, and must not pay for the run machinery (views, workers) to load.
 */
export async function verify(
  theorems: Parameters<typeof import('./run/verify.ts').verify>[0],
  options?: import('./run/verify.ts').RunOptions,
): Promise<import('./report/schema.ts').CoverageReport> {
  return (await import('./run/verify.ts')).verify(theorems, options);
}
export { verifyTheoremMode } from './verify/runner.ts';
export type { Counterexample, ModeResult, VerifyOptions } from './verify/runner.ts';
export type { ClauseOutcome, RegimeRecord } from './verify/results.ts';
export { consistencyTheorem } from './verify/consistency.ts';
export type { ConsistencyQuantity, ConsistencyRelation } from './verify/consistency.ts';
export { BOUNDARY_SHARE, boundaryProbability, casesFor, withBoundaries } from './theorem/boundaries.ts';
export type { BoundaryCase } from './theorem/boundaries.ts';
