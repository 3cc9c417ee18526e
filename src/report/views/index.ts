// Every view of the canonical file, by name: what `report --format` accepts and
// what `verify` writes next to theorem-coverage.json. Each is a pure function
// of the coverage document.
import { toJson } from '../writer.ts';
import type { CoverageReport } from '../schema.ts';
import { renderTerminal } from '../terminal.ts';
import { renderHtml } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderJsonSummary, renderLcov } from './lcov.ts';
import { renderMarkdown } from './markdown.ts';
import { renderCsv } from './csv.ts';
import { renderLatex } from './latex.ts';

export interface View {
  /** File name `verify` writes it under, in the results folder. */
  readonly file: string;
  readonly description: string;
  render(report: CoverageReport): string;
}

export const VIEWS = {
  html: { file: 'theorem-coverage.html', description: 'self-contained HTML with phase diagrams, margin histograms and convergence traces', render: renderHtml },
  junit: { file: 'theorem-coverage.junit.xml', description: 'JUnit XML: one testsuite per theorem and mode, one testcase per clause', render: renderJunit },
  md: { file: 'theorem-coverage.md', description: 'GitHub-flavoured Markdown summary (for $GITHUB_STEP_SUMMARY)', render: renderMarkdown },
  lcov: { file: 'lcov.info', description: 'lcov tracefile: clauses as lines, regimes as branches', render: renderLcov },
  'json-summary': { file: 'coverage-summary.json', description: "istanbul's json-summary of the same coverage", render: renderJsonSummary },
  json: { file: 'theorem-coverage.json', description: 'the canonical document itself', render: (r: CoverageReport) => `${toJson(r, 2)}\n` },
  text: { file: 'theorem-coverage.txt', description: 'the terminal table', render: renderTerminal },
  csv: { file: 'theorem-coverage.csv', description: 'one row per regime point and clause, regime keys as columns (pandas, R)', render: renderCsv },
  latex: { file: 'theorem-coverage.tex', description: 'LaTeX booktabs table of verdicts per theorem, clause and mode', render: renderLatex },
} as const satisfies Record<string, View>;

export type ViewName = keyof typeof VIEWS;
export const VIEW_NAMES = Object.keys(VIEWS) as ViewName[];

/** The views `verify` writes beside theorem-coverage.json. */
export const DEFAULT_VIEWS: readonly ViewName[] = ['html', 'junit', 'md', 'lcov', 'json-summary'];
