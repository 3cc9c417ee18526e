// `nc-check diff <baseline.json> <current.json>`: CI's regression gate. Exit 1
// when some clause's status got worse, disappeared, its worst margin grew by
// more than --margin-factor, or more entries are inconclusive or in error; 0
// otherwise. Runs made with a different sample or training are refused (exit
// 2) unless --allow-settings-change, which compares them with a warning.
import { UsageError } from '../errors.ts';
import { diffCoverage, type DiffOptions } from '../report/diff.ts';
import { readCoverage } from '../report/read.ts';
import { renderDiffMarkdown, renderDiffText } from '../report/views/diff.ts';
import { oneLine } from '../report/sanitize.ts';
import type { Io } from '../io.ts';

export interface DiffCommandOptions extends DiffOptions {
  readonly json?: boolean;
  readonly markdown?: boolean;
  readonly allowSettingsChange?: boolean;
}

export function diffCommand(baseline: string, current: string, options: DiffCommandOptions, io: Io): number {
  const o: DiffOptions = { marginFactor: options.marginFactor, marginFloor: options.marginFloor, timeFactor: options.timeFactor, failOnSlowdown: options.failOnSlowdown };
  const result = diffCoverage(readCoverage(baseline), readCoverage(current), o);
  const blocking = result.settings.filter((s) => s.blocking);
  if (blocking.length > 0 && options.allowSettingsChange !== true) {
    const what = blocking.map((s) => `${s.setting} ${s.baseline} vs ${s.current}`).join('; ');
    throw new UsageError(`diff: ${baseline} and ${current} were run with different settings (${oneLine(what)}): their differences would not be due to the change alone; rerun with the same settings, or pass --allow-settings-change to compare anyway`);
  }
  if (options.json === true) io.out(`${JSON.stringify({ baseline, current, ...o, ...result }, null, 2)}\n`);
  else if (options.markdown === true) io.out(renderDiffMarkdown(result, o, { baseline, current }));
  else io.out(renderDiffText(result, o));
  // The warning reaches the log even when stdout goes to a file (--json, --markdown > summary.md).
  if (result.settings.length > 0 && (options.json === true || options.markdown === true)) {
    io.err(`nc-check diff: WARNING: the runs differ in ${oneLine(result.settings.map((s) => `${s.setting} (${s.baseline} vs ${s.current})`).join('; '))}\n`);
  }
  return result.regressions.length > 0 ? 1 : 0;
}
