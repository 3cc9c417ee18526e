// The research exports, from the coverage file alone: the CSV read back by a
// CSV parser (csv-parse, with default options like pandas' read_csv) — one
// row per regime point and clause, numbers that parse — and the LaTeX
// booktabs table, compiled when a TeX is installed and otherwise checked to be
// well formed (environments balanced, every row with one cell per column).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { readCoverage } from '../../../src/report/read.ts';
import { renderCsv } from '../../../src/report/views/csv.ts';
import { latexText, renderLatex } from '../../../src/report/views/latex.ts';

const FIXTURES = ['modes', 'failing', 'inconclusive', 'refuted'] as const;
const fixture = (name: string) => readCoverage(`test/fixtures/results/${name}.json`);

describe.each(FIXTURES)('CSV of the %s fixture', (name) => {
  it('round-trips: one row per regime point × clause, regime keys as columns, numbers parse', () => {
    const report = fixture(name);
    const rows = parse(renderCsv(report), { columns: true }) as Record<string, string>[];
    const expected = report.theorems.reduce((s, t) => s + t.modes.reduce((a, m) => a + (m.points?.length ?? 0) * m.clauses.length, 0), 0);
    expect(expected).toBeGreaterThan(0);
    expect(rows).toHaveLength(expected);
    const keys = new Set(report.theorems.flatMap((t) => t.modes.flatMap((m) => (m.points ?? []).flatMap((p) => Object.keys(p.regime)))));
    for (const r of rows) {
      for (const k of keys) if (r[k] !== '') expect(Number.isFinite(Number(r[k])), `${k}=${r[k]}`).toBe(true);
      if (r.margin !== '') expect(r.margin === 'Inf' || Number.isFinite(Number(r.margin)), r.margin).toBe(true);
      expect(['pass', 'violated', 'inconclusive', 'not-applicable', 'error']).toContain(r.status);
      expect(['true', 'false']).toContain(r.hypothesis_holds);
    }
    // The per-clause outcomes agree with the mode's aggregate counts where every regime is kept.
    for (const t of report.theorems) {
      for (const m of t.modes.filter((x) => (x.pointsOmitted ?? 0) === 0 && x.ran)) {
        for (const c of m.clauses) {
          const mine = rows.filter((r) => r.theorem === t.id && r.mode === m.mode && r.clause === c.id);
          expect(mine.filter((r) => r.status === 'pass').length).toBe(c.counts.pass);
          expect(mine.filter((r) => r.status === 'violated').length).toBe(c.counts.violated);
        }
      }
    }
  });
});

describe('nc-check report --format csv|latex', () => {
  it('writes the exports from the coverage file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-exports-'));
    let err = '';
    const io = { out: () => undefined, err: (s: string) => void (err += s), isTty: false };
    expect(await main(['report', 'test/fixtures/results/modes.json', '--format', 'csv', '--out', join(dir, 'r.csv')], io)).toBe(0);
    expect(await main(['report', 'test/fixtures/results/modes.json', '--format', 'latex', '--out', join(dir, 'r.tex')], io)).toBe(0);
    expect(err).toContain(join(dir, 'r.csv'));
    expect(err).toContain(join(dir, 'r.tex'));
  });
});

const TEX = ['pdflatex', 'lualatex', 'xelatex'].find((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0);

describe.each(FIXTURES)('LaTeX of the %s fixture', (name) => {
  // Rendered inside each test, not while the suite is collected: code run at collection counts as
  // "static" for mutation testing, which then reruns every test against each of its mutants.
  const render = (): string => renderLatex(fixture(name));

  it('is well formed: balanced environments, one cell per column in every row, booktabs rules', () => {
    const tex = render();
    const begins = [...tex.matchAll(/\\begin\{(\w+)\}/g)].map((m) => m[1]);
    const ends = [...tex.matchAll(/\\end\{(\w+)\}/g)].map((m) => m[1]);
    expect(ends).toEqual([...begins].reverse());
    const columns = /\\begin\{tabular\}\{(l+)\}/.exec(tex)![1].length;
    const body = tex.slice(tex.indexOf('\\toprule'), tex.indexOf('\\bottomrule'));
    const rows = body.split('\n').filter((l) => l.endsWith('\\\\'));
    for (const r of rows) {
      const multi = /\\multicolumn\{(\d+)\}/.exec(r);
      const cells = r.replace(/\\&/g, '').split('&').length + (multi === null ? 0 : Number(multi[1]) - 1);
      expect(cells, r).toBe(columns);
    }
    expect(tex).toMatch(/\\toprule[\s\S]*\\midrule[\s\S]*\\bottomrule/);
    // Braces balance once escaped ones are removed.
    const bare = tex.replace(/\\[{}]/g, '').replace(/^%.*$/gm, '');
    expect([...bare].filter((c) => c === '{').length).toBe([...bare].filter((c) => c === '}').length);
  });

  it.skipIf(TEX === undefined)('compiles with a TeX engine', () => {
    const tex = render();
    const dir = mkdtempSync(join(tmpdir(), 'nc-check-latex-'));
    writeFileSync(join(dir, 'doc.tex'), `\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n${tex}\n\\end{document}\n`);
    const r = spawnSync(TEX!, ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stdout.slice(-2000)).toBe(0);
  });
});

if (TEX === undefined) console.warn('exports.test.ts: no TeX engine (pdflatex, lualatex, xelatex) installed: the LaTeX table is checked for well-formedness only, not compiled');

describe('LaTeX escaping', () => {
  it('escapes every special character and drops non-ASCII, so hostile ids compile', () => {
    expect(latexText('a_b & 50% $x$ #1 {y} ~z ^w \\ <> |')).toBe('a\\_b \\& 50\\% \\$x\\$ \\#1 \\{y\\} \\textasciitilde{}z \\textasciicircum{}w \\textbackslash{} \\textless{}\\textgreater{} \\textbar{}');
    expect(latexText('H̄ᵀ')).toBe('H');
  });
});
