// Running an empirical claim: train every experiment on every seed (reusing
// runs another claim of the same verify run already trained, or that the
// journal of an interrupted run holds), compute each clause's per-seed
// effects, and decide each clause by the sign test. A seed counts for a clause
// only when every experiment the clause reads reached zero training error
// (the terminal phase the claims are about); others are inconclusive for that
// seed, with the reason.
import { createHash } from 'node:crypto';
import { loadDataset } from '../data/spec.ts';
import type { Dataset } from '../data/dataset.ts';
import type { NetworkEngine } from '../network/engine.ts';
import { trainNetwork, type NetworkRun } from '../network/train.ts';
import { deriveSeed } from '../random/rng.ts';
import type { ClauseCounts, ClauseStatus } from '../verify/aggregate.ts';
import type { EmpiricalClaim, Experiment, SeedRuns } from './claim.ts';
import { signTest, type SignTest } from './sign-test.ts';

/** Overrides of a claim's default budget (smaller budgets are for smoke tests; the README reports the default). */
export interface ClaimBudget {
  readonly seeds?: number;
  readonly epochs?: number;
}

export interface ClaimRunOptions {
  /** The run's seed; seed i of every claim is deriveSeed(seed, 'network', i), so claims share runs. */
  readonly seed: number;
  readonly budget?: ClaimBudget;
  /** Stops before the next training, or inside one at its next epoch (throws the signal's reason); finished runs are in the store. */
  readonly signal?: AbortSignal;
}

/** Finished runs by key: in memory for one verify run, backed by the journal (empirical-runs.jsonl) across --resume. */
export interface RunStore {
  get(key: string): NetworkRun | undefined;
  put(key: string, record: RunRecord): void;
}

export interface RunRecord {
  readonly key: string;
  readonly claim: string;
  readonly experiment: string;
  readonly seedIndex: number;
  readonly run: NetworkRun;
}

export function memoryStore(): RunStore & { readonly size: number } {
  const runs = new Map<string, NetworkRun>();
  return {
    get: (key) => runs.get(key),
    put: (key, record) => void runs.set(key, record.run),
    get size() {
      return runs.size;
    },
  };
}

export interface ClaimHooks {
  onTrainingStart?(experiment: string, seedIndex: number, done: number, planned: number): void;
  onTrainingEnd?(experiment: string, seedIndex: number, run: NetworkRun, reused: boolean): void;
}

export interface EmpiricalClauseOutcome {
  readonly clause: string;
  /** One per seed: the effect, or null when the seed did not count. */
  readonly effects: readonly (number | null)[];
  /** Why a seed did not count (undefined where it did). */
  readonly reasons: readonly (string | undefined)[];
  readonly test: SignTest;
  readonly status: ClauseStatus;
  readonly counts: ClauseCounts;
  readonly note?: string;
}

export interface ClaimOutcome {
  readonly claim: EmpiricalClaim;
  /** The seed values, in order. */
  readonly seeds: readonly number[];
  /** The experiments as run (budget applied). */
  readonly experiments: Readonly<Record<string, Experiment>>;
  /** runs[experiment][seed index]. */
  readonly runs: Readonly<Record<string, readonly NetworkRun[]>>;
  readonly clauses: readonly EmpiricalClauseOutcome[];
  readonly seconds: number;
  /** Trainings done here (not reused). */
  readonly trained: number;
}

export function withBudget(e: Experiment, budget: ClaimBudget = {}): Experiment {
  return budget.epochs === undefined ? e : { ...e, training: { ...e.training, epochs: budget.epochs } };
}

export function seedValues(runSeed: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => deriveSeed(runSeed, 'network', i));
}

/** A run's identity: the experiment as run (data, network, training), the seed and the engine — not the claim or the experiment's name. */
export function runKey(e: Experiment, seed: number, engine: Pick<NetworkEngine, 'backend'>): string {
  const text = JSON.stringify({ data: e.data, network: e.network, training: e.training, seed, backend: engine.backend });
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/** The dataset an experiment trains on for a seed (generated data varies with the seed; iris does not). */
export function datasetFor(e: Experiment, seed: number): Dataset {
  return loadDataset(e.data, deriveSeed(seed, 'data'));
}

function firstLine(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

/** Effects of one clause over the seeds, the sign test, and the status it implies. */
export function decideClause(claim: EmpiricalClaim, clauseId: string, perSeed: readonly SeedRuns[]): EmpiricalClauseOutcome {
  const clause = claim.clauses.find((c) => c.id === clauseId)!;
  const effects: (number | null)[] = [];
  const reasons: (string | undefined)[] = [];
  let error: string | undefined;
  perSeed.forEach((runs, i) => {
    const missing = clause.uses.find((u) => runs[u].status !== 'terminal-phase');
    if (missing !== undefined) {
      effects.push(null);
      reasons.push(`seed ${i}: ${missing}: ${runs[missing].reason ?? runs[missing].status}`);
      return;
    }
    try {
      const v = clause.value(runs);
      effects.push(Number.isFinite(v) ? v : null);
      reasons.push(Number.isFinite(v) ? undefined : `seed ${i}: the effect is not a finite number (${v}): an undefined measurement`);
    } catch (e) {
      effects.push(null);
      error ??= `seed ${i}: the clause threw: ${firstLine(e)}`;
      reasons.push(error);
    }
  });
  const test = signTest(effects.filter((v): v is number => v !== null), claim.level);
  const counts: ClauseCounts = {
    pass: test.positive,
    violated: test.negative,
    inconclusive: test.ties + effects.filter((v) => v === null).length - (error === undefined ? 0 : 1),
    notApplicable: 0,
    error: error === undefined ? 0 : 1,
    uncertified: 0,
  };
  const level = `${Math.round(claim.level * 100)}%`;
  let status: ClauseStatus;
  let note: string | undefined;
  if (error !== undefined) {
    status = 'error';
    note = error;
  } else if (test.decision === 'supports') status = 'verified';
  else if (test.decision === 'contradicts') {
    status = 'violated';
    note = `the ${level} interval for the median effect, [${fmt(test.interval!.lo)}, ${fmt(test.interval!.hi)}], lies below 0: the opposite holds on this data`;
  } else {
    status = 'inconclusive';
    const skipped = reasons.find((r) => r !== undefined);
    note =
      test.interval === undefined
        ? `${test.n} usable seed${test.n === 1 ? '' : 's'}: too few for a ${level} sign-test interval (6 needed)${skipped === undefined ? '' : `; ${skipped}`}`
        : `the ${level} interval for the median effect, [${fmt(test.interval.lo)}, ${fmt(test.interval.hi)}], contains 0${skipped === undefined ? '' : `; ${skipped}`}`;
  }
  return { clause: clauseId, effects, reasons, test, status, counts, note };
}

const fmt = (v: number): string => (v === 0 ? '0' : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4 ? v.toExponential(2) : v.toPrecision(3));

/** Trains what is missing and decides every clause of a claim. */
export async function runClaim(claim: EmpiricalClaim, engine: NetworkEngine, o: ClaimRunOptions, store: RunStore, hooks: ClaimHooks = {}): Promise<ClaimOutcome> {
  const started = performance.now();
  const seeds = seedValues(o.seed, o.budget?.seeds ?? claim.seeds);
  const experiments = Object.fromEntries(Object.entries(claim.experiments).map(([name, e]) => [name, withBudget(e, o.budget)]));
  const names = Object.keys(experiments);
  const runs: Record<string, NetworkRun[]> = Object.fromEntries(names.map((n) => [n, []]));
  const planned = seeds.length * names.length;
  let done = 0;
  let trained = 0;
  for (let i = 0; i < seeds.length; i++) {
    for (const name of names) {
      const e = experiments[name];
      const key = runKey(e, seeds[i], engine);
      let run = store.get(key);
      const reused = run !== undefined;
      if (run === undefined) {
        o.signal?.throwIfAborted();
        hooks.onTrainingStart?.(name, i, done, planned);
        run = await trainNetwork(engine, datasetFor(e, seeds[i]), e.network, e.training, seeds[i], { signal: o.signal });
        store.put(key, { key, claim: claim.id, experiment: name, seedIndex: i, run });
        trained++;
      }
      runs[name].push(run);
      done++;
      hooks.onTrainingEnd?.(name, i, run, reused);
    }
  }
  const perSeed: SeedRuns[] = seeds.map((_, i) => Object.fromEntries(names.map((n) => [n, runs[n][i]])));
  const clauses = claim.clauses.map((c) => decideClause(claim, c.id, perSeed));
  return { claim, seeds, experiments, runs, clauses, seconds: (performance.now() - started) / 1000, trained };
}
