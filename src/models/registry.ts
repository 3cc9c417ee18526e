// Models by id. Theorems name their model by id; `train <modelId>` looks it up here.
import { UsageError } from '../errors.ts';
import type { Model } from './model.ts';
import { mseUfm } from './ufm-mse.ts';

const models: readonly Model[] = [mseUfm];

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
