// Layered unconstrained features models with MSE loss in TB22's normalization
// (docs/theorems.md §3, TB22-E / DER-DL / TB22-R; §6, SML23 / SML24):
//
//   L = 1/(2N) ||W_L σ(W_{L−1} ⋯ σ(W_1 H_1)) + b 1^T − Y||_F² + Σ_l λ_{W_l}/(2K) ||W_l||_F²
//       + λ_H/(2N) ||H_1||_F² (+ λ_b/(2K) ||b||²),   N = Σ n_k,
//
// σ = identity (`ufm-deep-linear`, the depth-m linear UFM, m = L + 1 factors) or
// ReLU (`ufm-deep-relu`). Layers are named from the features upward (the
// interface convention of issue 3): H_1 are the free features, W_1 … W_L the
// weights, W_L (K x d) the classifier; every other layer is d x d. Regime keys:
// L, lambdaH, lambdaW1 … lambdaW<L>, and lambdaB (absent = no bias, 0 = free, > 0 = ridge)
// on the classifier. L = 1 is ufm-mse with λ_W = λ_{W_1} (a test checks this).
//
// Gradients by backpropagation, with R = output − Y, G = R/N:
//   ∇W_L = G A_{L−1}^T + (λ_{W_L}/K) W_L,   G_A = W_L^T G,
//   ∇W_l = G_{X_l} A_{l−1}^T + (λ_{W_l}/K) W_l,  G_{X_l} = σ'(X_l) ⊙ G_{A_l},  G_{A_{l−1}} = W_l^T G_{X_l},
//   ∇H_1 = G_{A_0} + (λ_H/N) H_1,   ∇b = R 1/N + (λ_b/K) b.
import type { Backend } from '../backend/backend.ts';
import { RegimeError } from '../errors.ts';
import { frobeniusNorm, mat, matmul, scale, sub, transpose, type Mat } from '../linalg/matrix.ts';
import { certifyDeepLinear } from '../certify/deep-linear-schatten.ts';
import { labelMatrix } from '../certify/mse-nuclear-norm.ts';
import { integer, integerArray, nonNegative, positive, validateRegime, type ParameterSpecs } from '../regime/parameters.ts';
import { exclusiveClassSizes, type Regime } from '../regime/regime.ts';
import type { BlockSpec, LayerFeatures, Model, Objective } from './model.ts';
import { deepFusedObjective } from './ufm-deep-fused.ts';

export type Activation = 'linear' | 'relu';
/**
 * 'mse': TB22 normalization (fit 1/(2N)||·||², penalties λ_Wl/(2K), λ_H/(2N)).
 * 'ce': cross-entropy in the Zhu normalization used by GK — (1/N) Σ CE + Σ_l λ_Wl/2||W_l||² + λ_H/2||H_1||².
 */
export type DeepLoss = 'mse' | 'ce';

/** The most weight layers a regime may name (lambdaW1 … lambdaW8). */
export const MAX_LAYERS = 8;

const layerWeights: ParameterSpecs = Object.fromEntries(
  Array.from({ length: MAX_LAYERS }, (_, i) => [
    `lambdaW${i + 1}`,
    positive(`weight decay on layer W${i + 1} in λ_W${i + 1}/(2K)||W${i + 1}||² (required for every layer up to L)`, {
      optional: true,
      sample: [1e-3, 1],
    }),
  ]),
);

export const deepUfmParameters: ParameterSpecs = {
  K: integer('number of classes', { min: 2, sample: [2, 6] }),
  n: integer('samples per class (balanced)', { min: 1, optional: true, sample: [1, 4] }),
  classSizes: integerArray('samples in each class (imbalanced); replaces n', { min: 1, optional: true, sample: [1, 4] }),
  d: integer('width of every hidden layer and of the features', { min: 1, sample: [2, 16] }),
  L: integer('number of weight layers W1 … WL (WL is the classifier)', { min: 1, max: MAX_LAYERS, sample: [2, 4] }),
  lambdaH: positive('weight decay on the free features H1 in λ_H/(2N)||H1||²', { sample: [1e-3, 1] }),
  ...layerWeights,
  lambdaB: nonNegative('classifier bias: absent = none, 0 = unregularized, > 0 = λ_b/(2K)||b||²', { optional: true }),
};

export interface DeepConfig {
  readonly K: number;
  readonly classSizes: number[];
  readonly N: number;
  readonly d: number;
  readonly L: number;
  readonly lambdaH: number;
  /** λ_{W_1} … λ_{W_L}. */
  readonly lambdaW: number[];
  readonly lambdaB?: number;
}

export function deepConfigOf(regime: Regime, owner: string): DeepConfig {
  const r = validateRegime(deepUfmParameters, regime, owner) as Record<string, number | number[] | undefined>;

  const L = r.L as number;
  const lambdaW: number[] = [];
  for (let l = 1; l <= MAX_LAYERS; l++) {
    const v = r[`lambdaW${l}`];
    if (l <= L && v === undefined) throw new RegimeError(`lambdaW${l}`, `a finite number > 0 (the model has L = ${L} layers)`, v);
    if (l > L && v !== undefined) throw new RegimeError(`lambdaW${l}`, `nothing: the model has only L = ${L} layers`, v);
    if (l <= L) lambdaW.push(v as number);
  }
  const classSizes = exclusiveClassSizes(regime);
  return {
    K: r.K as number,
    classSizes,
    N: classSizes.reduce((s, v) => s + v, 0),
    d: r.d as number,
    L,
    lambdaH: r.lambdaH as number,
    lambdaW,
    lambdaB: r.lambdaB as number | undefined,
  };
}

/** Penalty factors: λ_W ↦ λ_W·w, λ_H ↦ λ_H·h, λ_b ↦ λ_b·w (TB22: w = 1/K, h = 1/N; Zhu: 1). */
function penaltyScales(c: DeepConfig, loss: DeepLoss): { w: number; h: number } {
  return loss === 'mse' ? { w: 1 / c.K, h: 1 / c.N } : { w: 1, h: 1 };
}

/** Block layout: [H1, W1, …, WL, b?]; each block's metric undoes its normalization (cf. ufm-mse, ufm-ce). */
function blockSpecs(c: DeepConfig, loss: DeepLoss): BlockSpec[] {
  const wMetric = loss === 'mse' ? c.K : 1;
  const blocks: BlockSpec[] = [{ name: 'H1', rows: c.d, cols: c.N, metric: c.N }];
  for (let l = 1; l <= c.L; l++) blocks.push({ name: `W${l}`, rows: l === c.L ? c.K : c.d, cols: c.d, metric: wMetric });
  if (c.lambdaB !== undefined) blocks.push({ name: 'b', rows: c.K, cols: 1, metric: 1 / (1 + c.lambdaB * penaltyScales(c, loss).w) });
  return blocks;
}

function objectiveOf<T>(backend: Backend<T>, c: DeepConfig, activation: Activation, lossKind: DeepLoss): Objective<T> {
  const Y = backend.upload(labelMatrix(c.classSizes));
  const ones = backend.upload(mat(1, c.N, new Float64Array(c.N).fill(1)));
  const { w, h } = penaltyScales(c, lossKind);
  const act = (x: T): T => (activation === 'relu' ? backend.relu(x) : x);
  const forward = (p: readonly T[]) => {
    const pre: T[] = [];
    const acts: T[] = [p[0]];
    for (let l = 1; l < c.L; l++) {
      const x = backend.matmul(p[l], acts[l - 1]);
      pre.push(x);
      acts.push(act(x));
    }
    let out = backend.matmul(p[c.L], acts[c.L - 1]);
    if (c.lambdaB !== undefined) out = backend.addColumn(out, p[c.L + 1]);
    return { pre, acts, out };
  };
  // MSE: 1/(2N)||Z − Y||², ∂/∂Z = (Z − Y)/N. CE: (1^T lse(Z) − <Y, Z>)/N, ∂/∂Z = (softmax(Z) − Y)/N.
  const fit = (Z: T): number =>
    lossKind === 'mse' ? backend.sumSquares(backend.sub(Z, Y)) / (2 * c.N) : (backend.dot(backend.logSumExpColumns(Z), ones) - backend.dot(Y, Z)) / c.N;
  const fitGradient = (Z: T): T => backend.scale(backend.sub(lossKind === 'mse' ? Z : backend.softmaxColumns(Z), Y), 1 / c.N);
  const penalty = (p: readonly T[]): number => {
    let s = ((c.lambdaH * h) / 2) * backend.sumSquares(p[0]);
    for (let l = 1; l <= c.L; l++) s += ((c.lambdaW[l - 1] * w) / 2) * backend.sumSquares(p[l]);
    if (c.lambdaB !== undefined) s += ((c.lambdaB * w) / 2) * backend.sumSquares(p[c.L + 1]);
    return s;
  };
  return {
    loss: (p) => fit(forward(p).out) + penalty(p),
    lossAndGradient(p) {
      const { pre, acts, out } = forward(p);
      const loss = fit(out) + penalty(p);
      const gradient: T[] = new Array<T>(p.length);
      let G = fitGradient(out);
      if (c.lambdaB !== undefined) gradient[c.L + 1] = backend.axpy(1, backend.rowSums(G), backend.scale(p[c.L + 1], c.lambdaB * w));
      for (let l = c.L; l >= 1; l--) {
        gradient[l] = backend.axpy(1, backend.matmul(G, acts[l - 1], { transposeB: true }), backend.scale(p[l], c.lambdaW[l - 1] * w));
        const GA = backend.matmul(p[l], G, { transposeA: true });
        G = l > 1 && activation === 'relu' ? backend.reluBackward(pre[l - 2], GA) : GA;
      }
      gradient[0] = backend.axpy(1, G, backend.scale(p[0], c.lambdaH * h));
      return { loss, gradient };
    },
    dispose: () => {
      backend.dispose(Y);
      backend.dispose(ones);
    },
    // The same arithmetic without the per-kernel overhead, bit for bit (ufm-deep-fused.ts); cpu-f64 is
    // the float64 backend whose kernels it replicates.
    flat: backend.dtype === 'float64' ? deepFusedObjective(c, activation, lossKind) : undefined,
  };
}

/** The features entering every layer, on the host: A_0 = H1, A_l = σ(W_l A_{l−1}). */
export function layerFeatures(c: DeepConfig, params: readonly Mat[], activation: Activation): LayerFeatures[] {
  const layers: LayerFeatures[] = [];
  let A = params[0];
  for (let l = 1; l <= c.L; l++) {
    layers.push({ name: `H${l}`, weightName: `W${l}`, H: A, W: params[l] });
    if (l < c.L) {
      const X = matmul(params[l], A);
      A = activation === 'relu' ? { rows: X.rows, cols: X.cols, data: X.data.map((v) => (v > 0 ? v : 0)) } : X;
    }
  }
  return layers;
}

function relativeGap(left: Mat, right: Mat): number {
  const size = Math.max(frobeniusNorm(left), frobeniusNorm(right));
  return size === 0 ? 0 : frobeniusNorm(sub(left, right)) / size;
}

function diagonalOf(m: Mat): Mat {
  return { rows: 1, cols: m.rows, data: Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols + i]) };
}

const NORMALIZATIONS: Record<`${DeepLoss}-${Activation}`, string> = {
  'mse-relu':
    '1/(2N)||W_L σ(W_{L−1} ⋯ σ(W_1 H_1)) (+ b 1^T) − Y||_F^2 + Σ_l λ_Wl/(2K)||W_l||_F^2 + λ_H/(2N)||H_1||_F^2 (+ λ_b/(2K)||b||^2), σ = ReLU',
  'mse-linear': '1/(2N)||W_L ⋯ W_1 H_1 (+ b 1^T) − Y||_F^2 + Σ_l λ_Wl/(2K)||W_l||_F^2 + λ_H/(2N)||H_1||_F^2 (+ λ_b/(2K)||b||^2)',
  'ce-linear': '(1/N) Σ_{k,i} CE(W_L ⋯ W_1 h_{k,i} (+ b), k) + Σ_l λ_Wl/2||W_l||_F^2 + λ_H/2||H_1||_F^2 (+ λ_b/2||b||^2)',
  'ce-relu': '(1/N) Σ_{k,i} CE(W_L σ(⋯ σ(W_1 h_{k,i})) (+ b), k) + Σ_l λ_Wl/2||W_l||_F^2 + λ_H/2||H_1||_F^2 (+ λ_b/2||b||^2)',
};

function deepModel(id: string, activation: Activation, title: string, lossKind: DeepLoss = 'mse'): Model {
  const owner = `model ${id}`;
  const config = (regime: Regime): DeepConfig => deepConfigOf(regime, owner);
  return {
    id,
    title,
    normalization: NORMALIZATIONS[`${lossKind}-${activation}`],
    parameters: deepUfmParameters,
    checkRegime: (regime) => void config(regime),
    blocks: (regime) => blockSpecs(config(regime), lossKind),
    objective: (backend, regime) => objectiveOf(backend, config(regime), activation, lossKind),
    view(regime, params) {
      const c = config(regime);
      const layers = layerFeatures(c, params, activation);
      const top = layers[c.L - 1];
      return { W: top.W, H: top.H, b: c.lambdaB === undefined ? undefined : params[c.L + 1], classSizes: c.classSizes, layers };
    },
    criticalPointResiduals(regime, params) {
      // Linear: every critical point is balanced, (λ_{l+1}/K) W_{l+1}^T W_{l+1} = (λ_l/K) W_l W_l^T and
      // (λ_1/K) W_1^T W_1 = (λ_H/N) H_1 H_1^T. ReLU keeps only the per-unit (diagonal) form of these
      // identities, because a hidden unit can only be rescaled positively (§1.4).
      const c = config(regime);
      const { w, h } = penaltyScales(c, lossKind);
      const pick = activation === 'relu' ? diagonalOf : (m: Mat) => m;
      let worst = relativeGap(
        pick(scale(matmul(transpose(params[1]), params[1]), c.lambdaW[0] * w)),
        pick(scale(matmul(params[0], transpose(params[0])), c.lambdaH * h)),
      );
      for (let l = 1; l < c.L; l++) {
        const upper = scale(matmul(transpose(params[l + 1]), params[l + 1]), c.lambdaW[l] * w);
        const lower = scale(matmul(params[l], transpose(params[l])), c.lambdaW[l - 1] * w);
        worst = Math.max(worst, relativeGap(pick(upper), pick(lower)));
      }
      return { balancedness: worst };
    },
    certify:
      activation === 'linear' && lossKind === 'mse'
        ? (regime) => {
            const c = config(regime);
            return certifyDeepLinear({ classSizes: c.classSizes, d: c.d, lambdaW: c.lambdaW, lambdaH: c.lambdaH, lambdaB: c.lambdaB });
          }
        : undefined,
  };
}

export const deepLinearUfm = deepModel(
  'ufm-deep-linear',
  'linear',
  'Depth-m linear MSE UFM (TB22-E for L = 2, DER-DL in general), TB22 normalization, optional classifier bias',
);

/** GK's setting with linear σ: not convex for L ≥ 2, so no certificate. */
export const deepLinearCeUfm = deepModel(
  'ufm-deep-linear-ce',
  'linear',
  'Deep linear cross-entropy UFM (GK, linear σ), Zhu normalization, no certificate',
  'ce',
);

export const deepReluUfm = deepModel(
  'ufm-deep-relu',
  'relu',
  'Deep ReLU MSE UFM (TB22-R for L = 2; the SML23/SML24 DUFM), TB22 normalization, no certificate',
);
