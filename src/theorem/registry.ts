// Collecting theorems: the built-in library plus user files given with
// --theorems. A theorem file is code and runs with the user's rights, like a
// test file; it is imported and its exports checked. A file that does not
// exist or exports no theorem is a usage error naming the file; a file whose
// code throws while loading, or a theorem inconsistent with its model, is a
// *broken* theorem: reported with its message (status error) while the other
// theorems run.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { bundleTheoremFile, TheoremFileError } from './bundle.ts';
import { getModel } from '../models/registry.ts';
import { defineTheorem, type Theorem } from './define.ts';
import type { ParameterSpec } from '../regime/parameters.ts';

/** A theorem that cannot run: its id (or its file, when the file did not load), and why. */
export interface BrokenTheorem {
  readonly id: string;
  readonly file: string;
  readonly message: string;
}

/** A parameter spec whose ranges contradict each other (e.g. a sampling range outside the valid one). */
function specProblem(name: string, spec: ParameterSpec): string | undefined {
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const [lo, hi] = Array.isArray(spec.sample) ? spec.sample : [Number.NaN, Number.NaN];
  if (!finite(lo) || !finite(hi) || lo > hi) return `parameter "${name}": sample range ${JSON.stringify(spec.sample)} is not [lo, hi] with finite lo ≤ hi`;
  if (spec.kind === 'fixed') return finite(spec.value) ? undefined : `parameter "${name}": fixed value ${String(spec.value)} is not a finite number`;
  if (!finite(spec.min) || (spec.max !== undefined && (!finite(spec.max) || spec.max < spec.min))) {
    return `parameter "${name}": valid range [${String(spec.min)}, ${String(spec.max ?? '∞')}] is empty or not finite`;
  }
  if (lo < spec.min || (spec.max !== undefined && hi > spec.max)) {
    return `parameter "${name}": sample range [${lo}, ${hi}] leaves its valid range (min ${spec.min}${spec.max === undefined ? '' : `, max ${spec.max}`})`;
  }
  return undefined;
}

/** Cross-checks a theorem against its model: the model exists and knows every regime key, and every parameter's ranges agree. */
export function checkTheorem(theorem: Theorem): void {
  const model = getModel(theorem.model);
  for (const [key, spec] of Object.entries(theorem.parameters)) {
    if (!Object.hasOwn(model.parameters, key)) {
      throw new UsageError(
        `theorem "${theorem.id}": parameter "${key}" is not a regime key of model ${model.id} (known: ${Object.keys(model.parameters).join(', ')})`,
      );
    }
    const problem = specProblem(key, spec);
    if (problem !== undefined) throw new UsageError(`theorem "${theorem.id}": ${problem}`);
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

const firstLine = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0] : String(e));

/**
 * Imports a theorem file; its default export (one theorem or an array) and any
 * theorem-shaped named exports count. Theorems that fail definition or the
 * model cross-check, and a file whose code throws while loading, come back as
 * broken (see the header).
 */
export async function importTheoremFile(file: string): Promise<{ theorems: Theorem[]; broken: BrokenTheorem[] }> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`--theorems ${file}: cannot load (no such file)`);
  let module: Record<string, unknown>;
  let url: string;
  try {
    url = await bundleTheoremFile(path);
  } catch (e) {
    // The file does not compile (syntax error, unresolvable import): file:line:col for each problem.
    if (e instanceof TheoremFileError) throw new UsageError(e.problems.join('; '));
    throw e;
  }
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    return { theorems: [], broken: [{ id: file, file, message: `--theorems ${file}: cannot load (${firstLine(e)})` }] };
  }
  const exported = Object.values(module).flatMap((v) => (Array.isArray(v) ? v : [v]));
  const candidates = [...new Set(exported.filter(looksLikeTheorem))];
  if (candidates.length === 0) {
    throw new UsageError(`--theorems ${file}: exports no theorem (export default defineTheorem({...}))`);
  }
  const theorems: Theorem[] = [];
  const broken: BrokenTheorem[] = [];
  for (const t of candidates) {
    try {
      const checked = defineTheorem(t as never);
      checkTheorem(checked);
      theorems.push(checked);
    } catch (e) {
      const id = typeof t.id === 'string' && t.id !== '' ? t.id : file;
      broken.push({ id, file, message: firstLine(e) });
    }
  }
  return { theorems, broken };
}

/** Imports a theorem file whose every theorem must load (a broken one is a usage error). */
export async function loadTheoremFile(file: string): Promise<Theorem[]> {
  const { theorems, broken } = await importTheoremFile(file);
  if (broken.length > 0) throw new UsageError(broken[0].message);
  return theorems;
}

export function selectTheorems(all: readonly Theorem[], ids: readonly string[], broken: readonly BrokenTheorem[] = []): Theorem[] {
  if (ids.length === 0) return [...all];
  return ids.map((id) => {
    const t = all.find((x) => x.id === id);
    if (t !== undefined) return t;
    const b = broken.find((x) => x.id === id);
    if (b !== undefined) throw new UsageError(`theorem "${id}" could not be loaded: ${b.message}`);
    throw new UsageError(`theorem: unknown id "${id}" (known: ${all.map((x) => x.id).join(', ')})`);
  });
}

/** `verify`'s selection: the runnable theorems and the broken ones among the ids (all of both when no id is given). */
export function selectForRun(all: readonly Theorem[], ids: readonly string[], broken: readonly BrokenTheorem[]): { theorems: Theorem[]; broken: BrokenTheorem[] } {
  if (ids.length === 0) return { theorems: [...all], broken: [...broken] };
  const chosen = broken.filter((b) => ids.includes(b.id));
  return { theorems: selectTheorems(all, ids.filter((id) => !chosen.some((b) => b.id === id))), broken: chosen };
}
