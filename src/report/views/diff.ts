// Views of a diff between two coverage files: the terminal lines CI logs show,
// and a Markdown block for $GITHUB_STEP_SUMMARY. Both lead with the settings
// the runs differ in (a comparison across settings is not like for like), then
// the regressions, then the rest.
import type { DiffEntry, DiffOptions, DiffResult } from '../diff.ts';
import { markdownCode, markdownText, oneLine, terminalText } from '../sanitize.ts';

// Ids and messages come from coverage files anyone may have written: one inert line each.
const where = (r: DiffEntry): string => oneLine(r.clause === '*' ? (r.theorem === '*' ? 'run' : `${r.theorem} ${r.mode}`) : `${r.theorem} ${r.mode} ${r.clause}`);

export function diffHeadline(d: DiffResult): string {
  return `diff: ${d.regressions.length} regression${d.regressions.length === 1 ? '' : 's'}, ${d.improvements.length} improvements, ${d.unchanged} unchanged`;
}

export function renderDiffText(d: DiffResult, o: DiffOptions): string {
  const lines: string[] = [];
  for (const s of d.settings) {
    lines.push(`WARNING: the runs differ in ${oneLine(s.setting)}: ${oneLine(s.baseline)} (baseline) vs ${oneLine(s.current)} (current)${s.blocking ? '' : ' — its entries compare different definitions'}`);
  }
  for (const r of d.regressions) lines.push(`REGRESSION ${where(r)}: ${oneLine(r.message)}`);
  if (!o.failOnSlowdown) for (const r of d.slower) lines.push(`slower     ${where(r)}: ${oneLine(r.message)}`);
  for (const r of d.improvements) lines.push(`improved   ${where(r)}: ${oneLine(r.message)}`);
  const [ib, ia] = d.counts.inconclusive;
  const [eb, ea] = d.counts.errors;
  lines.push(
    `${diffHeadline(d)}; inconclusive ${ib} → ${ia}, errors ${eb} → ${ea} ` +
      `(margin factor ${o.marginFactor}, floor ${o.marginFloor}; time factor ${o.timeFactor}${o.failOnSlowdown ? ', gating' : ', not gating'})`,
  );
  return terminalText(`${lines.join('\n')}\n`);
}

const cell = markdownText;
const code = (s: string): string => markdownCode(s, true);

function table(entries: readonly DiffEntry[]): string[] {
  return [
    '| theorem | mode | clause | change |',
    '|---|---|---|---|',
    ...entries.map((r) => `| ${r.theorem === '*' ? 'all' : code(r.theorem)} | ${r.mode === '*' ? 'all' : cell(r.mode)} | ${r.clause === '*' ? '–' : code(r.clause)} | ${cell(r.message)} |`),
    '',
  ];
}

export function renderDiffMarkdown(d: DiffResult, o: DiffOptions, names: { baseline: string; current: string }): string {
  const ok = d.regressions.length === 0;
  const lines = [`## nc-check diff — ${ok ? '✅ no regressions' : `❌ ${d.regressions.length} regression${d.regressions.length === 1 ? '' : 's'}`}`, ''];
  lines.push(`Baseline ${markdownCode(names.baseline)} → current ${markdownCode(names.current)}. ${cell(diffHeadline(d))}.`, '');
  if (d.settings.length > 0) {
    lines.push('> [!WARNING]', '> The two runs were made with different settings; differences below may be due to them, not to the change.', '>');
    for (const s of d.settings) lines.push(`> - ${cell(s.setting)}: ${cell(s.baseline)} (baseline) vs ${cell(s.current)} (current)`);
    lines.push('');
  }
  if (!ok) lines.push('### Regressions', '', ...table(d.regressions));
  if (d.slower.length > 0 && !o.failOnSlowdown) lines.push(`### Slower (time per regime grew more than ×${o.timeFactor}; not gating)`, '', ...table(d.slower));
  if (d.improvements.length > 0) lines.push(`<details><summary>Improvements and new entries (${d.improvements.length})</summary>`, '', ...table(d.improvements), '</details>', '');
  const [ib, ia] = d.counts.inconclusive;
  const [eb, ea] = d.counts.errors;
  lines.push(`Inconclusive entries ${ib} → ${ia}; entries in error ${eb} → ${ea}. A worst margin counts as drifted when it grew more than ×${o.marginFactor} (margins below ${o.marginFloor} count as ${o.marginFloor}).`, '');
  return `${lines.join('\n')}\n`;
}
