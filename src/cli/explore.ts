// `nc-check explore <theoremId>`: maps where a theorem's conclusion holds and
// where it breaks — inside, near and outside its hypothesis — with a random
// sample per mode plus a targeted search per clause (src/run/explore.ts), and
// prints the table and each search's worst regime. Exit 1 when a violation
// inside the hypothesis turned up, in the sample or in a search.
import { join } from 'node:path';
import type { Backend } from '../backend/backend.ts';
import type { Io } from '../io.ts';
import { progressHooks } from '../report/progress.ts';
import { formatMargin, renderTerminal } from '../report/terminal.ts';
import { explore } from '../run/explore.ts';
import type { Mode, Theorem } from '../theorem/define.ts';

export interface ExploreCommandOptions {
  readonly runs: number;
  readonly seed: number;
  readonly mode?: Mode[];
  readonly budget: number;
  readonly clause?: string[];
  readonly out: string;
  readonly restarts?: number;
  readonly backend: string;
}

export async function exploreCommand<T>(theorem: Theorem, backend: Backend<T>, o: ExploreCommandOptions, io: Io, argv: readonly string[], theoremFile?: string): Promise<number> {
  const { report, brokenInside } = await explore(theorem, backend, {
    runs: o.runs,
    seed: o.seed,
    modes: o.mode,
    budget: o.budget,
    clauses: o.clause,
    out: o.out,
    restarts: o.restarts,
    backendName: o.backend,
    theoremFile,
    argv,
    io,
    hooks: progressHooks(io),
  });
  io.out(renderTerminal(report));
  for (const m of report.theorems.flatMap((t) => t.modes)) {
    for (const s of m.search ?? []) {
      if (s.best === undefined) continue;
      io.out(
        `search ${m.mode} ${s.clause}: worst margin ${formatMargin(s.best.margin)} (${s.best.status}) in ${s.evaluations} evaluations` +
          `${s.firstViolationAt === undefined ? '' : `, first violation at regime ${s.firstViolationAt}`} at ${JSON.stringify(s.best.regime)}\n`,
      );
    }
  }
  io.out(`explore: ${theorem.id} — phase diagram in ${join(o.out, 'theorem-coverage.html')}\n`);
  return report.summary.failed > 0 || brokenInside ? 1 : 0;
}
