// The configuration shared by the single-layer UFMs (ufm-mse, ufm-ce): a
// validated regime with its class sizes resolved. Each model keeps its own
// parameter specs (and so its own normalization of λ_W, λ_H, λ_b).
import { validateRegime, type ParameterSpecs } from '../regime/parameters.ts';
import { exclusiveClassSizes, type Regime } from '../regime/regime.ts';

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
  const classSizes = exclusiveClassSizes(regime);
  return {
    K: r.K as number,
    classSizes,
    N: classSizes.reduce((s, v) => s + v, 0),
    d: r.d as number,
    lambdaW: r.lambdaW as number,
    lambdaH: r.lambdaH as number,
    lambdaB: r.lambdaB,
  };
}
