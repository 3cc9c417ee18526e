// Models by id. Theorems name their model by id; `train <modelId>` looks it up here.
import { UsageError } from '../errors.ts';
import type { Model } from './model.ts';
import { mseUfm } from './ufm-mse.ts';
import { deepLinearCeUfm, deepLinearUfm, deepReluUfm } from './ufm-deep.ts';
import { ceUfm } from './ufm-ce.ts';
import { zhouMseUfm } from './ufm-mse-zhou.ts';

const models: readonly Model[] = [mseUfm, zhouMseUfm, deepLinearUfm, deepReluUfm, ceUfm, deepLinearCeUfm];

export function listModels(): readonly Model[] {
  return models;
}

export function getModel(id: string): Model {
  const model = models.find((m) => m.id === id);
  if (model === undefined) {
    throw new UsageError(`model: unknown id "${id}" (known: ${models.map((m) => m.id).join(', ')})`);
  }
  return model;
}
