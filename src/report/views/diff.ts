// Views of a diff between two coverage files: the terminal lines CI logs show,
// and a Markdown block for $GITHUB_STEP_SUMMARY. Both lead with the settings
// the runs differ in (a comparison across settings is not like for like), then
// the regressions, then the rest.
import type { DiffEntry, DiffOptions, DiffResult } from '../diff.ts';
import { code } from './markdown.ts';

const where = (r: DiffEntry): string => (r.clause === '*' ? (r.theorem === '*' ? 'run' : `${r.theorem} ${r.mode}`) : `${r.theorem} ${r.mode} ${r.clause}`);

export function diffHeadline(d: DiffResult): string {
  return `diff: ${d.regressions.length} regression${d.regressions.length === 1 ? '' : 's'}, ${d.improvements.length} improvements, ${d.unchanged} unchanged`;
}

export function renderDiffText(d: DiffResult, o: DiffOptions): string {
  const lines: string[] = [];
  for (const s of d.settings) {
    lines.push(`WARNING: the runs differ in ${s.setting}: ${s.baseline} (baseline) vs ${s.current} (current)${s.blocking ? '' : ' — its entries compare different definitions'}`);
  }
  for (const r of d.regressions) lines.push(`REGRESSION ${where(r)}: ${r.message}`);
  if (!o.failOnSlowdown) for (const r of d.slower) lines.push(`slower     ${where(r)}: ${r.message}`);
  for (const r of d.improvements) lines.push(`improved   ${where(r)}: ${r.message}`);
  const [ib, ia] = d.counts.inconclusive;
  const [eb, ea] = d.counts.errors;
  lines.push(
    `${diffHeadline(d)}; inconclusive ${ib} → ${ia}, errors ${eb} → ${ea} ` +
      `(margin factor ${o.marginFactor}, floor ${o.marginFloor}; time factor ${o.timeFactor}${o.failOnSlowdown ? ', gating' : ', not gating'})`,
  );
  return `${lines.join('\n')}\n`;
}

const cell = (s: string): string => s.replace(/</g, '&lt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

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
  lines.push(`Baseline ${code(names.baseline)} → current ${code(names.current)}. ${cell(diffHeadline(d))}.`, '');
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
