// `nc-check measure` as a library call: measure each imported run
// (src/measure/given-features.ts), decide the claims that apply
// (src/empirical/given-network.ts), and assemble the measurement document
// and the coverage entry every view renders.
import { UsageError } from '../errors.ts';
import type { Definitions } from '../measure/from-statistics.ts';
import { measureGivenRun, type GivenRunInput, type GivenRunResult, type MeasureOptions } from '../measure/given-features.ts';
import type { TheoremEntry } from '../report/schema.ts';
import { givenEntry } from './given-entry.ts';
import { decideGivenClause, givenClauses, type GivenClaimOptions, type GivenClauseOutcome } from './given-network.ts';

export interface GivenNetworkOptions extends MeasureOptions, Omit<GivenClaimOptions, 'globalMean'> {}

export interface GivenNetworkResult {
  readonly runs: readonly GivenRunResult[];
  readonly outcomes: readonly GivenClauseOutcome[];
  readonly entry: TheoremEntry;
  /** The measurement document (measurements.json). */
  readonly document: MeasurementDocument;
}

export interface MeasurementDocument {
  readonly tool: 'nc-check measure';
  readonly definitions: Definitions;
  readonly bootstrap: { readonly replicates: number; readonly seed: number };
  readonly runs: readonly {
    readonly features: string;
    readonly dtype: string;
    readonly N: number;
    readonly d: number;
    readonly K: number;
    readonly classSizes: readonly number[];
    readonly metrics: Record<string, number | null>;
    readonly classifier?: { readonly rank: number; readonly stableRank: number; readonly frobenius: number; readonly spectrum: readonly number[] };
    readonly layers: readonly { readonly name: string; readonly features: string; readonly N: number; readonly d: number; readonly metrics: Record<string, number | null> }[];
    readonly weights: readonly { readonly name: string; readonly source: string; readonly rank: number; readonly stableRank: number; readonly frobenius: number; readonly ofError: number | null; readonly spectrum: readonly number[] }[];
  }[];
  readonly verdicts: readonly { readonly clause: string; readonly status: string; readonly note?: string }[];
}

const nulls = (m: Record<string, number>): Record<string, number | null> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));

export async function measureGivenNetworks(inputs: readonly GivenRunInput[], o: GivenNetworkOptions): Promise<GivenNetworkResult> {
  if (inputs.length === 0) throw new UsageError('--features: expected at least one features file');
  const started = performance.now();
  const runs: GivenRunResult[] = [];
  for (const input of inputs) runs.push(await measureGivenRun(input, o));
  const first = runs[0];
  for (const r of runs.slice(1)) {
    if (r.K !== first.K || (r.W === undefined) !== (first.W === undefined) || (r.b === undefined) !== (first.b === undefined)) {
      throw new UsageError(`${r.label}: runs must be alike to be compared: K = ${r.K} vs ${first.K}, classifier ${r.W === undefined ? 'absent' : 'given'} vs ${first.W === undefined ? 'absent' : 'given'}, bias ${r.b === undefined ? 'absent' : 'given'} vs ${first.b === undefined ? 'absent' : 'given'}`);
    }
  }
  const claimOptions: GivenClaimOptions = { tolerance: o.tolerance, nc1Threshold: o.nc1Threshold, level: o.level, globalMean: o.definitions.globalMean };
  const outcomes = givenClauses(first, claimOptions).map((c) => decideGivenClause(c, runs, claimOptions));
  const seconds = (performance.now() - started) / 1000;
  const entry = givenEntry(runs, outcomes, { ...claimOptions, definitions: o.definitions, replicates: o.replicates, seed: o.seed, seconds });
  const document: MeasurementDocument = {
    tool: 'nc-check measure',
    definitions: o.definitions,
    bootstrap: { replicates: o.replicates, seed: o.seed },
    runs: runs.map((r) => ({
      features: r.label,
      dtype: r.dtype,
      N: r.N,
      d: r.d,
      K: r.K,
      classSizes: r.classSizes,
      metrics: nulls(r.metrics),
      classifier: r.classifier === undefined ? undefined : { rank: r.classifier.rank, stableRank: r.classifier.stableRank, frobenius: r.classifier.frobenius, spectrum: r.classifier.spectrum },
      layers: r.layers.map((l) => ({ name: l.name, features: l.source, N: l.N, d: l.d, metrics: nulls(l.metrics) })),
      weights: r.weights.map((w) => ({ name: w.name, source: w.source, rank: w.measures.rank, stableRank: w.measures.stableRank, frobenius: w.measures.frobenius, ofError: Number.isFinite(w.measures.ofError) ? w.measures.ofError : null, spectrum: w.measures.spectrum })),
    })),
    verdicts: outcomes.map((c) => ({ clause: c.clause.id, status: c.status, note: c.note })),
  };
  return { runs, outcomes, entry, document };
}
