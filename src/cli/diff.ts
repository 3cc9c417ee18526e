// `nc-check diff <baseline.json> <current.json>`: CI's regression gate. Exit 1
// when some clause's status got worse, disappeared, or its worst margin grew
// by more than --margin-factor; 0 otherwise.
import { diffCoverage, type DiffOptions } from '../report/diff.ts';
import { readCoverage } from '../report/read.ts';
import type { Io } from '../io.ts';

export function diffCommand(baseline: string, current: string, options: DiffOptions & { json?: boolean }, io: Io): number {
  const result = diffCoverage(readCoverage(baseline), readCoverage(current), options);
  if (options.json === true) {
    io.out(`${JSON.stringify({ baseline, current, ...options, ...result }, null, 2)}\n`);
  } else {
    for (const r of result.regressions) io.out(`REGRESSION ${r.theorem} ${r.mode} ${r.clause}: ${r.message}\n`);
    for (const r of result.improvements) io.out(`improved   ${r.theorem} ${r.mode} ${r.clause}: ${r.message}\n`);
    io.out(`diff: ${result.regressions.length} regressions, ${result.improvements.length} improvements, ${result.unchanged} unchanged (margin factor ${options.marginFactor}, floor ${options.marginFloor})\n`);
  }
  return result.regressions.length > 0 ? 1 : 0;
}
