// The theorems a run sees: a built-in library (composed by the caller — the CLI
// passes theorems/, a worker thread imports the module that exports it) plus
// the user's theorem files. Theorems that cannot run (see registry.ts) are
// kept aside with their message.
import type { Theorem } from './define.ts';
import { checkLibrary, importTheoremFile, type BrokenTheorem } from './registry.ts';

export interface Library {
  readonly theorems: Theorem[];
  /** The file each user theorem came from (for replay commands). */
  readonly fileOf: ReadonlyMap<string, string>;
  /** User theorems that cannot run, with the reason. */
  readonly broken: readonly BrokenTheorem[];
}

export interface Builtins {
  readonly theorems: readonly Theorem[];
}

export async function loadLibrary(files: readonly string[] = [], builtins: Builtins = { theorems: [] }): Promise<Library> {
  checkLibrary(builtins.theorems);
  const fileOf = new Map<string, string>();
  const theorems: Theorem[] = [...builtins.theorems];
  const broken: BrokenTheorem[] = [];
  for (const f of files) {
    const loaded = await importTheoremFile(f);
    broken.push(...loaded.broken);
    for (const t of loaded.theorems) {
      const clash = theorems.some((x) => x.id === t.id) ? 'defined twice (built in, or in another --theorems file)' : undefined;
      if (clash !== undefined) {
        broken.push({ id: `${t.id} (${f})`, file: f, message: `theorem id "${t.id}" is ${clash}` });
        continue;
      }
      theorems.push(t);
      fileOf.set(t.id, f);
    }
  }
  return { theorems, fileOf, broken };
}

/**
 * The built-in theorems a module exports as `builtinTheorems`, and those it exports as `suiteTheorems` (run
 * only when their suite is selected): how a worker thread finds the library its run was given.
 */
export async function importBuiltins(module: string | undefined): Promise<Builtins> {
  if (module === undefined) return { theorems: [] };
  const loaded = (await import(module)) as { builtinTheorems?: readonly Theorem[]; suiteTheorems?: readonly Theorem[] };
  return { theorems: [...(loaded.builtinTheorems ?? []), ...(loaded.suiteTheorems ?? [])] };
}
