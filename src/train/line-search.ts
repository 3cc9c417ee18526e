// Strong-Wolfe line search (Nocedal & Wright 2006, Algorithms 3.5 and 3.6)
// with safeguarded cubic interpolation, and a sufficient-decrease test that
// stays meaningful at float precision (Hager & Zhang's approximate Wolfe form).
// That matters for certificates: near a minimizer the loss stops changing in
// float64 long before the gradient reaches 1e-11; a plain Armijo test then
// passes or fails by rounding alone.

export interface LineSearchPoint<P> {
  readonly alpha: number;
  readonly value: number;
  readonly derivative: number;
  /** Whatever the caller needs to keep from this trial (new parameters, gradient). */
  readonly payload: P;
}

export interface LineSearchOptions {
  readonly c1: number;
  readonly c2: number;
  readonly maxEvaluations: number;
  /** Relative slack for the approximate-Wolfe test: φ(α) ≤ φ(0) + slack · |φ(0)|. */
  readonly approximateSlack: number;
}

export const DEFAULT_LINE_SEARCH: LineSearchOptions = {
  c1: 1e-4,
  c2: 0.9,
  maxEvaluations: 40,
  approximateSlack: 1e-12,
};

export type LineSearchResult<P> =
  | { readonly ok: true; readonly point: LineSearchPoint<P>; readonly evaluations: number }
  | { readonly ok: false; readonly evaluations: number; readonly reason: string };

/**
 * φ(α) = f(x + α d) with φ'(0) < 0. Returns the first trial meeting the strong
 * Wolfe conditions, or the approximate Wolfe conditions when that is the best
 * float precision allows.
 */
export function strongWolfe<P>(
  phi: (alpha: number) => LineSearchPoint<P>,
  value0: number,
  derivative0: number,
  initialAlpha: number,
  options: LineSearchOptions = DEFAULT_LINE_SEARCH,
): LineSearchResult<P> {
  // The tests below are module functions over this one record rather than closures: the
  // search runs once or twice per iteration, and a closure created per call is not free
  // (under tsx every function expression is also named with Object.defineProperty).
  const s: Search<P> = { phi, value0, derivative0, options, evaluations: 0 };
  let prev: LineSearchPoint<P> | undefined;
  let alpha = initialAlpha;
  while (s.evaluations < options.maxEvaluations) {
    const p = trial(s, alpha);
    if (!finite(p)) return zoom(s, prev, alpha, undefined);
    if (sufficientDecrease(s, p) && curvature(s, p)) return { ok: true, point: p, evaluations: s.evaluations };
    if (!sufficientDecrease(s, p) || (prev !== undefined && resolved(s, alpha) && p.value >= prev.value)) {
      return zoom(s, prev, alpha, p);
    }
    if (p.derivative >= 0) return zoom(s, p, prev?.alpha ?? 0, prev);
    prev = p;
    alpha *= 2;
  }
  if (prev !== undefined && prev.value < value0) return { ok: true, point: prev, evaluations: s.evaluations };
  return { ok: false, evaluations: s.evaluations, reason: `line search used its ${options.maxEvaluations} evaluations` };
}

/** One search's inputs and its evaluation count. */
interface Search<P> {
  readonly phi: (alpha: number) => LineSearchPoint<P>;
  readonly value0: number;
  readonly derivative0: number;
  readonly options: LineSearchOptions;
  evaluations: number;
}

function trial<P>(s: Search<P>, alpha: number): LineSearchPoint<P> {
  s.evaluations++;
  return s.phi(alpha);
}

const curvature = <P>(s: Search<P>, p: LineSearchPoint<P>): boolean => Math.abs(p.derivative) <= -s.options.c2 * s.derivative0;

const sufficientDecrease = <P>(s: Search<P>, p: LineSearchPoint<P>): boolean =>
  sufficientDecreaseTest(s.value0, s.derivative0, p.alpha, p.value, p.derivative, s.options.c1, s.options.approximateSlack);

/** Whether loss differences at this step are above rounding, so values may be compared directly. */
const resolved = <P>(s: Search<P>, alpha: number): boolean => decreaseIsResolved(s.value0, s.options.c1 * alpha * s.derivative0, s.options.approximateSlack);

const finite = <P>(p: LineSearchPoint<P>): boolean => Number.isFinite(p.value) && Number.isFinite(p.derivative);

/** Zoom between lo (best point so far satisfying sufficient decrease; α = 0 when undefined) and hi. */
function zoom<P>(s: Search<P>, loIn: LineSearchPoint<P> | undefined, hiAlpha: number, hiIn: LineSearchPoint<P> | undefined): LineSearchResult<P> {
  let lo = loIn;
  let hi = hiIn;
  let hiA = hiAlpha;
  while (s.evaluations < s.options.maxEvaluations) {
    const loA = lo?.alpha ?? 0;
    const loV = lo?.value ?? s.value0;
    const loD = lo?.derivative ?? s.derivative0;
    const width = hiA - loA;
    if (Math.abs(width) <= 1e-16 * Math.max(1, Math.abs(hiA))) break;
    let alpha = hi !== undefined && finite(hi) ? cubicMinimizer(loA, loV, loD, hiA, hi.value, hi.derivative) : NaN;
    const lower = Math.min(loA, hiA) + 0.1 * Math.abs(width);
    const upper = Math.max(loA, hiA) - 0.1 * Math.abs(width);
    if (!Number.isFinite(alpha) || alpha < lower || alpha > upper) alpha = loA + 0.5 * width;
    const p = trial(s, alpha);
    if (!finite(p) || !sufficientDecrease(s, p) || (resolved(s, alpha) && p.value >= loV)) {
      hi = p;
      hiA = alpha;
      continue;
    }
    if (curvature(s, p)) return { ok: true, point: p, evaluations: s.evaluations };
    if (p.derivative * (hiA - loA) >= 0) {
      hi = lo;
      hiA = loA;
    }
    lo = p;
  }
  if (lo !== undefined && lo.value < s.value0) return { ok: true, point: lo, evaluations: s.evaluations };
  return { ok: false, evaluations: s.evaluations, reason: 'no step decreases the loss at float precision' };
}

/** Whether a required change of the loss is large enough to be decided by comparing float values. */
export function decreaseIsResolved(value0: number, requiredChange: number, slack: number): boolean {
  return Math.abs(requiredChange) > slack * Math.abs(value0);
}

/**
 * Sufficient decrease that stays decidable at float precision. When the
 * Armijo decrease c1·α·φ'(0) is above the rounding of φ, it is the Armijo test.
 * Below it, comparing loss values decides nothing (both sides round to the same
 * number, so any step "passes"); the test then becomes Hager & Zhang's
 * derivative form φ'(α) ≤ (2 c1 − 1) φ'(0), which is equivalent to Armijo on a
 * quadratic, with the loss allowed to rise by at most slack·|φ(0)|.
 */
export function sufficientDecreaseTest(
  value0: number,
  derivative0: number,
  alpha: number,
  value: number,
  derivative: number,
  c1: number,
  slack: number,
): boolean {
  const required = c1 * alpha * derivative0;
  if (decreaseIsResolved(value0, required, slack)) return value <= value0 + required;
  return value <= value0 + slack * Math.abs(value0) && derivative <= (2 * c1 - 1) * derivative0;
}

/** Minimizer of the cubic interpolating (a, fa, da) and (b, fb, db); NaN when it does not exist. */
export function cubicMinimizer(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}
