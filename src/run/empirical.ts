// The empirical half of `nc-check verify`: train the selected claims' networks
// on the tfjs engine --backend names (wasm on the CPU), decide each clause by
// its sign test, and hand back coverage entries. Runs are shared between
// claims and journaled (empirical-runs.jsonl) so that --resume retrains
// nothing. Progress goes to stderr, one line per training.
import { UsageError } from '../errors.ts';
import type { EmpiricalClaim } from '../empirical/claim.ts';
import { claimEntry } from '../empirical/entry.ts';
import { journaledStore } from '../empirical/journal.ts';
import { runClaim, withBudget, type ClaimBudget } from '../empirical/run.ts';
import { formatDuration } from '../report/progress.ts';
import type { TheoremEntry } from '../report/schema.ts';
import { loadNetworkEngine, type NetworkEngine } from '../network/engine.ts';
import { createHash } from 'node:crypto';
import type { Io } from '../io.ts';

export interface EmpiricalRunOptions {
  readonly seed: number;
  readonly backend: string;
  readonly out: string;
  readonly resume: boolean;
  readonly budget: ClaimBudget;
  /** SIGINT/SIGTERM: stops at the next epoch; every finished network is already in the journal. */
  readonly signal?: AbortSignal;
}

/** A hash of a claim as it will run: its definition with the budget applied (functions marked present), for run identities. */
export function claimHash(claim: EmpiricalClaim, budget: ClaimBudget): string {
  const experiments = Object.fromEntries(Object.entries(claim.experiments).map(([n, e]) => [n, withBudget(e, budget)]));
  const text = JSON.stringify({ ...claim, experiments, seeds: budget.seeds ?? claim.seeds }, (_k, v: unknown) => (typeof v === 'function' ? 'function' : v));
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Refuses options that have no meaning for empirical claims. */
export function checkEmpiricalOptions(o: { path?: string; regime?: string; shard?: string; seeds?: number; epochs?: number }, claims: readonly EmpiricalClaim[]): void {
  if (claims.length === 0) {
    // A budget for claims that are not run would be silently ignored — and `--seeds N` is one letter from `--seed N`.
    const budget = o.seeds !== undefined ? '--seeds' : o.epochs !== undefined ? '--epochs' : undefined;
    if (budget !== undefined) {
      throw new UsageError(`${budget}: sets the budget of empirical claims, and none is selected (add --suite empirical or all, or name a claim)${budget === '--seeds' ? "; the run's random seed is --seed" : ''}`);
    }
    return;
  }
  const option = o.path !== undefined ? '--path' : o.regime !== undefined ? '--regime' : o.shard !== undefined ? '--shard' : undefined;
  if (option !== undefined) {
    throw new UsageError(`${option}: not for empirical claims (${claims[0].id}): they have no regimes to replay or partition; run them unsharded, without ${option}`);
  }
}

export async function runEmpiricalClaims(
  claims: readonly EmpiricalClaim[],
  o: EmpiricalRunOptions,
  io: Io,
  finished: (id: string) => TheoremEntry | undefined,
  onEntry: (entry: TheoremEntry) => void,
): Promise<TheoremEntry[]> {
  if (claims.length === 0) return [];
  const engine: NetworkEngine = await loadNetworkEngine(o.backend);
  io.err(`empirical claims: networks on tfjs ${engine.backend} (float32, ${engine.deterministic ? 'deterministic for the seed' : 'statistical: GPU runs are not bitwise reproducible'})\n`);
  const store = journaledStore(o.out, o.resume);
  if (store.loaded > 0) io.err(`resume: ${store.loaded} trained networks from the journal are reused\n`);
  const entries: TheoremEntry[] = [];
  try {
    for (const claim of claims) {
      const kept = finished(claim.id);
      if (kept !== undefined) {
        entries.push(kept);
        onEntry(kept);
        continue;
      }
      const seeds = o.budget.seeds ?? claim.seeds;
      const experiments = Object.keys(claim.experiments).length;
      io.err(`${claim.id}: ${seeds} seeds × ${experiments} experiment${experiments === 1 ? '' : 's'}\n`);
      const started = performance.now();
      const outcome = await runClaim(claim, engine, { seed: o.seed, budget: o.budget, signal: o.signal }, store, {
        onTrainingEnd(experiment, seedIndex, run, reused) {
          if (reused) return;
          const elapsed = (performance.now() - started) / 1000;
          io.err(`  ${claim.id}: ${experiment} seed ${seedIndex + 1}/${seeds}: ${run.status}${run.zeroErrorEpoch === undefined ? '' : ` (zero training error from epoch ${run.zeroErrorEpoch})`}, ${run.seconds.toFixed(1)} s; ${formatDuration(elapsed)} elapsed\n`);
        },
      });
      const entry = claimEntry(outcome, engine);
      entries.push(entry);
      onEntry(entry);
    }
  } finally {
    store.close();
  }
  return entries;
}
