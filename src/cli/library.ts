// The theorems a command sees: the built-in library plus any --theorems files.
// Theorems that cannot run (see registry.ts) are kept aside with their message.
import { builtinTheorems } from '../../theorems/index.ts';
import type { Theorem } from '../theorem/define.ts';
import { checkLibrary, importTheoremFile, type BrokenTheorem } from '../theorem/registry.ts';

export interface Library {
  readonly theorems: Theorem[];
  /** The file each user theorem came from (for replay commands). */
  readonly fileOf: ReadonlyMap<string, string>;
  /** User theorems that cannot run, with the reason. */
  readonly broken: readonly BrokenTheorem[];
}

export async function loadLibrary(files: readonly string[] = []): Promise<Library> {
  checkLibrary(builtinTheorems);
  const fileOf = new Map<string, string>();
  const theorems: Theorem[] = [...builtinTheorems];
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
