// The theorems a command sees: the built-in library plus any --theorems files.
// Theorems that cannot run (see registry.ts) are kept aside with their message.
import { builtinTheorems } from '../../theorems/index.ts';
import { builtinClaims } from '../../theorems/empirical/index.ts';
import type { EmpiricalClaim } from '../empirical/claim.ts';
import { UsageError } from '../errors.ts';
import type { Theorem } from '../theorem/define.ts';
import { checkLibrary, importTheoremFile, type BrokenTheorem } from '../theorem/registry.ts';

export interface Library {
  readonly theorems: Theorem[];
  /** The file each user theorem came from (for replay commands). */
  readonly fileOf: ReadonlyMap<string, string>;
  /** User theorems that cannot run, with the reason. */
  readonly broken: readonly BrokenTheorem[];
  /** The built-in empirical claims (theorems/empirical). */
  readonly claims: readonly EmpiricalClaim[];
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
  return { theorems, fileOf, broken, claims: builtinClaims };
}

export type Suite = 'theorems' | 'empirical' | 'all';

/**
 * What `verify` runs: the ids given (theorems and empirical claims alike),
 * plus the --suite's members; with neither, the theorems (the empirical
 * claims train real networks for minutes: they run when asked for).
 */
export function selectClaims(library: Library, ids: readonly string[], suite: Suite | undefined): { theoremIds: string[]; claims: EmpiricalClaim[]; allTheorems: boolean } {
  const claimIds = new Set(library.claims.map((c) => c.id));
  const known = new Set([...library.theorems.map((t) => t.id), ...library.broken.map((b) => b.id), ...claimIds]);
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new UsageError(`theorem: unknown id "${unknown}" (known: ${[...library.theorems.map((t) => t.id), ...claimIds].join(', ')})`);
  }
  const effective = suite ?? (ids.length === 0 ? 'theorems' : undefined);
  const claims = library.claims.filter((c) => ids.includes(c.id) || effective === 'empirical' || effective === 'all');
  const theoremIds = ids.filter((id) => !claimIds.has(id));
  return { theoremIds, claims, allTheorems: effective === 'theorems' || effective === 'all' };
}

/** A one-line refusal for commands that need a closed form (predict, explore) when given a claim id. */
export function refuseClaim(library: Library, id: string, command: string): void {
  if (library.claims.some((c) => c.id === id)) {
    throw new UsageError(`${command}: "${id}" is an empirical claim about trained networks: it has no closed-form prediction or regimes; run it with nc-check verify ${id}`);
  }
}
