// What a theorem mode costs per regime, read from a run's coverage file: the
// wall seconds the mode took over the regimes it evaluated. One cost model for
// the two places that estimate time before it is spent — `verify --plan
// --costs FILE` (src/run/plan.ts) and the overall ETA of a run, which takes the
// costs of the earlier run in its results folder (src/report/progress.ts) —
// so that a deep ReLU mode at seconds per regime is never counted like a
// simplex one at milliseconds.
import type { Mode } from '../theorem/define.ts';
import type { CoverageReport } from './schema.ts';

export interface ModeCost {
  /** Seconds per regime; undefined when the file has no finished regime of the mode. */
  readonly perRegime: number | undefined;
  /** Regimes the cost was measured on. */
  readonly measuredOn: number;
}

/** The seconds per regime `report` recorded for a theorem mode. */
export function recordedCost(report: CoverageReport, theorem: string, mode: Mode): ModeCost {
  const entry = report.theorems.find((t) => t.id === theorem)?.modes.find((m) => m.mode === mode);
  const measuredOn = entry?.regimes.evaluated ?? 0;
  return { perRegime: entry !== undefined && measuredOn > 0 && Number.isFinite(entry.seconds) ? entry.seconds / measuredOn : undefined, measuredOn };
}
