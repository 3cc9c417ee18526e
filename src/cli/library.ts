// The theorems a command sees: the built-in library (theorems/, composed here:
// the CLI is where the built-in library meets the engine) plus any --theorems files.
import { builtinModule, builtinTheorems } from '../../theorems/index.ts';
import { builtinClaims } from '../../theorems/empirical/index.ts';
import type { EmpiricalClaim } from '../empirical/claim.ts';
import { UsageError } from '../errors.ts';
import { loadLibrary as loadWith, type Library as TheoremLibrary } from '../theorem/library.ts';

/** The theorems plus the built-in empirical claims (theorems/empirical). */
export interface Library extends TheoremLibrary {
  readonly claims: readonly EmpiricalClaim[];
}

/** The module worker threads import to find the built-in theorems. */
export const BUILTIN_MODULE = builtinModule;

export async function loadLibrary(files: readonly string[] = []): Promise<Library> {
  return { ...(await loadWith(files, { theorems: builtinTheorems })), claims: builtinClaims };
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
