// `verify --plan`: what a sweep will cost before it runs, so that a Slurm
// --time, a Kubernetes deadline or a CI timeout is set from numbers. Per theorem
// and mode: the regimes the run would evaluate, the CPU seconds one regime
// costs — measured here, on this machine and backend, by evaluating the mode's
// first sampled regimes exactly as the run would (no shrinking, nothing
// written), or read from an earlier run's coverage file (its wall seconds per
// regime) — and their product; then the total, and the longest shard of an
// N-way sharded run (shard i takes the regimes k with k mod N = i of every mode).
// What it leaves out, and says so: shrinking a counterexample, worker start-up,
// and the failure database's replayed regimes.
import type { Backend } from '../backend/backend.ts';
import { recordedCost } from '../report/costs.ts';
import type { CoverageReport } from '../report/schema.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import type { TrainOptions } from '../train/train.ts';
import { verifyTheoremMode } from '../verify/runner.ts';
import { modeRuns, theoremModes } from './verify.ts';

export interface PlanRow {
  readonly theorem: string;
  readonly mode: Mode;
  /** Regimes the run would evaluate in this mode. */
  readonly regimes: number;
  /** Seconds one regime costs; undefined when the mode cannot be sampled (or the costs file lacks it). */
  readonly perRegime: number | undefined;
  /** How perRegime was obtained. */
  readonly measuredOn: number;
  readonly seconds: number | undefined;
  /** Why the mode has no cost: it cannot be generated for this theorem ("not run", as the run would report), or the costs file lacks it. */
  readonly missing?: string;
}

export interface Plan {
  readonly backend: string;
  /** "cpu": CPU seconds measured here; "wall": wall seconds read from an earlier run's coverage file. */
  readonly costs: 'cpu' | 'wall';
  readonly source: string;
  readonly rows: readonly PlanRow[];
  readonly seconds: number;
  readonly regimes: number;
  readonly shards?: { readonly count: number; readonly longest: number };
}

export interface PlanOptions {
  readonly backend: Backend<unknown>;
  /** The run's modes; absent: the default run's (inside, and near where a theorem has a near band), as `verify` would. */
  readonly modes?: readonly Mode[];
  readonly runs?: number;
  readonly seed?: number;
  readonly train?: Partial<TrainOptions>;
  /** Regimes measured per theorem mode (default 2). */
  readonly sample?: number;
  /** An earlier run's coverage document: take each mode's seconds per regime from it instead of measuring. */
  readonly costs?: { readonly report: CoverageReport; readonly file: string };
  readonly shardCount?: number;
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** The plan: regimes × measured cost per theorem mode, the total, and the longest shard. */
export async function planVerification(theorems: readonly Theorem[], o: PlanOptions): Promise<Plan> {
  const sample = o.sample ?? 2;
  const rows: PlanRow[] = [];
  for (const theorem of theorems) {
    // The regimes per mode the run would evaluate: the same split of the default budget as `verify` (modeRuns).
    const modes = theoremModes(theorem, o.modes);
    for (const mode of modes) {
      const runs = modeRuns(theorem, mode, o.runs, o.modes);
      let perRegime: number | undefined;
      let measuredOn = 0;
      let missing: string | undefined;
      if (o.costs !== undefined) {
        ({ perRegime, measuredOn } = recordedCost(o.costs.report, theorem.id, mode));
        if (perRegime === undefined) missing = `not in ${o.costs.file}`;
      } else {
        const before = cpuSeconds();
        const result = await verifyTheoremMode(theorem, mode, o.backend, { modes, runs: Math.min(sample, runs), seed: o.seed ?? 1, train: o.train ?? {}, shrink: false });
        measuredOn = result.regimesEvaluated;
        perRegime = measuredOn > 0 ? (cpuSeconds() - before) / measuredOn : undefined;
        if (!result.ran) missing = 'not run';
      }
      // A mode that cannot be generated evaluates nothing in the run either.
      const regimes = missing === 'not run' ? 0 : runs;
      rows.push({ theorem: theorem.id, mode, regimes, perRegime, measuredOn, seconds: perRegime === undefined ? undefined : perRegime * regimes, missing });
    }
  }
  const seconds = rows.reduce((s, r) => s + (r.seconds ?? 0), 0);
  const count = o.shardCount;
  return {
    backend: o.backend.name,
    costs: o.costs === undefined ? 'cpu' : 'wall',
    source: o.costs === undefined ? `per-regime CPU seconds measured here on ${sample} regime(s) per theorem mode` : `per-regime wall seconds in ${o.costs.file}`,
    rows,
    seconds,
    regimes: rows.reduce((s, r) => s + r.regimes, 0),
    // Shard 0 holds ceil(regimes / N) of every mode: the longest shard.
    shards: count === undefined ? undefined : { count, longest: rows.reduce((s, r) => s + (r.perRegime ?? 0) * Math.ceil(r.regimes / count), 0) },
  };
}
