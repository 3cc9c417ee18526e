// `nc-check train <modelId> --regime '<json>'`: train from random
// initialization and report the endpoint's rotation-invariant quantities and
// NC metrics next to the model's certified global minimum.
import type { Backend } from '../backend/backend.ts';
import { measure, scalarMetrics } from '../measure/measurements.ts';
import { layerGrams } from '../measure/layers.ts';
import { getModel } from '../models/registry.ts';
import { validateRegime } from '../regime/parameters.ts';
import type { Regime } from '../regime/regime.ts';
import { toJson } from '../report/writer.ts';
import { DEFAULT_TRAIN_OPTIONS, trainRestarts, type TrainOptions } from '../train/train.ts';
import type { Io } from '../io.ts';
import { formatMatrix, quantitiesToJson } from './json.ts';
import { regimeJson } from './parse.ts';

export interface TrainCommandOptions extends Partial<TrainOptions> {
  readonly regime: string;
  readonly json?: boolean;
}

export function trainCommand<T>(backend: Backend<T>, modelId: string, options: TrainCommandOptions, io: Io): number {
  const model = getModel(modelId);
  const regime = validateRegime(model.parameters, regimeJson(options.regime), `model ${model.id}`) as Regime;
  model.checkRegime(regime);
  const train: TrainOptions = {
    ...DEFAULT_TRAIN_OPTIONS,
    restarts: 1,
    ...Object.fromEntries(Object.entries(options).filter(([k, v]) => v !== undefined && k !== 'regime' && k !== 'json')),
  };
  const certificate = model.certify?.(regime);
  const restarts = trainRestarts(backend, model, regime, train);
  const converged = restarts.filter((r) => r.status === 'converged');
  const best = (converged.length > 0 ? converged : restarts).reduce((a, b) => (b.loss < a.loss ? b : a));
  const m = measure(model.view(regime, best.params), best.loss, model.criticalPointResiduals(regime, best.params));
  const result = {
    model: model.id,
    regime,
    backend: backend.name,
    dtype: backend.dtype,
    seed: train.seed,
    optimizer: train.optimizer,
    restart: best.restart,
    status: best.status,
    reason: best.reason,
    loss: best.loss,
    gradNorm: best.gradNorm,
    iterations: best.iterations,
    evaluations: best.evaluations,
    seconds: best.seconds,
    ...quantitiesToJson({ WWt: m.WWt, HbarTHbar: m.HbarTHbar, WHbar: m.WHbar, b: m.b }),
    // Layered models: per-layer Grams under the names predict uses (W1W1t, H1barTH1bar, W1H1bar, …).
    ...(m.layers === undefined ? {} : quantitiesToJson(layerGrams(m.layers))),
    metrics: scalarMetrics(m),
    certifiedLoss: certificate?.loss,
    gapToCertified: certificate === undefined ? undefined : best.loss - certificate.loss,
    certificate: certificate === undefined ? undefined : { loss: certificate.loss, unique: certificate.unique, method: certificate.method },
    restarts: restarts.map(({ params: _params, trace: _trace, ...summary }) => summary),
  };
  if (options.json === true) {
    io.out(`${toJson(result, 2)}\n`);
    return 0;
  }
  io.out(`${model.id} at ${JSON.stringify(regime)} on ${backend.name} (${train.optimizer}, ${train.restarts} restart(s), seed ${train.seed})\n`);
  for (const r of restarts) {
    io.out(`  restart ${r.restart}: ${r.status} — L = ${r.loss}, ||∇L||_P = ${r.gradNorm.toExponential(2)}, ${r.iterations} iterations, ${r.seconds.toFixed(3)} s\n`);
  }
  if (certificate !== undefined) io.out(`  certified global minimum: ${certificate.loss} (${certificate.method})\n`);
  io.out(`  W W^T =\n${formatMatrix(m.WWt)}\n  H̄^T H̄ =\n${formatMatrix(m.HbarTHbar)}\n  W H̄ =\n${formatMatrix(m.WHbar)}\n`);
  io.out(`  NC1 (Tr Σ_W/Tr Σ_B) = ${m.nc1TraceRatio.toExponential(3)}, rank W H̄ = ${m.rankWHbar}\n`);
  for (const l of m.layers ?? []) {
    io.out(`  layer ${l.name}: ÑC1 = ${l.nc1TraceRatio.toExponential(3)}; ${l.name}bar^T ${l.name}bar =\n${formatMatrix(l.HbarTHbar)}\n`);
  }
  return 0;
}
