// `nc-check verify --plan`: prints the estimated CPU time per theorem and mode
// (src/run/plan.ts) instead of running, so job budgets are set from numbers.
import type { Backend } from '../backend/backend.ts';
import type { Io } from '../io.ts';
import { readCoverage } from '../report/read.ts';
import { formatDuration } from '../report/progress.ts';
import { toJson } from '../report/writer.ts';
import { planVerification } from '../run/plan.ts';
import type { Mode, Theorem } from '../theorem/define.ts';
import type { TrainOptions } from '../train/train.ts';

export interface PlanCommandOptions {
  readonly runs?: number;
  readonly seed: number;
  readonly mode?: Mode[];
  readonly shard?: string;
  readonly shardCount?: number;
  readonly planSample?: number;
  readonly costs?: string;
  readonly json?: boolean;
  readonly train: Partial<TrainOptions>;
}

const seconds = (s: number | undefined) => (s === undefined ? '–' : s < 10 ? s.toPrecision(2) : s.toFixed(0));

export async function planCommand(selected: readonly Theorem[], backend: Backend<unknown>, o: PlanCommandOptions, io: Io, claims: number): Promise<number> {
  const fromShard = o.shard !== undefined && /^\d+\/\d+$/.test(o.shard) ? Number(o.shard.split('/')[1]) : undefined;
  const plan = await planVerification(selected, {
    backend,
    modes: o.mode,
    runs: o.runs,
    seed: o.seed,
    train: o.train,
    sample: o.planSample,
    costs: o.costs === undefined ? undefined : { report: readCoverage(o.costs), file: o.costs },
    shardCount: o.shardCount ?? fromShard,
  });
  if (o.json === true) {
    io.out(`${toJson(plan, 2)}\n`);
    return 0;
  }
  const unit = plan.costs === 'cpu' ? 'CPU' : 'wall';
  const width = Math.max(7, ...plan.rows.map((r) => r.theorem.length));
  const line = (a: string, b: string, c: string, d: string, e: string) => `  ${a.padEnd(width)}  ${b.padEnd(7)}  ${c.padStart(8)}  ${d.padStart(10)}  ${e.padStart(12)}\n`;
  io.out(`plan on ${plan.backend}: ${unit} time from ${plan.source}\n`);
  io.out(line('theorem', 'mode', 'regimes', `s/regime`, `${unit} time`));
  for (const r of plan.rows) io.out(line(r.theorem, r.mode, String(r.regimes), seconds(r.perRegime), r.seconds === undefined ? (r.missing ?? 'not measured') : formatDuration(r.seconds)));
  io.out(line('total', '', String(plan.regimes), '', formatDuration(plan.seconds)));
  if (plan.shards !== undefined) io.out(`  the longest of ${plan.shards.count} shards: ${formatDuration(plan.shards.longest)} of ${unit} time on one core\n`);
  io.out('  not included: shrinking counterexamples, worker start-up (about 1 s each), regimes replayed from the failure database\n');
  if (claims > 0) io.out(`  not planned: ${claims} empirical claim(s) (their budget is measured in docs/empirical.md)\n`);
  return 0;
}
