// Collecting theorems: the built-in library plus user files given with
// --theorems. A theorem file is code and runs with the user's rights, like a
// test file; it is imported, its exports checked, and every problem reported
// as a usage error naming the file.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.ts';
import { getModel } from '../models/registry.ts';
import { defineTheorem, type Theorem } from './define.ts';

/** Cross-checks a theorem against its model: the model exists and knows every regime key. */
export function checkTheorem(theorem: Theorem): void {
  const model = getModel(theorem.model);
  for (const key of Object.keys(theorem.parameters)) {
    if (!(key in model.parameters)) {
      throw new UsageError(
        `theorem "${theorem.id}": parameter "${key}" is not a regime key of model ${model.id} (known: ${Object.keys(model.parameters).join(', ')})`,
      );
    }
  }
}

export function checkLibrary(theorems: readonly Theorem[]): void {
  const ids = new Set<string>();
  for (const t of theorems) {
    if (ids.has(t.id)) throw new UsageError(`theorem id "${t.id}" is defined twice`);
    ids.add(t.id);
    checkTheorem(t);
  }
}

function looksLikeTheorem(v: unknown): v is Theorem {
  return typeof v === 'object' && v !== null && 'id' in v && 'clauses' in v && 'predict' in v;
}

/** Imports a theorem file; its default export (one theorem or an array) and any theorem-shaped named exports count. */
export async function loadTheoremFile(file: string): Promise<Theorem[]> {
  const url = pathToFileURL(resolve(file)).href;
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UsageError(`--theorems ${file}: cannot load (${message})`);
  }
  const exported = Object.values(module).flatMap((v) => (Array.isArray(v) ? v : [v]));
  const theorems = [...new Set(exported.filter(looksLikeTheorem))];
  if (theorems.length === 0) {
    throw new UsageError(`--theorems ${file}: exports no theorem (export default defineTheorem({...}))`);
  }
  return theorems.map((t) => {
    const checked = defineTheorem(t as never);
    checkTheorem(checked);
    return checked;
  });
}

export function selectTheorems(all: readonly Theorem[], ids: readonly string[]): Theorem[] {
  if (ids.length === 0) return [...all];
  return ids.map((id) => {
    const t = all.find((x) => x.id === id);
    if (t === undefined) throw new UsageError(`theorem: unknown id "${id}" (known: ${all.map((x) => x.id).join(', ')})`);
    return t;
  });
}
