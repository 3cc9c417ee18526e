// A model in another normalization, obtained from an existing one through the
// §1.3 conversion of docs/theorems.md instead of a second copy of the
// objective. The conversion maps the regime's weights to the base model's and
// must leave the objective's *value* unchanged (the fit terms coincide; only the
// penalties are re-expressed), so losses, solutions, gradients, measurements
// and certificates of the base model carry over as they are. A test checks the
// identity of the two objectives at random points.
import { validateRegime, type ParameterSpecs } from '../regime/parameters.ts';
import type { Regime } from '../regime/regime.ts';
import type { Model } from './model.ts';

export interface Renormalization {
  readonly id: string;
  readonly title: string;
  readonly normalization: string;
  readonly parameters: ParameterSpecs;
  /** The same problem in the base model's regime keys and normalization. */
  toBase(regime: Regime): Regime;
}

export function renormalized(base: Model, spec: Renormalization): Model {
  const convert = (regime: Regime): Regime => {
    const r = validateRegime(spec.parameters, regime, `model ${spec.id}`) as Regime;
    const converted = spec.toBase(r);
    base.checkRegime(converted);
    return converted;
  };
  return {
    id: spec.id,
    title: spec.title,
    normalization: spec.normalization,
    parameters: spec.parameters,
    checkRegime: (regime) => void convert(regime),
    blocks: (regime) => base.blocks(convert(regime)),
    objective: (backend, regime) => base.objective(backend, convert(regime)),
    view: (regime, params) => base.view(convert(regime), params),
    criticalPointResiduals: (regime, params) => base.criticalPointResiduals(convert(regime), params),
    certify: base.certify === undefined ? undefined : (regime) => base.certify!(convert(regime)),
  };
}
