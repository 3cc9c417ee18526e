// The LaTeX table row by row on edits of the failing fixture: the caption with the closing
// line's counts, a margin in each of its forms (none, 0, plain, scientific, infinite), a clause
// a mode does not have, a second theorem after \addlinespace, and a theorem that could not run.
import { describe, expect, it } from 'vitest';
import { readCoverage } from '../../../src/report/read.ts';
import type { ClauseEntry, CoverageReport } from '../../../src/report/schema.ts';
import { renderLatex } from '../../../src/report/views/latex.ts';

const failing = (): CoverageReport => readCoverage('test/fixtures/results/failing.json');

/** The failing fixture with its first clauses' worst margins replaced. */
function withMargins(margins: (number | undefined)[]): CoverageReport {
  const doc = failing();
  const t = doc.theorems[0];
  const m = t.modes[0];
  const clauses: ClauseEntry[] = m.clauses.slice(0, margins.length).map((c, i) => ({ ...c, status: 'verified', worstMargin: margins[i] }));
  return { ...doc, theorems: [{ ...t, modes: [{ ...m, clauses }] }] };
}

describe('the LaTeX table', () => {
  it('has the preamble comments, the caption with the run and its counts, and one column per mode', () => {
    const tex = renderLatex(failing()).split('\n');
    expect(tex.slice(0, 5)).toEqual([
      '% nc-check theorem coverage: verdicts per theorem, clause and mode (worst margin = error / allowance; <= 1 holds).',
      '% Requires \\usepackage{booktabs} in the preamble.',
      '\\begin{table}[ht]',
      '\\centering',
      '\\small',
    ]);
    expect(tex[5]).toBe('\\caption{Theorem coverage (nc-check 0.1.0, seed 2, 4 regimes per mode): 14 passed, 1 failed, 1 skipped (1 vacuous).}');
    expect(tex.slice(6, 10)).toEqual(['\\label{tab:nc-check-coverage}', '\\begin{tabular}{lll}', '\\toprule', 'Theorem & Clause & inside \\\\']);
    expect(tex[10]).toBe('\\midrule');
    expect(tex.at(-1)).toBe('');
    expect(tex.at(-2)).toBe('\\end{table}');
    expect(tex.at(-3)).toBe('\\end{tabular}');
    expect(tex.at(-4)).toBe('\\bottomrule');
  });

  it('writes the status and the worst margin: none, 0, plain, scientific in math mode, infinite', () => {
    const rows = renderLatex(withMargins([undefined, 0, 0.5, 2.42e-7, 7.39e5, Infinity])).split('\n').filter((l) => l.endsWith('\\\\')).slice(1);
    expect(rows).toEqual([
      '\\texttt{MUTANT\\textasciitilde{}rho} & \\texttt{loss-lower-bound} & verified \\\\',
      ' & \\texttt{global-minimum-reached} & verified (0) \\\\',
      ' & \\texttt{optimal-loss} & verified (0.500) \\\\',
      ' & \\texttt{collapse} & verified ($2.42 \\times 10^{-7}$) \\\\',
      ' & \\texttt{orthogonal-frame} & verified ($7.39 \\times 10^{5}$) \\\\',
      ' & \\texttt{self-duality} & verified ($\\infty$) \\\\',
    ]);
  });

  it('puts -- where a mode lacks a clause, \\addlinespace between theorems, and one ERROR row for a broken theorem', () => {
    const doc = withMargins([0.5]);
    const t = doc.theorems[0];
    const near = { ...t.modes[0], mode: 'near' as const, clauses: [{ ...t.modes[0].clauses[0], id: 'only-near' }] };
    const second = { ...t, id: 'SECOND', modes: [t.modes[0], near] };
    const broken = { ...t, id: 'BROKEN', modes: [], error: 'cannot load' };
    const tex = renderLatex({ ...doc, theorems: [t, second, broken] }).split('\n');
    const body = tex.slice(tex.indexOf('\\midrule') + 1, tex.indexOf('\\bottomrule'));
    expect(tex[tex.indexOf('\\midrule') - 1]).toBe('Theorem & Clause & inside & near \\\\');
    expect(body).toEqual([
      '\\texttt{MUTANT\\textasciitilde{}rho} & \\texttt{loss-lower-bound} & verified (0.500) & -- \\\\',
      '\\addlinespace',
      '\\texttt{SECOND} & \\texttt{loss-lower-bound} & verified (0.500) & -- \\\\',
      ' & \\texttt{only-near} & -- & verified (0.500) \\\\',
      '\\addlinespace',
      '\\texttt{BROKEN} & \\multicolumn{3}{l}{ERROR: could not be run} \\\\',
    ]);
    expect(tex).toContain('\\begin{tabular}{llll}');
  });
});
