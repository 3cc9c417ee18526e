// The terminal's default summary: one screen whatever the run's size. One
// line per theorem with each mode's clause counts, then the problems —
// violations and errors, all of them and with their messages, then
// inconclusive clauses up to MAX_PROBLEMS lines in all (the rest counted) —
// one line each, then where the details are, then the
// closing line. `--verbose` prints the full table (renderTerminal) instead.
import { counterexampleGroups } from './counterexamples.ts';
import type { CoverageReport, ModeEntry, TheoremEntry } from './schema.ts';
import { terminalText, oneLine } from './sanitize.ts';
import { closingLine, formatMargin, notRunLabel } from './terminal.ts';
import { category, categoryCounts, type Category } from './views/outcome.ts';

export const MAX_PROBLEMS = 12;

const SHORT: Record<Category, string> = {
  violated: 'VIOLATED',
  error: 'ERROR',
  inconclusive: 'inconclusive',
  vacuous: 'vacuous',
  'not-run': 'not run',
  outside: 'violated outside hypothesis',
  refuted: 'refuted as expected',
  verified: 'verified',
};

function modeCounts(m: ModeEntry): string {
  if (!m.ran && m.clauses.every((c) => c.status === 'not-run' || c.status === 'error')) return `${m.mode} ${notRunLabel(m)}`;
  return `${m.mode} ${[...categoryCounts(m.clauses)].map(([k, n]) => `${n} ${SHORT[k]}`).join(', ')}`;
}

function theoremLine(t: TheoremEntry, width: number): string {
  const id = oneLine(t.id).padEnd(width);
  if (t.error !== undefined) return `${id}  ERROR: could not be run`;
  return `${id}  ${t.modes.map(modeCounts).join(' · ')}`;
}

/** The problems of a run, most serious first: one line each. */
export function problemLines(report: CoverageReport): string[] {
  const out: { rank: number; line: string }[] = [];
  for (const t of report.theorems) {
    if (t.error !== undefined) out.push({ rank: 1, line: `${oneLine(t.id)}: ERROR ${oneLine(t.error)}` });
    for (const m of t.modes) {
      const groups = counterexampleGroups(m);
      for (const c of m.clauses) {
        const k = category(c);
        if (k !== 'violated' && k !== 'error' && k !== 'inconclusive') continue;
        const where = `${oneLine(t.id)} ${m.mode} ${oneLine(c.id)}`;
        if (k === 'violated') {
          const replay = groups.find((g) => g.clauses.includes(c))?.cx.replay;
          out.push({ rank: 0, line: `${where}: VIOLATED${c.worstMargin === undefined ? "" : `, worst margin ${formatMargin(c.worstMargin)}`}${replay === undefined ? '' : `; replay: ${oneLine(replay)}`}` });
        } else if (k === 'error') out.push({ rank: 1, line: `${where}: ERROR${c.note === undefined ? '' : ` — ${oneLine(c.note)}`}` });
        else out.push({ rank: 2, line: `${where}: inconclusive${c.note === undefined ? '' : ` — ${oneLine(c.note).slice(0, 160)}`}` });
      }
    }
  }
  return out.sort((a, b) => a.rank - b.rank).map((p) => p.line);
}

export function renderSummary(report: CoverageReport, options: { readonly details?: string } = {}): string {
  const width = Math.min(24, Math.max(0, ...report.theorems.map((t) => oneLine(t.id).length)));
  const lines = report.theorems.map((t) => theoremLine(t, width));
  const problems = problemLines(report);
  if (problems.length > 0) {
    // Failures (violations, errors) are always listed in full; inconclusive clauses fill up to MAX_PROBLEMS lines.
    const failures = problems.filter((p) => !/: inconclusive( — |$)/.test(p));
    const shown = Math.max(failures.length, Math.min(problems.length, MAX_PROBLEMS));
    lines.push('', `problems (${problems.length}):`, ...problems.slice(0, shown).map((p) => `  ${p}`));
    if (problems.length > shown) lines.push(`  … and ${problems.length - shown} more`);
  }
  if (options.details !== undefined) lines.push('', options.details);
  lines.push('', closingLine(report.summary));
  return terminalText(`${lines.join('\n')}\n`);
}
