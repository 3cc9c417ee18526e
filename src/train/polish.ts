// A second-order polish for a restart that stopped short of the gradient
// certificate: damped Newton steps (Levenberg–Marquardt) whose linear systems are
// solved by preconditioned conjugate gradients on Hessian-vector products taken
// as central differences of the analytic gradient. No model-specific second
// derivatives; the objective is the model's own float64 loss and gradient.
//
// Why: near a threshold of the phase diagram the minimizer's Hessian has
// eigenvalues close to 0 (the branch bifurcates there), first-order methods
// converge sublinearly and a restart can sit at the minimum's loss with
// ||∇L||_P ~ 1e-9, short of the certificate 1e-13·max(1, |L|). Newton's step
// is insensitive to that conditioning; the damping μ = ||∇L||_P keeps it
// convergent where the Hessian is singular (continuous symmetries W → W Q,
// H → Qᵀ H of the UFMs), and CG never leaves the range the gradient spans.
//
// The same certificate as the optimizers decides "converged"; a step is accepted
// only when the loss does not rise beyond float64 rounding and the gradient
// shrinks, so a polished point is never worse than where it started.
import { certificateThreshold, type TrainStatus } from './outcome.ts';

/** Writes ∇L(x) into g, returns L(x). */
export type FlatEvaluate = (x: Float64Array, g: Float64Array) => number;

export interface PolishOptions {
  /** ||∇L||_P ≤ gradientTolerance · max(1, |L|): the optimizers' certificate. */
  readonly gradientTolerance: number;
  /** Newton steps tried (accepted or not). */
  readonly maxSteps: number;
  /** Gradient evaluations in all (each Hessian-vector product costs two). */
  readonly maxEvaluations: number;
  /** CG iterations per step (capped by the dimension). */
  readonly maxCgIterations: number;
  /** Relative slack on the loss for accepting a step (float64 rounding, as in the line search). */
  readonly roundingSlack: number;
}

export const DEFAULT_POLISH: Omit<PolishOptions, 'gradientTolerance'> = {
  maxSteps: 60,
  maxEvaluations: 20000,
  maxCgIterations: 200,
  roundingSlack: 1e-12,
};

export interface PolishResult {
  readonly status: TrainStatus;
  readonly x: Float64Array;
  readonly loss: number;
  readonly gradNorm: number;
  /** Accepted Newton steps. */
  readonly steps: number;
  readonly evaluations: number;
}

/** ||g||_P with P given per element. */
function metricNorm(g: Float64Array, p: Float64Array): number {
  let s = 0;
  for (let i = 0; i < g.length; i++) s += p[i] * g[i] * g[i];
  return Math.sqrt(s);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Polishes x0 (not modified). `metric` holds P per element (the blocks' weights
 * repeated); it measures the certificate and preconditions CG (z = P r).
 */
export function newtonPolish(f: FlatEvaluate, x0: Float64Array, metric: Float64Array, options: PolishOptions): PolishResult {
  const n = x0.length;
  const x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let loss = f(x, g);
  let evaluations = 1;
  let gNorm = metricNorm(g, metric);
  let steps = 0;
  const met = (): boolean => Number.isFinite(loss) && gNorm <= certificateThreshold(options.gradientTolerance, loss);
  if (met()) return { status: 'converged', x, loss, gradNorm: gNorm, steps, evaluations };
  if (!Number.isFinite(loss) || !Number.isFinite(gNorm)) return { status: 'diverged', x, loss, gradNorm: gNorm, steps, evaluations };

  const xp = new Float64Array(n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  const hv = new Float64Array(n);
  // Hv ≈ (∇L(x + εv) − ∇L(x − εv)) / 2ε with ε ~ eps^(1/3) relative to x and v: truncation and
  // rounding errors balance near 1e-11 relative.
  const hessianTimes = (v: Float64Array, damping: number): Float64Array => {
    const vNorm = Math.sqrt(dot(v, v));
    if (vNorm === 0) return hv.fill(0);
    const xNorm = Math.sqrt(dot(x, x));
    const eps = (6e-6 * Math.max(1, xNorm)) / vNorm;
    for (let i = 0; i < n; i++) xp[i] = x[i] + eps * v[i];
    f(xp, gp);
    for (let i = 0; i < n; i++) xp[i] = x[i] - eps * v[i];
    f(xp, gm);
    evaluations += 2;
    for (let i = 0; i < n; i++) hv[i] = (gp[i] - gm[i]) / (2 * eps) + (damping * v[i]) / metric[i];
    return hv;
  };

  const cgIterations = Math.min(options.maxCgIterations, n);
  let mu = gNorm;
  const step = new Float64Array(n);
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  // A step needs at least one Hessian-vector product (2 evaluations) and its trial point (1).
  const affordable = (): boolean => evaluations + 3 <= options.maxEvaluations;
  for (let attempt = 0; attempt < options.maxSteps && affordable(); attempt++) {
    // Solve (H + μ P⁻¹) s = −g by PCG, stopping at a forcing tolerance or on negative curvature.
    step.fill(0);
    for (let i = 0; i < n; i++) {
      r[i] = -g[i];
      z[i] = metric[i] * r[i];
    }
    d.set(z);
    let rz = dot(r, z);
    const rz0 = rz;
    const forcing = Math.min(0.25, Math.sqrt(gNorm)) ** 2;
    for (let k = 0; k < cgIterations && affordable(); k++) {
      const Ad = hessianTimes(d, mu);
      const curvature = dot(d, Ad);
      if (!(curvature > 0)) {
        if (k === 0) for (let i = 0; i < n; i++) step[i] = d[i];
        break;
      }
      const alpha = rz / curvature;
      for (let i = 0; i < n; i++) {
        step[i] += alpha * d[i];
        r[i] -= alpha * Ad[i];
        z[i] = metric[i] * r[i];
      }
      const rzNext = dot(r, z);
      if (rzNext <= forcing * rz0) break;
      const beta = rzNext / rz;
      rz = rzNext;
      for (let i = 0; i < n; i++) d[i] = z[i] + beta * d[i];
    }
    for (let i = 0; i < n; i++) xNew[i] = x[i] + step[i];
    const lossNew = f(xNew, gNew);
    evaluations++;
    const gNormNew = metricNorm(gNew, metric);
    const accepted =
      Number.isFinite(lossNew) && Number.isFinite(gNormNew) && lossNew <= loss + options.roundingSlack * Math.max(1, Math.abs(loss)) && gNormNew < gNorm;
    if (accepted) {
      x.set(xNew);
      const swapG = g;
      g = gNew;
      gNew = swapG;
      loss = lossNew;
      gNorm = gNormNew;
      steps++;
      mu = Math.min(mu / 4, gNorm);
      if (met()) return { status: 'converged', x, loss, gradNorm: gNorm, steps, evaluations };
    } else {
      mu = Math.max(mu * 8, 1e-300);
    }
  }
  return { status: 'budget-exhausted', x, loss, gradNorm: gNorm, steps, evaluations };
}
