// LaTeX table of verdicts per theorem, for a paper or a thesis: booktabs
// rules, one row per theorem and clause, one column per mode with the status
// and the worst margin (error / allowance). A `table` float to \input; the
// preamble needs \usepackage{booktabs}. Identifiers from theorem files are
// escaped, and characters outside ASCII dropped, so any file compiles under
// pdflatex.
import type { CoverageReport } from '../schema.ts';
import { runSizeText } from '../empirical-text.ts';
import { closingLine, formatMargin, statusLabel } from '../terminal.ts';
import { latexText as sanitizedLatex } from '../sanitize.ts';

/** The sanitizer's LaTeX text, restricted to printable ASCII: pdflatex without extra packages rejects many Unicode letters (H̄, ᵀ). */
export function latexText(s: string): string {
  return sanitizedLatex(s).replace(/[^\x20-\x7e]/g, '');
}

/** A margin in math mode: 2.42e-7 → $2.42 \times 10^{-7}$. */
function margin(m: number | undefined): string {
  const text = formatMargin(m);
  if (text === '-') return '';
  if (text === 'inf') return ' ($\\infty$)';
  const sci = /^(-?[\d.]+)e([+-]\d+)$/.exec(text);
  return sci === null ? ` (${text})` : ` ($${sci[1]} \\times 10^{${Number(sci[2])}}$)`;
}

export function renderLatex(report: CoverageReport): string {
  const modes = [...new Set(report.theorems.flatMap((t) => t.modes.map((m) => m.mode)))];
  const rows: string[] = [];
  for (const t of report.theorems) {
    if (rows.length > 0) rows.push('\\addlinespace');
    if (t.error !== undefined) {
      rows.push(`\\texttt{${latexText(t.id)}} & \\multicolumn{${modes.length + 1}}{l}{ERROR: could not be run} \\\\`);
      continue;
    }
    const clauses = [...new Set(t.modes.flatMap((m) => m.clauses.map((c) => c.id)))];
    clauses.forEach((id, i) => {
      const cells = modes.map((mode) => {
        const m = t.modes.find((x) => x.mode === mode);
        const c = m?.clauses.find((x) => x.id === id);
        if (m === undefined || c === undefined) return '--';
        return `${latexText(statusLabel(c, mode))}${margin(c.worstMargin)}`;
      });
      rows.push(`${i === 0 ? `\\texttt{${latexText(t.id)}}` : ''} & \\texttt{${latexText(id)}} & ${cells.join(' & ')} \\\\`);
    });
  }
  return [
    '% nc-check theorem coverage: verdicts per theorem, clause and mode (worst margin = error / allowance; <= 1 holds).',
    '% Requires \\usepackage{booktabs} in the preamble.',
    '\\begin{table}[ht]',
    '\\centering',
    '\\small',
    `\\caption{Theorem coverage (nc-check ${latexText(report.meta.version)}, seed ${report.meta.seed}, ${latexText(runSizeText(report).text)}): ${latexText(closingLine(report.summary).replace(/^verify: /, ''))}.}`,
    '\\label{tab:nc-check-coverage}',
    `\\begin{tabular}{ll${'l'.repeat(modes.length)}}`,
    '\\toprule',
    `Theorem & Clause & ${modes.map(latexText).join(' & ')} \\\\`,
    '\\midrule',
    ...rows,
    '\\bottomrule',
    '\\end{tabular}',
    '\\end{table}',
    '',
  ].join('\n');
}
