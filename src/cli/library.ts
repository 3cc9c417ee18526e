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

/** `builtin` (alias `theorems`): the built-in theorems; `empirical`: the claims about trained networks; `consistency`: built-in theorems checked against each other; `all`: every one. */
export type Suite = 'builtin' | 'theorems' | 'empirical' | 'consistency' | 'all';

export interface RunSelection {
  /** Theorem ids named on the command line. */
  readonly theoremIds: string[];
  readonly claims: EmpiricalClaim[];
  /** Every built-in theorem runs (--suite builtin or all, or no ids and no --theorems file). */
  readonly builtin: boolean;
  /** Every theorem of the --theorems files runs (no ids given). */
  readonly fromFiles: boolean;
  /** The consistency suite runs (--suite consistency or all, and the default run: no ids, no --suite, no files). */
  readonly consistency: boolean;
}

/**
 * What `verify` runs: the ids given (theorems and empirical claims alike),
 * plus the --suite's members. With no id, the --theorems files' theorems when
 * files are given, else the built-in theorems and the consistency suite (the
 * empirical claims train real networks for minutes: they run when asked for).
 */
export function selectClaims(library: Library, ids: readonly string[], suite: Suite | undefined, files: readonly string[] = []): RunSelection {
  const claimIds = new Set(library.claims.map((c) => c.id));
  const known = new Set([...library.theorems.map((t) => t.id), ...library.consistency.map((t) => t.id), ...library.broken.map((b) => b.id), ...claimIds]);
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined) {
    throw new UsageError(`theorem: unknown id "${unknown}" (known: ${[...library.theorems.map((t) => t.id), ...claimIds, ...library.consistency.map((t) => t.id)].join(', ')})`);
  }
  const fromFiles = ids.length === 0 && files.length > 0;
  const effective = suite ?? (ids.length === 0 && !fromFiles ? 'builtin' : undefined);
  const claims = library.claims.filter((c) => ids.includes(c.id) || effective === 'empirical' || effective === 'all');
  const theoremIds = ids.filter((id) => !claimIds.has(id));
  // The default run (no ids, no --suite, no files) adds the consistency suite: it compares closed forms
  // only (milliseconds per regime, 20 regimes per relation), and a wrong prediction or normalization
  // conversion shows there first. An explicit `--suite builtin` is the theorems alone.
  const byDefault = suite === undefined && effective === 'builtin';
  return {
    theoremIds,
    claims,
    builtin: effective === 'builtin' || effective === 'theorems' || effective === 'all',
    fromFiles,
    consistency: byDefault || effective === 'consistency' || effective === 'all',
  };
}

/** The theorems (and broken user theorems) a verify run evaluates, each once: the suites', the files', the ids given. */
export function selectedTheorems(library: Library, pick: RunSelection): { theorems: Theorem[]; broken: BrokenTheorem[] } {
  const named = pick.theoremIds.length > 0 ? selectForRun([...library.theorems, ...library.consistency], pick.theoremIds, library.broken) : { theorems: [], broken: [] };
  const candidates = [
    ...library.theorems.filter((t) => (pick.builtin && !library.fileOf.has(t.id)) || (pick.fromFiles && library.fileOf.has(t.id))),
    ...(pick.consistency ? library.consistency : []),
    ...named.theorems,
  ];
  const theorems: Theorem[] = [];
  for (const t of candidates) if (!theorems.some((x) => x.id === t.id)) theorems.push(t);
  const broken = library.broken.filter((b) => named.broken.includes(b) || pick.fromFiles);
  return { theorems, broken };
}

/** A one-line refusal for commands that need a closed form (predict, explore) when given a claim id. */
export function refuseClaim(library: Library, id: string, command: string): void {
  if (library.claims.some((c) => c.id === id)) {
    throw new UsageError(`${command}: "${id}" is an empirical claim about trained networks: it has no closed-form prediction or regimes; run it with nc-check verify ${id}`);
  }
}
