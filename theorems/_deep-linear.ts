// Closed forms of the depth-m linear MSE UFM in TB22's normalization
// (docs/theorems.md §3, DER-DL; TB22-E is m = 3), shared by the theorems
// that state them (TB22-E, DER-DL, TB22-R's linear optimum, and the DNC
// candidate of the refutation fixtures). Nothing here is used by the models or
// certificates: the certificate finds t by its own global 1-D search.
//
// m = L + 1 factors (H1, W1 … WL), a_j = λ_j, c = (Π a_j)^{1/m}:
//   scale equation  t − 1 + c t^{2/m − 1} = 0 (largest root),
//   c_thr(m) = (1/(m−1)) ((m−2)/(m−1))^{(m−2)/m}  (first-order jump from t* = (m−2)/(m−1) to 0),
//   c_max(m) = (m/(2m−2)) ((m−2)/(2m−2))^{(m−2)/m} (a nonzero stationary point exists iff c ≤ c_max),
//   factor j: K nonzero squared singular values c t^{2/m} / a_j,
//   L* = (1/2)(t − 1)² + (m/2) c t^{2/m} for c < c_thr, else 1/2;
// with a free classifier bias, I_K becomes I_K − J and L* is multiplied by (K−1)/K.
import {
  centeredBasis,
  centering,
  identity,
  mat,
  matmul,
  randomOrthonormalColumns,
  repeatColumns,
  scale,
  transpose,
  type Mat,
  type Rng,
} from '../src/index.ts';

export interface DeepLinearRegime {
  readonly K: number;
  readonly n: number;
  readonly d: number;
  readonly L: number;
  readonly lambdaH: number;
  readonly lambdaB?: number;
  readonly [key: string]: number | undefined;
}

/** [λ_H, λ_W1, …, λ_WL]: the factor weights a_j from the features upward. */
export function factorWeights(r: DeepLinearRegime): number[] {
  return [r.lambdaH, ...Array.from({ length: r.L }, (_, l) => r[`lambdaW${l + 1}`] as number)];
}

export function cOf(r: DeepLinearRegime): number {
  const a = factorWeights(r);
  return Math.exp(a.reduce((s, v) => s + Math.log(v), 0) / a.length);
}

export function cThr(m: number): number {
  return m === 2 ? 1 : (1 / (m - 1)) * ((m - 2) / (m - 1)) ** ((m - 2) / m);
}

export function cMax(m: number): number {
  return m === 2 ? 1 : (m / (2 * m - 2)) * ((m - 2) / (2 * m - 2)) ** ((m - 2) / m);
}

/** The largest root of t − 1 + c t^{2/m − 1} = 0, or NaN when there is none (c > c_max). */
export function scaleRoot(m: number, c: number): number {
  if (m === 2) return c < 1 ? 1 - c : NaN;
  const p = 2 / m - 1;
  const f = (t: number) => t - 1 + c * t ** p;
  const df = (t: number) => 1 + c * p * t ** (p - 1);
  // f is convex on t > 0 and f(1) = c > 0: Newton from t = 1 decreases monotonically to the largest root.
  let t = 1;
  for (let i = 0; i < 200; i++) {
    const slope = df(t);
    if (!(slope > 0)) return NaN;
    const next = t - f(t) / slope;
    if (!(next > 0)) return NaN;
    if (Math.abs(next - t) <= 1e-16 * t) return next;
    t = next;
  }
  return Math.abs(f(t)) < 1e-12 ? t : NaN;
}

/** g_m(t) = (1/2)(t − 1)² + (m/2) c t^{2/m}. */
export function scalarLoss(m: number, c: number, t: number): number {
  return 0.5 * (t - 1) ** 2 + 0.5 * m * c * t ** (2 / m);
}

export interface DeepLinearScale {
  readonly m: number;
  readonly c: number;
  /** Global scale: the root below c_thr, 0 from c_thr on. */
  readonly t: number;
  /** Nonzero stationary scale (the root), NaN above c_max. */
  readonly tStationary: number;
  readonly cThr: number;
  readonly cMax: number;
}

export function deepLinearScale(r: DeepLinearRegime): DeepLinearScale {
  const m = r.L + 1;
  const c = cOf(r);
  const root = c <= cMax(m) ? scaleRoot(m, c) : NaN;
  return { m, c, t: c < cThr(m) && Number.isFinite(root) ? root : 0, tStationary: root, cThr: cThr(m), cMax: cMax(m) };
}

/** The target Gram: I_K without bias, I_K − J with a free classifier bias. */
export function targetProjector(r: DeepLinearRegime): Mat {
  return r.lambdaB === undefined ? identity(r.K) : centering(r.K);
}

/** Loss of the balanced symmetric point of scale t (t = 0: the zero solution). */
export function lossAtScale(r: DeepLinearRegime, m: number, c: number, t: number): number {
  const factor = r.lambdaB === undefined ? 1 : (r.K - 1) / r.K;
  return factor * (t > 0 ? scalarLoss(m, c, t) : 0.5);
}

/**
 * Predictions at scale t: H_l bar^T H_l bar for every layer, the classifier
 * Gram W_L W_L^T, W H̄ = t P, squared singular values of every weight.
 */
export function predictionsAtScale(r: DeepLinearRegime, m: number, c: number, t: number) {
  const P = targetProjector(r);
  const rank = r.lambdaB === undefined ? r.K : r.K - 1;
  const a = factorWeights(r);
  const mu = t > 0 ? c * t ** (2 / m) : 0;
  const out: Record<string, Mat> = {};
  let partial = 1;
  for (let l = 1; l <= r.L; l++) {
    partial *= mu / a[l - 1];
    out[`H${l}barTH${l}bar`] = scale(P, partial);
    const sv = mat(1, r.d);
    for (let i = 0; i < Math.min(rank, r.d); i++) sv.data[i] = mu / a[l];
    out[`sv2W${l}`] = sv;
  }
  out[`W${r.L}W${r.L}t`] = scale(P, mu / a[r.L]);
  return {
    ...out,
    WWt: scale(P, mu / a[r.L]),
    HbarTHbar: out[`H${r.L}barTH${r.L}bar`],
    WHbar: scale(P, t),
    /** W_L = κ H̄_L^T with κ = c t^{2/m − 1} / λ_WL. */
    kappa: t > 0 ? (c * t ** (2 / m - 1)) / a[r.L] : 0,
    b: mat(r.K, 1, new Float64Array(r.K).fill(r.lambdaB === undefined ? 0 : 1 / r.K)),
  };
}

/**
 * The balanced point of scale t in a random orientation, blocks [H1, W1, …, WL, b?]:
 * H̄1 = s_H R_1 P^T, W_l = s_l R_{l+1} R_l^T, W_L = s_L E R_L^T (E = I_K, or an
 * orthonormal basis of 1^⊥ with a bias), so W_L ⋯ W_1 H̄1 = t P.
 */
export function balancedPoint(r: DeepLinearRegime, m: number, c: number, t: number, rng: Rng): Mat[] {
  const E = r.lambdaB === undefined ? identity(r.K) : centeredBasis(r.K);
  const rank = E.cols;
  const a = factorWeights(r);
  const mu = t > 0 ? c * t ** (2 / m) : 0;
  const s = a.map((aj) => Math.sqrt(mu / aj));
  const R = Array.from({ length: r.L }, () => randomOrthonormalColumns(r.d, rank, rng));
  const Hbar = scale(matmul(R[0], transpose(E)), s[0]);
  const blocks: Mat[] = [repeatColumns(Hbar, Array(r.K).fill(r.n))];
  for (let l = 1; l < r.L; l++) blocks.push(scale(matmul(R[l], transpose(R[l - 1])), s[l]));
  blocks.push(scale(matmul(E, transpose(R[r.L - 1])), s[r.L]));
  if (r.lambdaB !== undefined) blocks.push(mat(r.K, 1, new Float64Array(r.K).fill(1 / r.K)));
  return blocks;
}
