// The theorems a command sees: the built-in library (theorems/, composed here:
// the CLI is where the built-in library meets the engine) plus any --theorems files.
import { builtinModule, builtinTheorems, suiteTheorems } from '../../theorems/index.ts';
import { builtinClaims } from '../../theorems/empirical/index.ts';
import type { EmpiricalClaim } from '../empirical/claim.ts';
import { UsageError } from '../errors.ts';
import type { Theorem } from '../theorem/define.ts';
import { loadLibrary as loadWith, type Library as TheoremLibrary } from '../theorem/library.ts';
import { selectForRun, type BrokenTheorem } from '../theorem/registry.ts';

/** The theorems plus the built-in empirical claims (theorems/empirical) and the consistency suite. */
export interface Library extends TheoremLibrary {
  readonly claims: readonly EmpiricalClaim[];
  /** Built-in entries checked against each other ("A_vs_B", theorems/consistency.ts): run by --suite consistency or all, or by id. */
  readonly consistency: readonly Theorem[];
}

/** The module worker threads import to find the built-in theorems. */
export const BUILTIN_MODULE = builtinModule;

export async function loadLibrary(files: readonly string[] = []): Promise<Library> {
  return { ...(await loadWith(files, { theorems: builtinTheorems })), claims: builtinClaims, consistency: suiteTheorems };
}

export type Suite = 'theorems' | 'empirical' | 'consistency' | 'all';

/**
 * What `verify` runs: the ids given (theorems and empirical claims alike),
 * plus the --suite's members; with neither, the theorems (the empirical
 * claims train real networks for minutes: they run when asked for).
 */
export function selectClaims(
  library: Library,
  ids: readonly string[],
  suite: Suite | undefined,
): { theoremIds: string[]; claims: EmpiricalClaim[]; allTheorems: boolean; consistency: boolean } {
  const claimIds = new Set(library.claims.map((c) => c.id));
  const known = new Set([...library.theorems.map((t) => t.id), ...library.consistency.map((t) => t.id), ...library.broken.map((b) => b.id), ...claimIds]);
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new UsageError(`theorem: unknown id "${unknown}" (known: ${[...library.theorems.map((t) => t.id), ...claimIds, ...library.consistency.map((t) => t.id)].join(', ')})`);
  }
  const effective = suite ?? (ids.length === 0 ? 'theorems' : undefined);
  const claims = library.claims.filter((c) => ids.includes(c.id) || effective === 'empirical' || effective === 'all');
  const theoremIds = ids.filter((id) => !claimIds.has(id));
  return { theoremIds, claims, allTheorems: effective === 'theorems' || effective === 'all', consistency: effective === 'consistency' || effective === 'all' };
}

/** The theorems a verify run evaluates: the whole library, the consistency suite, and the ids given, each once. */
export function theoremsForRun(library: Library, pick: ReturnType<typeof selectClaims>): { theorems: Theorem[]; broken: BrokenTheorem[] } {
  const all = pick.allTheorems ? selectForRun(library.theorems, [], library.broken) : { theorems: [], broken: [] };
  const byId = pick.theoremIds.length > 0 ? selectForRun([...library.theorems, ...library.consistency], pick.theoremIds, library.broken) : { theorems: [], broken: [] };
  const theorems: Theorem[] = [];
  for (const t of [...all.theorems, ...(pick.consistency ? library.consistency : []), ...byId.theorems]) if (!theorems.some((x) => x.id === t.id)) theorems.push(t);
  const broken: BrokenTheorem[] = [];
  for (const b of [...all.broken, ...byId.broken]) if (!broken.some((x) => x.id === b.id)) broken.push(b);
  return { theorems, broken };
}

/** A one-line refusal for commands that need a closed form (predict, explore) when given a claim id. */
export function refuseClaim(library: Library, id: string, command: string): void {
  if (library.claims.some((c) => c.id === id)) {
    throw new UsageError(`${command}: "${id}" is an empirical claim about trained networks: it has no closed-form prediction or regimes; run it with nc-check verify ${id}`);
  }
}
