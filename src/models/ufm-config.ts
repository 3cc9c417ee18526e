// The configuration shared by the single-layer UFMs (ufm-mse, ufm-ce): a
// validated regime with its class sizes resolved. Each model keeps its own
// parameter specs (and so its own normalization of λ_W, λ_H, λ_b).
import { RegimeError } from '../errors.ts';
import { validateRegime, type ParameterSpecs } from '../regime/parameters.ts';
import { exclusiveClassSizes, type Regime } from '../regime/regime.ts';

/**
 * Entries one parameter or label matrix may have (W is K×d, H is d×N, Y is
 * K×N): 8 MB in float64. Larger regimes are refused with a message rather than
 * left to exhaust memory or run for days.
 */
export const MAX_MATRIX_ENTRIES = 1_000_000;

export function checkSize(name: string, rows: number, cols: number, hint: string): void {
  if (rows * cols > MAX_MATRIX_ENTRIES) {
    throw new RegimeError(hint, `a regime whose ${name} has at most ${MAX_MATRIX_ENTRIES} entries (nc-check's size bound)`, `${rows}×${cols} = ${rows * cols}`);
  }
}

export interface UfmConfig {
  readonly K: number;
  readonly classSizes: number[];
  readonly N: number;
  readonly d: number;
  readonly lambdaW: number;
  readonly lambdaH: number;
  /** undefined: no bias; 0: unregularized; > 0: ridge. */
  readonly lambdaB?: number;
}

export function ufmConfig(specs: ParameterSpecs, regime: Regime, owner: string): UfmConfig {
  const r = validateRegime(specs, regime, owner) as Record<string, number | undefined>;
  const K = r.K as number;
  const d = r.d as number;
  checkSize('label matrix Y (K×K)', K, K, 'K');
  checkSize('classifier W (K×d)', K, d, 'd');
  const classSizes = exclusiveClassSizes(regime);
  const N = classSizes.reduce((s, v) => s + v, 0);
  const sizesKey = regime.classSizes === undefined ? 'n' : 'classSizes';
  checkSize('features H (d×N)', d, N, sizesKey);
  checkSize('label matrix Y (K×N)', K, N, sizesKey);
  return {
    K,
    classSizes,
    N,
    d,
    lambdaW: r.lambdaW as number,
    lambdaH: r.lambdaH as number,
    lambdaB: r.lambdaB,
  };
}
