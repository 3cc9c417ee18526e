// The theorems a command sees: the built-in library plus any --theorems files.
import { builtinTheorems } from '../../theorems/index.ts';
import type { Theorem } from '../theorem/define.ts';
import { checkLibrary, loadTheoremFile } from '../theorem/registry.ts';

export interface Library {
  readonly theorems: Theorem[];
  /** The file each user theorem came from (for replay commands). */
  readonly fileOf: ReadonlyMap<string, string>;
}

export async function loadLibrary(files: readonly string[] = []): Promise<Library> {
  const fileOf = new Map<string, string>();
  const extra: Theorem[] = [];
  for (const f of files) {
    for (const t of await loadTheoremFile(f)) {
      extra.push(t);
      fileOf.set(t.id, f);
    }
  }
  const theorems = [...builtinTheorems, ...extra];
  checkLibrary(theorems);
  return { theorems, fileOf };
}
