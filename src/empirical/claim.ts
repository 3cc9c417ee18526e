// defineClaim: the authoring API for empirical claims — statements the papers
// make about real trained networks, which have no closed form to compare
// with. A claim names the experiments it needs (data, network, training, and
// where each hyperparameter comes from), how many seeds, and clauses; each
// clause turns one seed's runs into an effect oriented so that a positive
// value supports it, and its verdict is an exact sign test over the seeds
// (src/empirical/sign-test.ts), in the same status vocabulary as theorem
// clauses. Claims are pre-registered: the configuration, the effect and the
// level are fixed in the definition, before any run.
import { UsageError } from '../errors.ts';
import type { DataSpec } from '../data/spec.ts';
import type { NetworkSpec } from '../network/mlp.ts';
import type { NetworkRun, TrainingSpec } from '../network/train.ts';
import type { Provenance } from '../theorem/provenance.ts';
import type { NonClaim } from '../theorem/define.ts';

export interface Experiment {
  readonly label: string;
  readonly data: DataSpec;
  readonly network: NetworkSpec;
  readonly training: TrainingSpec;
  /** Where the hyperparameters come from (a paper, the reference, or a budget), in words. */
  readonly rationale: string;
}

/** One seed's trained runs, by experiment name. */
export type SeedRuns<E extends string = string> = Readonly<Record<E, NetworkRun>>;

export interface EmpiricalClause<E extends string = string> {
  readonly id: string;
  readonly kind: 'empirical';
  readonly statement: string;
  /** What one seed's effect is; a positive effect supports the statement. */
  readonly effect: string;
  /** The experiments the effect reads: a seed counts only when all of them reached the terminal phase. */
  readonly uses: readonly E[];
  value(runs: SeedRuns<E>): number;
  readonly provenance?: Provenance;
}

export interface SweepPlot<E extends string = string> {
  /** The swept parameter, e.g. "weight decay λ". */
  readonly label: string;
  readonly points: readonly { readonly experiment: E; readonly x: number; readonly series: string }[];
}

export interface ClaimSpec<E extends string> {
  /** Stable id, e.g. "XRLGP23-WD-COLLAPSE" (the reference's theorem id, then what is claimed). */
  readonly id: string;
  readonly title: string;
  readonly citation: string;
  /** kind 'empirical', with the source paper (and unverified where the reference says so). */
  readonly provenance: Provenance;
  /** The setting the claim is made in (what must hold for a seed to count). */
  readonly setting: string;
  readonly experiments: Readonly<Record<E, Experiment>>;
  /** Seeds in the default budget. */
  readonly seeds: number;
  /** Two-sided level of the median interval (default 0.95). */
  readonly level?: number;
  readonly clauses: readonly EmpiricalClause<NoInfer<E>>[] | ((c: { empirical: typeof empirical<NoInfer<E>> }) => readonly EmpiricalClause<NoInfer<E>>[]);
  readonly nonClaims?: readonly NonClaim[];
  /** Plots for the HTML view: per-layer metrics against epochs for these experiments, and a parameter sweep. */
  readonly plots?: { readonly curves?: readonly NoInfer<E>[]; readonly sweep?: SweepPlot<NoInfer<E>> };
}

/** The type-erased claim the runner and reports handle. */
export interface EmpiricalClaim {
  readonly id: string;
  readonly title: string;
  readonly citation: string;
  readonly provenance: Provenance;
  readonly setting: string;
  readonly experiments: Readonly<Record<string, Experiment>>;
  readonly seeds: number;
  readonly level: number;
  readonly clauses: readonly EmpiricalClause[];
  readonly nonClaims: readonly NonClaim[];
  readonly plots: { readonly curves?: readonly string[]; readonly sweep?: SweepPlot };
}

export function empirical<E extends string>(id: string, spec: Omit<EmpiricalClause<E>, 'id' | 'kind'>): EmpiricalClause<E> {
  return { ...spec, id, kind: 'empirical' };
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.+~_-]*$/;

/** Validates and returns a claim; throws UsageError naming the claim and the problem. */
export function defineClaim<E extends string>(spec: ClaimSpec<E>): EmpiricalClaim {
  const fail = (what: string): never => {
    throw new UsageError(`claim ${typeof spec.id === 'string' ? `"${spec.id}"` : '(no id)'}: ${what}`);
  };
  if (typeof spec.id !== 'string' || !ID_PATTERN.test(spec.id)) fail('id must be a non-empty string of letters, digits and . + ~ _ -');
  if (spec.provenance?.kind !== 'empirical') fail(`provenance must be empirical(source), got ${JSON.stringify(spec.provenance?.kind)}`);
  if (!Number.isInteger(spec.seeds) || spec.seeds < 1) fail(`seeds must be a positive integer, got ${spec.seeds}`);
  const level = spec.level ?? 0.95;
  if (!(level > 0.5 && level < 1)) fail(`level must be in (0.5, 1), got ${level}`);
  const names = Object.keys(spec.experiments);
  if (names.length === 0) fail('needs at least one experiment');
  const clauses = typeof spec.clauses === 'function' ? spec.clauses({ empirical }) : spec.clauses;
  if (clauses.length === 0) fail('clauses must be a non-empty array');
  const seen = new Set<string>();
  for (const c of clauses) {
    if (typeof c.id !== 'string' || !ID_PATTERN.test(c.id)) fail(`clause id ${JSON.stringify(c.id)} is not a valid id`);
    if (seen.has(c.id)) fail(`clause id "${c.id}" appears twice`);
    seen.add(c.id);
    if (c.uses.length === 0 || c.uses.some((u) => !names.includes(u))) fail(`clause "${c.id}" uses ${JSON.stringify(c.uses)}; experiments are ${names.join(', ')}`);
    if (typeof c.value !== 'function') fail(`clause "${c.id}" needs value()`);
  }
  for (const e of [...(spec.plots?.curves ?? []), ...(spec.plots?.sweep?.points.map((p) => p.experiment) ?? [])]) {
    if (!names.includes(e)) fail(`plots name an unknown experiment "${e}"`);
  }
  return {
    id: spec.id,
    title: spec.title,
    citation: spec.citation,
    provenance: spec.provenance,
    setting: spec.setting,
    experiments: spec.experiments,
    seeds: spec.seeds,
    level,
    clauses: clauses as readonly EmpiricalClause[],
    nonClaims: spec.nonClaims ?? [],
    plots: { curves: spec.plots?.curves, sweep: spec.plots?.sweep as SweepPlot | undefined },
  };
}
